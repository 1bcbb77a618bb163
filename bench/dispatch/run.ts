// The dispatch benchmark of issue 4: what one notification costs after the guard, from the parsed
// body to the end of its handler, in one process, interleaved rounds, medians reported.
//   incoming: the Graph call-answer incoming-call fixture, to one no-op @OnIncomingCall() handler
//   roster-500: the application-post-calls roster fixture grown to 500 participants, to one no-op
//               @OnParticipantsUpdated() handler
// Each notification carries a fresh X-Microsoft-Skype-Message-ID, so the duplicate store is
// looked up and written every time (as in production). JSON.parse of the same bodies is shown as
// a yardstick (the body interceptor pays it, not dispatch).
//   node dist-bench/dispatch/run.js [--rounds 21] [--warmup 3] [--batch 500]
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryService, NestFactory } from '@nestjs/core';
import {
  CallingWebhookController,
  CallingWebhookModule,
  OnIncomingCall,
  OnParticipantsUpdated,
} from 'nestjs-calling-webhook';
import { parseArgs } from 'node:util';
import {
  incomingCallBody,
  rosterBody as rosterText,
} from '../load/fixture-body.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '21' },
    warmup: { type: 'string', default: '3' },
    batch: { type: 'string', default: '500' },
  },
});
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
const batch = Number(values.batch);

const incomingText = incomingCallBody();
const roster500Text = rosterText(500);

let handled = 0;

@Injectable()
class NoOpHandlers {
  @OnIncomingCall()
  incoming(): void {
    handled += 1;
  }

  @OnParticipantsUpdated()
  roster(): void {
    handled += 1;
  }
}

@Module({
  imports: [
    CallingWebhookModule.forRoot({
      appId: 'bench-app',
      openIdConfigurationUrl: 'http://127.0.0.1:1/openid',
      prefetchKeys: false,
    }),
  ],
  providers: [NoOpHandlers],
})
class BenchModule {}

const app = await NestFactory.createApplicationContext(BenchModule, {
  logger: false,
});
const controller = app
  .get(DiscoveryService)
  .getControllers()
  .map((wrapper) => wrapper.instance as unknown)
  .find((instance) => instance instanceof CallingWebhookController) as
  CallingWebhookController | undefined;
if (!controller) throw new Error('the webhook controller was not found');

const user = {
  appId: 'bench-app',
  tenantId: 'bench-tenant',
  issuer: 'https://api.botframework.com',
  claims: {},
};
let messageId = 0;
const requestFor = (body: unknown) =>
  ({
    body,
    user,
    headers: {
      'content-type': 'application/json',
      'x-microsoft-skype-message-id': `m-${++messageId}`,
      'x-microsoft-skype-chain-id': 'bench-chain',
    },
  }) as unknown as Parameters<CallingWebhookController['receive']>[0];

type Variant = { name: string; run: () => Promise<void> | void };
const incomingBody: unknown = JSON.parse(incomingText);
const rosterBody: unknown = JSON.parse(roster500Text);
const variants: Variant[] = [
  {
    name: 'dispatch incoming',
    run: () => controller.receive(requestFor(incomingBody)),
  },
  {
    name: 'dispatch roster-500',
    run: () => controller.receive(requestFor(rosterBody)),
  },
  {
    name: 'JSON.parse incoming (yardstick)',
    run: () => void JSON.parse(incomingText),
  },
  {
    name: 'JSON.parse roster-500 (yardstick)',
    run: () => void JSON.parse(roster500Text),
  },
];

const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
for (let round = 0; round < warmup + rounds; round++) {
  for (const variant of variants) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) await variant.run();
    const perOp = Number(process.hrtime.bigint() - start) / batch / 1000;
    if (round >= warmup) samples.get(variant.name)?.push(perOp);
  }
}
await app.close();

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const quantile = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
console.log(
  `node ${process.version}, ${rounds} rounds x ${batch} notifications (after ${warmup} warm-up rounds); ` +
    `bodies: incoming ${incomingText.length} B, roster-500 ${roster500Text.length} B`,
);
console.log('| variant | median µs/notification | p10 | p90 |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, xs] of samples) {
  console.log(
    `| ${name} | ${median(xs).toFixed(2)} | ${quantile(xs, 0.1).toFixed(2)} | ${quantile(xs, 0.9).toFixed(2)} |`,
  );
}
const expected = (warmup + rounds) * batch * 2;
if (handled !== expected)
  throw new Error(`handlers ran ${handled} times, expected ${expected}`);
