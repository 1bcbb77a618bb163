import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  CallControl,
  OnCallEstablished,
  OnCallTerminated,
  OnIncomingCall,
  OnToneReceived,
  type CallEstablishedEvent,
  type CallReference,
  type CallTerminatedEvent,
  type IncomingCallEvent,
  type ToneReceivedEvent,
} from 'nestjs-calling-webhook';
import {
  ANSWERING_SETTINGS,
  type AnsweringSettings,
} from './call-control-settings.js';

/**
 * The sample bot's call flow: answer with service-hosted audio, play a prompt once established,
 * listen for tones, hang up on the first tone or after a delay. Without credentials it only logs.
 */
@Injectable()
export class CallAnswering implements OnModuleDestroy {
  private readonly logger = new Logger('SampleBot');
  private readonly hangUpTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly calls: CallControl,
    @Inject(ANSWERING_SETTINGS) private readonly settings: AnsweringSettings,
  ) {}

  @OnIncomingCall()
  async answer(event: IncomingCallEvent): Promise<void> {
    if (!this.settings.answer) {
      this.logger.log('not answering: set CALLING_APP_SECRET to answer calls', {
        callId: event.callId,
      });
      return;
    }
    await this.calls.answer(event, { acceptedModalities: ['audio'] });
    this.logger.log(`answered tenant=${event.tenantId}`, {
      callId: event.callId,
    });
  }

  @OnCallEstablished()
  async established(event: CallEstablishedEvent): Promise<void> {
    if (!this.settings.answer || this.hangUpTimers.has(event.callId)) return;
    const call = { callId: event.callId, tenantId: event.tenantId };
    this.hangUpTimers.set(
      event.callId,
      setTimeout(
        () => void this.hangUp(call, 'time is up'),
        this.settings.hangUpAfterMs,
      ),
    );
    await this.calls.subscribeToTone(call);
    if (this.settings.promptUri)
      await this.calls.playPrompt(call, {
        prompts: [{ mediaInfo: { uri: this.settings.promptUri } }],
      });
  }

  @OnToneReceived()
  async tone(event: ToneReceivedEvent): Promise<void> {
    if (!this.hangUpTimers.has(event.callId)) return;
    await this.hangUp(event, `tone ${event.tone.tone ?? ''}`);
  }

  @OnCallTerminated()
  terminated(event: CallTerminatedEvent): void {
    clearTimeout(this.hangUpTimers.get(event.callId));
    this.hangUpTimers.delete(event.callId);
  }

  onModuleDestroy(): void {
    for (const timer of this.hangUpTimers.values()) clearTimeout(timer);
    this.hangUpTimers.clear();
  }

  private async hangUp(call: CallReference, why: string): Promise<void> {
    clearTimeout(this.hangUpTimers.get(call.callId));
    this.hangUpTimers.delete(call.callId);
    try {
      await this.calls.hangUp(call);
      this.logger.log(`hung up (${why})`, { callId: call.callId });
    } catch (error) {
      this.logger.warn(
        `could not hang up: ${error instanceof Error ? error.message : 'unknown error'}`,
        { callId: call.callId },
      );
    }
  }
}
