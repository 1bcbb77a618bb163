import { Injectable, type INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import {
  OnCallNotification,
  type AnyCallNotificationEvent,
} from 'nestjs-calling-webhook';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import { Agent, request as httpRequest } from 'node:http';
import type { App } from 'supertest/types.js';
import { classifyNotificationBody } from '../libs/calling-webhook/src/protocol/classify-notification-body.js';
import { jsonFixtureTexts } from './support/fixture-files.js';
import { ANY_BODY, fuzzRuns, fuzzSeed } from './support/fuzz-kit.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';
import {
  baseUrlOf,
  CapturedLogs,
  startWebhookApp,
} from './support/webhook-app.js';

// The whole endpoint over arbitrary requests (bodies, content types, encodings, tokens, message
// ids), through real HTTP: never a 5xx, never a dropped connection, and handlers run only for a
// request answered 202 that carried a valid token and a Graph body.

@Injectable()
class CountingHandlers {
  runs = 0;

  @OnCallNotification()
  any(_event: AnyCallNotificationEvent): void {
    this.runs++;
  }
}

interface FuzzRequest {
  readonly auth: { kind: 'valid' | 'forged'; header: string | undefined };
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
  readonly messageId: string | undefined;
  readonly body: { text: string | Buffer; json: unknown };
  readonly chunked: boolean;
}

const printable = (maxLength: number) =>
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0x7e })
      .map((c) => String.fromCharCode(c)),
    maxLength,
  });

/** A token mutated so that it no longer decodes to the signed one (or left out). */
function forgedFrom(valid: string) {
  return fc
    .tuple(fc.nat(), fc.constantFrom('A', '-', '.', '', 'x'))
    .map(([at, text]) => {
      const i = at % valid.length;
      return valid.slice(0, i) + text + valid.slice(i + 1);
    })
    .filter((t) => !sameDecoding(t, valid));
}

/** Two tokens that decode to the same bytes (base64url's last character has spare bits). */
function sameDecoding(a: string, b: string): boolean {
  const sa = a.split('.');
  const sb = b.split('.');
  return (
    sa.length === sb.length &&
    /^[\w-]*$/.test(sa.join('')) &&
    sa.every((s, i) =>
      Buffer.from(s, 'base64url').equals(Buffer.from(sb[i], 'base64url')),
    )
  );
}

const RAW_FIXTURES = [
  ...jsonFixtureTexts('graph'),
  ...jsonFixtureTexts('legacy'),
].map(([, text]) => text);

