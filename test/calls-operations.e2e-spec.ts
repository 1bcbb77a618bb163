import { randomUUID } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { Inject, Injectable } from '@nestjs/common';
import type { RecordOperation } from '@microsoft/microsoft-graph-types';
import {
  CallControl,
  CallEndedError,
  OnCallEstablished,
  OperationFailedError,
  OperationTimeoutError,
  type CallEstablishedEvent,
  type CallOperation,
  type CallReference,
  type OperationCompletedEvent,
} from 'nestjs-calling-webhook';
import {
  notifiedOperationId,
  operationCompletedNotification,
  type OutboundCall,
  type SimulatedCallOptions,
} from 'nestjs-calling-webhook/testing';
import {
  LifecycleLog,
  startCallsBot,
  type CallsBot,
} from './support/calls-kit.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';

const PROMPT = {
  prompts: [{ mediaInfo: { uri: 'https://cdn.contoso.com/hello.wav' } }],
};
const CALLEE = '112f7296-5fa4-42ca-bae8-6a692b15d4b8';
const FAILURE = { code: 500, subcode: 8510, message: 'Action failed.' };

/** Plays a prompt once a call it was told about is established, and awaits it in the handler. */
@Injectable()
class PromptInHandler {
  readonly callIds = new Set<string>();
  constructor(
    private readonly calls: CallControl,
    @Inject(LifecycleLog) private readonly log: LifecycleLog,
  ) {}

  @OnCallEstablished()
  async established(event: CallEstablishedEvent): Promise<void> {
    if (!this.callIds.has(event.callId)) return;
    const prompt = await this.calls.playPrompt(event, PROMPT);
    const done = await prompt.completed({ timeoutMs: 10_000 });
    this.log.runs.push({
      handler: `prompt ${done.status} in the established handler`,
      event,
    });
  }
}

type Start = (
  calls: CallControl,
  call: CallReference,
  callee: string,
) => Promise<CallOperation>;

// Operations Graph answers `running` and completes by a notification, and their Graph type.
const RUNNING: readonly [string, string, Start][] = [
  ['playPrompt', 'playPrompt', (c, call) => c.playPrompt(call, PROMPT)],
  [
    'recordResponse',
    'record',
    (c, call) => c.recordResponse(call, { maxRecordDurationInSeconds: 5 }),
  ],
  [
    'sendDtmfTones',
    'sendDtmfTones',
    (c, call) => c.sendDtmfTones(call, { tones: ['tone1', 'pound'] }),
  ],
  [
    'participants.invite',
    'inviteParticipants',
    (c, call) =>
      c.participants.invite(call, {
        participants: [{ identity: { user: { id: randomUUID() } } }],
      }),
  ],
  [
    'participants.startHoldMusic',
    'startHoldMusic',
    (c, call, callee) => c.participants.startHoldMusic(call, callee),
  ],
  [
    'participants.stopHoldMusic',
    'stopHoldMusic',
    (c, call, callee) => c.participants.stopHoldMusic(call, callee),
  ],
];

// Operations Graph answers `completed` at once (the v1.0 reference): no notification follows.
const AT_ONCE: readonly [string, string, Start][] = [
  ['subscribeToTone', 'subscribeToTone', (c, call) => c.subscribeToTone(call)],
  [
    'cancelMediaProcessing',
    'cancelMediaProcessing',
    (c, call) => c.cancelMediaProcessing(call),
  ],
  ['mute', 'muteParticipant', (c, call) => c.mute(call)],
  ['unmute', 'unmuteParticipant', (c, call) => c.unmute(call)],
  [
    'updateRecordingStatus',
    'updateRecordingStatus',
    (c, call) => c.updateRecordingStatus(call, { status: 'recording' }),
  ],
  [
    'participants.mute',
    'muteParticipant',
    (c, call, callee) => c.participants.mute(call, callee),
  ],
];

