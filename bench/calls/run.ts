// The call-state benchmark of issue 12: what keeping calls as state adds to each notification,
// through the whole webhook pipeline, in one process and one run. Two Nest apps on Fastify, the
// same but for `callState` (false: each notification dispatched as it comes), each driven with
// Fastify's inject() (no sockets), one notification per request, awaited one after the other.
// Interleaved rounds (off, on, then on, off), CPU time per notification, medians.
//   node --expose-gc dist-bench/calls/run.js [--rounds 15] [--warmup 3] [--batch 400] [--roster-batch 40]
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import {
  CallingWebhookModule,
  OnCallStateChanged,
  OnIncomingCall,
  OnParticipantsUpdated,
  OpenIdKeySource,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { incomingCallBody, rosterBody } from '../load/fixture-body.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    batch: { type: 'string', default: '400' },
    'roster-batch': { type: 'string', default: '40' },
  },
});
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
const batch = Number(values.batch);
const rosterBatch = Number(values['roster-batch']);

/** A no-op handler per kind of notification sent, as a real bot has. */
@Injectable()
class NoOpHandlers {
  @OnIncomingCall()
  incoming(): void {}

  @OnCallStateChanged()
  state(): void {}

  @OnParticipantsUpdated()
  roster(): void {}
}

@Module({})
class BenchModule {
  static with(
    provider: LocalOpenIdProvider,
    callState: boolean,
  ): DynamicModule {
    return {
      module: BenchModule,
      imports: [
        CallingWebhookModule.forRoot({
          appId: provider.appId,
          openIdConfigurationUrl: provider.openIdConfigurationUrl,
          prefetchKeys: false,
          callState,
        }),
      ],
      providers: [NoOpHandlers],
    };
  }
}

async function appWith(
  provider: LocalOpenIdProvider,
  callState: boolean,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    BenchModule.with(provider, callState),
    new FastifyAdapter(),
    { logger: ['error'], bodyParser: false },
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await app.get(OpenIdKeySource).refresh();
  return app;
}

const incomingTemplate = incomingCallBody();
const INCOMING_ID = '57DAB8B1894C409AB240BD8BEAE78896';
const ROSTER_ID = '2f1a1100-b174-40a0-aba7-0b405e01ed92';
const roster = rosterBody(500);

/** The bodies of one batch of a workload (made before the clock starts). */
type Workload = (count: number, round: number) => string[];

const workloads: Record<string, Workload> = {
  // A new call each time: its record is made.
  'incoming call': (count) =>
    Array.from({ length: count }, () =>
      incomingTemplate.replaceAll(INCOMING_ID, randomUUID()),
    ),
  // 50 established calls going on and off hold: each notification moves a state.
  'state update': (count, round) =>
    Array.from({ length: count }, (_, i) =>
      JSON.stringify({
        value: [
          {
            changeType: 'updated',
            resourceUrl: `/communications/calls/bench-call-${i % 50}`,
            resourceData: {
              '@odata.type': '#microsoft.graph.call',
              state:
                (Math.floor(i / 50) + round) % 2 === 0 ? 'hold' : 'established',
            },
          },
        ],
      }),
    ),
  // 500 participants, merged into the roster of one of 10 calls.
  '500-participant roster': (count) =>
    Array.from({ length: count }, (_, i) =>
      roster.replaceAll(ROSTER_ID, `bench-roster-${i % 10}`),
    ),
};

/** Sends `bodies` one after the other; the CPU and wall microseconds per notification. */
async function drive(
  app: NestFastifyApplication,
  token: string,
  bodies: readonly string[],
): Promise<{ cpu: number; wall: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const fastify = app.getHttpAdapter().getInstance();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const payload of bodies) {
    const response = await fastify.inject({
      method: 'POST',
      url: '/api/calls',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-microsoft-skype-message-id': randomUUID(),
      },
      payload,
    });
    if (response.statusCode !== 202)
      throw new Error(`the webhook answered ${response.statusCode}`);
  }
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    cpu: (used.user + used.system) / bodies.length,
    wall: (wall * 1000) / bodies.length,
  };
}

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const provider = await LocalOpenIdProvider.start();
const token = provider.mint();
const apps = {
  off: await appWith(provider, false),
  on: await appWith(provider, true),
};
const rows: string[] = [];
for (const [name, make] of Object.entries(workloads)) {
  const count = name.includes('roster') ? rosterBatch : batch;
  const samples = {
    off: { cpu: [] as number[], wall: [] as number[] },
    on: { cpu: [] as number[], wall: [] as number[] },
  };
  for (let round = 0; round < warmup + rounds; round++) {
    const order =
      round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const);
    for (const variant of order) {
      const bodies = make(count, round);
      const { cpu, wall } = await drive(apps[variant], token, bodies);
      if (round < warmup) continue;
      samples[variant].cpu.push(cpu);
      samples[variant].wall.push(wall);
    }
  }
  const off = median(samples.off.cpu);
  const on = median(samples.on.cpu);
  rows.push(
    `| ${name} | ${off.toFixed(1)} | ${on.toFixed(1)} | ${(on / off).toFixed(3)} | ${median(samples.off.wall).toFixed(1)} | ${median(samples.on.wall).toFixed(1)} |`,
  );
}
await apps.off.close();
await apps.on.close();
await provider.close();

console.log(
  `Node ${process.version}; ${rounds} rounds (+${warmup} warm-up), ${batch} notifications per batch (roster ${rosterBatch}); medians\n`,
);
console.log(
  '| workload | off: CPU µs / notification | on: CPU µs / notification | on / off | off: wall µs | on: wall µs |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
