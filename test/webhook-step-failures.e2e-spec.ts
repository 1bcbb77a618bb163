import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { WebhookAuthStep } from '../libs/calling-webhook/src/auth/webhook-auth.step.js';
import { ProtocolStep } from '../libs/calling-webhook/src/protocol/protocol.step.js';
import { fixtureText } from './support/fixture-files.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import { CapturedLogs, WebhookApps } from './support/webhook-app.js';
import { post } from './support/webhook-client.js';

// A step that throws or rejects is a bug in the library or in what it runs, not a bad request:
// the request is answered 500 (the platform retries) and logged once without a stack, wherever
// the step runs: in front of the framework (the token on Express and Fastify, the body on
// Express) or in the pipeline after it. Before, an early step's failure left the request without
// an answer (a rejection) or took the process down (a throw in Node's request listener).

const INCOMING = fixtureText(
  'graph',
  'v1.0__call-answer__01__notification-incoming.json',
);

type Failure = 'throws' | 'rejects';

function breakStep(step: { run: unknown }, failure: Failure): void {
  const error = new Error('step broke\n    at secret (/app/src/secret.ts:1:1)');
  step.run =
    failure === 'throws'
      ? () => {
          throw error;
        }
      : () => Promise.reject(error);
}

describe.each(HTTP_PLATFORMS)('%s: a step that fails', (platform) => {
  let provider: LocalOpenIdProvider;
  const apps = new WebhookApps(platform);

  beforeAll(async () => {
    provider = await LocalOpenIdProvider.start();
  });
  afterEach(() => apps.close());
  afterAll(() => provider.close());

  it.each<[string, Failure, typeof WebhookAuthStep | typeof ProtocolStep]>([
    ['the token step (before the framework)', 'throws', WebhookAuthStep],
    ['the token step (before the framework)', 'rejects', WebhookAuthStep],
    ['the protocol step (in the pipeline)', 'throws', ProtocolStep],
    ['the protocol step (in the pipeline)', 'rejects', ProtocolStep],
  ])('answers 500 when %s %s', async (_name, failure, type) => {
    const logs = new CapturedLogs();
    const app = await apps.start(provider, {}, logs);
    const step = app.get(type, { strict: false }) as unknown as {
      run: unknown;
    };
    const original = step.run;
    breakStep(step, failure);

    const res = await post(app, { token: provider.mint(), body: INCOMING });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({
      statusCode: 500,
      message: 'the notification could not be handled',
    });
    const failures = logs.lines.filter((line) =>
      line.startsWith('The webhook failed on a notification'),
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]).not.toContain('\n');

    // The app goes on answering once the step works again.
    step.run = original;
    const next = await post(app, { token: provider.mint(), body: INCOMING });
    expect(next.status).toBe(202);
  });
});