describe.each(HTTP_PLATFORMS)('operations that can be awaited (%s)', (http) => {
  let bot: CallsBot;
  beforeAll(async () => {
    bot = await startCallsBot(http);
  });
  afterAll(async () => {
    await bot.close();
  });

  /** The bot places a call; resolves once it is established, with the callee's participant id. */
  async function establishedCall(options: SimulatedCallOptions = {}) {
    const next = bot.platform.nextOutboundCall(options);
    const created = await bot.calls.create({
      tenantId: bot.platform.tenantId,
      targets: [{ identity: { user: { id: CALLEE } } }],
    });
    const call: OutboundCall = await next;
    await call.established();
    const callee =
      call.roster.find((p) => p.identity.id === CALLEE)?.id ?? 'none';
    return { created, call, callee };
  }

  it.each(RUNNING)(
    '%s: completes, fails, times out, and meets the call ending first',
    async (_name, type, start) => {
      const fast = await establishedCall();
      const done = await (
        await start(bot.calls, fast.created, fast.callee)
      ).completed({ timeoutMs: 10_000 });
      expect(done).toMatchObject({
        status: 'completed',
        resultInfo: { code: 200 },
      });
      await fast.call.delivery(`${type} completed`);

      fast.call.failNextOperation(type, FAILURE);
      const failing = await start(bot.calls, fast.created, fast.callee);
      const failed = await failing.completed().catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(OperationFailedError);
      expect(failed).toMatchObject({
        clientContext: failing.clientContext,
        operationType: type,
        resultInfo: { code: 500, subcode: 8510 },
      });

      const slow = await establishedCall({ operationDurationMs: 60_000 });
      const long = await start(bot.calls, slow.created, slow.callee);
      const timedOut = await long
        .completed({ timeoutMs: 100 })
        .catch((e: unknown) => e);
      expect(timedOut).toBeInstanceOf(OperationTimeoutError);
      expect(timedOut).toMatchObject({
        clientContext: long.clientContext,
        timeoutMs: 100,
      });
      // A wait that timed out leaves the operation pending: the next one meets the call's end.
      const waiting = long
        .completed({ timeoutMs: 10_000 })
        .catch((e: unknown) => e);
      await slow.call.hangUp();
      const ended = await waiting;
      expect(ended).toBeInstanceOf(CallEndedError);
      expect(ended).toMatchObject({
        callId: slow.created.callId,
        end: { code: 0, reason: 'hung up' },
      });
      await fast.call.hangUp();
    },
  );

  it.each(AT_ONCE)(
    '%s: Graph answers it finished, so it settles at once (completed, or failed)',
    async (_name, type, start) => {
      const { created, call, callee } = await establishedCall();
      const operation = await start(bot.calls, created, callee);
      expect(operation.status).toBe('completed');
      await expect(
        operation.completed({ timeoutMs: 1 }),
      ).resolves.toMatchObject({
        status: 'completed',
        clientContext: operation.clientContext,
      });
      call.failNextOperation(type, FAILURE);
      const failing = await start(bot.calls, created, callee);
      await expect(failing.completed({ timeoutMs: 1 })).rejects.toMatchObject({
        name: 'OperationFailedError',
        resultInfo: { code: 500, subcode: 8510 },
      });
      expect(
        (await bot.registry.get(created.callId))?.pendingOperations,
      ).toEqual({});
      await call.hangUp();
    },
  );

  it('gives a recording its location and access token, and the recording downloads with them', async () => {
    const { created, call } = await establishedCall();
    const recording = await bot.calls.recordResponse(created);
    const done: RecordOperation = await recording.completed();
    expect(done.recordingLocation).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(done.recordingAccessToken?.length).toBeGreaterThan(20);
    const download = await bot.calls.downloadRecording(done);
    const bytes = await buffer(download.stream);
    expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
    // The record of the call never holds the recording's access token.
    expect(
      JSON.stringify(await bot.registry.get(created.callId)),
    ).not.toContain(done.recordingAccessToken);
    await call.hangUp();
  });

  it('correlates by clientContext though Graph re-formats both ids, and still runs @OnOperationCompleted with the id first known', async () => {
    const { created, call } = await establishedCall();
    const prompt = await bot.calls.playPrompt(created, PROMPT);
    await prompt.completed();
    await call.delivery('playPrompt completed');
    const completion = bot.log.runs.find(
      (r) =>
        r.handler === 'operation' &&
        (r.event as OperationCompletedEvent).operation.clientContext ===
          prompt.clientContext,
    )?.event as OperationCompletedEvent;
    expect(completion.resourceUrl).toBe(
      `/communications/calls/${notifiedOperationId(created.callId)}/operations/${notifiedOperationId(prompt.id ?? '')}`,
    );
    expect(completion.callId).toBe(created.callId);
    await call.hangUp();
  });

  it('correlates by the re-formatted operation id when a completion echoes no clientContext', async () => {
    const { created, call } = await establishedCall({
      operationDurationMs: 60_000,
    });
    const prompt = await bot.calls.playPrompt(created, PROMPT);
    const waiting = prompt.completed();
    await call.notify(
      'playPrompt completed without clientContext',
      operationCompletedNotification(call.id, {
        id: prompt.id ?? '',
        type: 'playPrompt',
      }),
    );
    await expect(waiting).resolves.toMatchObject({
      status: 'completed',
      clientContext: null,
    });
    await call.hangUp();
  });

  it('tells two pending operations of one call apart, whichever completes first', async () => {
    const { created, call } = await establishedCall({
      operationDurationMs: 60_000,
    });
    const prompt = await bot.calls.playPrompt(created, PROMPT);
    const tones = await bot.calls.sendDtmfTones(created, { tones: ['tone5'] });
    expect(
      Object.keys(
        (await bot.registry.get(created.callId))?.pendingOperations ?? {},
      ).sort(),
    ).toEqual([prompt.clientContext, tones.clientContext].sort());
    // Handled from the start: the first settles while the test awaits the second.
    const first = prompt.completed().catch((e: unknown) => e);
    const second = tones.completed();
    await call.notify(
      'sendDtmfTones completed',
      operationCompletedNotification(call.id, {
        id: tones.id ?? '',
        type: 'sendDtmfTones',
        clientContext: tones.clientContext,
      }),
    );
    await expect(second).resolves.toMatchObject({
      clientContext: tones.clientContext,
    });
    expect(
      Object.keys(
        (await bot.registry.get(created.callId))?.pendingOperations ?? {},
      ),
    ).toEqual([prompt.clientContext]);
    await call.notify(
      'playPrompt completed',
      operationCompletedNotification(call.id, {
        id: prompt.id ?? '',
        type: 'playPrompt',
        clientContext: prompt.clientContext,
        status: 'failed',
        resultInfo: FAILURE,
      }),
    );
    expect(await first).toBeInstanceOf(OperationFailedError);
    await call.hangUp();
  });
});

