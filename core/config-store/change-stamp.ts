import type { Database, Statement } from 'better-sqlite3';
import { SEARCH_INDEX_PREFIX } from './search-index.ts';

/**
 * Tables whose writes do not change what the admin API's list pages show:
 * phone registrations (refreshed by every REGISTER), the operation log,
 * the bearer tokens and agent sessions (every pause and resume). Leaving
 * them out keeps cached pages valid while calls and logins go on.
 */
const UNTRACKED_TABLES = new Set([
  'registrations',
  'operation_logs',
  'api_tokens',
  'agent_sessions',
]);

/** The SQL function the triggers call; named so that no schema can clash with it. */
const FUNCTION_NAME = 'switchyard_config_changed';

/**
 * A number that changes whenever configuration in the store file changes:
 * the row writes of this connection (counted by TEMP triggers calling a
 * JavaScript function, so no table or migration is involved) and commits of
 * any other connection to the file (SQLite's `PRAGMA data_version`, which a
 * connection's own commits leave alone). Readers keep a value with the
 * stamp they read it at and trust it while the stamp is unchanged.
 *
 * A trigger fires inside the writing statement, before its transaction
 * commits; a rollback therefore leaves the stamp moved with nothing
 * changed, which only costs a needless re-read.
 */
export class ChangeStamp {
  readonly #dataVersion: Statement<[], number>;
  #writes = 0;
  /** Row writes made inside countersOnly(): running totals, not configuration. */
  #counterWrites = 0;
  #isCountersOnly = false;
  #lastDataVersion = -1;
  #otherCommits = 0;
  #dataVersionReadAtMs = Number.NEGATIVE_INFINITY;

  private constructor(sqlite: Database) {
    this.#dataVersion = sqlite.prepare<[], number>('PRAGMA data_version').pluck(true);
  }

  /**
   * Registers the function and creates AFTER INSERT/UPDATE/DELETE TEMP
   * triggers on every table of the main schema but the untracked ones. Run
   * it after the migrations, so that every table has its triggers; TEMP
   * triggers last as long as the connection, so nothing is left in the file.
   */
  static install(sqlite: Database): ChangeStamp {
    const stamp = new ChangeStamp(sqlite);
    sqlite.function(FUNCTION_NAME, { varargs: false, deterministic: false }, () => {
      if (stamp.#isCountersOnly) stamp.#counterWrites++;
      else stamp.#writes++;
      return null;
    });
    const tables = sqlite
      .prepare<[], string>(
        `SELECT name FROM main.sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`,
      )
      .pluck(true)
      .all()
      // A search index changes with its source table, whose triggers count the write (D110).
      .filter((name) => !UNTRACKED_TABLES.has(name) && !name.startsWith(SEARCH_INDEX_PREFIX));
    for (const table of tables) {
      const quoted = `"${table.replaceAll('"', '""')}"`;
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        const trigger = `"switchyard_stamp_${table.replaceAll('"', '""')}_${event.toLowerCase()}"`;
        sqlite.exec(
          `CREATE TEMP TRIGGER IF NOT EXISTS ${trigger} AFTER ${event} ON main.${quoted}
           BEGIN SELECT ${FUNCTION_NAME}(); END`,
        );
      }
    }
    return stamp;
  }

  /**
   * The current stamp; equal stamps mean no configuration changed in
   * between. With `maxAgeMs`, another connection's commit may show up that
   * much later: the `PRAGMA data_version` read costs about 10 µs, and the
   * read cache asks on every lookup (D37). This connection's own writes
   * always show at once. Counter writes (countersOnly()) move it too: the
   * admin API's list pages show the fees they change.
   */
  current(maxAgeMs = 0): number {
    // All counts only grow, so their sum grows whenever one does.
    return this.configOnly(maxAgeMs) + this.#counterWrites;
  }

  /**
   * current() without the counter writes: what the read cache keys on.
   * The writer of a counter forgets the cached rows it changed itself
   * (StoreContext.writeCounters), so a charged call does not empty the
   * cache of every routing lookup (D67).
   */
  configOnly(maxAgeMs = 0): number {
    const nowMs = maxAgeMs === 0 ? 0 : performance.now();
    if (maxAgeMs === 0 || nowMs - this.#dataVersionReadAtMs >= maxAgeMs) {
      this.#dataVersionReadAtMs = nowMs;
      const dataVersion = this.#dataVersion.get() ?? 0;
      if (dataVersion !== this.#lastDataVersion) {
        this.#lastDataVersion = dataVersion;
        this.#otherCommits++;
      }
    }
    return this.#writes + this.#otherCommits;
  }

  /**
   * Runs `fn`, counting its row writes as counter writes: running totals
   * (current fees, charges, ledger rows) that no routing lookup caches
   * except the rows the writer forgets itself.
   */
  countersOnly<T>(fn: () => T): T {
    const wasCountersOnly = this.#isCountersOnly;
    this.#isCountersOnly = true;
    try {
      return fn();
    } finally {
      this.#isCountersOnly = wasCountersOnly;
    }
  }
}
