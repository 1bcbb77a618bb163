import {
  Controller,
  Inject,
  Injectable,
  Scope,
  type INestApplication,
} from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import {
  OnCallNotification,
  OnCallStateChanged,
  OnIncomingCall,
  OnOperationCompleted,
  type AnyCallNotificationEvent,
  type CallEvent,
  type OperationCompletedEvent,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import {
  EventRecorder,
  graphFixture,
  postNotification,
} from './support/events-kit.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { CapturedLogs, startWebhookApp } from './support/webhook-app.js';

const INCOMING = 'v1.0__call-answer__01__notification-incoming.json';
const ESTABLISHING = 'v1.0__call-answer__02__notification-establishing.json';
const ESTABLISHED = 'v1.0__call-answer__03__notification-established.json';
const TERMINATED = 'v1.0__call-delete__02__notification-terminated.json';
const PLAY_PROMPT =
  'v1.0__call-playprompt__01__notification-operation-completed.json';
const RECORD = 'v1.0__call-record__01__notification-operation-completed.json';
const INVITE =
  'v1.0__participant-invite__01__notification-operation-completed.json';
const ROSTER =
  'v1.0__call-mute__01__notification-roster-updated-with-participant-muted.fixed.json';

@Injectable()
class FilteredHandlers {
  constructor(
    @Inject(EventRecorder) private readonly recorder: EventRecorder,
  ) {}

  @OnIncomingCall()
  @OnCallStateChanged('terminated')
  stacked(event: CallEvent): void {
    this.recorder.record('stacked', event);
  }

  @OnIncomingCall()
  @OnCallNotification()
  onceEach(event: AnyCallNotificationEvent): void {
    this.recorder.record('onceEach', event);
  }

  @OnCallStateChanged(['established', 'terminated'])
  someStates(event: CallEvent): void {
    this.recorder.record('someStates', event);
  }

  @OnOperationCompleted('playPrompt')
  prompts(event: OperationCompletedEvent): void {
    this.recorder.record('prompts', event);
  }

  @OnOperationCompleted(['invite', 'RECORD'])
  invitesAndRecordings(event: OperationCompletedEvent): void {
    this.recorder.record('invitesAndRecordings', event);
  }

  @OnCallNotification({ kind: 'participants' })
  rosters(event: AnyCallNotificationEvent): void {
    this.recorder.record('rosters', event);
  }

  @OnCallNotification({ changeType: 'DELETED', odataType: 'recordOperation' })
  deletedRecordings(event: AnyCallNotificationEvent): void {
    this.recorder.record('deletedRecordings', event);
  }

  @OnCallNotification({ kind: 'other' })
  others(event: AnyCallNotificationEvent): void {
    this.recorder.record('others', event);
  }
}

/** Request-scoped: Nest builds one per notification; it remembers which request it was built for. */
@Injectable({ scope: Scope.REQUEST })
class ScopedHandlers {
  static built = 0;
  readonly serial = ++ScopedHandlers.built;

  constructor(
    @Inject(EventRecorder) private readonly recorder: EventRecorder,
    @Inject(REQUEST) readonly request: { headers: Record<string, string> },
  ) {}

  @OnCallStateChanged()
  state(event: AnyCallNotificationEvent): void {
    this.recorder.record(
      `scoped#${this.serial} ${this.request.headers['x-microsoft-skype-chain-id']}`,
      event,
    );
  }

  @OnCallNotification({ kind: 'call' })
  alsoState(event: AnyCallNotificationEvent): void {
    this.recorder.record(`scopedAlso#${this.serial}`, event);
  }
}

@Controller('not-the-webhook')
class HandlersOnAController {
  constructor(
    @Inject(EventRecorder) private readonly recorder: EventRecorder,
  ) {}

  @OnIncomingCall()
  incoming(event: AnyCallNotificationEvent): void {
    this.recorder.record('controller', event);
  }
}

describe.each(HTTP_PLATFORMS)('%s: call event handlers', (platform) => {
  let provider: LocalOpenIdProvider;
  let app: INestApplication<App>;
  const recorder = new EventRecorder();
  const logs = new CapturedLogs();
  const post = (body: unknown, headers?: Record<string, string>) =>
    postNotification(app, provider, body, headers);
  const twoOf = (first: string, second: string) => ({
    value: [graphFixture(first).value[0], graphFixture(second).value[0]],
  });

  beforeAll(async () => {
    provider = await LocalOpenIdProvider.start();
    // Each test replays Microsoft's examples of one call on their own: without call state, which
    // would end that call at its first terminated example (calls-lifecycle tests the lifecycle).
    app = await startWebhookApp(provider, { callState: false }, logs, {
      platform,
      providers: [
        { provide: EventRecorder, useValue: recorder },
        FilteredHandlers,
        ScopedHandlers,
      ],
      controllers: [HandlersOnAController],
    });
  });
  afterAll(async () => {
    await app.close();
    await provider.close();
  });
  beforeEach(() => recorder.clear());

  it('logs each handler it found with its decorators', () => {
    expect(logs.lines).toContain(
      "Call event handler FilteredHandlers.stacked @OnIncomingCall() @OnCallStateChanged('terminated')",
    );
    expect(logs.lines).toContain(
      'Call event handler HandlersOnAController.incoming @OnIncomingCall()',
    );
    expect(logs.lines.some((l) => l.includes('No call event handlers'))).toBe(
      false,
    );
  });

  it('runs a method with stacked decorators for each, and once when both match', async () => {
    expect((await post(graphFixture(INCOMING))).status).toBe(202);
    expect((await post(graphFixture(TERMINATED))).status).toBe(202);
    const handlers = recorder.handlers();
    expect(handlers.filter((h) => h === 'stacked')).toHaveLength(2);
    // @OnIncomingCall() and @OnCallNotification() both match the incoming call: one run.
    expect(handlers.filter((h) => h === 'onceEach')).toHaveLength(2);
  });

  it('finds handlers on controllers too', async () => {
    await post(graphFixture(INCOMING));
    expect(recorder.handlers()).toContain('controller');
  });

  it('filters call states', async () => {
    await post(graphFixture(ESTABLISHING));
    expect(recorder.handlers()).not.toContain('someStates');
    await post(graphFixture(ESTABLISHED));
    await post(graphFixture(TERMINATED));
    expect(recorder.handlers().filter((h) => h === 'someStates')).toHaveLength(
      2,
    );
  });

  it('filters operation types from @odata.type, any case, "invite" for inviteParticipants', async () => {
    await post(graphFixture(PLAY_PROMPT));
    expect(recorder.handlers()).toContain('prompts');
    expect(recorder.handlers()).not.toContain('invitesAndRecordings');
    recorder.clear();
    await post(graphFixture(RECORD));
    await post(graphFixture(INVITE));
    expect(recorder.handlers()).not.toContain('prompts');
    expect(
      recorder.handlers().filter((h) => h === 'invitesAndRecordings'),
    ).toHaveLength(2);
  });

  it('filters the catch-all on kind, change type and @odata.type', async () => {
    await post(graphFixture(ROSTER));
    expect(recorder.handlers()).toContain('rosters');
    expect(recorder.handlers()).not.toContain('deletedRecordings');
    recorder.clear();
    await post(graphFixture(RECORD));
    expect(recorder.handlers()).toContain('deletedRecordings');
    expect(recorder.handlers()).not.toContain('rosters');
  });

  it('gives a notification of a kind no decorator names to the catch-alls only', async () => {
    const body = graphFixture(ESTABLISHED);
    body.value[0].resourceUrl =
      '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/audioRoutingGroups/abc';
    body.value[0].resourceData = {
      '@odata.type': '#microsoft.graph.audioRoutingGroup',
    };
    expect((await post(body)).status).toBe(202);
    expect(recorder.handlers().sort()).toEqual(['onceEach', 'others']);
    expect(recorder.seen[0].event).toMatchObject({
      kind: 'other',
      callId: '57DAB8B1894C409AB240BD8BEAE78896',
      odataType: '#microsoft.graph.audioRoutingGroup',
    });
  });

  it('runs the notifications of one body in order, with the platform headers', async () => {
    const res = await post(twoOf(ESTABLISHING, ESTABLISHED), {
      'X-Microsoft-Skype-Message-ID': 'message-1',
      'X-Microsoft-Skype-Chain-ID': 'chain-1',
      'Scenario-Id': 'scenario-1',
    });
    expect(res.status).toBe(202);
    const states = recorder.seen
      .filter((s) => s.handler === 'onceEach')
      .map((s) => (s.event.kind === 'call' ? s.event.state : s.event.kind));
    expect(states).toEqual(['establishing', 'established']);
    const { headers, index } = recorder.seen.filter(
      (s) => s.handler === 'onceEach',
    )[1].event;
    expect(index).toBe(1);
    expect(headers).toMatchObject({
      messageId: 'message-1',
      chainId: 'chain-1',
      scenarioId: 'scenario-1',
    });
    expect(headers.raw['authorization']).toBeUndefined();
  });

  it('builds a request-scoped handler fresh for each notification', async () => {
    const before = ScopedHandlers.built;
    await post(twoOf(ESTABLISHING, ESTABLISHED), {
      'X-Microsoft-Skype-Message-ID': 'scoped-1',
      'X-Microsoft-Skype-Chain-ID': 'chain-scoped',
    });
    const scoped = recorder.handlers().filter((h) => h.startsWith('scoped'));
    expect(ScopedHandlers.built - before).toBe(2);
    // Two methods of the provider, one notification: the same instance serves both.
    expect(scoped.slice(0, 2).sort()).toEqual([
      `scoped#${before + 1} chain-scoped`,
      `scopedAlso#${before + 1}`,
    ]);
    expect(scoped.slice(2).sort()).toEqual([
      `scoped#${before + 2} chain-scoped`,
      `scopedAlso#${before + 2}`,
    ]);
  });

  it('tolerates a resourceUrl without its leading slash and enum values in any case', async () => {
    const body = graphFixture(ESTABLISHED);
    const item = body.value[0];
    item.resourceUrl = String(item.resourceUrl).slice(1);
    item.changeType = 'Updated';
    (item.resourceData as Record<string, unknown>).state = 'ESTABLISHED';
    expect((await post(body)).status).toBe(202);
    expect(recorder.handlers()).toContain('someStates');
    expect(recorder.seen[0].event).toMatchObject({
      changeType: 'updated',
      state: 'established',
      resourceUrl: '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896',
    });
  });

  it.each([
    [
      'a notification without changeType',
      { value: [{ resourceUrl: '/communications/calls/1' }] },
      'changeType',
    ],
    [
      'neither resourceUrl nor resource',
      { value: [{ changeType: 'updated' }] },
      'resourceUrl',
    ],
    [
      'resourceData that is a string',
      {
        value: [
          {
            changeType: 'updated',
            resourceUrl: '/communications/calls/1',
            resourceData: 'x',
          },
        ],
      },
      'resourceData',
    ],
    [
      'a resource naming no call',
      {
        value: [
          {
            changeType: 'updated',
            resourceUrl: '/communications/onlineMeetings/1',
          },
        ],
      },
      'names no call',
    ],
  ])(
    'answers 400 with a short reason to %s, and runs nothing',
    async (_label, body, reason) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      const message = String((res.body as { message?: unknown }).message);
      expect(message).toContain(reason);
      expect(message.length).toBeLessThan(200);
      expect(recorder.seen).toHaveLength(0);
    },
  );
});

describe.each(HTTP_PLATFORMS)(
  '%s: an app without call event handlers',
  (platform) => {
    it('warns at start-up, and still acknowledges notifications', async () => {
      const provider = await LocalOpenIdProvider.start();
      const logs = new CapturedLogs();
      const app = await startWebhookApp(provider, {}, logs, { platform });
      try {
        expect(
          logs.lines.some((l) => l.startsWith('No call event handlers found')),
        ).toBe(true);
        const res = await postNotification(
          app,
          provider,
          graphFixture(INCOMING),
        );
        expect(res.status).toBe(202);
      } finally {
        await app.close();
        await provider.close();
      }
    });
  },
);
