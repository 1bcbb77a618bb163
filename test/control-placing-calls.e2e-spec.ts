import type { INestApplication } from '@nestjs/common';
import {
  CallbackUriRequiredError,
  GraphCallError,
  TeamsJoinLinkError,
  type CallControl,
} from 'nestjs-calling-webhook';
import type { App } from 'supertest/types.js';
import {
  controlOptions,
  startControlApp,
  startControlKit,
  TENANT_A,
  TENANT_B,
  type ControlKit,
} from './support/control-kit.js';

const CALLBACK = 'https://bot.contoso.com/api/calls';
const SERVICE_HOSTED = {
  '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
};
const MEETING_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ORGANIZER = '550fae72-d251-43ec-868c-373732c2704f';
const THREAD =
  '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2';
const LONG_LINK = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(THREAD)}/0?context=${encodeURIComponent(
  JSON.stringify({ Tid: MEETING_TENANT, Oid: ORGANIZER }),
)}`;
const user = (id: string, displayName: string) => ({
  identity: { user: { id, displayName } },
});
const invitation = (identity: Record<string, unknown>) => ({
  '@odata.type': '#microsoft.graph.invitationParticipantInfo',
  identity,
});

describe('CallControl places calls and joins meetings (Graph v1.0 "Create call")', () => {
  let kit: ControlKit;
  let app: INestApplication<App>;
  let calls: CallControl;
  beforeAll(async () => {
    kit = await startControlKit();
    ({ app, calls } = await startControlApp(
      kit,
      controlOptions(kit, { publicUrl: 'https://bot.contoso.com' }),
    ));
  });
  afterAll(async () => {
    await app.close();
    await kit.close();
  });
  beforeEach(() => kit.graph.reset());

  const created = () => {
    const sent = kit.graph.requestsFor('create');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      path: '/communications/calls',
      status: 201,
    });
    return sent[0];
  };

  it('calls a Teams user (example 1), in the tenant asked for, and returns a call usable as one', async () => {
    const call = await calls.create({
      tenantId: TENANT_B,
      targets: [user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John')],
      callOptions: { isContentSharingNotificationEnabled: true },
    });
    const sent = created();
    expect(sent.body).toEqual({
      '@odata.type': '#microsoft.graph.call',
      callbackUri: CALLBACK,
      targets: [
        invitation({
          user: {
            id: '112f7296-5fa4-42ca-bae8-6a692b15d4b8',
            displayName: 'John',
          },
        }),
      ],
      requestedModalities: ['audio'],
      callOptions: {
        '@odata.type': '#microsoft.graph.outgoingCallOptions',
        isContentSharingNotificationEnabled: true,
      },
      mediaConfig: SERVICE_HOSTED,
      tenantId: TENANT_B,
    });
    expect(sent.tokenTenantId).toBe(TENANT_B);
    expect(call).toMatchObject({
      '@odata.type': '#microsoft.graph.call',
      state: 'establishing',
      direction: 'outgoing',
      callbackUri: CALLBACK,
      tenantId: TENANT_B,
    });
    expect(call.callId).toBe(call.id);
    expect(call.callId).toBe(sent.callId);
    // The result is a call reference: it can be hung up as it is.
    await calls.hangUp(call);
    expect(kit.graph.requestsFor('delete')[0]).toMatchObject({
      callId: call.id,
      status: 204,
    });
  });

  it('places a group call (example 3): the bot as source, several targets, a subject', async () => {
    await calls.create({
      tenantId: TENANT_A,
      subject: 'Create a group call with service hosted media',
      source: {
        identity: {
          application: {
            id: 'dd3885da-f9ab-486b-bfae-85de3d445555',
            displayName: 'TestBot',
          },
        },
      },
      targets: [
        user('98da8a1a-1b87-452c-a713-65d3f10b5555', 'user1'),
        user('bf5aae9a-d11d-47a8-93b1-782504c95555', 'user2'),
      ],
    });
    expect(created().body).toEqual({
      '@odata.type': '#microsoft.graph.call',
      subject: 'Create a group call with service hosted media',
      callbackUri: CALLBACK,
      source: {
        '@odata.type': '#microsoft.graph.participantInfo',
        identity: {
          application: {
            id: 'dd3885da-f9ab-486b-bfae-85de3d445555',
            displayName: 'TestBot',
          },
        },
      },
      targets: [
        invitation({
          user: {
            id: '98da8a1a-1b87-452c-a713-65d3f10b5555',
            displayName: 'user1',
          },
        }),
        invitation({
          user: {
            id: 'bf5aae9a-d11d-47a8-93b1-782504c95555',
            displayName: 'user2',
          },
        }),
      ],
      requestedModalities: ['audio'],
      mediaConfig: SERVICE_HOSTED,
      tenantId: TENANT_A,
    });
  });

  it('calls a phone number from an application instance (example 9)', async () => {
    await calls.create({
      tenantId: TENANT_A,
      source: {
        identity: {
          applicationInstance: {
            id: '3d913abb-aec0-4964-8fa6-3c6850c4f278',
            displayName: 'Calling Bot',
          },
        },
      },
      targets: [{ identity: { phone: { id: '+12345678901' } } }],
    });
    expect(created().body).toEqual({
      '@odata.type': '#microsoft.graph.call',
      callbackUri: CALLBACK,
      source: {
        '@odata.type': '#microsoft.graph.participantInfo',
        identity: {
          applicationInstance: {
            id: '3d913abb-aec0-4964-8fa6-3c6850c4f278',
            displayName: 'Calling Bot',
          },
        },
      },
      targets: [invitation({ phone: { id: '+12345678901' } })],
      requestedModalities: ['audio'],
      mediaConfig: SERVICE_HOSTED,
      tenantId: TENANT_A,
    });
  });

  it('joins a meeting from its meetup-join link (example 5), in the link tenant even when another is given', async () => {
    const call = await calls.joinMeeting({
      joinLink: LONG_LINK,
      tenantId: TENANT_A,
      allowConversationWithoutHost: true,
    });
    const sent = created();
    expect(sent.body).toEqual({
      '@odata.type': '#microsoft.graph.call',
      callbackUri: CALLBACK,
      requestedModalities: ['audio'],
      mediaConfig: SERVICE_HOSTED,
      chatInfo: {
        '@odata.type': '#microsoft.graph.chatInfo',
        threadId: THREAD,
        messageId: '0',
      },
      meetingInfo: {
        '@odata.type': '#microsoft.graph.organizerMeetingInfo',
        organizer: {
          '@odata.type': '#microsoft.graph.identitySet',
          user: {
            '@odata.type': '#microsoft.graph.identity',
            id: ORGANIZER,
            tenantId: MEETING_TENANT,
          },
        },
        allowConversationWithoutHost: true,
      },
      tenantId: MEETING_TENANT,
    });
    expect(sent.tokenTenantId).toBe(MEETING_TENANT);
    expect(call.tenantId).toBe(MEETING_TENANT);
  });

  it('joins a meeting from its /meet/ link (examples 7 and 8) in the tenant given beside it', async () => {
    await calls.joinMeeting({
      joinLink: 'https://teams.microsoft.com/meet/1234567?p=psw123',
      tenantId: TENANT_A,
    });
    await calls.joinMeeting({
      joinLink: 'https://teams.microsoft.com/meet/1234567',
      tenantId: TENANT_A,
    });
    const [withPasscode, without] = kit.graph.requestsFor('create');
    expect(withPasscode.body).toEqual({
      '@odata.type': '#microsoft.graph.call',
      callbackUri: CALLBACK,
      requestedModalities: ['audio'],
      mediaConfig: SERVICE_HOSTED,
      meetingInfo: {
        '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo',
        joinMeetingId: '1234567',
        passcode: 'psw123',
      },
      tenantId: TENANT_A,
    });
    expect(without.body).toMatchObject({
      meetingInfo: { joinMeetingId: '1234567', passcode: null },
    });
    expect(without.tokenTenantId).toBe(TENANT_A);
  });

  it('refuses, before any request, a /meet/ link without tenant, a link that is none, and a call to nobody', async () => {
    await expect(
      calls.joinMeeting({
        joinLink: 'https://teams.microsoft.com/meet/1234567?p=x',
      }),
    ).rejects.toThrow(/names no tenant; give tenantId/);
    const bad = await calls
      .joinMeeting({
        joinLink: 'https://example.com/meeting/42?p=secret',
        tenantId: TENANT_A,
      })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(TeamsJoinLinkError);
    expect(String(bad)).not.toContain('secret');
    await expect(
      calls.create({ tenantId: TENANT_A, targets: [] }),
    ).rejects.toThrow(/targets must name at least one callee/);
    await expect(
      calls.create({ tenantId: 'common', targets: [user('u', 'U')] }),
    ).rejects.toThrow(/tenantId/);
    expect(kit.graph.requests).toHaveLength(0);
  });

  it('places a call at most once: retried after a 429, never after a 503', async () => {
    kit.graph.failNext(1, { status: 429, retryAfter: 0 });
    await calls.create({ tenantId: TENANT_A, targets: [user('u-1', 'One')] });
    expect(kit.graph.requestsFor('create').map((r) => r.status)).toEqual([
      429, 201,
    ]);
    kit.graph.reset();
    kit.graph.failNext(1, { status: 503 });
    const error = await calls
      .create({ tenantId: TENANT_A, targets: [user('u-1', 'One')] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphCallError);
    expect((error as GraphCallError).attempts).toBe(1);
    expect(kit.graph.requestsFor('create')).toHaveLength(1);
  });
});

describe('Placing a call needs a callbackUri', () => {
  let kit: ControlKit;
  beforeAll(async () => {
    kit = await startControlKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it('fails at once, naming the publicUrl option, when none is configured or given', async () => {
    const { app, calls } = await startControlApp(kit, controlOptions(kit));
    const attempts = [
      calls.create({ tenantId: TENANT_A, targets: [user('u-1', 'One')] }),
      calls.joinMeeting({ joinLink: LONG_LINK }),
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CallbackUriRequiredError);
      expect((error as Error).message).toMatch(/publicUrl/);
    }
    expect(kit.graph.requests).toHaveLength(0);
    // A callbackUri given with the call is enough.
    await calls.create({
      tenantId: TENANT_A,
      targets: [user('u-1', 'One')],
      callbackUri: 'https://elsewhere.contoso.com/cb',
    });
    expect(kit.graph.requests[0].body).toMatchObject({
      callbackUri: 'https://elsewhere.contoso.com/cb',
    });
    await app.close();
  });

  it("uses this instance's partitioned URL when a partition is configured", async () => {
    kit.graph.reset();
    const { app, calls } = await startControlApp(
      kit,
      controlOptions(kit, {
        partition: { id: 'p7', publicUrl: 'https://bot-7.contoso.com' },
      }),
    );
    await calls.create({ tenantId: TENANT_A, targets: [user('u-1', 'One')] });
    expect(kit.graph.requests[0].body).toMatchObject({
      callbackUri: 'https://bot-7.contoso.com/api/calls/p7',
    });
    await app.close();
  });
});
