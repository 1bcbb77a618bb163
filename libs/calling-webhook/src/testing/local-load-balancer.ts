import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { LoopbackServer } from './loopback-server.js';

/** What `LocalLoadBalancer.start()` takes. */
export interface LocalLoadBalancerOptions {
  /** The instances' base URLs (`http://127.0.0.1:{port}`), taken in turn. */
  readonly upstreams: readonly string[];
  /** A fixed port on 127.0.0.1. @default a free port */
  readonly port?: number;
}

// Large enough for any notification body; the balancer keeps a request to retry it elsewhere.
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
]);

/**
 * A plain round-robin load balancer on 127.0.0.1, as fleets of bots run behind: no sticky
 * sessions, each request to the next instance in turn. Like a real one (nginx's
 * `proxy_next_upstream error`), a request an instance refuses to connect (it died) is sent to the
 * next one; an instance that answers, whatever it answers, is the answer. For fleet tests and demos.
 */
export class LocalLoadBalancer {
  /** How many requests each upstream answered, by base URL. */
  readonly answered = new Map<string, number>();
  private upstreams: string[];
  private next = 0;
  private readonly agent = new Agent({ keepAlive: true });

  private constructor(
    private readonly loopback: LoopbackServer,
    upstreams: readonly string[],
  ) {
    this.upstreams = [...upstreams];
  }

  static async start(
    options: LocalLoadBalancerOptions,
  ): Promise<LocalLoadBalancer> {
    let balancer: LocalLoadBalancer | undefined;
    const server = createServer((request, response) => {
      void balancer?.relay(request, response);
    });
    const loopback = new LoopbackServer(server);
    balancer = new LocalLoadBalancer(loopback, options.upstreams);
    await loopback.listen(options.port);
    return balancer;
  }

  /** `http://127.0.0.1:{port}`: the one URL of the fleet. */
  get url(): string {
    return `http://127.0.0.1:${this.loopback.port}`;
  }

  /** Replaces the instances behind the balancer (one added, one taken out). */
  setUpstreams(upstreams: readonly string[]): void {
    this.upstreams = [...upstreams];
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await this.loopback.close();
  }

  private async relay(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const body = await readBody(request);
    if (body === undefined) {
      response.writeHead(413).end();
      return;
    }
    // Each instance at most once, starting with the next in turn.
    const upstreams = this.upstreams;
    const first = this.next++;
    for (let tries = 0; tries < upstreams.length; tries++) {
      const upstream = upstreams[(first + tries) % upstreams.length];
      const answer = await this.send(upstream, request, body);
      if (!answer) continue;
      this.answered.set(upstream, (this.answered.get(upstream) ?? 0) + 1);
      const headers: Record<string, string | string[] | undefined> = {
        ...answer.headers,
      };
      for (const name of HOP_BY_HOP) delete headers[name];
      response.writeHead(answer.statusCode ?? 502, headers);
      // An instance dying mid-answer ends the platform's request too, rather than leaving it hanging.
      answer.once('error', () => response.destroy());
      answer.pipe(response);
      return;
    }
    response.writeHead(502).end();
  }

  /** The upstream's answer, or `undefined` when it could not be reached. */
  private send(
    upstream: string,
    request: IncomingMessage,
    body: Buffer,
  ): Promise<IncomingMessage | undefined> {
    const target = new URL(request.url ?? '/', upstream);
    const headers: Record<string, string | string[] | undefined> = {
      ...request.headers,
      host: target.host,
    };
    for (const name of HOP_BY_HOP) delete headers[name];
    headers['content-length'] = String(body.length);
    return new Promise((resolve) => {
      const outgoing = httpRequest(
        target,
        { method: request.method, headers, agent: this.agent },
        resolve,
      );
      outgoing.once('error', () => resolve(undefined));
      outgoing.end(body);
    });
  }
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.once('end', () =>
      resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined),
    );
    request.once('error', () => resolve(undefined));
  });
}
