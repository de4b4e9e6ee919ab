/**
 * Results of the lookups every call makes (extension, team, trunk, routes,
 * SIP credentials), kept in memory while the configuration is unchanged.
 * Each lookup is an indexed SQLite read, but drizzle's row mapping and the
 * driver call cost 50–100 µs each, and a call setup makes about fifteen of
 * them (D37).
 *
 * Validity comes from the store's ChangeStamp: any write to a tracked
 * table by this connection, or any commit by another connection, moves the
 * stamp and empties the cache on the next lookup. Reads inside a
 * transaction bypass the cache both ways: they may see rows that a
 * rollback takes back, after which the stamp does not move again.
 */
export class ReadCache {
  readonly #stamp: () => number;
  readonly #isInTransaction: () => boolean;
  readonly #maxEntries: number;
  #entries = new Map<string, unknown>();
  #validAt = Number.NaN;

  constructor(stamp: () => number, isInTransaction: () => boolean, maxEntries = 20_000) {
    this.#stamp = stamp;
    this.#isInTransaction = isInTransaction;
    this.#maxEntries = maxEntries;
  }

  /**
   * A cache that keeps nothing: without a change stamp nothing can tell
   * when a value went stale, so every lookup reads the file.
   */
  static disabled(): ReadCache {
    return new ReadCache(
      () => 0,
      () => true,
    );
  }

  /**
   * The value under `key` read while the stamp was the current one, else
   * `read()`, kept. A kept value is frozen (a list and each of its rows),
   * so a caller that changes what it got throws instead of changing what
   * the next caller reads; callers share it rather than each getting a
   * copy, which cost a call setup about 20 KB and 0.2 ms (D112).
   */
  get<T extends object>(key: string, read: () => T | undefined): T | undefined {
    if (this.#isInTransaction()) return read();
    const stamp = this.#stamp();
    // A new Map rather than clear(): a cleared table that had been promoted
    // keeps its old values alive through scavenges (D107).
    if (stamp !== this.#validAt) {
      this.#entries = new Map();
      this.#validAt = stamp;
    }
    let value = this.#entries.get(key) as T | null | undefined;
    if (value === undefined) {
      value = read() ?? null;
      // A full cache starts over rather than tracking use: the keys are
      // bounded by the configuration, so this only happens under attack
      // (dialled numbers that miss) or with a very large dial plan.
      if (this.#entries.size >= this.#maxEntries) this.#entries = new Map();
      if (value !== null) freeze(value);
      this.#entries.set(key, value);
    }
    return value === null ? undefined : value;
  }

  /** Whether get() would keep what it reads now (not inside a transaction, not disabled). */
  get isKeeping(): boolean {
    return !this.#isInTransaction();
  }

  /** Drops the value under `key`: its row changed without moving the stamp (D67). */
  forget(key: string): void {
    this.#entries.delete(key);
  }
}

function freeze(value: object): void {
  if (Array.isArray(value)) {
    for (const row of value as unknown[]) {
      if (typeof row === 'object' && row !== null) Object.freeze(row);
    }
  }
  Object.freeze(value);
}