describe.each(HTTP_PLATFORMS)(
  '%s: fuzzing the webhook over HTTP',
  (platform) => {
    const logs = new CapturedLogs();
    let provider: LocalOpenIdProvider;
    let app: INestApplication<App>;
    let handlers: CountingHandlers;
    let baseUrl: string;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });

    beforeAll(async () => {
      provider = await LocalOpenIdProvider.start();
      app = await startWebhookApp(provider, { bodyLimit: '64kb' }, logs, {
        platform,
        providers: [CountingHandlers],
      });
      baseUrl = baseUrlOf(app);
      handlers = app.get(CountingHandlers);
    });
    afterAll(async () => {
      agent.destroy();
      await app.close();
      await provider.close();
    });

    function send(req: FuzzRequest): Promise<{
      status: number;
      text: string;
      headers: Record<string, unknown>;
    }> {
      const headers: Record<string, string> = {};
      if (req.auth.header !== undefined)
        headers.authorization = req.auth.header;
      if (req.contentType !== undefined)
        headers['content-type'] = req.contentType;
      if (req.contentEncoding !== undefined)
        headers['content-encoding'] = req.contentEncoding;
      if (req.messageId !== undefined)
        headers['x-microsoft-skype-message-id'] = req.messageId;
      return new Promise((resolve, reject) => {
        const outgoing = httpRequest(
          `${baseUrl}/api/calls`,
          { method: 'POST', headers, agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                text: Buffer.concat(chunks).toString(),
                headers: res.headers,
              }),
            );
          },
        );
        outgoing.on('error', reject);
        if (req.chunked) {
          const half = Math.floor(req.body.text.length / 2);
          outgoing.write(req.body.text.slice(0, half));
          outgoing.end(req.body.text.slice(half));
        } else {
          outgoing.end(req.body.text);
        }
      });
    }

    it('never answers 5xx, never drops a connection, runs handlers only for valid notifications', async () => {
      const tokens = Array.from({ length: 3 }, (_, i) =>
        provider.mint({ claims: { jti: `fuzz-${i}` }, lifetimeSeconds: 3_600 }),
      );
      const auth = fc.oneof(
        fc
          .constantFrom(...tokens)
          .map((t) => ({ kind: 'valid' as const, header: `Bearer ${t}` })),
        fc
          .constantFrom(...tokens)
          .chain(forgedFrom)
          .map((t) => ({ kind: 'forged' as const, header: `Bearer ${t}` })),
        printable(60).map((h) => ({ kind: 'forged' as const, header: h })),
        fc.constant({ kind: 'forged' as const, header: undefined }),
      );
      const body = fc.oneof(
        {
          weight: 3,
          arbitrary: ANY_BODY.map((json) => ({
            text: JSON.stringify(json) ?? 'null',
            json,
          })),
        },
        fc
          .constantFrom(...RAW_FIXTURES)
          .map((text) => ({ text, json: JSON.parse(text) as unknown })),
        fc
          .string({ maxLength: 200 })
          .map((text) => ({ text, json: undefined })),
        fc
          .uint8Array({ maxLength: 200 })
          .map((bytes) => ({ text: Buffer.from(bytes), json: undefined })),
        fc.nat({ max: 80 * 1024 }).map((size) => ({
          text: `{"value":"${'x'.repeat(size)}"}`,
          json: undefined,
        })),
      );
      const request: fc.Arbitrary<FuzzRequest> = fc.record({
        auth,
        contentType: fc.oneof(
          { weight: 4, arbitrary: fc.constant('application/json') },
          fc.constantFrom(
            'application/json; charset=utf-8',
            'application/json; charset=latin1',
            'application/merge-patch+json',
            'text/plain',
            'multipart/form-data; boundary=x',
          ),
          printable(30),
          fc.constant(undefined),
        ),
        contentEncoding: fc.oneof(
          { weight: 4, arbitrary: fc.constant(undefined) },
          fc.constantFrom('gzip', 'identity', 'br, gzip'),
        ),
        messageId: fc.oneof(fc.uuid(), printable(40), fc.constant(undefined)),
        body,
        chunked: fc.boolean(),
      });

      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(request, async (req) => {
          const before = handlers.runs;
          const res = await send(req);
          const ran = handlers.runs - before;
          expect(res.status).toBeLessThan(500);
          expect(res.text).not.toMatch(/\n\s+at |\.[cm]?[jt]s:\d+:\d+/);
          if (res.status === 202) accepted++;
          if (ran > 0) {
            expect(res.status).toBe(202);
            expect(req.auth.kind).toBe('valid');
            const kind = classifyNotificationBody(req.body.json);
            expect(kind.kind).toBe('graph');
            expect(ran).toBeLessThanOrEqual(
              kind.kind === 'graph' ? kind.notifications.length : 0,
            );
          }
          if (req.auth.kind === 'forged')
            expect([401, 403]).toContain(res.status);
        }),
        { numRuns: fuzzRuns(1_000, 0.05), seed: fuzzSeed() },
      );
      // The property is only worth something if some requests went all the way through.
      expect(accepted).toBeGreaterThan(0);
      // And the app still serves.
      const after = await send({
        auth: { kind: 'valid', header: `Bearer ${tokens[0]}` },
        contentType: 'application/json',
        contentEncoding: undefined,
        messageId: 'after-the-fuzz',
        body: { text: RAW_FIXTURES[0], json: undefined },
        chunked: false,
      });
      expect(after.status).toBe(202);
    });
  },
);
