// `npm run demo:fleet`: a fleet of three sample bots on Redis behind a round-robin load balancer,
// 20 calls placed through it, one instance killed (kill -9) mid-call. Prints per instance what it
// owned, took over and handled, and a verdict: every call completed, nothing handled twice.
// Exits 0 only when the verdict holds.
import {
  BotProcess,
  LocalCallingPlatform,
  LocalLoadBalancer,
  type PlacedCall,
  LocalRedisServer,
} from 'nestjs-calling-webhook/testing';
import { freePort } from './free-port.js';

const CALLS = 20;
const INSTANCES = ['bot-1', 'bot-2', 'bot-3'];
const LEASE_MS = 2_000;
const KEEP_ALIVE_MS = 3_000;
const verbose = process.argv.includes('--verbose');

/** A line an instance logged (LOG_FORMAT=json). */
interface LogLine {
  readonly instance: string;
  readonly message: string;
  readonly callId?: string;
}

class Fleet {
  readonly lines: LogLine[] = [];
  readonly bots = new Map<string, BotProcess>();

  /** The events an instance handled (the sample logs one line per event, with its call). */
  events(instance?: string): LogLine[] {
    return this.lines.filter(
      (l) =>
        (instance === undefined || l.instance === instance) &&
        l.callId !== undefined &&
        /^(incomingCall|callStateChanged|callEstablished|callTerminated|participantsUpdated|operationCompleted|toneReceived)\b/.test(
          l.message,
        ),
    );
  }

  owner(callId: string): string | undefined {
    return this.lines.find(
      (l) => l.callId === callId && l.message.startsWith('incomingCall'),
    )?.instance;
  }

  tookOver(instance: string): LogLine[] {
    return this.lines.filter(
      (l) => l.instance === instance && l.message.startsWith('Took over call'),
    );
  }

  keep(instance: string, line: string): void {
    if (verbose) console.log(`[${instance}] ${line}`);
    try {
      const parsed = JSON.parse(line) as {
        message?: unknown;
        callId?: unknown;
      };
      this.lines.push({
        instance,
        message: String(parsed.message),
        callId: typeof parsed.callId === 'string' ? parsed.callId : undefined,
      });
    } catch {
      this.lines.push({ instance, message: line });
    }
  }
}

async function waitFor(
  what: string,
  check: () => boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<number> {
  if (!LocalRedisServer.isAvailable()) {
    console.error(
      'demo:fleet needs redis-server on the PATH: install it (e.g. apt-get install redis-server, or brew install redis) and run it again.',
    );
    return 1;
  }
  const started = Date.now();
  const redis = await LocalRedisServer.start();
  const platform = await LocalCallingPlatform.start({ timeoutMs: 30_000 });
  const balancer = await LocalLoadBalancer.start({ upstreams: [] });
  const fleet = new Fleet();
  try {
    console.log(
      `demo: redis-server on ${redis.url}, the fleet behind ${balancer.url}`,
    );
    const env = await platform.environment();
    const urls: string[] = [];
    await Promise.all(
      INSTANCES.map(async (id) => {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        fleet.bots.set(
          id,
          await BotProcess.start({
            command: `"${process.execPath}" dist/main.js`,
            env: {
              ...env,
              PORT: String(port),
              LOG_FORMAT: 'json',
              NO_COLOR: '1',
              CALLING_PUBLIC_URL: balancer.url,
              CALLING_REDIS_URL: redis.url,
              CALLING_INSTANCE_ID: id,
              CALLING_FLEET_LEASE_MS: String(LEASE_MS),
              CALLING_KEEP_ALIVE_INTERVAL_MS: String(KEEP_ALIVE_MS),
              // Calls last until the caller presses a key.
              CALLING_HANG_UP_AFTER_MS: '120000',
            },
            readyUrl: `${url}/api/calls`,
            onLine: (line) => fleet.keep(id, line),
          }),
        );
        urls.push(url);
        console.log(`demo: ${id} listening on ${url}`);
      }),
    );
    balancer.setUpstreams(urls);

    const target = `${balancer.url}/api/calls`;
    const calls: PlacedCall[] = await Promise.all(
      Array.from({ length: CALLS }, () => platform.placeCall({ target })),
    );
    await Promise.all(calls.map((call) => call.established()));
    console.log(
      `demo: ${CALLS} calls placed through the load balancer and established`,
    );

    const owned = (id: string) => calls.filter((c) => fleet.owner(c.id) === id);
    const victim = [...INSTANCES].sort(
      (a, b) => owned(b).length - owned(a).length,
    )[0];
    const orphans = owned(victim);
    await fleet.bots.get(victim)?.kill();
    const killedAt = Date.now();
    console.log(
      `demo: killed ${victim} (kill -9) with ${orphans.length} calls in progress`,
    );

    const survivors = INSTANCES.filter((id) => id !== victim);
    await waitFor(
      `the calls of ${victim} to be taken over`,
      () =>
        survivors.reduce((n, id) => n + fleet.tookOver(id).length, 0) >=
        orphans.length,
    );
    console.log(
      `demo: the survivors took over the ${orphans.length} calls of ${victim} in ${((Date.now() - killedAt) / 1000).toFixed(1)} s (lease ${LEASE_MS / 1000} s)`,
    );
    // keepAlive goes on from the new owners.
    await waitFor('a keepAlive of every call taken over', () =>
      orphans.every((call) => call.keepAlives.some((at) => at > killedAt)),
    );

    await Promise.all(calls.map((call) => call.sendTone()));
    await Promise.all(calls.map((call) => call.terminated()));
    // The platform sees the hang-up first; its terminated notification reaches the bot after,
    // and the bot's log line comes through a pipe. The verdict below says what did not come.
    await waitFor(
      'every call to be handled as terminated',
      () =>
        calls.every((call) =>
          fleet
            .events()
            .some(
              (l) =>
                l.callId === call.id && l.message.startsWith('callTerminated'),
            ),
        ),
      10_000,
    ).catch(() => undefined);

    console.log('\n| instance | owned | took over | handled events |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const id of INSTANCES)
      console.log(
        `| ${id}${id === victim ? ' (killed)' : ''} | ${owned(id).length} | ${fleet.tookOver(id).length} | ${fleet.events(id).length} |`,
      );

    const problems: string[] = [];
    for (const call of calls) {
      const hangUps = call.graphRequests.filter(
        (r) => r.action === 'delete',
      ).length;
      if (call.state !== 'terminated' || hangUps !== 1)
        problems.push(
          `call ${call.id}: ${call.state}, hung up ${hangUps} times`,
        );
      const seen = new Map<string, number>();
      for (const event of fleet.events().filter((l) => l.callId === call.id)) {
        const name = event.message.split(' ')[0];
        seen.set(name, (seen.get(name) ?? 0) + 1);
      }
      for (const name of ['incomingCall', 'toneReceived', 'callTerminated'])
        if (seen.get(name) !== 1)
          problems.push(
            `call ${call.id}: ${name} handled ${seen.get(name) ?? 0} times`,
          );
    }
    const ok = problems.length === 0;
    console.log(
      `\ndemo:fleet ${ok ? 'PASSED' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${
        ok
          ? `every call completed (hung up once, terminated), no event handled twice, ${orphans.length} calls carried on after ${victim} died`
          : problems.join('; ')
      }`,
    );
    return ok ? 0 : 1;
  } finally {
    for (const bot of fleet.bots.values()) await bot.stop();
    await balancer.close();
    await platform.close();
    await redis.stop();
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(
      `demo:fleet failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
