import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { chargeTotalsSql, type ChargeTotals, type ChargeTotalsQuery } from './charge-totals.ts';
import { cdrListSelect, cdrRecordOf, type CdrQuery, type CdrRecord } from './cdr-list.ts';
import { startCdrReader, type CdrReader } from './cdr-reader.ts';
import { cdrLegs, cdrs, type LaterColumn } from './cdr-schema.ts';
import { CdrStatements } from './cdr-statements.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';
import {
  DID_TOTALS_SQL,
  didTotalsParams,
  type DidTotals,
  type DidTotalsQuery,
} from './did-totals.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** The CDR file in the data dir. */
export const CDR_STORE_FILE = 'cdr.db';

/**
 * A CDR as written at call start: the CDR-6 IVR columns are filled later
 * (when the call meets an IVR), so they may be left out.
 */
export type NewCdrRecord = Omit<CdrRecord, LaterColumn> & Partial<Pick<CdrRecord, LaterColumn>>;

/** One leg of a call (CDR-1, spec 01 §2.8 CdrLeg), as stored. */
export type CdrLegRecord = typeof cdrLegs.$inferSelect;

/** A leg as written when it ended. */
export type NewCdrLegRecord = Omit<CdrLegRecord, 'id'>;

/** How the CDR store's WAL is checkpointed (off the main thread). */
export interface CdrStoreOptions {
  /** A PASSIVE checkpoint at least this often; 500 ms when absent. */
  checkpointIntervalMs?: number;
  /** Or after this many commits; 1,000 when absent. */
  commitsPerCheckpoint?: number;
  /** Where checkpoint failures go (a process warning when absent); never thrown. */
  onCheckpointError?: (error: Error) => void;
}

/** The CDR database: writes per call, listing for the API. */
export interface CdrStore {
  readonly path: string;
  insert(row: NewCdrRecord): void;
  markAnswered(callId: string, answeredAtMs: number, trunkId?: number): void;
  complete(callId: string, patch: Partial<CdrRecord>): void;
  closeIncomplete(nowMs: number): number;
  /**
   * Points a call's CDR at its recording's new place, or marks it gone
   * with null (spec 04 R15.13-3); returns whether the CDR exists.
   */
  setRecordingPath(callId: string, recordingPath: string | null): boolean;
  /**
   * CDR-6: adds one IVR session to a call's CDR: its keys (`input`,
   * appended after a comma to an earlier IVR's) and its duration (summed).
   * Returns whether the CDR exists.
   */
  addIvr(callId: string, input: string, durationMs: number): boolean;
  get(callId: string): CdrRecord | undefined;
  /** Writes an ended leg of a call (CDR-1 per-leg rows), its own commit. */
  insertLeg(row: NewCdrLegRecord): void;
  /** The legs of a call in the order they started. */
  legs(callId: string): CdrLegRecord[];
  /** Ended calls whose charge is not settled (D56), oldest first. */
  pendingCharges(limit: number): CdrRecord[];
  /** The records of `query`, read on this thread (the switch's own short reads, tests). */
  list(query: CdrQuery): CdrRecord[];
  /** The same, read on the reader thread (D108): the API's searches and exports. */
  listAsync(query: CdrQuery): Promise<CdrRecord[]>;
  /** Inbound calls per DID of a team in a time range (the DID report, DG-3). */
  didTotals(query: DidTotalsQuery): Promise<DidTotals[]>;
  /** A bill's answered calls per call type and their rated sums (spec 03 §7), on the reader thread. */
  chargeTotals(query: ChargeTotalsQuery): Promise<ChargeTotals[]>;
  close(): void;
}

/**
 * Opens <dataDir>/cdr.db, applies its migrations, and returns the store.
 * WAL with synchronous=NORMAL: every commit is in the WAL before the call
 * returns, so a killed process loses no finished CDR (only a power cut can
 * roll back the last commits), at a fraction of an fsync per call.
 * Checkpoints (the fsyncs) run on a worker thread (D59); close() ends with
 * a TRUNCATE checkpoint so a stopped switch leaves an empty WAL.
 */
export function openCdrStore(dataDir: string, options: CdrStoreOptions = {}): CdrStore {
  const path = join(dataDir, CDR_STORE_FILE);
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db: BetterSQLite3Database = drizzle(sqlite);
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  // No checkpoint inside a commit on this thread: the worker does them.
  sqlite.pragma('wal_autocheckpoint = 0');
  const checkpointer = startWalCheckpointer(path, {
    intervalMs: options.checkpointIntervalMs ?? 500,
    commitsPerCheckpoint: options.commitsPerCheckpoint ?? 1000,
    onError: options.onCheckpointError ?? ((error) => process.emitWarning(error)),
  });
  const statements = new CdrStatements(sqlite);
  let isOpen = true;
  let cdrReader: CdrReader | undefined;
  const reader = (): CdrReader => {
    if (!isOpen) throw new Error('the CDR store is closed');
    return (cdrReader ??= startCdrReader(path));
  };
  return {
    path,
    insert(row) {
      statements.insert(row);
      checkpointer.noteCommit();
    },
    markAnswered(callId, answeredAtMs, trunkId) {
      statements.markAnswered(callId, answeredAtMs, trunkId);
      checkpointer.noteCommit();
    },
    complete(callId, patch) {
      statements.update(callId, patch);
      checkpointer.noteCommit();
    },
    closeIncomplete(nowMs) {
      statements.forgetAll();
      return db
        .update(cdrs)
        .set({ endedAtMs: nowMs, result: 'incomplete' })
        .where(isNull(cdrs.endedAtMs))
        .run().changes;
    },
    setRecordingPath(callId, recordingPath) {
      statements.forget(callId);
      return (
        db.update(cdrs).set({ recordingPath }).where(eq(cdrs.callId, callId)).run().changes > 0
      );
    },
    addIvr: (callId, input, durationMs) => statements.addIvr(callId, input, durationMs),
    get: (callId) => statements.get(callId),
    insertLeg(row) {
      db.insert(cdrLegs).values(row).run();
      checkpointer.noteCommit();
    },
    legs: (callId) =>
      db
        .select()
        .from(cdrLegs)
        .where(eq(cdrLegs.callId, callId))
        .orderBy(asc(cdrLegs.startedAtMs), asc(cdrLegs.id))
        .all(),
    pendingCharges: (limit) =>
      db
        .select()
        .from(cdrs)
        .where(and(eq(cdrs.chargeState, 'pending'), isNotNull(cdrs.endedAtMs)))
        .orderBy(asc(cdrs.startedAtMs))
        .limit(limit)
        .all(),
    didTotals: async (query) =>
      (await reader().objects(DID_TOTALS_SQL, didTotalsParams(query))) as unknown as DidTotals[],
    async chargeTotals(query) {
      if (query.extensionIds?.length === 0) return [];
      const { sql, params } = chargeTotalsSql(query);
      return (await reader().objects(sql, params)) as unknown as ChargeTotals[];
    },
    list(query) {
      return cdrListSelect(db, query)?.all() ?? [];
    },
    async listAsync(query) {
      const select = cdrListSelect(db, query);
      if (select === undefined) return [];
      const { sql, params } = select.toSQL();
      return reader().rows(sql, params, cdrRecordOf);
    },
    close() {
      if (!isOpen) return;
      isOpen = false;
      checkpointer.stop();
      cdrReader?.stop();
      // The busy timeout waits out a checkpoint the worker has in progress.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
    },
  };
}
