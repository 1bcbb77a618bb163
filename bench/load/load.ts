// One measured load on one server: autocannon from this process, the server's CPU time around it.
import autocannon from 'autocannon';
import type { ServerProcess } from './server-process.js';

/** What one load measured. */
export interface Measurement {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  /** Connection errors, timeouts and answers other than 2xx. */
  readonly failures: number;
  /** The server's CPU time (user + system) per answered request, in µs. */
  readonly cpuUsPerRequest: number;
  /** The server's CPU time over the wall time, in % of one core. */
  readonly serverCpuPercent: number;
  /** This process's (autocannon's) CPU time over the wall time, in % of one core. */
  readonly harnessCpuPercent: number;
}

/** What a load sends. */
export interface LoadPlan {
  readonly seconds: number;
  readonly connections: number;
  readonly body: string;
  /** The bearer token of the next request, or none. */
  readonly token: () => string | undefined;
}

let messageSerial = 0;

/** Loads `server` as `plan` says and measures it. */
export async function measure(
  server: ServerProcess,
  plan: LoadPlan,
): Promise<Measurement> {
  const serverCpuBefore = server.cpuSeconds();
  const harnessCpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: server.url,
    method: 'POST',
    connections: plan.connections,
    duration: plan.seconds,
    body: plan.body,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const token = plan.token();
          // A distinct message id per request, as the platform sends: no duplicate is skipped.
          const headers: Record<string, string | string[] | undefined> = {
            ...request.headers,
            'x-microsoft-skype-message-id': `bench-${messageSerial++}`,
          };
          if (token) headers.authorization = `Bearer ${token}`;
          return { ...request, headers };
        },
      },
    ],
  });
  const serverCpu = server.cpuSeconds() - serverCpuBefore;
  const harnessCpu = process.cpuUsage(harnessCpuBefore);
  const requests = result.requests.total;
  return {
    rps: requests / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    failures: result.errors + result.non2xx,
    cpuUsPerRequest: (serverCpu * 1e6) / Math.max(requests, 1),
    serverCpuPercent: (serverCpu * 100) / result.duration,
    harnessCpuPercent:
      (harnessCpu.user + harnessCpu.system) / 1e4 / result.duration,
  };
}
