import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import { buffer } from 'node:stream/consumers';
import {
  CallControl,
  CallingWebhookModule,
  GraphCallError,
  OnCallNotification,
  OnIncomingCall,
  RecordingDownloadError,
  type AnyCallNotificationEvent,
  type IncomingCallEvent,
  type OperationCompletedEvent,
  type ParticipantsUpdatedEvent,
} from 'nestjs-calling-webhook';
import { LocalCallingPlatform } from 'nestjs-calling-webhook/testing';
import type { RecordOperation } from '@microsoft/microsoft-graph-types';
import { freePort } from './support/free-port.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { CapturedLogs, startNestApp } from './support/webhook-app.js';

/** What the bot's handlers saw, in order. */
@Injectable()
class Seen {
  readonly events: AnyCallNotificationEvent[] = [];
  of(callId: string): AnyCallNotificationEvent[] {
    return this.events.filter((e) => e.callId === callId);
  }
}

@Injectable()
class Bot {
  constructor(
    private readonly calls: CallControl,
    @Inject(Seen) private readonly seen: Seen,
  ) {}

  @OnIncomingCall()
  async answer(event: IncomingCallEvent): Promise<void> {
    await this.calls.answer(event, { acceptedModalities: ['audio'] });
  }

  @OnCallNotification()
  record(event: AnyCallNotificationEvent): void {
    this.seen.events.push(event);
  }
}

const reformatted = (id: string) => id.replace(/-/g, '').toUpperCase();
const callee = {
  identity: {
    user: { id: '112f7296-5fa4-42ca-bae8-6a692b15d4b8', displayName: 'John' },
  },
};

