/** What the key source knows of its signing keys now (for health checks): no key material. */
export interface SigningKeysStatus {
  /** Keys held now; `0` means no token can be verified. */
  readonly keyCount: number;
  /** When the keys held were fetched; `undefined` before the first successful fetch. */
  readonly fetchedAt: Date | undefined;
  /** The last fetch's failure while no fetch has succeeded since: a short reason, no secret. */
  readonly lastError:
    { readonly reason: string; readonly at: Date } | undefined;
  /** Failed fetches since the last success. */
  readonly failuresInARow: number;
}
