import type { CallState, ResultInfo } from '@microsoft/microsoft-graph-types';

const CALL_STATES: readonly CallState[] = [
  'incoming',
  'establishing',
  'established',
  'hold',
  'transferring',
  'transferAccepted',
  'redirecting',
  'terminating',
  'terminated',
  'unknownFutureValue',
];
const CALL_STATE_BY_LOWER = new Map(
  CALL_STATES.map((state) => [state.toLowerCase(), state]),
);

/**
 * A call state in Graph's casing: real traffic (and Microsoft's own docs) show `Established`.
 * A state Graph does not list yet is passed on as it came.
 */
export function normaliseCallState(value: unknown): CallState | undefined {
  if (typeof value !== 'string') return undefined;
  return CALL_STATE_BY_LOWER.get(value.toLowerCase()) ?? (value as CallState);
}

/** Reads a number sent as a number or as a numeric string (`"code": "0"` is seen). */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** `resultInfo` with numeric `code` and `subcode` (some payloads spell it `subCode`). */
export function normaliseResultInfo(value: unknown): ResultInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  return {
    ...raw,
    code: numberOf(raw.code),
    subcode: numberOf(raw.subcode ?? raw.subCode),
    message: typeof raw.message === 'string' ? raw.message : undefined,
  };
}
