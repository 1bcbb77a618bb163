// `npm run demo`: the sample bot, built, run twice (two regions) against the local calling
// platform; a full call, a call redirected from one region to the other, an outbound
// notification call, and a long call kept alive. Prints the transcripts and a summary, stops
// what it started, exits 0 only when every check passed.
import {
  BotProcess,
  formatScenarioReport,
  LocalCallingPlatform,
  runCallScenario,
  type ScenarioReport,
} from 'nestjs-calling-webhook/testing';
import type { DemoCallReport } from './call-report.js';
import { freePort } from './free-port.js';
import { keptAliveCall } from './kept-alive-call.js';
import { outboundNotificationCall } from './outbound-call.js';

// The tenant the sample's CALLING_TENANT_REGIONS routes to the second region.
const AMER_TENANT = 'aaaaaaaa-0000-4000-8000-0000000000a3';
const API_KEY = 'demo-sample-api-key';
// One keepAlive a second against a 2.5 s window plays Graph's 15 and 45 minutes in seconds.
const KEEP_ALIVE_MS = 1_000;
const KEEP_ALIVE_WINDOW_MS = 2_500;
const verbose = process.argv.includes('--verbose');

async function startInstance(
  name: string,
  port: number,
  env: Record<string, string>,
): Promise<BotProcess> {
  const bot = await BotProcess.start({
    command: `"${process.execPath}" dist/main.js`,
    env: { ...env, PORT: String(port), CALLING_REGION: name },
    readyUrl: `http://127.0.0.1:${port}/api/calls`,
    onLine: verbose
      ? (line) => console.log(`[bot ${name}] ${line}`)
      : undefined,
  });
  console.log(
    `demo: sample bot "${name}" listening on http://127.0.0.1:${port}/api/calls`,
  );
  return bot;
}

async function main(): Promise<number> {
  const started = Date.now();
  const platform = await LocalCallingPlatform.start();
  const bots: { name: string; bot: BotProcess }[] = [];
  try {
    const [emea, amer] = [await freePort(), await freePort()];
    const env = {
      ...(await platform.environment()),
      CALLING_PROMPT_URL: 'https://cdn.contoso.com/welcome.wav',
      CALLING_DEPLOYMENTS: `emea=http://127.0.0.1:${emea},amer=http://127.0.0.1:${amer}`,
      CALLING_TENANT_REGIONS: `${AMER_TENANT}=amer`,
      CALLING_SAMPLE_API_KEY: API_KEY,
      CALLING_KEEP_ALIVE_INTERVAL_MS: String(KEEP_ALIVE_MS),
    };
    console.log(
      `demo: the local calling platform runs on 127.0.0.1 (OpenID ${platform.openIdConfigurationUrl}, Graph ${platform.graphBaseUrl}, authority ${platform.authorityHost})`,
    );
    for (const [name, port] of [
      ['emea', emea],
      ['amer', amer],
    ] as const)
      bots.push({
        name,
        bot: await startInstance(name, port, {
          ...env,
          CALLING_PUBLIC_URL: `http://127.0.0.1:${port}`,
        }),
      });
    const target = `http://127.0.0.1:${emea}/api/calls`;
    const reports: ScenarioReport[] = [
      await runCallScenario(platform, 'full-call', { target }),
      await runCallScenario(platform, 'region-redirect', {
        target,
        tenant: AMER_TENANT,
      }),
    ];
    const calls: DemoCallReport[] = [
      await outboundNotificationCall(
        platform,
        `http://127.0.0.1:${emea}`,
        API_KEY,
      ),
      await keptAliveCall(platform, target, KEEP_ALIVE_WINDOW_MS, 6_000),
    ];
    for (const report of reports)
      console.log(`\n${formatScenarioReport(report)}`);
    for (const report of calls) console.log(`\n${report.text}`);
    const outcomes = [
      ...reports.map((r) => ({ name: r.scenario, ok: r.ok })),
      ...calls.map((c) => ({ name: c.name.split(' (')[0], ok: c.ok })),
    ];
    const ok = outcomes.every((o) => o.ok);
    console.log(
      `\ndemo ${ok ? 'PASSED' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${outcomes
        .map((o) => `${o.name} ${o.ok ? 'ok' : 'FAILED'}`)
        .join(', ')}`,
    );
    if (!ok && !verbose)
      for (const { name, bot } of bots)
        console.log(
          `\n[bot ${name}] last output:\n${bot.output.slice(-30).join('\n')}`,
        );
    return ok ? 0 : 1;
  } finally {
    for (const { bot } of bots) await bot.stop();
    await platform.close();
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(
      `demo failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
