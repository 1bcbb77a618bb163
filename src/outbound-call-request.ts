import { BadRequestException } from '@nestjs/common';

/** What `POST /api/outbound-calls` asks for: a Teams user to call, or a meeting to join. */
export type OutboundCallRequest =
  | {
      readonly tenantId: string;
      readonly userId: string;
      readonly promptUrl: string | undefined;
    }
  | {
      readonly joinWebUrl: string;
      readonly tenantId: string | undefined;
      readonly promptUrl: string | undefined;
    };

const MAX_FIELD = 2_048;

function text(
  body: Record<string, unknown>,
  field: string,
): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (
    typeof value !== 'string' ||
    value.trim() === '' ||
    value.length > MAX_FIELD
  )
    throw new BadRequestException(
      `${field} must be a non-empty string of at most ${MAX_FIELD} characters`,
    );
  return value.trim();
}

function httpsUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    if (new URL(value).protocol === 'https:') return value;
  } catch {
    // answered below
  }
  throw new BadRequestException(
    'promptUrl must be an https URL (Graph fetches the prompt itself)',
  );
}

/**
 * Reads the request body: `{ tenantId, userId }` calls a Teams user, `{ joinWebUrl, tenantId? }`
 * joins a meeting; `promptUrl` is optional. A `400` names what is wrong.
 */
export function parseOutboundCallRequest(body: unknown): OutboundCallRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BadRequestException(
      'the body must be a JSON object: { "tenantId", "userId" } or { "joinWebUrl", "tenantId"? }',
    );
  const fields = body as Record<string, unknown>;
  const tenantId = text(fields, 'tenantId');
  const userId = text(fields, 'userId');
  const joinWebUrl = text(fields, 'joinWebUrl');
  const promptUrl = httpsUrl(text(fields, 'promptUrl'));
  if (joinWebUrl !== undefined && userId !== undefined)
    throw new BadRequestException(
      'give either userId (to call a Teams user) or joinWebUrl (to join a meeting), not both',
    );
  if (joinWebUrl !== undefined) return { joinWebUrl, tenantId, promptUrl };
  if (userId === undefined || tenantId === undefined)
    throw new BadRequestException(
      'give tenantId and userId (to call a Teams user), or joinWebUrl (to join a meeting)',
    );
  return { tenantId, userId, promptUrl };
}
