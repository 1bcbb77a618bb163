import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { AUTH_OPTIONS } from '../auth/auth-options.js';
import type { ResolvedAuthOptions } from '../auth/auth-options.interface.js';
import type { CallingPrincipal } from '../auth/calling-principal.interface.js';
import { CallControl } from '../control/call-control.service.js';
import type { CallReference } from '../control/call-reference.interface.js';
import { GraphCallError } from '../control/graph-call.error.js';
import { describeError } from '../logging/describe-error.js';
import { callKeyOf } from '../protocol/call-id.js';
import {
  publishCallEnd,
  publishCallStart,
  publishKeepAlive,
} from '../telemetry/publish-telemetry-events.js';
import type { CallEndMessage } from '../telemetry/telemetry-messages.interface.js';
import { CallEventSequencer } from './call-event.sequencer.js';
import type { CallRecord } from './call-record.interface.js';
import { CallRecords } from './call-records.service.js';
import { callGoneEvent, modulePrincipal } from './call-gone.event.js';
import { CALLS_OPTIONS, type ResolvedCallsOptions } from './calls-options.js';

interface KeptAlive {
  readonly call: CallReference;
  /** Of the call's last notification: the synthesized terminated event carries it. */
  principal: CallingPrincipal | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Gives up the keepAlive in flight at shutdown. */
  request: AbortController | undefined;
}

// Graph ends a call 45 minutes after its last keepAlive: jitter only ever makes one earlier.
const MAX_JITTER = 0.1;

/**
 * Keeps alive the calls the app answered or placed: a `CallControl.keepAlive` every
 * `keepAlive.intervalMs` (jittered) from `established` until the call ends. Failures are logged
 * and the next keepAlive comes as planned; a `404` means Graph no longer knows the call: it ends
 * (reason "not found") and `@OnCallTerminated` runs once, with an event the module makes
 * (`callGoneEvent`). Timers never hold the process open, and stop when the module is destroyed.
 * The calls kept alive here are this instance's live calls: each is told once on
 * `CALL_START_CHANNEL` when it is first kept, once on `CALL_END_CHANNEL` when it no longer is,
 * and each keepAlive's outcome on `KEEP_ALIVE_CHANNEL`.
 */
