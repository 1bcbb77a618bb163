import type { AnyCallNotificationEvent } from '../call-events.interface.js';
import type { CallResourceKind } from '../call-notification-event.interface.js';
import {
  subscribeToCallEvents,
  type CallEventDecorator,
} from './subscribe-to-call-events.js';
import { GATE_ANY } from '../dispatch/handler-gates.js';

/** Narrows the catch-all; every given field must match (each one case-insensitively, any of a list). */
export interface CallNotificationFilter {
  /** `created`, `updated`, `deleted`. */
  readonly changeType?: string | readonly string[];
  /** `call`, `participants`, `operation` or `other`. */
  readonly kind?: CallResourceKind | readonly CallResourceKind[];
  /** The resource's `@odata.type`, with or without `#microsoft.graph.` (`'call'`, `'#microsoft.graph.recordOperation'`). */
  readonly odataType?: string | readonly string[];
}

function odataKey(type: string): string {
  return type
    .replace(/^#/, '')
    .replace(/^microsoft\.graph\./i, '')
    .toLowerCase();
}

function setOf(
  values: string | readonly string[] | undefined,
  key: (value: string) => string,
): ReadonlySet<string> | undefined {
  if (values === undefined) return undefined;
  return new Set((typeof values === 'string' ? [values] : values).map(key));
}

/**
 * Runs the method for every notification (or those the filter lets through), including kinds
 * no other decorator names. A notification no decorator matches reaches only these.
 */
export function OnCallNotification(
  filter: CallNotificationFilter = {},
): CallEventDecorator<AnyCallNotificationEvent> {
  const lower = (value: string): string => value.toLowerCase();
  const changeTypes = setOf(filter.changeType, lower);
  const kinds = setOf(filter.kind, lower);
  const odataTypes = setOf(filter.odataType, odataKey);
  const shown = Object.keys(filter).length > 0 ? JSON.stringify(filter) : '';
  return subscribeToCallEvents({
    gate: GATE_ANY,
    decorator: `@OnCallNotification(${shown})`,
    matches: (event) =>
      (!changeTypes || changeTypes.has(event.changeType)) &&
      (!kinds || kinds.has(event.kind)) &&
      (!odataTypes ||
        (event.odataType !== undefined &&
          odataTypes.has(odataKey(event.odataType)))),
  });
}
