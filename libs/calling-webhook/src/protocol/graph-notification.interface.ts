/**
 * One item of a Graph `commsNotifications` body, as the platform sends it. Graph's own
 * `CommsNotification` type lacks what real payloads carry: the older `resource` (instead of, or
 * beside, `resourceUrl`) and `resourceData` (an object, an array for rosters, or absent).
 */
export interface GraphNotification {
  readonly changeType: string;
  /** `/communications/calls/{id}...`; older payloads carry only `resource`. */
  readonly resourceUrl?: string;
  /** The older `/app/calls/{id}` form. */
  readonly resource?: string;
  readonly resourceData?: unknown;
  readonly [property: string]: unknown;
}