describe.each(HTTP_PLATFORMS)(
  'The local platform plays the calls a bot on %s places, and their operations, like Graph',
  (httpPlatform) => {
    let platform: LocalCallingPlatform;
    let app: INestApplication;
    let calls: CallControl;
    let seen: Seen;
    let publicUrl: string;
    const logs = new CapturedLogs();

    beforeAll(async () => {
      platform = await LocalCallingPlatform.start({ timeoutMs: 10_000 });
      // The callbackUri of placed calls names the bot's URL: its port is chosen first.
      const port = await freePort();
      publicUrl = `http://127.0.0.1:${port}`;
      app = await startNestApp(
        {
          imports: [
            CallingWebhookModule.forRoot({
              ...platform.webhookOptions(),
              publicUrl,
              graphRetry: { maxAttempts: 1 },
            }),
          ],
          providers: [Seen, Bot],
        },
        logs,
        { platform: httpPlatform, port },
      );
      calls = app.get(CallControl);
      seen = app.get(Seen);
    });
    afterAll(async () => {
      await app?.close();
      await platform?.close();
    });

    /** The bot places a call; resolves once the platform established it with the bot. */
    async function establishedCall(
      options: Parameters<LocalCallingPlatform['nextOutboundCall']>[0] = {},
    ) {
      const next = platform.nextOutboundCall(options);
      const created = await calls.create({
        tenantId: platform.tenantId,
        targets: [callee],
      });
      const call = await next;
      await call.established();
      return { created, call };
    }

    it('sends establishing, established and the roster of a placed call to its callbackUri', async () => {
      const { created, call } = await establishedCall();
      expect(call.id).toBe(created.callId);
      expect(platform.outboundCall(created.callId)).toBe(call);
      expect(call.state).toBe('established');
      await call.delivery('participants');
      expect(
        call.deliveries.map((d) => [d.what, d.result.finalUrl, d.accepted]),
      ).toEqual([
        ['establishing', `${publicUrl}/api/calls`, true],
        ['established', `${publicUrl}/api/calls`, true],
        ['participants', `${publicUrl}/api/calls`, true],
      ]);
      expect(seen.of(call.id).map((e) => e.kind)).toEqual([
        'call',
        'call',
        'participants',
      ]);
      const roster = seen.of(call.id)[2] as ParticipantsUpdatedEvent;
      expect(
        roster.participants.map((p) => p.info?.identity?.user?.id),
      ).toContain('112f7296-5fa4-42ca-bae8-6a692b15d4b8');
      expect(roster.tenantId).toBe(platform.tenantId);
    });

    it('plays a meeting join the same way, the organizer in the roster', async () => {
      const organizer = '550fae72-d251-43ec-868c-373732c2704f';
      const thread =
        '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2';
      const next = platform.nextOutboundCall();
      const joined = await calls.joinMeeting({
        joinLink: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0?context=${encodeURIComponent(
          JSON.stringify({ Tid: platform.tenantId, Oid: organizer }),
        )}`,
      });
      const call = await next;
      await call.delivery('participants');
      expect(call.request).toMatchObject({ chatInfo: { threadId: thread } });
      const roster = seen
        .of(joined.callId)
        .find((e) => e.kind === 'participants') as ParticipantsUpdatedEvent;
      expect(
        roster.participants.map((p) => p.info?.identity?.user?.id),
      ).toContain(organizer);
    });

    it('answers an operation running, then completes it by a notification: id upper case without dashes, clientContext echoed', async () => {
      const { created, call } = await establishedCall();
      const prompt = await calls.playPrompt(created, {
        prompts: [{ mediaInfo: { uri: 'https://cdn.contoso.com/hello.wav' } }],
      });
      const tones = await calls.sendDtmfTones(created, {
        tones: ['tone1', 'pound'],
      });
      expect([prompt.status, tones.status]).toEqual(['running', 'running']);
      await call.delivery('playPrompt completed');
      await call.delivery('sendDtmfTones completed');
      const completions = seen
        .of(call.id)
        .filter((e): e is OperationCompletedEvent => e.kind === 'operation');
      expect(
        completions.map((e) => [
          e.operationType,
          e.operationId,
          e.operation.clientContext,
          e.operation.status,
        ]),
      ).toEqual([
        [
          'playPrompt',
          reformatted(prompt.id ?? ''),
          prompt.clientContext,
          'completed',
        ],
        [
          'sendDtmfTones',
          reformatted(tones.id ?? ''),
          tones.clientContext,
          'completed',
        ],
      ]);
      expect(completions[0].operationId).not.toBe(prompt.id);
      expect(
        call.operations.map((o) => [o.type, o.status, o.clientContext]),
      ).toEqual([
        ['playPrompt', 'completed', prompt.clientContext],
        ['sendDtmfTones', 'completed', tones.clientContext],
      ]);
    });

    it('completes a recordResponse with a recording the bot downloads with its token, and nobody else', async () => {
      const { created, call } = await establishedCall();
      const started = await calls.recordResponse(created, {
        maxRecordDurationInSeconds: 10,
      });
      await call.delivery('record completed');
      const completed = seen
        .of(call.id)
        .find(
          (e): e is OperationCompletedEvent<RecordOperation> =>
            e.kind === 'operation',
        );
      const operation = completed?.operation;
      expect(operation).toMatchObject({
        clientContext: started.clientContext,
        status: 'completed',
      });
      const location = operation?.recordingLocation ?? '';
      const token = operation?.recordingAccessToken ?? '';
      expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/recordings\//);
      expect(token.length).toBeGreaterThan(20);

      const download = await calls.downloadRecording({
        recordingLocation: location,
        recordingAccessToken: token,
      });
      const bytes = await buffer(download.stream);
      const kept = platform.graph.recording(location);
      expect(bytes.equals(kept?.bytes ?? Buffer.alloc(0))).toBe(true);
      expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
      expect(download.contentLength).toBe(bytes.length);

      const refused = await calls
        .downloadRecording({
          recordingLocation: location,
          recordingAccessToken: `${token}x`,
        })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RecordingDownloadError);
      expect((refused as RecordingDownloadError).status).toBe(401);
      expect(kept).toMatchObject({ downloads: 1, refusals: 1 });
      for (const text of [
        String(refused),
        JSON.stringify(refused),
        ...logs.lines,
      ])
        expect(text).not.toContain(token);

      // Graph discards the recording once the call ended.
      await calls.hangUp(created);
      await call.terminated();
      const gone = await calls
        .downloadRecording({
          recordingLocation: location,
          recordingAccessToken: token,
        })
        .catch((e: unknown) => e);
      expect((gone as RecordingDownloadError).status).toBe(404);
    });

    it('fails the running prompt and recording on cancelMediaProcessing (400/8508)', async () => {
      const { created, call } = await establishedCall({
        operationDurationMs: 60_000,
      });
      await calls.playPrompt(created, {
        prompts: [{ mediaInfo: { uri: 'https://cdn.contoso.com/long.wav' } }],
      });
      const record = await calls.recordResponse(created);
      const cancel = await calls.cancelMediaProcessing(created);
      expect(cancel.status).toBe('completed');
      await call.delivery('playPrompt failed');
      await call.delivery('record failed');
      const failed = seen
        .of(call.id)
        .filter(
          (e): e is OperationCompletedEvent<RecordOperation> =>
            e.kind === 'operation',
        );
      expect(
        failed.map((e) => [
          e.operationType,
          e.operation.status,
          e.resultInfo?.code,
          e.resultInfo?.subcode,
        ]),
      ).toEqual([
        ['playPrompt', 'failed', 400, 8508],
        ['record', 'failed', 400, 8508],
      ]);
      expect(failed[1].operation).toMatchObject({
        clientContext: record.clientContext,
        recordingLocation: '',
        recordingAccessToken: '',
      });
      await expect(
        calls.downloadRecording(failed[1].operation),
      ).rejects.toBeInstanceOf(RecordingDownloadError);
      expect(call.operations.map((o) => o.status)).toEqual([
        'failed',
        'failed',
        'completed',
      ]);
    });

    it('counts keepAlives per call', async () => {
      const first = await establishedCall();
      const second = await establishedCall();
      await calls.keepAlive(first.created);
      await calls.keepAlive(first.created);
      await calls.keepAlive(second.created);
      expect(first.call.keepAlives).toHaveLength(2);
      expect(first.call.keepAlives[1]).toBeGreaterThanOrEqual(
        first.call.keepAlives[0],
      );
      expect(second.call.keepAlives).toHaveLength(1);
    });

    it('answers 404 to the keepAlive of a call it lost: the call is gone', async () => {
      const { created, call } = await establishedCall();
      call.forget();
      const error = await calls.keepAlive(created).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GraphCallError);
      expect((error as GraphCallError).status).toBe(404);
      expect(call.deliveries.some((d) => d.what === 'terminated')).toBe(false);
    });

    it('ends a call that missed its keepAlive: terminated with 408/8537 "Keep Alive timeout", placed or answered', async () => {
      const { created, call } = await establishedCall({
        keepAliveTimeoutMs: 300,
      });
      await call.terminated();
      expect(call.hungUpBy).toBe('platform');
      const ended = seen.of(call.id).at(-1);
      expect(ended?.resource).toMatchObject({
        state: 'terminated',
        resultInfo: { code: 408, subcode: 8537, message: 'Keep Alive timeout' },
      });
      const late = await calls.keepAlive(created).catch((e: unknown) => e);
      expect((late as GraphCallError).status).toBe(404);

      const incoming = await platform.placeCall({
        target: `${publicUrl}/api/calls`,
        keepAliveTimeoutMs: 300,
      });
      await incoming.answered();
      await incoming.terminated();
      expect(incoming.hungUpBy).toBe('platform');
    });

    it('adds the invited to the roster: the invite completes, then a roster with them', async () => {
      const { created, call } = await establishedCall();
      const invited = '278405a3-f568-4b3e-b684-009193463064';
      const invite = await calls.participants.invite(created, {
        participants: [
          { identity: { user: { id: invited, displayName: 'Ann' } } },
        ],
      });
      await call.delivery('inviteParticipants completed');
      await vi.waitFor(
        () =>
          expect(
            call.deliveries.filter((d) => d.what === 'participants'),
          ).toHaveLength(2),
        { timeout: 10_000 },
      );
      await call.idle();
      const events = seen.of(call.id);
      const completion = events.find(
        (e): e is OperationCompletedEvent => e.kind === 'operation',
      );
      expect(completion?.operation.clientContext).toBe(invite.clientContext);
      const roster = events
        .filter((e): e is ParticipantsUpdatedEvent => e.kind === 'participants')
        .at(-1);
      expect(
        roster?.participants.map((p) => p.info?.identity?.user?.id),
      ).toContain(invited);
      const listed = await calls.participants.list(created);
      const ann = listed.find((p) => p.info?.identity?.user?.id === invited);
      await calls.participants.mute(created, ann?.id ?? '');
      await vi.waitFor(
        () =>
          expect(
            call.deliveries.filter((d) => d.what === 'participants'),
          ).toHaveLength(3),
        { timeout: 10_000 },
      );
      expect(
        (await calls.participants.list(created)).find((p) => p.id === ann?.id)
          ?.isMuted,
      ).toBe(true);
    });

    it('can deliver a notification twice: the same message id, the handlers run once', async () => {
      const { call } = await establishedCall({ deliverTwice: ['established'] });
      await call.idle();
      const established = call.deliveries.filter(
        (d) => d.what === 'established',
      );
      expect(established.map((d) => d.result.status)).toEqual([202, 202]);
      const [first, again] = established.map(
        (d) => d.result.hops.at(-1)?.messageId,
      );
      expect(again).toBe(first);
      expect(seen.of(call.id).filter((e) => e.kind === 'call')).toHaveLength(2);
    });

    it('can deliver notifications out of order: established before establishing', async () => {
      const { call } = await establishedCall({
        deliverOutOfOrder: [['establishing', 'established']],
      });
      await call.idle();
      await call.delivery('establishing');
      expect(call.deliveries.map((d) => d.what)).toEqual([
        'established',
        'establishing',
        'participants',
      ]);
      expect(call.state).toBe('established');
      const states = seen
        .of(call.id)
        .filter((e) => e.kind === 'call')
        .map((e) => (e.resource as { state?: string }).state);
      expect(states).toEqual(['established', 'establishing']);
    });
  },
);
