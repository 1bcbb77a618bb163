import type { CallingPrincipal } from '../auth/calling-principal.interface.js';
import {
  GATE_ANY,
  GATE_FIRST_ESTABLISHED,
  GATE_LIVE,
  GATE_STATE_CHANGE,
} from '../events/dispatch/handler-gates.js';
import { toCallEvent } from '../events/parsing/to-call-event.js';
import { readNotificationHeaders } from '../protocol/notification-headers.js';
import { parseGraphNotification } from '../protocol/parse-graph-notification.js';
import type { CallRecord } from './call-record.interface.js';
import { applyNotification } from './call-transition.js';

const principal: CallingPrincipal = {
  appId: 'app',
  tenantId: 'tenant',
  issuer: 'https://api.botframework.com',
  claims: { aud: 'app', iss: 'https://api.botframework.com', exp: 1, tid: 't' },
};
const headers = readNotificationHeaders({});
const CALL = '57dab8b1-894c-409a-b240-bd8beae78896';
const LIVE = GATE_ANY | GATE_LIVE;
const CHANGE = LIVE | GATE_STATE_CHANGE;

const event = (item: Record<string, unknown>) =>
  toCallEvent(parseGraphNotification(item, 0), principal, headers);
const state = (value: string, changeType = 'updated') =>
  event({
    changeType,
    resourceUrl: `/communications/calls/${CALL}`,
    resourceData: { '@odata.type': '#microsoft.graph.call', state: value },
  });

/** Applies events one after the other; returns the gates each opened and the last record. */
function play(
  events: ReturnType<typeof event>[],
  keys: (string | undefined)[] = [],
  start?: CallRecord,
): { gates: number[]; record: CallRecord | undefined } {
  let record = start;
  const gates = events.map((e, i) => {
    const transition = applyNotification(record, e, keys[i], 1000 + i);
    record = transition.record;
    return transition.gates;
  });
  return { gates, record };
}

describe('applyNotification', () => {
  it('moves a call through its life, established once, and lets only catch-alls run after terminated', () => {
    const { gates, record } = play([
      state('incoming', 'created'),
      state('establishing'),
      state('established'),
      state('established'),
      state('terminated', 'deleted'),
      state('established'),
    ]);
    expect(gates).toEqual([
      CHANGE,
      CHANGE,
      CHANGE | GATE_FIRST_ESTABLISHED,
      LIVE,
      CHANGE,
      GATE_ANY,
    ]);
    expect(record).toMatchObject({
      callId: CALL,
      tenantId: 'tenant',
      state: 'terminated',
      established: true,
      end: { code: undefined, reason: 'ended', endedAt: 1004 },
    });
  });

  it('never moves the state back: a stale establishing after established changes nothing', () => {
    const { gates, record } = play([
      state('established'),
      state('establishing'),
    ]);
    expect(gates).toEqual([CHANGE | GATE_FIRST_ESTABLISHED, LIVE]);
    expect(record?.state).toBe('established');
  });

  it('counts established once even across hold: the second is a state change, not a first establishment', () => {
    const { gates } = play([
      state('established'),
      state('hold'),
      state('established'),
    ]);
    expect(gates).toEqual([CHANGE | GATE_FIRST_ESTABLISHED, CHANGE, CHANGE]);
  });

  it('runs the handlers of the notification that moved the state again when the platform retries it', () => {
    const { gates } = play(
      [state('established'), state('established'), state('established')],
      ['m1', 'm1', 'm2'],
    );
    // The retry (same key) opens what the first delivery opened; another delivery does not.
    expect(gates).toEqual([
      CHANGE | GATE_FIRST_ESTABLISHED,
      CHANGE | GATE_FIRST_ESTABLISHED,
      LIVE,
    ]);
  });

  it('does not establish a call from a tone, which repeats the state', () => {
    const tone = event({
      changeType: 'updated',
      resourceUrl: `/communications/calls/${CALL}`,
      resourceData: {
        state: 'established',
        toneInfo: { tone: 'tone1', sequenceId: 1 },
      },
    });
    const { gates, record } = play([state('establishing'), tone]);
    expect(gates[1]).toBe(LIVE);
    expect(record?.state).toBe('establishing');
  });

  it('merges rosters by participant id and removes who a deleted roster names', () => {
    const roster = (changeType: string, ...ids: string[]) =>
      event({
        changeType,
        resourceUrl: `/communications/calls/${CALL}/participants`,
        resourceData: ids.map((id) => ({ id })),
      });
    const { record } = play([
      roster('updated', 'a', 'b'),
      roster('updated', 'b', 'c'),
      roster('deleted', 'a'),
    ]);
    expect(Object.keys(record?.participants ?? {}).sort()).toEqual(['b', 'c']);
  });

  it('reads why a call ended, with a readable reason for documented codes', () => {
    const ended = (resultInfo: Record<string, unknown>) =>
      play([
        event({
          changeType: 'deleted',
          resourceUrl: `/communications/calls/${CALL}`,
          resourceData: { state: 'terminated', resultInfo },
        }),
      ]).record?.end;
    expect(
      ended({ code: 408, subcode: 8537, message: 'Keep Alive timeout' }),
    ).toMatchObject({
      code: 408,
      subcode: 8537,
      message: 'Keep Alive timeout',
      reason: 'keepAlive timeout (no keepAlive for 45 minutes)',
    });
    expect(ended({ code: '603', subcode: 0 })?.reason).toBe('declined');
    expect(ended({ code: 487, subcode: 10004 })?.reason).toBe(
      'not answered in time',
    );
    expect(ended({ code: 499, subcode: 1 })?.reason).toBe('ended');
  });

  it('forgets a pending operation when its completion comes, by clientContext or by the re-formatted id', () => {
    const pending = (clientContext: string, operationId: string) => ({
      clientContext,
      operationId,
      odataType: '#microsoft.graph.playPromptOperation',
      startedAt: 1,
    });
    const established = play([state('established')]).record;
    if (!established) throw new Error('no record');
    const start: CallRecord = {
      ...established,
      pendingOperations: {
        c1: pending('c1', '0fe0623f-d628-42ed-b4bd-8ac290072cc5'),
        c2: pending('c2', '11111111-d628-42ed-b4bd-8ac290072cc5'),
      },
    };
    const completion = (id: string, clientContext?: string) =>
      event({
        changeType: 'deleted',
        resourceUrl: `/communications/calls/${CALL}/operations/${id}`,
        resourceData: {
          '@odata.type': '#microsoft.graph.playPromptOperation',
          status: 'completed',
          clientContext,
        },
      });
    const { record } = play(
      [completion('0FE0623FD62842EDB4BD8AC290072CC5'), completion('XYZ', 'c2')],
      [],
      start,
    );
    expect(record?.pendingOperations).toEqual({});
  });
});
