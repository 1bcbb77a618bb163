import { callKeyOf } from '../protocol/call-id.js';

/**
 * The key one operation is known by whatever form its id comes in: Graph answers
 * `0fe0623f-d628-42ed-b4bd-8ac290072cc5` and notifies its completion under
 * `.../operations/0FE0623FD62842EDB4BD8AC290072CC5` (Microsoft's call-record example), the same
 * re-formatting as call ids.
 */
export function operationKeyOf(operationId: string): string {
  return callKeyOf(operationId);
}
