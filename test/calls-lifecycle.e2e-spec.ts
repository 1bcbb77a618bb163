import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  OnCallEstablished,
  OnParticipantsUpdated,
  type CallEstablishedEvent,
  type ParticipantsUpdatedEvent,
} from 'nestjs-calling-webhook';
import {
  callStateNotification,
  callTerminatedNotification,
  participantsNotification,
  toneNotification,
} from 'nestjs-calling-webhook/testing';
import {
  LifecycleLog,
  startCallsBot,
  type CallsBot,
} from './support/calls-kit.js';
import { deferred, postNotification } from './support/events-kit.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';

const WAIT = { timeout: 10_000 };

/** Fails the first established notification of the calls it is told about. */
@Injectable()
class FailsFirstEstablished {
  readonly callIds = new Set<string>();
  runs = 0;

  @OnCallEstablished()
  established(event: CallEstablishedEvent): void {
    if (!this.callIds.has(event.callId)) return;
    this.runs++;
    if (this.runs === 1) throw new Error('first attempt fails');
  }
}

/** Roster handler that takes its time: it holds each call until the test lets it go. */
@Injectable()
class SlowRosters {
  readonly held = new Map<string, ReturnType<typeof deferred<void>>>();
  readonly steps: string[] = [];
  constructor(@Inject(LifecycleLog) private readonly log: LifecycleLog) {}

  @OnParticipantsUpdated()
  async roster(event: ParticipantsUpdatedEvent): Promise<void> {
    const label = `${event.callId.slice(0, 4)}:${event.participants[0]?.id}`;
    this.steps.push(`start ${label}`);
    await this.held.get(event.callId)?.promise;
    // A moment of work, so that two runs of one call would overlap if they could.
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.steps.push(`end ${label}`);
  }
}

const roster = (callId: string, participant: string) =>
  participantsNotification(callId, [
    { id: participant, identity: { id: participant }, kind: 'user' },
  ]);

