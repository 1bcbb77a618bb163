import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CallControl,
  OnIncomingCall,
  type IncomingCallEvent,
} from 'nestjs-calling-webhook';
import {
  ANSWERING_SETTINGS,
  type AnsweringSettings,
} from './call-control-settings.js';
import { CallFlow } from './call-flow.js';

/**
 * Answers incoming calls with service-hosted audio and hands them to the call flow. Without
 * credentials it only logs them.
 */
@Injectable()
export class CallAnswering {
  private readonly logger = new Logger('SampleBot');

  constructor(
    private readonly calls: CallControl,
    private readonly flow: CallFlow,
    @Inject(ANSWERING_SETTINGS) private readonly settings: AnsweringSettings,
  ) {}

  @OnIncomingCall()
  async answer(event: IncomingCallEvent): Promise<void> {
    if (!this.settings.answer) {
      this.logger.log(
        `not answering call=${event.callId}: set CALLING_APP_SECRET to answer calls`,
      );
      return;
    }
    // Adopted first: the call's notifications may come as soon as Graph has the answer.
    this.flow.adopt(event);
    try {
      await this.calls.answer(event, { acceptedModalities: ['audio'] });
    } catch (error) {
      this.flow.forget(event);
      throw error;
    }
    this.logger.log(`answered call=${event.callId} tenant=${event.tenantId}`);
  }
}
