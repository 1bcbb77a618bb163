import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { CallingWebhookHealthIndicator } from 'nestjs-calling-webhook/health';

/** `GET /health`: 200 while the bot can verify the platform's tokens, 503 when it cannot. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly calling: CallingWebhookHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.calling.isHealthy()]);
  }
}