describe.each(HTTP_PLATFORMS)('call lifecycle (%s)', (http) => {
  let bot: CallsBot;
  beforeAll(async () => {
    bot = await startCallsBot(
      http,
      { acknowledgementBudgetMs: 300 },
      { providers: [FailsFirstEstablished, SlowRosters] },
    );
  });
  afterAll(async () => {
    await bot.close();
  });
  const post = (body: unknown) =>
    postNotification(bot.app, bot.platform.openId, body);

  it('runs @OnCallEstablished once when established comes twice (a redelivery, then a new message)', async () => {
    const call = await bot.platform.placeCall({
      target: bot.target,
      deliverTwice: ['established'],
    });
    await call.delivery('participants');
    await call.idle();
    expect(
      (await post(callStateNotification(call.id, 'established'))).status,
    ).toBe(202);
    expect(bot.log.count(call.id, 'established')).toBe(1);
    expect(
      bot.log.runs.filter(
        (r) =>
          r.event.callId === call.id &&
          r.handler === 'stateChanged' &&
          r.event.kind === 'call' &&
          r.event.state === 'established',
      ),
    ).toHaveLength(1);
    // The catch-alls saw every notification except the redelivery (a duplicate).
    expect(bot.log.count(call.id, 'any')).toBe(5);
    await call.hangUp();
  });

  it('does not move back for an establishing that comes after established, nor run its handlers', async () => {
    const call = await bot.platform.placeCall({
      target: bot.target,
      deliverOutOfOrder: [['establishing', 'established']],
    });
    await call.delivery('establishing');
    await call.idle();
    expect(call.deliveries.map((d) => d.what)).toEqual([
      'incoming call',
      'established',
      'establishing',
      'participants',
    ]);
    const states = bot.log.runs
      .filter((r) => r.event.callId === call.id && r.handler === 'stateChanged')
      .map((r) => (r.event.kind === 'call' ? r.event.state : undefined));
    expect(states).toEqual(['incoming', 'established']);
    expect(bot.log.count(call.id, 'established')).toBe(1);
    // The raw notification still reached the catch-alls.
    expect(
      bot.log.runs.some(
        (r) =>
          r.event.callId === call.id &&
          r.handler === 'any' &&
          r.event.kind === 'call' &&
          r.event.state === 'establishing',
      ),
    ).toBe(true);
    expect((await bot.registry.get(call.id))?.state).toBe('established');
    await call.hangUp();
  });

  it('after terminated runs only the catch-alls, and the record says why the call ended', async () => {
    const call = await bot.platform.placeCall({ target: bot.target });
    await call.delivery('participants');
    await call.hangUp();
    const before = bot.log.of(call.id).length;
    for (const body of [
      callStateNotification(call.id, 'established'),
      roster(call.id, 'late'),
      toneNotification(call.id, 'tone5'),
      callTerminatedNotification(call.id, { code: 0, subcode: 0 }),
    ])
      expect((await post(body)).status).toBe(202);
    expect(bot.log.of(call.id).slice(before)).toEqual([
      'any',
      'any',
      'any',
      'any',
    ]);
    expect(bot.log.count(call.id, 'terminated')).toBe(1);
    const record = await bot.registry.get(call.id);
    expect(record).toMatchObject({
      callId: call.id,
      tenantId: call.tenantId,
      direction: 'incoming',
      state: 'terminated',
      established: true,
      keepAlive: true,
      end: { code: 0, reason: 'hung up' },
      pendingOperations: {},
    });
    // The roster as the platform sent it before the call ended, by participant id.
    expect(Object.keys(record?.participants ?? {}).sort()).toEqual(
      call.roster.map((p) => p.id).sort(),
    );
  });

  it('runs @OnCallEstablished again when the platform retries the delivery its handler failed', async () => {
    const failing = bot.app.get(FailsFirstEstablished);
    const callId = randomUUID();
    failing.callIds.add(callId);
    const call = await bot.platform.placeCall({
      target: bot.target,
      callId,
      deliverTwice: ['established'],
    });
    await call.idle();
    const established = call.deliveries.filter((d) => d.what === 'established');
    expect(established.map((d) => d.result.status)).toEqual([500, 202]);
    expect(failing.runs).toBe(2);
    await call.hangUp();
  });

  it('dispatches one call’s notifications one after the other across concurrent requests', async () => {
    const slow = bot.app.get(SlowRosters);
    const callId = randomUUID();
    const label = callId.slice(0, 4);
    const answers = await Promise.all(
      ['p1', 'p2', 'p3', 'p4'].map((p) => post(roster(callId, p))),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    const steps = slow.steps.filter((s) => s.includes(`${label}:`));
    expect(steps).toHaveLength(8);
    // Strictly alternating: no run of this call started before the previous one ended.
    steps.forEach((step, i) =>
      expect(step.startsWith(i % 2 === 0 ? 'start' : 'end')).toBe(true),
    );
  });

  it('runs different calls side by side: one held call does not hold another', async () => {
    const slow = bot.app.get(SlowRosters);
    const [held, free] = [randomUUID(), randomUUID()];
    const gate = deferred();
    slow.held.set(held, gate);
    const heldAnswer = post(roster(held, 'h1')).then((a) => a);
    await vi.waitFor(
      () => expect(slow.steps).toContain(`start ${held.slice(0, 4)}:h1`),
      WAIT,
    );
    expect((await post(roster(free, 'f1'))).status).toBe(202);
    expect(slow.steps).toContain(`end ${free.slice(0, 4)}:f1`);
    expect(slow.steps).not.toContain(`end ${held.slice(0, 4)}:h1`);
    gate.resolve();
    expect((await heldAnswer).status).toBe(202);
  });

  it('answers 202 for a notification queued behind a long handler of its call once the budget passed, and runs it later, in order', async () => {
    const slow = bot.app.get(SlowRosters);
    const callId = randomUUID();
    const label = callId.slice(0, 4);
    const gate = deferred();
    slow.held.set(callId, gate);
    const first = post(roster(callId, 'a')).then((a) => a);
    await vi.waitFor(
      () => expect(slow.steps).toContain(`start ${label}:a`),
      WAIT,
    );
    const queued = await post(roster(callId, 'b'));
    // Answered within the budget's reach although its handler has not run yet.
    expect(queued.status).toBe(202);
    expect(slow.steps).not.toContain(`start ${label}:b`);
    expect((await first).status).toBe(202);
    slow.held.delete(callId);
    gate.resolve();
    await vi.waitFor(
      () => expect(slow.steps).toContain(`end ${label}:b`),
      WAIT,
    );
    expect(slow.steps.filter((s) => s.includes(`${label}:`))).toEqual([
      `start ${label}:a`,
      `end ${label}:a`,
      `start ${label}:b`,
      `end ${label}:b`,
    ]);
  });
});

describe.each(HTTP_PLATFORMS)('callState: false (%s)', (http) => {
  it('dispatches each notification as it comes, keeps no record, and says so when asked to wait', async () => {
    const bot = await startCallsBot(http, { callState: false });
    try {
      const call = await bot.platform.placeCall({ target: bot.target });
      await call.delivery('participants');
      const again = await postNotification(
        bot.app,
        bot.platform.openId,
        callStateNotification(call.id, 'established'),
      );
      expect(again.status).toBe(202);
      expect(bot.log.count(call.id, 'established')).toBe(2);
      expect(await bot.registry.get(call.id)).toBeUndefined();
      const ref = { callId: call.id, tenantId: call.tenantId };
      const prompt = await bot.calls.playPrompt(ref, {
        prompts: [{ mediaInfo: { uri: 'https://cdn.contoso.com/a.wav' } }],
      });
      await expect(prompt.completed()).rejects.toThrow(
        /needs call state: remove callState: false/,
      );
      expect(() => bot.registry.nextTone(ref)).toThrow(/needs call state/);
      expect(call.keepAlives).toEqual([]);
      await call.hangUp();
    } finally {
      await bot.close();
    }
  });
});
