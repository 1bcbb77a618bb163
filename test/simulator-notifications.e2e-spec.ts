import {
  callStateNotification,
  callTerminatedNotification,
  incomingCallNotification,
  legacyConversation,
  operationCompletedNotification,
  participantsNotification,
  toneNotification,
} from 'nestjs-calling-webhook/testing';
import { fixtureText } from './support/fixture-files.js';

// The simulator's notifications must look like the real ones: every field path of Microsoft's
// published example exists in the builder's output, with the same JSON type.
function shape(value: unknown, path = '$'): Map<string, string> {
  const out = new Map<string, string>();
  const type = Array.isArray(value)
    ? 'array'
    : value === null
      ? 'null'
      : typeof value;
  out.set(path, type);
  if (Array.isArray(value))
    value
      .slice(0, 1)
      .forEach((item) =>
        shape(item, `${path}[]`).forEach((t, p) => out.set(p, t)),
      );
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value))
      shape(item, `${path}.${key}`).forEach((t, p) => out.set(p, t));
  return out;
}

function missingFrom(
  built: unknown,
  folder: string,
  fixture: string,
): string[] {
  const actual = shape(built);
  const expected = shape(JSON.parse(fixtureText(folder, fixture)));
  return [...expected]
    .filter(([path, type]) => actual.get(path) !== type)
    .map(
      ([path, type]) =>
        `${path}: ${type}, built ${actual.get(path) ?? 'absent'}`,
    );
}

const CALL = '57DAB8B1894C409AB240BD8BEAE78896';

describe('the simulator builds notifications shaped like the published ones', () => {
  it.each([
    [
      'v1.0__call-answer__01__notification-incoming.json',
      incomingCallNotification({
        callId: CALL,
        tenantId: 'tenant',
        from: { id: 'user' },
        to: { id: 'bot' },
      }),
    ],
    [
      'v1.0__call-answer__02__notification-establishing.json',
      callStateNotification(CALL, 'establishing'),
    ],
    [
      'v1.0__call-answer__03__notification-established.json',
      callStateNotification(CALL, 'established'),
    ],
    [
      'v1.0__call-delete__01__notification-terminating.json',
      callStateNotification(CALL, 'terminating'),
    ],
    [
      'v1.0__call-delete__02__notification-terminated.json',
      callTerminatedNotification(CALL),
    ],
    [
      'v1.0__call-playprompt__01__notification-operation-completed.json',
      operationCompletedNotification(CALL, {
        id: 'op',
        type: 'playPrompt',
        clientContext: 'ctx',
      }),
    ],
    [
      'v1.0__call-subscribetotone__01__notification-tone-notification.json',
      toneNotification(CALL, 'tone1'),
    ],
  ])('%s', (fixture, built) => {
    expect(missingFrom(built, 'graph', fixture)).toEqual([]);
  });

  it('a roster like application-post-calls (participants with info, media streams, flags)', () => {
    const built = participantsNotification(CALL, [
      { identity: { id: 'user' }, kind: 'user' },
      { identity: { id: 'bot' }, kind: 'application' },
    ]);
    // The fixture's roster carries a notification-level callbackUri and video streams the
    // simulator does not send; everything else of its first participant must be there.
    const missing = missingFrom(
      built,
      'graph',
      'v1.0__application-post-calls__05__notification-roster.json',
    );
    expect(missing).toEqual(['$.value[].callbackUri: string, built absent']);
  });

  it('the legacy incoming Conversation like BotBuilder-V3 documents it', () => {
    const built = legacyConversation({
      id: 'conv',
      fromId: 'user',
      appId: 'bot',
    });
    expect(missingFrom(built, 'legacy', '01__conversation.fixed.json')).toEqual(
      [],
    );
  });

  it('keeps what the real incoming call says, with this call substituted', () => {
    const fixture = JSON.parse(
      fixtureText('graph', 'v1.0__call-answer__01__notification-incoming.json'),
    ) as { value: Record<string, unknown>[] };
    const built = incomingCallNotification({
      callId: CALL,
      tenantId: 'tenant',
      from: {
        id: '8A34A46B-3D17-4ADC-8DCE-DC4E7D572698',
        displayName: 'Test User',
      },
      to: {
        id: '8A34A46B-3D17-4ADC-8DCE-DC4E7D572698',
        displayName: 'Test BOT',
      },
    });
    // The builder adds the tenant (real incoming calls carry it); the rest is the example.
    const { tenantId, ...data } = built.value[0].resourceData as Record<
      string,
      unknown
    >;
    expect(tenantId).toBe('tenant');
    expect({
      ...built,
      value: [{ ...built.value[0], resourceData: data }],
    }).toEqual(fixture);
  });
});
