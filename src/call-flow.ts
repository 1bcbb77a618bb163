import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  CallControl,
  CallEndedError,
  CallRegistry,
  OnCallEstablished,
  OnCallTerminated,
  OnToneReceived,
  type CallEstablishedEvent,
  type CallReference,
  type CallTerminatedEvent,
  type ToneReceivedEvent,
  logSafe,
} from 'nestjs-calling-webhook';
import {
  ANSWERING_SETTINGS,
  type AnsweringSettings,
} from './call-control-settings.js';

/** A call the bot answered or placed, and what it does with it. */
interface OwnCall {
  readonly call: CallReference;
  readonly promptUri: string | undefined;
  hangUpTimer: NodeJS.Timeout | undefined;
  hangingUp: boolean;
}

/**
 * The sample bot's call flow, the same for calls it answered and calls it placed: once
 * established, listen for tones; play the prompt, if any, and wait until it finished playing
 * (completed or failed), then hang up. A key press hangs up at once, and `hangUpAfterMs` bounds
 * every call. The library runs `@OnCallEstablished` once per call, so a repeated or late
 * lifecycle notification never plays the prompt twice.
 */
@Injectable()
export class CallFlow implements OnModuleDestroy {
  private readonly logger = new Logger('SampleBot');
  private readonly own = new Map<string, OwnCall>();
  /** Calls being placed (Graph has not answered yet), each settled once adopted or refused. */
  private readonly placements = new Set<Promise<unknown>>();

  constructor(
    private readonly calls: CallControl,
    private readonly registry: CallRegistry,
    @Inject(ANSWERING_SETTINGS) private readonly settings: AnsweringSettings,
  ) {}

  /** The bot answered or placed `call`: play `promptUri` to it once it is established. */
  adopt(call: CallReference, promptUri = this.settings.promptUri): void {
    this.own.set(call.callId, {
      call: { callId: call.callId, tenantId: call.tenantId },
      promptUri,
      hangUpTimer: undefined,
      hangingUp: false,
    });
  }

  /**
   * The bot is placing a call (`placing`, Graph's answer to come): it is adopted, to play
   * `promptUri` to, as soon as Graph answers. Graph's notifications and its answer travel apart,
   * so the call's `established` may come first: the flow then waits for the placements in flight
   * before it takes the call for one that is not its own.
   */
  async adoptPlaced(
    placing: Promise<CallReference>,
    promptUri?: string,
  ): Promise<CallReference> {
    const adopted = placing.then(async (call) => {
      // Ended before Graph's answer came (its terminated was handled): nothing to adopt, or the
      // entry would stay until shutdown.
      if (!(await this.registry.get(call.callId))?.end)
        this.adopt(call, promptUri);
      return call;
    });
    const settled = adopted.then(
      () => undefined,
      () => undefined,
    );
    this.placements.add(settled);
    try {
      return await adopted;
    } finally {
      this.placements.delete(settled);
    }
  }

  /** The bot will not have `call` after all (answering it failed). */
  forget(call: CallReference): void {
    clearTimeout(this.own.get(call.callId)?.hangUpTimer);
    this.own.delete(call.callId);
  }

  @OnCallEstablished()
  async established(event: CallEstablishedEvent): Promise<void> {
    const own =
      this.own.get(event.callId) ?? (await this.placedMeanwhile(event.callId));
    if (!own) return;
    own.hangUpTimer = setTimeout(
      () => void this.hangUp(own, 'time is up'),
      this.settings.hangUpAfterMs,
    );
    // Waited for from before the subscription, so that no key pressed meanwhile is missed;
    // it settles on the tone's arrival, though this handler holds the call's turn.
    const keyPress = own.promptUri
      ? this.registry.nextTone(event, {
          timeoutMs: this.settings.hangUpAfterMs,
        })
      : undefined;
    await this.calls.subscribeToTone(event);
    if (!own.promptUri || !keyPress) return;
    const prompt = await this.calls.playPrompt(event, {
      prompts: [{ mediaInfo: { uri: own.promptUri } }],
    });
    const outcome = await Promise.race([
      prompt.completed({ timeoutMs: this.settings.hangUpAfterMs }).then(
        () => 'prompt played',
        (error: unknown) =>
          // The call ended while it played: nothing left to hang up.
          error instanceof CallEndedError
            ? undefined
            : `prompt ended: ${error instanceof Error ? error.name : 'unknown error'}`,
      ),
      keyPress.then((tone) => tone && `tone ${tone.tone ?? ''}`),
    ]);
    if (outcome) await this.hangUp(own, outcome);
  }

  @OnToneReceived()
  async tone(event: ToneReceivedEvent): Promise<void> {
    const own = this.own.get(event.callId) ?? (await this.takenOver(event));
    if (own) await this.hangUp(own, `tone ${event.tone.tone ?? ''}`);
  }

  @OnCallTerminated()
  terminated(event: CallTerminatedEvent): void {
    this.forget(event);
  }

  onModuleDestroy(): void {
    for (const own of this.own.values()) clearTimeout(own.hangUpTimer);
    this.own.clear();
  }

  /** The call, if a placement in flight turns out to be it (bounded by Graph's retry budget). */
  private async placedMeanwhile(callId: string): Promise<OwnCall | undefined> {
    if (this.placements.size === 0) return undefined;
    await Promise.all(this.placements);
    return this.own.get(callId);
  }

  /**
   * A call of the app's that this instance took over from another in a fleet (it answered or
   * placed none of it here): its call state says it is the app's, and its flow goes on here.
   */
  private async takenOver(call: CallReference): Promise<OwnCall | undefined> {
    const record = await this.registry.get(call.callId);
    if (!record?.keepAlive || record.end) return undefined;
    const own: OwnCall = {
      call: { callId: call.callId, tenantId: call.tenantId },
      promptUri: undefined,
      hangUpTimer: undefined,
      hangingUp: false,
    };
    this.own.set(call.callId, own);
    return own;
  }

  /** Hangs up once, whatever asks first (a key, the prompt's end, the time limit). */
  private async hangUp(own: OwnCall, why: string): Promise<void> {
    if (own.hangingUp) return;
    own.hangingUp = true;
    clearTimeout(own.hangUpTimer);
    try {
      await this.calls.hangUp(own.call);
      // `why` may quote a tone from the payload; an error, Graph's message.
      this.logger.log(`hung up (${logSafe(why)})`, { callId: own.call.callId });
    } catch (error) {
      this.logger.warn(
        `could not hang up: ${logSafe(error instanceof Error ? error.message : 'unknown error')}`,
        { callId: own.call.callId },
      );
    }
  }
}
