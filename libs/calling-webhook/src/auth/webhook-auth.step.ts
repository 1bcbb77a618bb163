import { Injectable } from '@nestjs/common';
import {
  CONTINUE,
  type StepOutcome,
  type WebhookAnswer,
} from '../webhook/pipeline/webhook-answer.js';
import type { WebhookRequest } from '../webhook/pipeline/webhook-request.js';
import type { WebhookStep } from '../webhook/pipeline/webhook-step.interface.js';
import { CallingAuthenticator } from './calling-authenticator.js';
import type { CallingPrincipal } from './calling-principal.interface.js';
import { refusalFor } from './refusal.js';
import { RefusalLog } from './refusal-log.js';

/**
 * The first step: the bearer token, before anything of the body is read. A refusal is `401`
 * with the RFC 6750 challenge, `403` for a tenant not allowed, `503` with `Retry-After` when no
 * signing key can be had; the connection is closed rather than the unread body drained. A token
 * verified before is answered without a promise (the hot path).
 */
@Injectable()
export class WebhookAuthStep implements WebhookStep {
  constructor(
    private readonly authenticator: CallingAuthenticator,
    private readonly refusals: RefusalLog,
  ) {}

  run(request: WebhookRequest): StepOutcome | Promise<StepOutcome> {
    let verified: CallingPrincipal | Promise<CallingPrincipal>;
    try {
      verified = this.authenticator.authenticateWebhookRequest(request.raw);
    } catch (cause) {
      return this.refuse(cause);
    }
    if (!(verified instanceof Promise)) {
      request.principal = verified;
      return CONTINUE;
    }
    return verified.then(
      (principal) => {
        request.principal = principal;
        return CONTINUE;
      },
      (cause: unknown) => this.refuse(cause),
    );
  }

  private refuse(cause: unknown): WebhookAnswer {
    const refusal = refusalFor(cause);
    this.refusals.record(refusal);
    return {
      status: refusal.status,
      reason: refusal.reason,
      headers: refusal.headers,
      closeConnection: true,
    };
  }
}
