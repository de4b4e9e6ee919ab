import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { ConflictError, InvalidStateError, SwitchyardError, ValidationError } from '../index.ts';
import type { Clock, Logger } from '../index.ts';
import { ReadCache } from './read-cache.ts';
import type { SecretBox } from './secret-box.ts';

/** The drizzle handle every repository shares. */
export type StoreDb = BetterSQLite3Database;

/** The SQLite error better-sqlite3 throws, as far as we read it. */
interface SqliteErrorLike {
  code: string;
  message: string;
}

function findSqliteError(error: unknown): SqliteErrorLike | undefined {
  // drizzle wraps driver errors in DrizzleQueryError, whose message carries
  // the bound parameters (hashes, ciphertexts). We keep only the driver's
  // own error, which names the constraint and no values.
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      return current as unknown as SqliteErrorLike;
    }
    current = current.cause;
  }
  return undefined;
}

/**
 * Turns a constraint failure into one of our errors with a stable code. The
 * repositories check the common cases first to give precise codes; this is
 * the backstop for the rest (and for races between processes).
 */
export function mapSqliteError(error: unknown): unknown {
  if (error instanceof SwitchyardError) return error;
  const sqlite = findSqliteError(error);
  if (sqlite === undefined) return error;
  const detail = sqlite.message;
  let mapped: SwitchyardError | undefined;
  if (
    sqlite.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    sqlite.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  ) {
    mapped = new ConflictError('ERR_DUPLICATE', `duplicate value: ${detail}`);
    if (detail.includes('internal_numbers.team_id, internal_numbers.number')) {
      mapped = new ConflictError('ERR_INTERNAL_NUMBER_TAKEN', detail, 'number');
    }
  } else if (detail.startsWith('FOREIGN KEY constraint failed')) {
    // ON DELETE RESTRICT reports SQLITE_CONSTRAINT_TRIGGER, a bad reference
    // on insert SQLITE_CONSTRAINT_FOREIGNKEY; the message is the same.
    mapped = new ConflictError('ERR_REFERENCE', `a reference would break: ${detail}`);
  } else if (sqlite.code === 'SQLITE_CONSTRAINT_CHECK') {
    const name = /CHECK constraint failed: (\w+)/.exec(detail)?.[1] ?? 'unknown';
    mapped = new ValidationError(name, `value rejected by ${name}`);
  }
  // Any other SQLite failure still loses the drizzle wrapper and its values.
  mapped ??= new SwitchyardError('ERR_STORE_WRITE', `store write failed: ${detail}`);
  mapped.cause = sqlite;
  return mapped;
}

/**
 * What the repositories share: the connection, the clock for createdAt and
 * updatedAt, and the box that encrypts secrets at rest.
 */
export class StoreContext {
  readonly #db: StoreDb;
  readonly clock: Clock;
  readonly secrets: SecretBox;
  readonly logger: Logger;
  /** Hot lookups kept while the configuration is unchanged (D37). */
  private readonly cache: ReadCache;
  /** Runs a write whose row changes the stamp counts as counters (ChangeStamp.countersOnly). */
  readonly #asCounters: <T>(fn: () => T) => T;
  /** Sets `PRAGMA synchronous` around counter writes (see writeCounters()). */
  readonly #setSynchronous: (mode: 'NORMAL' | 'FULL') => void;
  #isOpen = true;

  constructor(
    db: StoreDb,
    clock: Clock,
    secrets: SecretBox,
    logger: Logger,
    cache: ReadCache = ReadCache.disabled(),
    counters: {
      asCounters: <T>(fn: () => T) => T;
      setSynchronous: (mode: 'NORMAL' | 'FULL') => void;
    } = { asCounters: (fn) => fn(), setSynchronous: () => undefined },
  ) {
    this.#db = db;
    this.clock = clock;
    this.secrets = secrets;
    this.logger = logger;
    this.cache = cache;
    this.#asCounters = counters.asCounters;
    this.#setSynchronous = counters.setSynchronous;
  }

  get isOpen(): boolean {
    return this.#isOpen;
  }

  markClosed(): void {
    this.#isOpen = false;
  }

  /** Throws InvalidStateError once the store is closed. */
  assertOpen(): void {
    if (!this.#isOpen) throw new InvalidStateError('the config store is closed');
  }

  /** The connection, after checking that the store is still open. */
  get db(): StoreDb {
    this.assertOpen();
    return this.#db;
  }

  /**
   * `read()` through the read cache under `key` (keys are namespaced by
   * the caller, e.g. `extension:12`), after checking that the store is
   * still open.
   */
  cached<T extends object>(key: string, read: () => T | undefined): T | undefined {
    this.assertOpen();
    return this.cache.get(key, read);
  }

  /** Whether cached() keeps what it reads now; false inside a transaction. */
  get isCaching(): boolean {
    return this.cache.isKeeping;
  }

  /** The current time, as stored in createdAt and updatedAt. */
  now(): Date {
    return new Date(this.clock.now());
  }

  /**
   * Runs `fn` in one SQLite transaction (STYLE §4.6): all of it is written
   * or none. BEGIN IMMEDIATE takes the write lock up front, so a check done
   * inside `fn` (a quota, a free number) still holds at COMMIT, and two
   * processes wait on busy_timeout instead of failing on lock upgrade. A
   * write inside another write becomes a savepoint of the outer one.
   */
  write<T>(fn: (db: StoreDb) => T): T {
    const db = this.db;
    try {
      return db.transaction(() => fn(db), { behavior: 'immediate' });
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  /**
   * write() for running totals at call rate (a charged call's fees and
   * ledger row, D67). Two differences. The rows it changes do not move the
   * read cache's stamp: the cached rows named by `forgetKeys` (e.g.
   * `team:3`) are dropped instead, so one charge does not send every
   * routing lookup back to the file. And it commits with synchronous =
   * NORMAL, as the CDR file does: a killed process loses nothing (the WAL
   * is written before COMMIT returns), only a power cut may take back the
   * last charges, without the fsync per call a FULL commit costs.
   */
  writeCounters<T>(forgetKeys: readonly string[], fn: (db: StoreDb) => T): T {
    this.assertOpen();
    this.#setSynchronous('NORMAL');
    try {
      return this.#asCounters(() => this.write(fn));
    } finally {
      this.#setSynchronous('FULL');
      for (const key of forgetKeys) this.cache.forget(key);
    }
  }
}
