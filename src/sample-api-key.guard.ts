import { createHash, timingSafeEqual } from 'node:crypto';
import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  OUTBOUND_SETTINGS,
  type OutboundSettings,
} from './call-control-settings.js';

const digest = (text: string): Buffer =>
  createHash('sha256').update(text).digest();

/**
 * Lets through requests carrying `Authorization: Bearer <CALLING_SAMPLE_API_KEY>`. The keys are
 * compared as SHA-256 digests in constant time: neither their content nor their length shows in
 * how long a refusal takes.
 */
@Injectable()
export class SampleApiKeyGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(
    @Inject(OUTBOUND_SETTINGS) settings: OutboundSettings,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.expected = digest(settings.apiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<{
      headers: Record<string, string | string[] | undefined>;
    }>();
    const header = request.headers.authorization;
    const given =
      typeof header === 'string'
        ? /^Bearer (.+)$/i.exec(header)?.[1]
        : undefined;
    if (given !== undefined && timingSafeEqual(digest(given), this.expected))
      return true;
    this.adapterHost.httpAdapter.setHeader(
      http.getResponse(),
      'WWW-Authenticate',
      'Bearer realm="sample-bot"',
    );
    throw new UnauthorizedException(
      'Authorization: Bearer <CALLING_SAMPLE_API_KEY> is required',
    );
  }
}
