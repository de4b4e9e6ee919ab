import type { ConfigStore } from '../../../core/config-store/index.ts';
import type { MetricsRegistry } from '../../../core/index.ts';

/** Bodies kept at most; the least recently used goes first. */
const DEFAULT_MAX_ENTRIES = 512;
/** Larger bodies are not kept: a page of 50 rows is a few tens of KiB. */
const DEFAULT_MAX_BODY_CHARS = 512 * 1024;
/** Keys remembered as asked once; past this the memory starts afresh. */
const MAX_SEEN_ONCE = 4096;

interface Entry {
  readonly stamp: number;
  readonly body: string;
}

/**
 * Serialized list pages, each valid while the store's change stamp
 * (ConfigStore.changeStamp) is the one it was read at: any configuration
 * write makes every entry stale. Admin consoles and provisioning scripts
 * read the same pages over and over between rare writes, and reading a page
 * of 50 rows out of SQLite and writing its JSON is most of a list request.
 * Keys must hold everything the body depends on besides the stored rows:
 * the caller's scope and the request's URL (see listCacheKey()).
 */
export class ListPageCache {
  readonly #stamp: () => number;
  readonly #maxEntries: number;
  readonly #maxBodyChars: number;
  // Both are replaced, never cleared: Map.prototype.clear() leaves the
  // old hash table holding its bodies, and once the table has been
  // promoted it keeps them alive through every scavenge until the next
  // mark-compact (D107).
  #entries = new Map<string, Entry>();
  /** Keys asked once at #entriesStamp and not kept yet. */
  #seenOnce = new Set<string>();
  /** The stamp every kept entry was read at. */
  #entriesStamp = Number.NaN;
  #hits = 0;
  #misses = 0;

  constructor(stamp: () => number, options: { maxEntries?: number; maxBodyChars?: number } = {}) {
    this.#stamp = stamp;
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.#maxBodyChars = options.maxBodyChars ?? DEFAULT_MAX_BODY_CHARS;
  }

  /** The stamp to store a body under; read it before reading the rows. */
  stamp(): number {
    return this.#stamp();
  }

  /** The body kept for `key` if nothing changed since it was read. */
  get(key: string): string | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.stamp !== this.#stamp()) {
      if (entry !== undefined) this.#entries.delete(key);
      this.#misses++;
      return undefined;
    }
    // Map keeps insertion order: re-inserting marks the entry recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#hits++;
    return entry.body;
  }

  /**
   * Keeps `body`, read at `stamp`, for `key` if this key was asked before
   * at this stamp: a page read once (a client walking all pages, a search)
   * would only be carried into the old generation and collected there, so
   * a body is kept from the second read of its key on (D107).
   */
  set(key: string, stamp: number, body: string): void {
    if (body.length > this.#maxBodyChars) return;
    // The stamp only grows, so entries of an older one can never be valid
    // again: dropping them at once keeps them from living on into the old
    // generation while configuration is written often (under write churn the
    // cache held hundreds of dead pages and major GCs set the p99).
    if (stamp !== this.#entriesStamp) {
      this.#entries = new Map();
      this.#seenOnce = new Set();
      this.#entriesStamp = stamp;
    }
    if (!this.#entries.has(key) && !this.#seenOnce.has(key)) {
      if (this.#seenOnce.size >= MAX_SEEN_ONCE) this.#seenOnce = new Set();
      this.#seenOnce.add(key);
      return;
    }
    this.#seenOnce.delete(key);
    this.#entries.delete(key);
    this.#entries.set(key, { stamp, body });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** Entries kept, hits and misses since start (for metrics and tests). */
  get stats(): { entries: number; hits: number; misses: number } {
    return { entries: this.#entries.size, hits: this.#hits, misses: this.#misses };
  }
}

/** One page cache per store, shared by every resource's list route. */
const listPageCaches = new WeakMap<ConfigStore, ListPageCache>();

/** The page cache of `store`'s list routes, made on first use. */
export function listPageCacheOf(store: ConfigStore): ListPageCache {
  let cache = listPageCaches.get(store);
  if (cache === undefined) {
    cache = new ListPageCache(() => store.changeStamp());
    listPageCaches.set(store, cache);
  }
  return cache;
}

/**
 * The page cache's entries, hits and misses on /metrics, so that an
 * operator can see whether the cache serves the consoles' pages (D107:
 * a page is kept from its second read).
 */
export function exposeListPageCache(metrics: MetricsRegistry, store: ConfigStore): void {
  const entries = metrics.gauge(
    'switchyard_admin_list_cache_entries',
    'List pages kept by the admin API page cache',
  );
  const hits = metrics.counter(
    'switchyard_admin_list_cache_hits_total',
    'List requests answered from the page cache',
  );
  const misses = metrics.counter(
    'switchyard_admin_list_cache_misses_total',
    'List requests that read the store',
  );
  metrics.onCollect(() => {
    const stats = listPageCacheOf(store).stats;
    entries.set({}, stats.entries);
    hits.set({}, stats.hits);
    misses.set({}, stats.misses);
  });
}

/**
 * The cache key of a list request: the account (its role, team and
 * permissions decide which rows it may see) and the URL with its query.
 */
export function listCacheKey(accountId: number, url: string): string {
  return `${accountId} ${url}`;
}
