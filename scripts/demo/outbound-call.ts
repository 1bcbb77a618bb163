import type { LocalCallingPlatform } from 'nestjs-calling-webhook/testing';
import { reportCall, type DemoCallReport } from './call-report.js';

/**
 * An outbound notification call: the bot is asked (`POST /api/outbound-calls`) to call a Teams
 * user and play a notice; it places the call, plays the notice once established, waits until it
 * finished playing, and hangs up.
 */
export async function outboundNotificationCall(
  platform: LocalCallingPlatform,
  botUrl: string,
  apiKey: string,
): Promise<DemoCallReport> {
  const startedAt = Date.now();
  // The notice plays for a second.
  const next = platform.nextOutboundCall({ operationDurationMs: 1_000 });
  const response = await fetch(`${botUrl}/api/outbound-calls`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      tenantId: platform.tenantId,
      userId: '112f7296-5fa4-42ca-bae8-6a692b15d4b8',
      promptUrl: 'https://cdn.contoso.com/notice.wav',
    }),
  });
  const answer = (await response.json()) as { callId?: string };
  const call = await next;
  await call.terminated();
  const at = (action: string) =>
    call.graphRequests.find((r) => r.action === action)?.receivedAt ?? NaN;
  const prompt = call.operations.find((o) => o.type === 'playPrompt');
  return reportCall(
    'outbound notification call (place, play a notice, wait for it, hang up)',
    call,
    [
      {
        name: `POST /api/outbound-calls answered 201 with the call id (${response.status})`,
        ok: response.status === 201 && answer.callId === call.id,
      },
      {
        name: 'the bot subscribed to tones and played the notice once established',
        ok:
          at('subscribeToTone') <= at('playPrompt') &&
          call.graphRequests.filter((r) => r.action === 'playPrompt').length ===
            1,
      },
      {
        name: 'it hung up only once the notice had played',
        ok:
          call.hungUpBy === 'bot' &&
          prompt?.status === 'completed' &&
          at('delete') >= (prompt.endedAt ?? Infinity),
      },
    ],
    startedAt,
  );
}
