// What the `resultInfo` of a terminated call means. Sources: Graph's call-keepAlive page (a call
// without keepAlive for 45 minutes ends with 408/8537 "Keep Alive timeout"; a request about an
// ended call gets 404), and the call end codes Microsoft documents for the Teams calling
// infrastructure that Graph calls run on (azure-docs, "Troubleshooting call end response codes":
// "declined from the target user via ... Graph ... or Teams reject").

/** Readable reasons by `code/subcode`, then by `code` alone. */
const BY_CODE_AND_SUBCODE: ReadonlyMap<string, string> = new Map([
  ['408/8537', 'keepAlive timeout (no keepAlive for 45 minutes)'],
  ['0/0', 'hung up'],
  ['0/4097', 'ended for everyone by the meeting organizer'],
  ['0/5000', 'removed from the call by another participant'],
  ['0/5003', 'declined by every endpoint of the callee'],
  ['0/5300', 'removed from the call by another participant'],
  ['0/7000', 'ended by a bot or the Graph API'],
  ['0/560000', 'the phone participant hung up'],
  ['487/0', 'canceled by the caller'],
  ['487/540487', 'canceled by the caller'],
  ['487/10003', 'answered on another endpoint'],
  ['487/10004', 'not answered in time'],
  ['487/10024', 'declined by every endpoint of the callee'],
  ['603/0', 'declined'],
  ['480/10037', 'the callee has no endpoint online'],
  ['480/10076', 'the callee was not online'],
  ['480/10077', 'the callee was not online'],
  ['480/10078', 'the callee endpoint is not reachable'],
  ['486/560486', 'the phone number is busy'],
  ['408/10057', 'the callee did not finish setting up the call'],
]);

const BY_CODE: ReadonlyMap<number, string> = new Map([
  [0, 'ended'],
  [404, 'not found (the call is gone)'],
  [408, 'timed out'],
  [410, 'media connectivity lost'],
  [480, 'the callee is not available'],
  [486, 'busy'],
  [487, 'canceled'],
  [500, 'platform error'],
  [503, 'platform error'],
  [504, 'platform error'],
  [603, 'declined'],
]);

/** The reason of a call's end in words; `'ended'` when its codes are not documented. */
export function callEndReason(
  code: number | undefined,
  subcode: number | undefined,
): string {
  if (code === undefined) return 'ended';
  return (
    BY_CODE_AND_SUBCODE.get(`${code}/${subcode ?? 0}`) ??
    BY_CODE.get(code) ??
    'ended'
  );
}
