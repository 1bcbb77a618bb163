import type { INestApplication } from '@nestjs/common';
import {
  AppTokenError,
  CallControlNotConfiguredError,
  GraphCallError,
  InvalidCallingWebhookOptionsError,
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
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { post } from './support/webhook-client.js';

const call = (callId: string, tenantId = TENANT_A) => ({ callId, tenantId });

describe('CallControl: request bodies as in the Graph v1.0 reference', () => {
  let kit: ControlKit;
  let app: INestApplication<App>;
  let calls: CallControl;
  beforeAll(async () => {
    kit = await startControlKit();
    ({ app, calls } = await startControlApp(kit, controlOptions(kit)));
  });
  afterAll(async () => {
    await app.close();
    await kit.close();
  });
  beforeEach(() => kit.graph.reset());

  const only = (action: string) => {
    const recorded = kit.graph.requestsFor(action);
    expect(recorded).toHaveLength(1);
    return recorded[0];
  };

  it('answers with service-hosted media by default, and no callbackUri when none is known', async () => {
    kit.graph.addCall('c-answer', TENANT_A);
    await calls.answer(call('c-answer'), { acceptedModalities: ['audio'] });
    const sent = only('answer');
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/communications/calls/c-answer/answer');
    expect(sent.status).toBe(202);
    expect(sent.headers['content-type']).toBe('application/json');
    // Graph uses the bot's registered webhook when callbackUri is absent.
    expect(sent.body).toEqual({
      acceptedModalities: ['audio'],
      mediaConfig: {
        '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
      },
    });
    expect(kit.graph.calls.get('c-answer')?.state).toBe('establishing');
  });

  it('answers with every option given, typed as Graph types them', async () => {
    kit.graph.addCall('c-answer-full', TENANT_A);
    await calls.answer(call('c-answer-full'), {
      acceptedModalities: ['audio', 'video'],
      callbackUri: 'https://bot.contoso.com/api/calls/p1',
      mediaConfig: {
        '@odata.type': '#microsoft.graph.appHostedMediaConfig',
        blob: '<Media Session Configuration Blob>',
      },
      callOptions: { isContentSharingNotificationEnabled: true },
      participantCapacity: 200,
    });
    expect(only('answer').body).toEqual({
      callbackUri: 'https://bot.contoso.com/api/calls/p1',
      acceptedModalities: ['audio', 'video'],
      mediaConfig: {
        '@odata.type': '#microsoft.graph.appHostedMediaConfig',
        blob: '<Media Session Configuration Blob>',
      },
      callOptions: {
        '@odata.type': '#microsoft.graph.incomingCallOptions',
        isContentSharingNotificationEnabled: true,
      },
      participantCapacity: 200,
    });
  });

  it('refuses to answer without a modality, before any request', async () => {
    await expect(
      calls.answer(call('c-none'), { acceptedModalities: [] }),
    ).rejects.toThrow(/acceptedModalities/);
    expect(kit.graph.requests).toHaveLength(0);
  });

  it('rejects', async () => {
    kit.graph.addCall('c-reject', TENANT_A);
    await calls.reject(call('c-reject'), { reason: 'busy' });
    const sent = only('reject');
    expect(sent.path).toBe('/communications/calls/c-reject/reject');
    expect(sent.body).toEqual({ reason: 'busy' });
    expect(sent.status).toBe(202);
  });

  it('redirects to several targets (simultaneous ring) with a timeout', async () => {
    kit.graph.addCall('c-redirect', TENANT_A);
    await calls.redirect(call('c-redirect'), {
      targets: [
        { identity: { user: { id: 'u-1', displayName: 'test user' } } },
        { identity: { phone: { id: '+12345678901' } } },
      ],
      timeout: 30,
      callbackUri: 'https://bot.contoso.com/api/calls',
    });
    expect(only('redirect').body).toEqual({
      targets: [
        {
          '@odata.type': '#microsoft.graph.invitationParticipantInfo',
          identity: { user: { id: 'u-1', displayName: 'test user' } },
        },
        {
          '@odata.type': '#microsoft.graph.invitationParticipantInfo',
          identity: { phone: { id: '+12345678901' } },
        },
      ],
      timeout: 30,
      callbackUri: 'https://bot.contoso.com/api/calls',
    });
  });

  it('transfers', async () => {
    kit.graph.addCall('c-transfer', TENANT_A);
    await calls.transfer(call('c-transfer'), {
      transferTarget: {
        identity: { user: { id: 'u-2', tenantId: TENANT_A } },
      },
    });
    const sent = only('transfer');
    expect(sent.path).toBe('/communications/calls/c-transfer/transfer');
    expect(sent.body).toEqual({
      transferTarget: {
        '@odata.type': '#microsoft.graph.invitationParticipantInfo',
        identity: { user: { id: 'u-2', tenantId: TENANT_A } },
      },
    });
  });

  it('plays a prompt and returns the operation', async () => {
    kit.graph.addCall('c-prompt', TENANT_A);
    const operation = await calls.playPrompt(call('c-prompt'), {
      prompts: [
        {
          mediaInfo: {
            uri: 'https://cdn.contoso.com/beep.wav',
            resourceId: 'r-1',
          },
        },
      ],
      clientContext: 'ctx-1',
    });
    expect(only('playPrompt').body).toEqual({
      clientContext: 'ctx-1',
      prompts: [
        {
          '@odata.type': '#microsoft.graph.mediaPrompt',
          mediaInfo: {
            '@odata.type': '#microsoft.graph.mediaInfo',
            uri: 'https://cdn.contoso.com/beep.wav',
            resourceId: 'r-1',
          },
        },
      ],
    });
    expect(operation).toMatchObject({
      '@odata.type': '#microsoft.graph.playPromptOperation',
      status: 'running',
      clientContext: 'ctx-1',
    });
  });

  it('subscribes to tones with a fresh client context', async () => {
    kit.graph.addCall('c-tone', TENANT_A);
    const operation = await calls.subscribeToTone(call('c-tone'));
    const body = only('subscribeToTone').body as { clientContext: string };
    expect(Object.keys(body)).toEqual(['clientContext']);
    expect(body.clientContext).toMatch(/^[0-9a-f-]{36}$/);
    expect(operation?.clientContext).toBe(body.clientContext);
  });

  it('hangs up with DELETE, Graph answering 204', async () => {
    kit.graph.addCall('c-hangup', TENANT_A);
    await calls.hangUp(call('c-hangup'));
    const sent = only('delete');
    expect(sent.method).toBe('DELETE');
    expect(sent.path).toBe('/communications/calls/c-hangup');
    expect(sent.body).toBeUndefined();
    expect(sent.status).toBe(204);
    expect(kit.graph.calls.get('c-hangup')?.state).toBe('terminated');
  });

  it('takes an event as the call (any object with callId and tenantId)', async () => {
    kit.graph.addCall('c-event', TENANT_A);
    const event = {
      callId: 'c-event',
      tenantId: TENANT_A,
      call: { state: 'incoming' },
      headers: {},
    };
    await calls.answer(event, { acceptedModalities: ['audio'] });
    expect(only('answer').path).toBe('/communications/calls/c-event/answer');
  });

  it('refuses a call id that is not one, before any request', async () => {
    // `..` once made answer POST to /v1.0/communications/answer: encodeURIComponent keeps dots.
    for (const callId of [
      '',
      '.',
      '..',
      'a/b',
      'a?b',
      '%2e%2e',
      'ä',
      'x'.repeat(129),
    ]) {
      await expect(
        calls.answer(call(callId), { acceptedModalities: ['audio'] }),
      ).rejects.toThrow(TypeError);
      await expect(calls.hangUp(call(callId))).rejects.toThrow(/callId/);
    }
    await expect(
      calls.keepAlive({
        callId: undefined as unknown as string,
        tenantId: TENANT_A,
      }),
    ).rejects.toThrow(/callId/);
    expect(kit.graph.requests).toHaveLength(0);
  });

  it('takes the call id forms Graph uses: GUIDs, upper case without dashes, url-safe', async () => {
    for (const callId of [
      '57dab8b1-894c-409a-b240-bd8beae78896',
      '57DAB8B1894C409AB240BD8BEAE78896',
      '421f0f00-ffff-4ca1-8c67-a5f1e31e8e82_x',
    ]) {
      kit.graph.addCall(callId, TENANT_A);
      await calls.hangUp(call(callId));
    }
    expect(kit.graph.requests.map((r) => r.status)).toEqual([204, 204, 204]);
  });

  it('fails with a GraphCallError for an unknown call: status, Graph code and message, request id', async () => {
    const error = await calls.hangUp(call('nobody')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphCallError);
    const graphError = error as GraphCallError;
    expect(graphError.status).toBe(404);
    expect(graphError.code).toBe('ItemNotFound');
    expect(graphError.graphMessage).toContain('nobody');
    expect(graphError.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(graphError.clientRequestId).toBe(
      kit.graph.requests[0].headers['client-request-id'],
    );
    expect(graphError.message).toContain('404 ItemNotFound');
    for (const token of kit.tokens.issuedTokens())
      expect(graphError.message).not.toContain(token);
  });

  it('refuses a call without a usable tenant before any request', async () => {
    for (const tenantId of ['', 'common', '../evil', 'a b']) {
      await expect(calls.hangUp({ callId: 'x', tenantId })).rejects.toThrow(
        /tenantId/,
      );
    }
    expect(kit.graph.requests).toHaveLength(0);
  });
});

describe('CallControl: app tokens', () => {
  let kit: ControlKit;
  beforeEach(async () => {
    kit = await startControlKit();
  });
  afterEach(async () => {
    await kit.close();
  });

  it('reuses one token for several calls of a tenant, even when they start together', async () => {
    const { app, calls } = await startControlApp(kit, controlOptions(kit));
    for (const id of ['t1', 't2', 't3', 't4']) kit.graph.addCall(id, TENANT_A);
    await Promise.all([
      calls.answer(call('t1'), { acceptedModalities: ['audio'] }),
      calls.hangUp(call('t2')),
    ]);
    await calls.subscribeToTone(call('t3'));
    await calls.hangUp(call('t4'));
    expect(kit.graph.requests.map((r) => r.status)).toEqual(
      expect.arrayContaining([202, 204, 200, 204]),
    );
    expect(kit.tokens.requests.token).toBe(1);
    expect(kit.tokens.issuedCount(TENANT_A)).toBe(1);
    await app.close();
  });

  it("acts in each call's tenant with that tenant's token", async () => {
    const { app, calls } = await startControlApp(kit, controlOptions(kit));
    kit.graph.addCall('in-a', TENANT_A);
    kit.graph.addCall('in-b', TENANT_B);
    await calls.answer(call('in-a', TENANT_A), {
      acceptedModalities: ['audio'],
    });
    await calls.answer(call('in-b', TENANT_B), {
      acceptedModalities: ['audio'],
    });
    await calls.hangUp(call('in-a', TENANT_A));
    expect(
      kit.graph.requests.map((r) => [r.callId, r.tokenTenantId, r.status]),
    ).toEqual([
      ['in-a', TENANT_A, 202],
      ['in-b', TENANT_B, 202],
      ['in-a', TENANT_A, 204],
    ]);
    expect(kit.tokens.issuedCount(TENANT_A)).toBe(1);
    expect(kit.tokens.issuedCount(TENANT_B)).toBe(1);
    // The fake refuses a token of another tenant: naming the wrong tenant fails.
    const error = await calls
      .hangUp(call('in-b', TENANT_A))
      .catch((e: unknown) => e);
    expect((error as GraphCallError).status).toBe(403);
    await app.close();
  });

  it('gets tokens with a certificate (a signed client assertion) instead of a secret', async () => {
    const { createLocalTlsCredentials } =
      await import('nestjs-calling-webhook/testing');
    const { X509Certificate } = await import('node:crypto');
    const certificate = await createLocalTlsCredentials();
    const clientId = '00000000-0000-0000-0000-0000000000c1';
    kit.tokens.registerCertificateClient(clientId, certificate.cert);
    const { app, calls } = await startControlApp(
      kit,
      controlOptions(kit, {
        credentials: {
          clientId,
          certificate: {
            thumbprintSha256: new X509Certificate(
              certificate.cert,
            ).fingerprint256.replace(/:/g, ''),
            privateKey: certificate.key,
          },
          networkClient: kit.tokens.networkClient,
        },
      }),
    );
    kit.graph.addCall('cert-call', TENANT_A);
    await calls.answer(call('cert-call'), { acceptedModalities: ['audio'] });
    expect(kit.graph.requests[0].status).toBe(202);
    expect(kit.tokens.issuedCount(TENANT_A)).toBe(1);
    await app.close();
  });

  it('says why when the authority refuses the credentials, without the secret', async () => {
    const secret = 'wrong-secret-value';
    const { app, calls } = await startControlApp(
      kit,
      controlOptions(kit, {
        credentials: {
          clientSecret: secret,
          networkClient: kit.tokens.networkClient,
        },
      }),
    );
    kit.graph.addCall('refused', TENANT_A);
    const error = await calls.hangUp(call('refused')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppTokenError);
    expect((error as AppTokenError).code).toBe('invalid_client');
    expect((error as Error).message).toContain('AADSTS7000215');
    expect((error as Error).message).not.toContain(secret);
    expect(kit.graph.requests).toHaveLength(0);
    await app.close();
  });

  it.each(HTTP_PLATFORMS)(
    'without credentials the webhook works on %s and CallControl says what to configure',
    async (platform) => {
      const { app, calls } = await startControlApp(
        kit,
        { graphBaseUrl: kit.graph.baseUrl },
        undefined,
        platform,
      );
      kit.graph.addCall('unconfigured', TENANT_A);
      const error = await calls
        .answer(call('unconfigured'), { acceptedModalities: ['audio'] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CallControlNotConfiguredError);
      expect((error as Error).message).toMatch(
        /credentials\.clientSecret or credentials\.certificate/,
      );
      expect(kit.graph.requests).toHaveLength(0);
      const res = await post(app, { token: kit.provider.mint() });
      expect(res.status).toBe(202);
      await app.close();
    },
  );
});

describe('CallControl: callbackUri from this instance', () => {
  let kit: ControlKit;
  beforeAll(async () => {
    kit = await startControlKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it('defaults to the partitioned URL when a partition is configured', async () => {
    const { app, calls } = await startControlApp(
      kit,
      controlOptions(kit, {
        partition: { id: 'p7', publicUrl: 'https://bot-7.contoso.com' },
      }),
    );
    kit.graph.addCall('part', TENANT_A);
    await calls.answer(call('part'), { acceptedModalities: ['audio'] });
    expect(kit.graph.requests.at(-1)?.body).toMatchObject({
      callbackUri: 'https://bot-7.contoso.com/api/calls/p7',
    });
    await app.close();
  });

  it('defaults to the public webhook URL without a partition, and a given one wins', async () => {
    const { app, calls } = await startControlApp(
      kit,
      controlOptions(kit, { publicUrl: 'https://bot.contoso.com' }),
    );
    kit.graph.addCall('pub', TENANT_A);
    await calls.answer(call('pub'), { acceptedModalities: ['audio'] });
    expect(kit.graph.requests.at(-1)?.body).toMatchObject({
      callbackUri: 'https://bot.contoso.com/api/calls',
    });
    await calls.answer(call('pub'), {
      acceptedModalities: ['audio'],
      callbackUri: 'https://elsewhere.contoso.com/cb',
    });
    expect(kit.graph.requests.at(-1)?.body).toMatchObject({
      callbackUri: 'https://elsewhere.contoso.com/cb',
    });
    await app.close();
  });
});

describe('CallControl options at start-up', () => {
  it('stop the application with one message naming each bad option', async () => {
    const kit = await startControlKit();
    const start = startControlApp(kit, {
      credentials: {},
      graphBaseUrl: 'http://graph.example.com/v1.0',
      graphRetry: { maxAttempts: 0 },
    });
    await expect(start).rejects.toBeInstanceOf(
      InvalidCallingWebhookOptionsError,
    );
    // One problem a line.
    await expect(start).rejects.toThrow(
      /\n {2}- credentials needs a clientSecret or a certificate; leave credentials out when the bot does not act on calls\n {2}- graphBaseUrl must be .*\n {2}- graphRetry\.maxAttempts must be/,
    );
    await kit.close();
  });
});
