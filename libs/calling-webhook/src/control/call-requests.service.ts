import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Call, CommsOperation } from '@microsoft/microsoft-graph-types';
import type { CallOperation } from './call-operation.interface.js';
import type { CallReference } from './call-reference.interface.js';
import { isCallId } from '../protocol/call-id.js';
import { withoutUndefined } from './graph-bodies.js';
import { OperationTracking } from '../calls/operation-tracking.service.js';
import { GraphHttpClient } from './graph-http-client.js';
import type { OperationOptions } from './media-requests.interface.js';
import { isTenantId } from './tenant-id.js';

// Graph's limit on clientContext.
const MAX_CLIENT_CONTEXT = 256;

/**
 * The requests of `CallControl` and `CallParticipants` about one call, in the call's tenant:
 * the call and its ids are checked before anything is sent, and operations get a
 * `clientContext` so that their completion can be told apart.
 */
@Injectable()
export class CallRequests {
  constructor(
    private readonly graph: GraphHttpClient,
    private readonly operations: OperationTracking,
  ) {}

  /**
   * POSTs an action Graph answers without an operation (`answer`, `keepAlive`: no body);
   * `signal` gives it up.
   */
  async act(
    call: CallReference,
    action: string,
    body?: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.graph.send({
      tenantId: tenantOf(call),
      method: 'POST',
      path: callPath(call, action),
      body: body && withoutUndefined(body),
      signal,
    });
  }

  /**
   * POSTs an action that starts an operation; resolves with it, the `clientContext` sent, and
   * `completed()`, which awaits its completion.
   */
  async operate<T extends CommsOperation>(
    call: CallReference,
    action: string,
    options: OperationOptions | undefined,
    body: Record<string, unknown> = {},
  ): Promise<CallOperation<T>> {
    const tenantId = tenantOf(call);
    const path = callPath(call, action);
    const clientContext = clientContextOf(options);
    // Awaited from before the request: the completion may arrive before Graph's answer does.
    const pending = this.operations.expect(call, clientContext);
    let operation: T | undefined;
    try {
      operation = await this.graph.send<T>({
        tenantId,
        method: 'POST',
        path,
        body: withoutUndefined({ ...body, clientContext }),
      });
    } catch (error) {
      if (pending) this.operations.abandon(pending);
      throw error;
    }
    return this.operations.started(call, pending, operation, clientContext);
  }

  /** GETs the call or something under it (`participants`). */
  async read<T>(call: CallReference, under?: string): Promise<T> {
    const answer = await this.graph.send<T>({
      tenantId: tenantOf(call),
      method: 'GET',
      path: callPath(call, under),
      validAnswer: isObject,
    });
    return answer as T;
  }

  /** DELETEs the call or something under it (a participant). */
  async remove(call: CallReference, under?: string): Promise<void> {
    await this.graph.send({
      tenantId: tenantOf(call),
      method: 'DELETE',
      path: callPath(call, under),
    });
  }

  /** POSTs a new call (`/communications/calls`) in `tenantId`, at most once: see `idempotent`. */
  async create(
    tenantId: string,
    body: Record<string, unknown>,
  ): Promise<Call & { id: string }> {
    if (!isTenantId(tenantId))
      throw new TypeError(
        "CallControl: tenantId must name the call's tenant (a tenant GUID or domain)",
      );
    const created = await this.graph.send<Call & { id: string }>({
      tenantId,
      method: 'POST',
      path: '/communications/calls',
      body: withoutUndefined(body),
      idempotent: false,
      validAnswer: (answer) =>
        isObject(answer) && isCallId((answer as Call).id),
    });
    return created as Call & { id: string };
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** The tenant of a call, checked (it names the authority app tokens come from). */
function tenantOf(call: CallReference): string {
  if (!isTenantId(call?.tenantId))
    throw new TypeError(
      'CallControl: the call has no usable tenantId (a tenant GUID or domain)',
    );
  return call.tenantId;
}

// The id was checked against the call-id form, so it needs no escaping and stays one segment.
function callPath(call: CallReference, under?: string): string {
  if (!isCallId(call?.callId))
    throw new TypeError(
      'CallControl: the callId is not a Graph call id (1 to 128 letters, digits, "-" or "_")',
    );
  const path = `/communications/calls/${call.callId}`;
  return under ? `${path}/${under}` : path;
}

function clientContextOf(options: OperationOptions | undefined): string {
  const given = options?.clientContext;
  if (given === undefined) return randomUUID();
  if (
    typeof given !== 'string' ||
    given.length === 0 ||
    given.length > MAX_CLIENT_CONTEXT
  )
    throw new TypeError(
      `CallControl: clientContext must be a string of 1 to ${MAX_CLIENT_CONTEXT} characters`,
    );
  return given;
}
