import { Injectable, Logger } from '@nestjs/common';
import {
  CallControl,
  OnCallEstablished,
  OnIncomingCall,
  type CallEstablishedEvent,
  type IncomingCallEvent,
} from 'nestjs-calling-webhook';

@Injectable()
export class CallHandlers {
  private readonly logger = new Logger(CallHandlers.name);

  constructor(private readonly calls: CallControl) {}

  @OnIncomingCall()
  async answer(event: IncomingCallEvent) {
    this.logger.log(`incoming call ${event.callId} (tenant ${event.tenantId})`);
    if (!process.env.CALLING_APP_SECRET) return;
    await this.calls.answer(event, { acceptedModalities: ['audio'] });
    this.logger.log(`answered call ${event.callId}`);
  }

  @OnCallEstablished()
  established(event: CallEstablishedEvent) {
    this.logger.log(`call ${event.callId} established`);
  }
}
