import {
  affinityOptionProblems,
  resolveAffinityOptions,
  type ResolvedAffinityOptions,
} from '../affinity/affinity-options.js';
import {
  authOptionProblems,
  resolveAuthOptions,
} from '../auth/auth-options.js';
import type { ResolvedAuthOptions } from '../auth/auth-options.interface.js';
import {
  bodyOptionProblems,
  resolveBodyOptions,
  type ResolvedBodyOptions,
} from '../body/body-options.js';
import { DEFAULT_WEBHOOK_PATH } from '../calling-webhook.constants.js';
import {
  callsOptionProblems,
  resolveCallsOptions,
  type ResolvedCallsOptions,
} from '../calls/calls-options.js';
import {
  resolveCallControlOptions,
  validateCallControlOptions,
} from '../control/resolve-call-control-options.js';
import type { ResolvedCallControlOptions } from '../control/resolved-call-control-options.js';
import {
  eventsOptionProblems,
  resolveEventsOptions,
} from '../events/events-options.js';
import type { ResolvedEventsOptions } from '../events/events-options.interface.js';
import {
  fleetOptionProblems,
  resolveFleetOptions,
  type ResolvedFleetOptions,
} from '../fleet/fleet-options.js';
import {
  protocolOptionProblems,
  resolveProtocolOptions,
  type ResolvedProtocolOptions,
} from '../protocol/protocol-options.js';
import {
  acknowledgementOptionProblems,
  resolveAcknowledgementOptions,
  type ResolvedAcknowledgementOptions,
} from '../webhook/acknowledgement/acknowledgement-options.js';
import type { CallingWebhookOptions } from './calling-webhook-options.interface.js';
import { InvalidCallingWebhookOptionsError } from './invalid-options.error.js';
import { isRecord } from './option-rules.js';

/** Every area's options, resolved: each injectable receives only its area's slice. */
export interface ResolvedCallingWebhookOptions {
  readonly auth: ResolvedAuthOptions;
  readonly body: ResolvedBodyOptions;
  readonly protocol: ResolvedProtocolOptions;
  readonly affinity: ResolvedAffinityOptions;
  readonly acknowledgement: ResolvedAcknowledgementOptions;
  readonly events: ResolvedEventsOptions;
  readonly control: ResolvedCallControlOptions;
  /** `undefined` without `fleet`. */
  readonly fleet: ResolvedFleetOptions | undefined;
  readonly calls: ResolvedCallsOptions;
}

// Plain segments only: a route parameter (`:id`), a wildcard or an empty path would make the
// webhook take requests meant for the app's other routes (`''` took every one-segment POST).
const WEBHOOK_PATH_FORM = /^[\w.~-]+(?:\/[\w.~-]+)*$/;
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

/**
 * Trims slashes so that `'/api/calls/'` and `'api/calls'` name the same route, and refuses a
 * path that is not a plain route (throws `InvalidCallingWebhookOptionsError`).
 */
export function normalizeWebhookPath(path: unknown): string {
  if (path === undefined) return DEFAULT_WEBHOOK_PATH;
  const trimmed =
    typeof path === 'string' ? path.replace(/^\/+|\/+$/g, '') : undefined;
  if (
    trimmed === undefined ||
    !WEBHOOK_PATH_FORM.test(trimmed) ||
    DOT_SEGMENT.test(trimmed)
  ) {
    throw new InvalidCallingWebhookOptionsError([
      `path must be a route such as '${DEFAULT_WEBHOOK_PATH}': segments of letters, digits, '.', '_', '~' and '-', no parameters or wildcards (got ${typeof path === 'string' ? JSON.stringify(path).slice(0, 80) : typeof path})`,
    ]);
  }
  return trimmed;
}

/**
 * Validates the options of every area (throwing one error that lists every mistake, one line
 * each) and applies their defaults.
 */
export function resolveOptions(
  options: CallingWebhookOptions | undefined,
): ResolvedCallingWebhookOptions {
  if (!isRecord(options)) {
    throw new InvalidCallingWebhookOptionsError([
      "the options must be an object with at least appId (the bot's Microsoft App ID)",
    ]);
  }
  const problems = [
    ...authOptionProblems(options),
    ...bodyOptionProblems(options),
    ...protocolOptionProblems(options),
    ...affinityOptionProblems({ ...options }),
    ...acknowledgementOptionProblems(options),
    ...eventsOptionProblems(options),
    ...validateCallControlOptions(options, [options.appId ?? []].flat()),
    ...fleetOptionProblems(options),
    ...callsOptionProblems(options),
  ];
  if (problems.length > 0)
    throw new InvalidCallingWebhookOptionsError(problems);
  const auth = resolveAuthOptions(options);
  return {
    auth,
    body: resolveBodyOptions(options),
    protocol: resolveProtocolOptions(options),
    affinity: resolveAffinityOptions(options),
    acknowledgement: resolveAcknowledgementOptions(options),
    events: resolveEventsOptions(options),
    control: resolveCallControlOptions(options, auth.appIds),
    fleet: resolveFleetOptions(options),
    calls: resolveCallsOptions(options),
  };
}
