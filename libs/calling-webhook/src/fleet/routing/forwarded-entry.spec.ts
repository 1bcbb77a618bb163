import { readNotificationHeaders } from '../../protocol/notification-headers.js';
import { parseGraphNotification } from '../../protocol/parse-graph-notification.js';
import { batchOf, decodeEntry, encodeEntry } from './forwarded-entry.js';

const item = {
  changeType: 'Updated',
  resourceUrl: '/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896',
  resourceData: { state: 'established' },
};

describe('a forwarded entry', () => {
  const headers = readNotificationHeaders({
    authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln',
    cookie: 'session=1',
    'x-microsoft-skype-message-id': 'm-1',
    'x-microsoft-skype-chain-id': 'c-1',
  });
  const entry = {
    from: 'b',
    reply: 'r-1',
    budgetMs: 3_999.6,
    hops: 0,
    notifications: [parseGraphNotification(item, 3)],
    principal: {
      appId: 'app',
      tenantId: 't',
      issuer: 'https://api.botframework.com',
      claims: {
        aud: 'app',
        iss: 'https://api.botframework.com',
        exp: 1,
        tid: 't',
      },
    },
    headers,
    bodyDigest: undefined,
  };

  it('comes back as it went, its notifications checked again with their positions', () => {
    const back = decodeEntry(encodeEntry(entry));
    expect(back).toEqual({
      ...entry,
      budgetMs: 4_000,
      headers: {
        messageId: 'm-1',
        chainId: 'c-1',
        scenarioId: undefined,
        raw: {
          'x-microsoft-skype-message-id': 'm-1',
          'x-microsoft-skype-chain-id': 'c-1',
        },
      },
    });
    expect(back?.notifications[0]).toMatchObject({
      index: 3,
      changeType: 'updated',
    });
  });

  it('carries no credential of the request', () => {
    const fields = encodeEntry(entry).join(' ');
    expect(fields).not.toMatch(/Bearer|eyJ|session=/);
  });

  it('is dropped when it is not one (trimmed, foreign, or malformed)', () => {
    expect(decodeEntry(null)).toBeUndefined();
    expect(decodeEntry(['from', 'b'])).toBeUndefined();
    expect(
      decodeEntry(['from', 'b', 'reply', 'r', 'batch', '{not json']),
    ).toBeUndefined();
    expect(
      decodeEntry([
        'from',
        'b',
        'reply',
        'r',
        'batch',
        JSON.stringify({
          n: [[0, { changeType: 'updated', resourceUrl: '/calls/../x' }]],
          p: {},
          h: {},
        }),
      ]),
    ).toBeUndefined();
  });

  it('gives request-scoped handlers the headers as their request', () => {
    const batch = batchOf(entry);
    expect(batch.scope).toEqual({
      headers: headers.raw,
      forwardedFrom: 'b',
    });
  });
});
