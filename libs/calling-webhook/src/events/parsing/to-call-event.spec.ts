import type { CallingPrincipal } from '../../auth/calling-principal.interface.js';
import { parseGraphNotification } from '../../protocol/parse-graph-notification.js';
import { readNotificationHeaders } from '../../protocol/notification-headers.js';
import { toCallEvent } from './to-call-event.js';

const principal: CallingPrincipal = {
  appId: 'app',
  tenantId: 'tenant',
  issuer: 'https://api.botframework.com',
  claims: {
    aud: 'app',
    iss: 'https://api.botframework.com',
    exp: 1,
    tid: 'tenant',
  },
};
const headers = readNotificationHeaders({
  authorization: 'Bearer x',
  cookie: 'c',
  'x-microsoft-skype-message-id': 'm',
  'x-microsoft-skype-chain-id': 'c1',
  'scenario-id': 's',
  'x-other': ['a', 'b'],
});
// The protocol step's parse, then the event: the path every notification takes.
const parse = (item: Record<string, unknown>) =>
  toCallEvent(parseGraphNotification(item, 0), principal, headers);

describe('parseGraphNotification and toCallEvent', () => {
  it('reads the call id from resourceUrl, or from the older resource, with or without /', () => {
    expect(
      parse({ changeType: 'updated', resourceUrl: '/communications/calls/A' })
        .callId,
    ).toBe('A');
    expect(
      parse({ changeType: 'updated', resourceUrl: 'communications/calls/B/' })
        .callId,
    ).toBe('B');
    expect(
      parse({ changeType: 'updated', resource: '/app/calls/C' }).callId,
    ).toBe('C');
    const both = parse({
      changeType: 'updated',
      resourceUrl: 'nothing',
      resource: '/app/calls/D',
    });
    expect(both).toMatchObject({ callId: 'D', resourceUrl: '/app/calls/D' });
  });

  it('throws for a resource naming no call', () => {
    expect(() =>
      parse({
        changeType: 'updated',
        resourceUrl: '/communications/onlineMeetings/1',
      }),
    ).toThrow('names no call');
  });

  it('normalises change types, call states and result codes, keeping the raw notification', () => {
    const item = {
      changeType: 'Deleted',
      resourceUrl: '/communications/calls/A',
      resourceData: {
        state: 'TransferAccepted',
        resultInfo: { code: '0', subCode: '7015' },
      },
    };
    const event = parse(item);
    expect(event).toMatchObject({
      kind: 'call',
      changeType: 'deleted',
      state: 'transferAccepted',
    });
    expect(event.kind === 'call' && event.call?.resultInfo).toMatchObject({
      code: 0,
      subcode: 7015,
    });
    expect(event.notification).toBe(item);
    expect(item.resourceData.state).toBe('TransferAccepted');
  });

  it('keeps a state Graph does not list yet as it came', () => {
    const event = parse({
      changeType: 'updated',
      resourceUrl: '/communications/calls/A',
      resourceData: { state: 'parked' },
    });
    expect(event.kind === 'call' && event.state).toBe('parked');
  });

  it('tells rosters, operations and other kinds apart', () => {
    expect(
      parse({
        changeType: 'updated',
        resourceUrl: '/communications/calls/A/participants',
        resourceData: [],
      }).kind,
    ).toBe('participants');
    const single = parse({
      changeType: 'updated',
      resourceUrl: '/communications/calls/A/participants/p1',
      resourceData: { id: 'p1' },
    });
    expect(single.kind === 'participants' && single.participants).toEqual([
      { id: 'p1' },
    ]);
    const operation = parse({
      changeType: 'deleted',
      resourceUrl: '/communications/calls/A/operations/O1',
      resourceData: {
        '@odata.type': '#microsoft.graph.subscribeToToneOperation',
        status: 'completed',
      },
    });
    expect(operation).toMatchObject({
      kind: 'operation',
      operationType: 'subscribeToTone',
      operationId: 'O1',
    });
    expect(
      parse({
        changeType: 'updated',
        resourceUrl: '/communications/calls/A/operations/O1',
      }).kind,
    ).toBe('operation');
    expect(
      parse({
        changeType: 'updated',
        resourceUrl: '/communications/calls/A/audioRoutingGroups/g',
      }).kind,
    ).toBe('other');
  });

  it('reads the platform headers and never passes credentials on', () => {
    expect(headers).toMatchObject({
      messageId: 'm',
      chainId: 'c1',
      scenarioId: 's',
    });
    expect(headers.raw).toEqual({
      'x-microsoft-skype-message-id': 'm',
      'x-microsoft-skype-chain-id': 'c1',
      'scenario-id': 's',
      'x-other': 'a, b',
    });
  });
});
