import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { LocalTokenEndpoint } from './local-token-endpoint.js';
import { LoopbackServer } from './loopback-server.js';

/** A request the fake Graph received, as answered. */
export interface RecordedGraphRequest {
  readonly method: string;
  /** Under the base URL, e.g. `/communications/calls/{id}/answer`. */
  readonly path: string;
  readonly callId: string | undefined;
  /** `answer`, `reject`, `redirect`, `transfer`, `playPrompt`, `subscribeToTone`, `delete`. */
  readonly action: string | undefined;
  /** The parsed JSON body (`undefined` when empty). */
  readonly body: unknown;
  /** Request headers; the `authorization` value is replaced by `Bearer [redacted]`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The tenant the bearer token was issued for (with a token endpoint attached). */
  readonly tokenTenantId: string | undefined;
  /** The status the fake answered; `0` when the client gave up before the answer. */
  readonly status: number;
  /** The JSON body answered (e.g. the operation of a `playPrompt`), if any. */
  readonly response?: unknown;
  /** Epoch milliseconds at arrival. */
  readonly receivedAt: number;
}

/** A programmed fault for the next requests: a status (with `Retry-After`), a delay, or both. */
export interface GraphFault {
  /** Answer this status with a Graph error body instead of the normal answer. */
  status?: number;
  /** `Retry-After` header value (seconds or an HTTP date). */
  retryAfter?: string | number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Graph error code. @default derived from the status */
  code?: string;
}

/** What `LocalGraphApi.start()` takes. */
export interface LocalGraphApiOptions {
  /** Check bearer tokens against this endpoint (issued by it, for the call's tenant). */
  tokenEndpoint?: LocalTokenEndpoint;
  /** The port on 127.0.0.1. @default 0 (a free port) */
  port?: number;
}

/** A call the fake Graph knows. */
export interface LocalGraphCall {
  readonly tenantId: string;
  state:
    | 'incoming'
    | 'establishing'
    | 'established'
    | 'rejected'
    | 'redirected'
    | 'terminated';
}

const CALL = /^\/communications\/calls\/([^/]+)(?:\/([A-Za-z]+))?$/;
const ACTIONS = new Set([
  'answer',
  'reject',
  'redirect',
  'transfer',
  'playPrompt',
  'subscribeToTone',
]);
const CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Forbidden',
  404: 'ItemNotFound',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/**
 * A local fake of the Graph communications API on http://127.0.0.1: records every request,
 * answers like Graph (answer/reject/redirect/transfer `202`, playPrompt/subscribeToTone `200`
 * with an operation, DELETE `204`, unknown call `404` with a Graph error body), checks bearer
 * tokens against a `LocalTokenEndpoint`, and plays programmed faults. Listeners of `events`
 * ('request') see each answered request: a simulator can follow an answer with notifications.
 */
export class LocalGraphApi {
  /** Every request, oldest first. */
  readonly requests: RecordedGraphRequest[] = [];
  /** Emits `request` with each `RecordedGraphRequest` once it is answered. */
  readonly events = new EventEmitter<{ request: [RecordedGraphRequest] }>();
  /** Known calls by id. */
  readonly calls = new Map<string, LocalGraphCall>();

  private readonly faults: GraphFault[] = [];

  private readonly loopback: LoopbackServer;

  private constructor(
    server: Server,
    private readonly tokenEndpoint: LocalTokenEndpoint | undefined,
  ) {
    this.loopback = new LoopbackServer(server);
  }

  /** Starts a fake Graph on a free port of 127.0.0.1. */
  static async start(
    options: LocalGraphApiOptions = {},
  ): Promise<LocalGraphApi> {
    let api!: LocalGraphApi;
    const server = createServer((req, res) => void api.handle(req, res));
    api = new LocalGraphApi(server, options.tokenEndpoint);
    await api.loopback.listen(options.port);
    return api;
  }

  /** `http://127.0.0.1:{port}/v1.0`: the module's `graphBaseUrl`. */
  get baseUrl(): string {
    const port = this.loopback.port;
    return `http://127.0.0.1:${port}/v1.0`;
  }

  /** Makes a call known (as an incoming call of `tenantId`). */
  addCall(callId: string, tenantId: string): void {
    this.calls.set(callId, { tenantId, state: 'incoming' });
  }

  /** The next `count` requests meet `fault`. */
  failNext(count: number, fault: GraphFault): void {
    for (let i = 0; i < count; i++) this.faults.push({ ...fault });
  }

  /** Calls `listener` with each answered request; returns the unsubscribe function. */
  onRequest(listener: (request: RecordedGraphRequest) => void): () => void {
    this.events.on('request', listener);
    return () => this.events.off('request', listener);
  }

  /** Recorded requests of one action (`answer`, ..., `delete`). */
  requestsFor(action: string): RecordedGraphRequest[] {
    return this.requests.filter((r) => r.action === action);
  }

  /** Forgets recorded requests and pending faults (calls stay known). */
  reset(): void {
    this.requests.length = 0;
    this.faults.length = 0;
  }

