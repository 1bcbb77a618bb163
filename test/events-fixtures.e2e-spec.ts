import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import {
  OnCallEstablished,
  OnCallNotification,
  OnCallStateChanged,
  OnCallTerminated,
  OnIncomingCall,
  OnOperationCompleted,
  OnParticipantsUpdated,
  OnToneReceived,
  type AnyCallNotificationEvent,
  type CallStateChangedEvent,
  type CallTerminatedEvent,
  type IncomingCallEvent,
  type OperationCompletedEvent,
  type ParticipantsUpdatedEvent,
  type ToneReceivedEvent,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import type { App } from 'supertest/types.js';
import { EventRecorder, postNotification } from './support/events-kit.js';
import { FIXTURES_DIR, fixtureText } from './support/fixture-files.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { startWebhookApp } from './support/webhook-app.js';

type Fired =
  | 'incoming'
  | 'stateChanged'
  | 'established'
  | 'terminated'
  | 'participants'
  | 'operation'
  | 'tone';

@Injectable()
class EveryDecorator {
  constructor(
    @Inject(EventRecorder) private readonly recorder: EventRecorder,
  ) {}

  @OnIncomingCall()
  incoming(event: IncomingCallEvent): void {
    this.recorder.record('incoming', event);
  }
  @OnCallStateChanged()
  stateChanged(event: CallStateChangedEvent): void {
    this.recorder.record('stateChanged', event);
  }
  @OnCallEstablished()
  established(event: CallStateChangedEvent): void {
    this.recorder.record('established', event);
  }
  @OnCallTerminated()
  terminated(event: CallTerminatedEvent): void {
    this.recorder.record('terminated', event);
  }
  @OnParticipantsUpdated()
  participants(event: ParticipantsUpdatedEvent): void {
    this.recorder.record('participants', event);
  }
  @OnOperationCompleted()
  operation(event: OperationCompletedEvent): void {
    this.recorder.record('operation', event);
  }
  @OnToneReceived()
  tone(event: ToneReceivedEvent): void {
    this.recorder.record('tone', event);
  }
  @OnCallNotification()
  any(event: AnyCallNotificationEvent): void {
    this.recorder.record('any', event);
  }
}

const A = '2e1a0b00-2db4-4022-9570-243709c565ab';
const B = '2e1a0b00-b3c5-4b0f-99b3-c133bc1e6116';
const C = '2f1a1100-b174-40a0-aba7-0b405e01ed92';
const ANSWER = '57DAB8B1894C409AB240BD8BEAE78896';
const GUID = '57dab8b1-894c-409a-b240-bd8beae78896';
const RECORDING = 'e71f0300-9c1f-4d99-b5f4-2722e877d497';
const REDIRECTED = '491f0b00-ffff-4bc9-a43e-b226498ec22a';
const REDIRECTED_2 = '481f0b00-ffff-4ca1-8c67-a5f1e31e8e82';
const TRANSFER = '341a0500-d4bf-4224-8b19-1581168d328b';
const INVITE = 'ab6233a5-20b7-4c5e-bea2-ce56c9776429';
const INVITE_2 = '7531d31f-d10d-44de-802f-c569dbca451c';
const INVITE_3 = 'a7ebfb2d-871e-419c-87af-27290b22e8db';

/** Per fixture: the call id, which decorators fire (the catch-all always does), and for operations their type. */
interface Expected {
  readonly callId: string;
  readonly fired: readonly Fired[];
  readonly operationType?: string;
  readonly state?: string;
}

const INCOMING: readonly Fired[] = ['incoming', 'stateChanged'];
const ESTABLISHED: readonly Fired[] = ['stateChanged', 'established'];
const TERMINATED: readonly Fired[] = ['stateChanged', 'terminated'];
const STATE: readonly Fired[] = ['stateChanged'];
const ROSTER: readonly Fired[] = ['participants'];
const OPERATION: readonly Fired[] = ['operation'];

const transfer = (n: number): [string, Expected][] => {
  const at = (i: number) => String(n + i).padStart(2, '0');
  return [
    [
      `v1.0__call-transfer__${at(0)}__notification-transferring.json`,
      { callId: TRANSFER, fired: STATE, state: 'transferring' },
    ],
    [
      `v1.0__call-transfer__${at(1)}__notification-transfer-accepted.json`,
      { callId: TRANSFER, fired: STATE, state: 'transferAccepted' },
    ],
    [
      `v1.0__call-transfer__${at(2)}__notification-transfer-completed.json`,
      { callId: TRANSFER, fired: TERMINATED, state: 'terminated' },
    ],
    [
      `v1.0__call-transfer__${at(3)}__notification-transfer-failed.json`,
      { callId: TRANSFER, fired: ESTABLISHED, state: 'established' },
    ],
  ];
};

const GRAPH_EXPECTED = new Map<string, Expected>([
  [
    'v1.0__application-post-calls__01__notification-establishing.json',
    { callId: A, fired: STATE, state: 'establishing' },
  ],
  [
    'v1.0__application-post-calls__02__notification-established.json',
    { callId: B, fired: ESTABLISHED, state: 'established' },
  ],
  [
    'v1.0__application-post-calls__03__notification-establishing.json',
    { callId: C, fired: STATE, state: 'establishing' },
  ],
  [
    'v1.0__application-post-calls__04__notification-established.json',
    { callId: C, fired: ESTABLISHED, state: 'established' },
  ],
  [
    'v1.0__application-post-calls__05__notification-roster.json',
    { callId: C, fired: ROSTER },
  ],
  [
    'v1.0__call-answer__01__notification-incoming.json',
    { callId: ANSWER, fired: INCOMING, state: 'incoming' },
  ],
  [
    'v1.0__call-answer__02__notification-establishing.json',
    { callId: ANSWER, fired: STATE, state: 'establishing' },
  ],
  [
    'v1.0__call-answer__03__notification-established.json',
    { callId: ANSWER, fired: ESTABLISHED, state: 'established' },
  ],
  [
    'v1.0__call-answer__04__notification-incoming.json',
    { callId: ANSWER, fired: INCOMING, state: 'incoming' },
  ],
  [
    'v1.0__call-answer__05__notification-establishing.json',
    { callId: ANSWER, fired: STATE, state: 'establishing' },
  ],
  [
    'v1.0__call-answer__06__notification-established.json',
    { callId: ANSWER, fired: ESTABLISHED, state: 'established' },
  ],
  [
    'v1.0__call-answer__07__example-3-answer-a-policy-based-recording-call.json',
    { callId: RECORDING, fired: INCOMING, state: 'incoming' },
  ],
  [
    'v1.0__call-cancelmediaprocessing__01__notification-operation-canceled-for-recordresponse.json',
    { callId: ANSWER, fired: OPERATION, operationType: 'record' },
  ],
  [
    'v1.0__call-changescreensharingrole__01__notification-roster-updated-with-participant-sending-screen-.json',
    { callId: GUID, fired: ROSTER },
  ],
  [
    'v1.0__call-delete__01__notification-terminating.json',
    { callId: GUID, fired: STATE, state: 'terminating' },
  ],
  [
    'v1.0__call-delete__02__notification-terminated.json',
    { callId: GUID, fired: TERMINATED, state: 'terminated' },
  ],
  [
    'v1.0__call-mute__01__notification-roster-updated-with-participant-muted.fixed.json',
    { callId: GUID, fired: ROSTER },
  ],
  [
    'v1.0__call-playprompt__01__notification-operation-completed.json',
    { callId: ANSWER, fired: OPERATION, operationType: 'playPrompt' },
  ],
  [
    'v1.0__call-record__01__notification-operation-completed.json',
    { callId: ANSWER, fired: OPERATION, operationType: 'record' },
  ],
  [
    'v1.0__call-redirect__01__notification-incoming.fixed.json',
    { callId: REDIRECTED, fired: INCOMING, state: 'incoming' },
  ],
  [
    'v1.0__call-redirect__02__notification-terminated.fixed.json',
    { callId: REDIRECTED, fired: TERMINATED, state: 'terminated' },
  ],
  [
    'v1.0__call-redirect__03__notification-incoming.json',
    { callId: REDIRECTED_2, fired: INCOMING, state: 'incoming' },
  ],
  [
    'v1.0__call-redirect__04__notification-terminated.json',
    { callId: REDIRECTED, fired: TERMINATED, state: 'terminated' },
  ],
  [
    'v1.0__call-redirect__05__notification-incoming.fixed.json',
    { callId: REDIRECTED, fired: INCOMING, state: 'incoming' },
  ],
  [
    'v1.0__call-redirect__06__notification-terminated.fixed.json',
    { callId: REDIRECTED, fired: TERMINATED, state: 'terminated' },
  ],
  [
    'v1.0__call-reject__01__notification-incoming.json',
    { callId: GUID, fired: INCOMING, state: 'incoming' },
  ],
  // A `deleted` call without a state: terminated, but no state to report.
  [
    'v1.0__call-reject__02__notification-deleted.json',
    { callId: GUID, fired: ['terminated'] },
  ],
  // A tone repeats the current state (`established`): a tone, not a state change.
  [
    'v1.0__call-subscribetotone__01__notification-tone-notification.json',
    { callId: GUID, fired: ['tone'], state: 'established' },
  ],
  ...transfer(1),
  ...transfer(5),
  ...transfer(9),
  ...transfer(13),
  [
    'v1.0__call-unmute__01__notification-roster-updated-with-participant-unmuted.fixed.json',
    { callId: GUID, fired: ROSTER },
  ],
  [
    'v1.0__participant-invite__01__notification-operation-completed.json',
    { callId: INVITE, fired: OPERATION, operationType: 'inviteParticipants' },
  ],
  [
    'v1.0__participant-invite__02__notification-roster-updated-with-participant-added.json',
    { callId: INVITE, fired: ROSTER },
  ],
  [
    'v1.0__participant-invite__03__notification-operation-completed.json',
    { callId: INVITE_2, fired: OPERATION, operationType: 'inviteParticipants' },
  ],
  // Published under `.../operations/participants`, but the data is a roster.
  [
    'v1.0__participant-invite__04__notification-roster-updated-with-participants-added.json',
    { callId: INVITE_2, fired: ROSTER },
  ],
  [
    'v1.0__participant-invite__05__notification-operation-completed.json',
    { callId: INVITE, fired: OPERATION, operationType: 'inviteParticipants' },
  ],
  [
    'v1.0__participant-invite__06__notification-roster-updated-with-participant-added.json',
    { callId: INVITE_3, fired: ROSTER },
  ],
  [
    'v1.0__participant-invite__07__notification-operation-completed.json',
    { callId: INVITE, fired: OPERATION, operationType: 'inviteParticipants' },
  ],
  [
    'v1.0__participant-invite__08__notification-roster-updated-with-participant-added.json',
    { callId: INVITE, fired: ROSTER },
  ],
  [
    'v1.0__participant-mute__01__notification-roster-updated-with-participant-muted.fixed.json',
    { callId: GUID, fired: ROSTER },
  ],
]);

const SEED_EXPECTED: Expected = {
  callId: '8A934F51F25B4EE19613D4049491857B',
  fired: ESTABLISHED,
  state: 'established',
};

describe.each(HTTP_PLATFORMS)(
  '%s: call events from every published notification',
  (platform) => {
    let provider: LocalOpenIdProvider;
    let app: INestApplication<App>;
    const recorder = new EventRecorder();

    beforeAll(async () => {
      provider = await LocalOpenIdProvider.start();
      // Each published example on its own: without call state, which would treat the examples of
      // one call as one call's life (the second established would not run @OnCallEstablished).
      app = await startWebhookApp(provider, { callState: false }, undefined, {
        platform,
        providers: [
          { provide: EventRecorder, useValue: recorder },
          EveryDecorator,
        ],
      });
    });
    afterAll(async () => {
      await app.close();
      await provider.close();
    });
    beforeEach(() => recorder.clear());

    it('has an expectation for every graph fixture, and no stale one', () => {
      const files = readdirSync(join(FIXTURES_DIR, 'graph')).filter((f) =>
        f.endsWith('.json'),
      );
      expect([...GRAPH_EXPECTED.keys()].sort()).toEqual(files.sort());
    });

    const cases: [string, string, Expected][] = [
      ...[...GRAPH_EXPECTED].map(
        ([name, expected]): [string, string, Expected] => [
          'graph',
          name,
          expected,
        ],
      ),
      [
        'seed-doc',
        'msteams-docs_call-notifications__older-shape.repaired.json',
        SEED_EXPECTED,
      ],
    ];

    it.each(cases)('%s/%s', async (folder, name, expected) => {
      const body: unknown = JSON.parse(fixtureText(folder, name));
      const res = await postNotification(app, provider, body);
      expect(res.status).toBe(202);

      const fired = recorder.handlers().filter((h) => h !== 'any');
      expect(fired.sort()).toEqual([...expected.fired].sort());
      expect(recorder.handlers().filter((h) => h === 'any')).toHaveLength(1);
      for (const { handler, event } of recorder.seen) {
        expect(event.callId, handler).toBe(expected.callId);
        expect(event.tenantId).toBe(provider.tenantId);
        expect(['created', 'updated', 'deleted']).toContain(event.changeType);
        switch (handler) {
          case 'incoming':
          case 'stateChanged':
          case 'established':
          case 'terminated':
          case 'tone':
            expect(event.kind).toBe('call');
            if (event.kind !== 'call') break;
            expect(event.state).toBe(expected.state);
            if (event.call)
              expect(event.call['@odata.type' as keyof typeof event.call]).toBe(
                '#microsoft.graph.call',
              );
            break;
          case 'participants':
            expect(event.kind).toBe('participants');
            if (event.kind !== 'participants') break;
            expect(event.participants.length).toBeGreaterThan(0);
            for (const p of event.participants)
              expect(p['@odata.type' as keyof typeof p]).toBe(
                '#microsoft.graph.participant',
              );
            break;
          case 'operation':
            expect(event.kind).toBe('operation');
            if (event.kind !== 'operation') break;
            expect(event.operationType).toBe(expected.operationType);
            if (event.resultInfo)
              expect(typeof event.resultInfo.code).toBe('number');
            break;
        }
      }
      if (expected.fired.includes('tone')) {
        const tone = recorder.seen.find((s) => s.handler === 'tone')?.event;
        expect(tone?.kind === 'call' && tone.tone?.tone).toBe('tone1');
      }
    });

    it('reads resultInfo.code sent as a string ("0") as a number', async () => {
      const res = await postNotification(
        app,
        provider,
        JSON.parse(
          fixtureText(
            'graph',
            'v1.0__call-delete__02__notification-terminated.json',
          ),
        ),
      );
      expect(res.status).toBe(202);
      const event = recorder.seen.find(
        (s) => s.handler === 'terminated',
      )?.event;
      expect(event?.kind === 'call' && event.call?.resultInfo?.code).toBe(0);
      expect(event?.notification).toMatchObject({
        resourceData: { resultInfo: { code: '0' } },
      });
    });
  },
);