describe.each(HTTP_PLATFORMS)(
  'a handler awaiting an operation of its own call (%s)',
  (http) => {
    it('is not deadlocked: the completion settles the wait on arrival and runs its own handlers after, in turn', async () => {
      // The platform delivers a call's notifications one after the other: the completion comes
      // only once the established notification was answered, here after a short budget.
      const bot = await startCallsBot(
        http,
        { acknowledgementBudgetMs: 300 },
        { providers: [PromptInHandler] },
      );
      try {
        const callId = randomUUID();
        bot.app.get(PromptInHandler).callIds.add(callId);
        const call = await bot.platform.placeCall({
          target: bot.target,
          callId,
          operationDurationMs: 100,
        });
        const established = await call.established();
        expect(established.result.status).toBe(202);
        await call.delivery('playPrompt completed');
        await vi.waitFor(
          () => expect(bot.log.of(callId)).toContain('operation'),
          { timeout: 10_000 },
        );
        const order = bot.log
          .of(callId)
          .filter((h) => h === 'operation' || h.startsWith('prompt'));
        expect(order).toEqual([
          'prompt completed in the established handler',
          'operation',
        ]);
        expect(
          bot.logs.lines.some(
            (l) =>
              l.startsWith('Handlers still running after 300 ms') &&
              l.endsWith(`{"callId":"${callId}"}`),
          ),
        ).toBe(true);
        await call.hangUp();
      } finally {
        await bot.close();
      }
    });
  },
);