  /** Stops the server and drops open connections. */
  async close(): Promise<void> {
    await this.loopback.close();
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const receivedAt = Date.now();
    const text = await readBody(req);
    const path = (req.url ?? '').split('?')[0].replace(/^\/v1\.0(?=\/)/, '');
    const match = CALL.exec(path);
    const callId = match ? decodeURIComponent(match[1]) : undefined;
    const action = match
      ? (match[2] ?? (req.method === 'DELETE' ? 'delete' : undefined))
      : undefined;
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const tokenTenantId = bearer
      ? this.tokenEndpoint?.inspect(bearer)?.tenantId
      : undefined;
    const fault = this.faults.shift();
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    // A client that gave up (a timeout) is recorded with status 0 and gets no answer.
    const answer: Answer = res.destroyed
      ? { status: 0 }
      : fault?.status
        ? this.error(
            fault.status,
            fault.code,
            'Programmed fault.',
            fault.retryAfter,
          )
        : this.answer(
            req.method ?? '',
            callId,
            action,
            bearer,
            tokenTenantId,
            text,
          );
    const requestId = randomUUID();
    const clientRequestId = req.headers['client-request-id'];
    if (answer.status !== 0)
      this.respond(res, answer, requestId, clientRequestId);
    const recorded: RecordedGraphRequest = {
      method: req.method ?? '',
      path,
      callId,
      action,
      body: parseJson(text),
      headers: redacted(req.headers),
      tokenTenantId,
      status: answer.status,
      response: answer.body,
      receivedAt,
    };
    this.requests.push(recorded);
    this.events.emit('request', recorded);
  }

  private respond(
    res: ServerResponse,
    answer: Answer,
    requestId: string,
    clientRequestId: string | string[] | undefined,
  ): void {
    res.writeHead(answer.status, {
      'request-id': requestId,
      ...(typeof clientRequestId === 'string'
        ? { 'client-request-id': clientRequestId }
        : {}),
      ...answer.headers,
      ...(answer.body === undefined
        ? {}
        : { 'content-type': 'application/json' }),
    });
    res.end(
      answer.body === undefined
        ? undefined
        : JSON.stringify(
            withInnerError(answer.body, requestId, clientRequestId),
          ),
    );
  }

  private answer(
    method: string,
    callId: string | undefined,
    action: string | undefined,
    bearer: string | undefined,
    tokenTenantId: string | undefined,
    text: string,
  ): Answer {
    if (!bearer) return this.error(401, undefined, 'Access token is empty.');
    if (this.tokenEndpoint && !tokenTenantId)
      return this.error(
        401,
        undefined,
        'Access token was not issued by the local token endpoint, or it expired.',
      );
    if (callId === undefined || action === undefined)
      return this.error(404, 'UnknownError', 'No such resource.');
    const call = this.calls.get(callId);
    if (!call) return this.error(404, undefined, `Call ${callId} not found.`);
    if (this.tokenEndpoint && tokenTenantId !== call.tenantId)
      return this.error(
        403,
        undefined,
        'The token is for another tenant than the call.',
      );
    if (method === 'DELETE' && action === 'delete') {
      call.state = 'terminated';
      return { status: 204 };
    }
    if (method !== 'POST' || !ACTIONS.has(action))
      return this.error(400, undefined, `Unsupported ${method} ${action}.`);
    const body = parseJson(text);
    if (typeof body !== 'object' || body === null)
      return this.error(
        400,
        undefined,
        'The request body must be a JSON object.',
      );
    return this.act(call, callId, action, body as Record<string, unknown>);
  }

  private act(
    call: LocalGraphCall,
    callId: string,
    action: string,
    body: Record<string, unknown>,
  ): Answer {
    if (action === 'answer') call.state = 'establishing';
    if (action === 'reject') call.state = 'rejected';
    if (action === 'redirect') call.state = 'redirected';
    if (action !== 'playPrompt' && action !== 'subscribeToTone')
      return { status: 202 };
    const id = randomUUID();
    return {
      status: 200,
      headers: {
        location: `${this.baseUrl}/communications/calls/${callId}/operations/${id}`,
      },
      body: {
        '@odata.type': `#microsoft.graph.${action}Operation`,
        id,
        status: action === 'playPrompt' ? 'running' : 'completed',
        clientContext: body.clientContext ?? null,
      },
    };
  }

  private error(
    status: number,
    code: string | undefined,
    message: string,
    retryAfter?: string | number,
  ): Answer {
    return {
      status,
      headers:
        retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
      body: {
        error: { code: code ?? CODES[status] ?? 'UnknownError', message },
      },
    };
  }
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
}

// Graph puts its request ids in every error body too.
function withInnerError(
  body: Record<string, unknown>,
  requestId: string,
  clientRequestId: string | string[] | undefined,
): Record<string, unknown> {
  const error = body.error as Record<string, unknown> | undefined;
  if (!error) return body;
  return {
    error: {
      ...error,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        'request-id': requestId,
        'client-request-id':
          typeof clientRequestId === 'string' ? clientRequestId : undefined,
      },
    },
  };
}

function redacted(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = name === 'authorization' ? 'Bearer [redacted]' : String(value);
  }
  return out;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
