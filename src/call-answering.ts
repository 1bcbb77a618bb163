import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  CallControl,
  logSafe,
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
export class CallAnswering implements OnApplicationBootstrap {
  private readonly logger = new Logger('SampleBot');

  constructor(
    private readonly calls: CallControl,
    private readonly flow: CallFlow,
    @Inject(ANSWERING_SETTINGS) private readonly settings: AnsweringSettings,
  ) {}

  // Said once, not per call: each incoming call already logs its one line.
  onApplicationBootstrap(): void {
    if (!this.settings.answer)
      this.logger.warn(
        'CALLING_APP_SECRET is not set: incoming calls are logged, not answered',
      );
  }

  @OnIncomingCall()
  async answer(event: IncomingCallEvent): Promise<void> {
    if (!this.settings.answer) return;
    // Adopted first: the call's notifications may come as soon as Graph has the answer.
    this.flow.adopt(event);
    try {
      await this.calls.answer(event, { acceptedModalities: ['audio'] });
    } catch (error) {
      this.flow.forget(event);
      throw error;
    }
    this.logger.log(`answered tenant=${logSafe(event.tenantId)}`, {
      callId: event.callId,
    });
  }
}
