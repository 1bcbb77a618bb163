import {
  BadGatewayException,
  BadRequestException,
  Controller,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  CallControl,
  GraphCallError,
  TeamsJoinLinkError,
  type CreatedCall,
} from 'nestjs-calling-webhook';
import { CallFlow } from './call-flow.js';
import { jsonRequestBody } from './json-request-body.js';
import {
  parseOutboundCallRequest,
  type OutboundCallRequest,
} from './outbound-call-request.js';
import { SampleApiKeyGuard } from './sample-api-key.guard.js';

/**
 * `POST /api/outbound-calls` (only with `CALLING_SAMPLE_API_KEY`): places a call to a Teams user
 * or joins a meeting, and answers `201 { callId }` once Graph created the call. Once established,
 * the call flow plays it like an answered call: tones, the prompt, wait, hang up.
 */
@Controller('api/outbound-calls')
@UseGuards(SampleApiKeyGuard)
export class OutboundCallsController {
  constructor(
    private readonly calls: CallControl,
    private readonly flow: CallFlow,
  ) {}

  @Post()
  async place(@Req() request: unknown): Promise<{ callId: string }> {
    const wanted = parseOutboundCallRequest(await jsonRequestBody(request));
    // Handed to the flow before Graph answers: the call's established may come first.
    const created = await this.flow.adoptPlaced(
      this.placeFor(wanted),
      wanted.promptUrl,
    );
    return { callId: created.callId };
  }

  private async placeFor(wanted: OutboundCallRequest): Promise<CreatedCall> {
    try {
      return 'joinWebUrl' in wanted
        ? await this.calls.joinMeeting({
            joinLink: wanted.joinWebUrl,
            tenantId: wanted.tenantId,
          })
        : await this.calls.create({
            tenantId: wanted.tenantId,
            targets: [{ identity: { user: { id: wanted.userId } } }],
          });
    } catch (error) {
      // CallControl refuses ids, tenants and links Graph would refuse, before any request.
      if (error instanceof TeamsJoinLinkError || error instanceof TypeError)
        throw new BadRequestException(error.message);
      if (error instanceof GraphCallError)
        throw new BadGatewayException({
          message: 'Graph refused to place the call',
          code: error.code,
          graphStatus: error.status,
        });
      throw error;
    }
  }
}
