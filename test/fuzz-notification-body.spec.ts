import fc from 'fast-check';
import type { CallingPrincipal } from 'nestjs-calling-webhook';
import { duplicateKeyOf } from '../libs/calling-webhook/src/events/dispatch/duplicate-key.js';
import { toCallEvent } from '../libs/calling-webhook/src/events/parsing/to-call-event.js';
import { classifyNotificationBody } from '../libs/calling-webhook/src/protocol/classify-notification-body.js';
import { readNotificationHeaders } from '../libs/calling-webhook/src/protocol/notification-headers.js';
import {
  ANY_BODY,
  FIXTURE_BODIES,
  fuzzRuns,
  fuzzSeed,
} from './support/fuzz-kit.js';

// Property-based tests of the pure steps between the body and the handlers: the protocol
// step's classifier (the one rule set of a body) and the events made of what it accepts. `npm test` runs a few thousand cases;
// `npm run fuzz` runs them by the million (FUZZ_RUNS).

const PRINCIPAL: CallingPrincipal = {
  appId: 'app',
  tenantId: 'tenant',
  issuer: 'https://api.botframework.com',
  claims: {
    aud: 'app',
    iss: 'https://api.botframework.com',
    exp: 0,
    tid: 'tenant',
  },
};
const HEADERS = readNotificationHeaders({
  'x-microsoft-skype-message-id': 'm',
});

/** The whole pure path of a body: the classifier, then (for Graph) events and duplicate keys. */
function pipeline(body: unknown): string {
  const kind = classifyNotificationBody(body);
  if (kind.kind !== 'graph') return kind.kind;
  for (const notification of kind.notifications) {
    const event = toCallEvent(notification, PRINCIPAL, HEADERS);
    expect(event.callId).toEqual(expect.any(String));
    expect(event.changeType).toBe(event.changeType.toLowerCase());
    expect(duplicateKeyOf(event, 'digest')).toEqual(expect.any(String));
  }
  return 'events';
}

const options = (ci: number) => ({ numRuns: fuzzRuns(ci), seed: fuzzSeed() });

describe('fuzzing the notification body path', () => {
  it('classifies any JSON without throwing, with a stable verdict', () => {
    fc.assert(
      fc.property(ANY_BODY, (body) => {
        const verdict = classifyNotificationBody(body);
        expect(['graph', 'legacy', 'invalid', 'tooMany']).toContain(
          verdict.kind,
        );
        // A copy (what a redelivery parses) gets the same verdict, and so does a second look.
        const copy: unknown = JSON.parse(JSON.stringify(body) ?? 'null');
        // Compared as JSON: -0 and 0 are one number on the wire.
        expect(JSON.stringify(classifyNotificationBody(copy))).toBe(
          JSON.stringify(verdict),
        );
        expect(classifyNotificationBody(body)).toEqual(verdict);
        if (verdict.kind === 'invalid') {
          expect(verdict.reason.length).toBeLessThan(120);
        }
      }),
      options(5_000),
    );
  });

  it('turns any body into events or a verdict, never an exception', () => {
    const item =
      '"changeType":"created","resourceUrl":"/communications/calls/1"';
    // Found by this property: a `constructor` key crashed class-validator, and a `__proto__` key
    // replaced the DTO's prototype. They stay as fixed examples.
    const examples: [unknown][] = [
      `{"value":[{"constructor":null,${item}}]}`,
      `{"value":[{"__proto__":null,${item}}]}`,
      `{"value":[{"__proto__":{"changeType":5},${item}}]}`,
      `{"value":[[{${item}}]]}`,
    ].map((text) => [JSON.parse(text) as unknown]);
    fc.assert(
      fc.property(ANY_BODY, (body) => {
        const outcome = pipeline(body);
        expect(pipeline(JSON.parse(JSON.stringify(body) ?? 'null'))).toBe(
          outcome,
        );
      }),
      { ...options(5_000), examples },
    );
  });

  it('accepts every fixture as it is (the mutations start from valid bodies)', () => {
    for (const body of FIXTURE_BODIES) {
      expect(['events', 'legacy']).toContain(pipeline(body));
    }
  });

  it('reads any request headers without throwing, never passing credentials on', () => {
    const headerValue = fc.oneof(
      fc.string(),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), headerValue), (headers) => {
        const read = readNotificationHeaders({
          ...headers,
          authorization: 'Bearer secret',
        });
        expect(read.raw.authorization).toBeUndefined();
      }),
      options(2_000),
    );
  });
});