@Injectable()
export class KeepAliveScheduler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CallingWebhook');
  private readonly kept = new Map<string, KeptAlive>();
  private stopped = false;
  /** The calls this instance keeps alive: all it answered or placed, or in a fleet those it owns. */
  private keeps: (callId: string) => boolean = () => true;

  constructor(
    private readonly records: CallRecords,
    private readonly control: CallControl,
    private readonly sequencer: CallEventSequencer,
    @Inject(CALLS_OPTIONS) private readonly options: ResolvedCallsOptions,
    @Inject(AUTH_OPTIONS) private readonly auth: ResolvedAuthOptions,
  ) {}

  onModuleInit(): void {
    if (this.options.keepAliveIntervalMs !== undefined)
      this.records.onWrite((record, principal) =>
        this.follow(record, principal),
      );
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const [key, kept] of this.kept) this.stopKeeping(key, kept, 'stopped');
  }

  /** Keeps alive only the calls `predicate` names (a fleet: the calls this instance owns). */
  keepOnly(predicate: (callId: string) => boolean): void {
    this.keeps = predicate;
  }

  /**
   * This instance took the call of `record` over from another (a fleet): it is kept alive from
   * now on, its first keepAlive at once, since the last one's time died with the previous owner.
   */
  adopt(record: CallRecord): void {
    if (this.options.keepAliveIntervalMs === undefined || this.stopped) return;
    if (!record.keepAlive || !record.established || record.end) return;
    const key = callKeyOf(record.callId);
    if (this.kept.has(key)) return;
    const kept: KeptAlive = {
      call: { callId: record.callId, tenantId: record.tenantId },
      principal: undefined,
      timer: undefined,
      request: undefined,
    };
    this.startKeeping(key, kept, record.direction);
    void this.beat(key, kept);
  }

  /** Another instance keeps `callId` alive now (a fleet): this one stops. */
  letGo(callId: string): void {
    const key = callKeyOf(callId);
    const kept = this.kept.get(key);
    if (kept) this.stopKeeping(key, kept, 'handedOver');
  }

  /** Starts keeping a call alive once it is established and the app's, stops once it ended. */
  private follow(
    record: CallRecord,
    principal: CallingPrincipal | undefined,
  ): void {
    // Every record written passes here: most are no call of the app's, and nothing is kept.
    if (this.kept.size === 0 && !(record.keepAlive && record.established))
      return;
    const key = callKeyOf(record.callId);
    const kept = this.kept.get(key);
    if (record.end) {
      if (kept) this.stopKeeping(key, kept, 'terminated');
      return;
    }
    if (kept) {
      if (principal) kept.principal = principal;
      return;
    }
    if (
      !record.keepAlive ||
      !record.established ||
      this.stopped ||
      !this.keeps(record.callId)
    )
      return;
    const started: KeptAlive = {
      call: { callId: record.callId, tenantId: record.tenantId },
      principal,
      timer: undefined,
      request: undefined,
    };
    this.startKeeping(key, started, record.direction);
    this.schedule(key, started);
  }

  private startKeeping(
    key: string,
    kept: KeptAlive,
    direction: CallRecord['direction'],
  ): void {
    this.kept.set(key, kept);
    publishCallStart({ callId: kept.call.callId, direction });
  }

  private stopKeeping(
    key: string,
    kept: KeptAlive,
    reason: CallEndMessage['reason'],
  ): void {
    this.release(kept);
    this.kept.delete(key);
    publishCallEnd({ callId: kept.call.callId, reason });
  }

  private schedule(key: string, kept: KeptAlive): void {
    const interval = this.options.keepAliveIntervalMs ?? 0;
    const delay = Math.round(interval * (1 - Math.random() * MAX_JITTER));
    kept.timer = setTimeout(() => void this.beat(key, kept), delay);
    // A keepAlive must never keep the process alive.
    kept.timer.unref();
  }

  private async beat(key: string, kept: KeptAlive): Promise<void> {
    kept.timer = undefined;
    if (this.kept.get(key) !== kept) return;
    const { callId } = kept.call;
    const request = new AbortController();
    kept.request = request;
    try {
      await this.control.keepAlive(kept.call, { signal: request.signal });
      publishKeepAlive({ callId, outcome: 'ok' });
    } catch (error) {
      // Given up on purpose: the call ended, went to another instance, or the module stops.
      if (request.signal.aborted) return;
      const status = error instanceof GraphCallError ? error.status : undefined;
      if (status === 404) {
        publishKeepAlive({ callId, outcome: 'gone', status });
        await this.gone(key, kept);
        return;
      }
      publishKeepAlive({ callId, outcome: 'failed', status });
      this.logger.warn(
        `keepAlive of call ${callId} failed; the next one comes as planned: ${describeError(error)}`,
        { callId },
      );
    } finally {
      kept.request = undefined;
    }
    if (this.kept.get(key) === kept && !this.stopped) this.schedule(key, kept);
  }

  private async gone(key: string, kept: KeptAlive): Promise<void> {
    const { callId } = kept.call;
    // Only the entry this keepAlive belonged to: a newer one is another life of the call's key.
    if (this.kept.get(key) === kept) this.stopKeeping(key, kept, 'gone');
    this.logger.warn(
      `Call ${callId} is gone (its keepAlive was answered 404): it ends here`,
      { callId },
    );
    const principal =
      kept.principal ??
      modulePrincipal(this.auth.appIds[0], kept.call.tenantId);
    await this.sequencer.dispatchMade(callGoneEvent(kept.call, principal));
  }

  private release(kept: KeptAlive): void {
    clearTimeout(kept.timer);
    kept.timer = undefined;
    kept.request?.abort();
  }
}
