import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { graphError, type GraphAnswer } from './graph-answer.js';
import { parseJson, readBody, redacted, respond } from './graph-http-io.js';
import { actOnCall } from './graph-call-actions.js';
import { createCall } from './graph-create-call.js';
import {
  cancelMediaOperations,
  completeOperation,
  type OperationOutcome,
} from './graph-operations.js';
import { graphRoute, type GraphRoute } from './graph-route.js';
import {
  newLocalGraphCall,
  type LocalGraphCall,
  type LocalGraphCallInit,
} from './local-graph-call.js';
import { LocalRecordings, type LocalRecording } from './local-recordings.js';
import type { LocalTokenEndpoint } from './local-token-endpoint.js';
import { LoopbackServer } from './loopback-server.js';
import type {
  GraphFault,
  RecordedGraphRequest,
} from './recorded-graph-request.js';

/** What `LocalGraphApi.start()` takes. */
export interface LocalGraphApiOptions {
  /** Check bearer tokens against this endpoint (issued by it, for the call's tenant). */
  tokenEndpoint?: LocalTokenEndpoint;
  /** The port on 127.0.0.1. @default 0 (a free port) */
  port?: number;
}

/**
 * A local fake of the Graph communications API on http://127.0.0.1: records every request and
 * answers like Graph v1.0 (call actions `202`, operations `running` or `completed` with their
 * `Location`, placed calls `201`, keepAlive `200`, DELETE `204`, an unknown or ended call `404`
 * with a Graph error body), checks bearer tokens against a `LocalTokenEndpoint`, keeps rosters,
 * keepAlives and operations per call, serves recordings, and plays programmed faults. The
 * notifications that follow (what a `LocalCallingPlatform` call sends) are driven through
 * `completeOperation`, `cancelMediaOperations` and `endCall`.
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
  private readonly recordings = new LocalRecordings(() => this.origin);

  private constructor(
    server: Server,
    private readonly tokenEndpoint: LocalTokenEndpoint | undefined,
  ) {
    this.loopback = new LoopbackServer(server);
    this.events.setMaxListeners(0);
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
    return `${this.origin}/v1.0`;
  }

  private get origin(): string {
    return `http://127.0.0.1:${this.loopback.port}`;
  }

  /** Makes a call known: an incoming call of `tenantId` unless `init` says otherwise. */
  addCall(
    callId: string,
    tenantId: string,
    init: Omit<LocalGraphCallInit, 'id' | 'tenantId'> = {},
  ): LocalGraphCall {
    const call = newLocalGraphCall({ ...init, id: callId, tenantId });
    this.calls.set(callId, call);
    return call;
  }

  /** Ends a running operation successfully (a recording for a record operation, invitees join). */
  completeOperation(
    callId: string,
    operationId: string,
  ): OperationOutcome | undefined {
    const call = this.calls.get(callId);
    return call && completeOperation(call, operationId, this.recordings);
  }

  /** Fails the running playPrompt and record operations of a call, as cancelMediaProcessing does. */
  cancelMediaOperations(callId: string): OperationOutcome[] {
    const call = this.calls.get(callId);
    return call ? cancelMediaOperations(call) : [];
  }

  /** Ends a call: it is `terminated`, its recordings are discarded, later requests get `404`. */
  endCall(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    call.state = 'terminated';
    this.recordings.discard(callId);
  }

  /** Loses a call without a word: every later request about it gets `404`. */
  forgetCall(callId: string): void {
    this.endCall(callId);
    const call = this.calls.get(callId);
    if (call) call.gone = true;
  }

  /** The recording at a `recordingLocation`, while Graph keeps it (until the call ends). */
  recording(location: string): LocalRecording | undefined {
    return this.recordings.get(location);
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
    const url = (req.url ?? '').split('?')[0];
    if (this.recordings.serve(req, res, url)) return;
    const path = url.replace(/^\/v1\.0(?=\/)/, '');
    const route = graphRoute(req.method ?? '', path);
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const issued = bearer ? this.tokenEndpoint?.inspect(bearer) : undefined;
    const fault = this.faults.shift();
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    let callId = route.callId;
    let answer: GraphAnswer;
    // A client that gave up (a timeout) is recorded with status 0 and gets no answer.
    if (res.destroyed) answer = { status: 0 };
    else if (fault?.status)
      answer = graphError(
        fault.status,
        'Programmed fault.',
        fault.code,
        fault.retryAfter,
      );
    else if (!bearer) answer = graphError(401, 'Access token is empty.');
    else if (this.tokenEndpoint && !issued)
      answer = graphError(
        401,
        'Access token was not issued by the local token endpoint, or it expired.',
      );
    else if (route.action === 'create') {
      const created = createCall(
        parseJson(text),
        { tenantId: issued?.tenantId, clientId: issued?.clientId },
        this.baseUrl,
      );
      if (created.call) this.calls.set(created.call.id, created.call);
      callId = created.call?.id;
      answer = created.answer;
    } else
      answer = this.answerFor(req.method ?? '', route, issued?.tenantId, text);
    const requestId = randomUUID();
    const clientRequestId = req.headers['client-request-id'];
    const answerNow = () => {
      if (answer.status !== 0 && !res.destroyed)
        respond(
          res,
          answer,
          requestId,
          typeof clientRequestId === 'string' ? clientRequestId : undefined,
        );
    };
    const recorded: RecordedGraphRequest = {
      method: req.method ?? '',
      path,
      callId,
      ...(route.participantId === undefined
        ? {}
        : { participantId: route.participantId }),
      action: route.action,
      body: parseJson(text),
      headers: redacted(req.headers),
      tokenTenantId: issued?.tenantId,
      status: answer.status,
      response: answer.body,
      receivedAt,
    };
    // What a request did goes on before Graph's answer leaves (a placed call's `established`
    // may reach the bot before the `201`): it is recorded, and followed up, first.
    if (fault?.answerAfter) {
      this.requests.push(recorded);
      this.events.emit('request', recorded);
      await fault.answerAfter;
      answerNow();
      return;
    }
    answerNow();
    this.requests.push(recorded);
    this.events.emit('request', recorded);
  }

  private answerFor(
    method: string,
    route: GraphRoute,
    tokenTenantId: string | undefined,
    text: string,
  ): GraphAnswer {
    if (route.callId === undefined || route.action === undefined)
      return graphError(404, 'No such resource.', 'UnknownError');
    const call = this.calls.get(route.callId);
    if (!call || call.gone)
      return graphError(404, `Call ${route.callId} not found.`);
    if (this.tokenEndpoint && tokenTenantId !== call.tenantId)
      return graphError(403, 'The token is for another tenant than the call.');
    // Deleting is idempotent; anything else about an ended call finds nothing (keepAlive's 404).
    if (method === 'DELETE' && route.action === 'delete') {
      this.endCall(call.id);
      return { status: 204 };
    }
    if (call.state === 'terminated')
      return graphError(404, `Call ${route.callId} has ended.`);
    return actOnCall(call, method, route, parseJson(text), this.baseUrl);
  }
}
