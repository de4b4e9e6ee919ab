/** The verdict on a nonce-count. */
export type NonceCountVerdict = 'accepted' | 'replay' | 'forgotten';

interface Entry {
  nc: number;
  readonly issuedAtMs: number;
}

/**
 * Remembers the highest nonce-count seen per nonce, in a map bounded by
 * least-recent use. RFC 7616 §3.4: the server can detect replays by
 * watching nc, and a count that does not increase is a replay.
 *
 * An evicted nonce must not come back with a clean slate, or its old
 * requests could be replayed. Eviction therefore raises a watermark to the
 * evicted nonce's issue time: a nonce we hold no entry for and that was
 * issued at or before the watermark may have been used, so it is reported
 * as 'forgotten' (the caller asks for a fresh nonce with stale=true). A
 * nonce issued after every evicted one has never been used if it is absent.
 */
export class NonceCountTracker {
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  #forgottenUpToMs = -Infinity;

  constructor(maxEntries: number) {
    this.#maxEntries = Math.max(1, Math.floor(maxEntries));
  }

  /** Number of nonces currently remembered. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Records `nc` for `nonce` when it is higher than any seen before. Call it
   * only after the response has been verified, or anyone could burn counts.
   */
  record(nonce: string, issuedAtMs: number, nc: number): NonceCountVerdict {
    const entry = this.#entries.get(nonce);
    if (entry !== undefined) {
      if (nc <= entry.nc) return 'replay';
      entry.nc = nc;
      // Re-inserting moves the key to the young end of the Map's order.
      this.#entries.delete(nonce);
      this.#entries.set(nonce, entry);
      return 'accepted';
    }
    if (issuedAtMs <= this.#forgottenUpToMs) return 'forgotten';
    this.#entries.set(nonce, { nc, issuedAtMs });
    if (this.#entries.size > this.#maxEntries) this.#evictOldest();
    return 'accepted';
  }

  #evictOldest(): void {
    const oldest = this.#entries.entries().next();
    if (oldest.done === true) return;
    const [nonce, entry] = oldest.value;
    this.#entries.delete(nonce);
    this.#forgottenUpToMs = Math.max(this.#forgottenUpToMs, entry.issuedAtMs);
  }
}
