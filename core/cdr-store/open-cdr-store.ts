import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  or,
  type SQL,
} from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { containsPattern, likeContains, type StrictBounds } from '../sql-like.ts';
import type { AgentCalls } from './agent-calls.ts';
import { afterPosition, type CdrPosition } from './cdr-position.ts';
import { cdrLegs, cdrs, type LaterColumn } from './cdr-schema.ts';
import { CdrStatements } from './cdr-statements.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';
import { didTotals, type DidTotals, type DidTotalsQuery } from './did-totals.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** The CDR file in the data dir. */
export const CDR_STORE_FILE = 'cdr.db';

/** A CDR as stored. */
export type CdrRecord = typeof cdrs.$inferSelect;

/**
 * A CDR as written at call start: the CDR-6 IVR columns are filled later
 * (when the call meets an IVR), so they may be left out.
 */
export type NewCdrRecord = Omit<CdrRecord, LaterColumn> & Partial<Pick<CdrRecord, LaterColumn>>;

/** One leg of a call (CDR-1, spec 01 §2.8 CdrLeg), as stored. */
export type CdrLegRecord = typeof cdrLegs.$inferSelect;

/** A leg as written when it ended. */
export type NewCdrLegRecord = Omit<CdrLegRecord, 'id'>;

/** The fields a CDR search may match exactly (spec 01 §2.8's search panel). */
export type CdrMatch = Partial<
  Pick<
    CdrRecord,
    | 'callId'
    | 'callerNumber'
    | 'calledNumber'
    | 'did'
    | 'callType'
    | 'result'
    | 'trunkId'
    | 'extensionId'
  >
>;

/** The number fields a CDR search may match by substring (the panel's 包含). */
export type CdrContains = Partial<Record<'callerNumber' | 'calledNumber' | 'did', string>>;

/** The fields a CDR search may ask to be empty or set (空值). */
export type CdrEmpty = Partial<Record<'did' | 'agentId', boolean>>;

/** Strict bounds in seconds on a CDR's durations; undefined bounds are ignored. */
export type CdrDurations = Partial<
  Record<'totalDurationSec' | 'billableDurationSec', StrictBounds>
>;

/** Filters of a CDR listing: one team (or all), a time range, a page. */
export interface CdrQuery {
  teamId?: number | undefined;
  /** Only calls of these teams (a team name's, D102); none matches when empty. */
  teamIds?: readonly number[] | undefined;
  sinceMs?: number | undefined;
  untilMs?: number | undefined;
  /** The page after this record (newest first: by start time, then call id; D108). */
  after?: CdrPosition | undefined;
  /** Only calls whose recording is on file (CDR-3), or with none when false. */
  hasRecording?: boolean | undefined;
  /** Equality filters of the CDR search panel (spec 01 §2.8); undefined fields are ignored. */
  match?: CdrMatch | undefined;
  /** Substring filters (ASCII case folded); undefined fields are ignored. */
  contains?: CdrContains | undefined;
  /** By field: calls where it is null (true) or set (false), the panel's 空值; undefined ignored. */
  empty?: CdrEmpty | undefined;
  /** Strict bounds on the durations in seconds (the panel's > and <). */
  durations?: CdrDurations | undefined;
  /** Only calls of these extensions (an account's, ACC-2); none matches when empty. */
  extensionIds?: readonly number[] | undefined;
  /** Only calls whose CDR names this agent (`agent_id`, D64, AGT-9). */
  agentId?: number | undefined;
  /** Only an agent's own calls (TM-10), see AgentCalls. */
  agentCalls?: AgentCalls | undefined;
  limit: number;
}

function agentCallsWhere(calls: AgentCalls): SQL {
  const own = eq(cdrs.agentId, calls.agentId);
  if (calls.extensionIds.length === 0) return own;
  return or(own, and(isNull(cdrs.agentId), inArray(cdrs.extensionId, [...calls.extensionIds])))!;
}

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
  list(query: CdrQuery): CdrRecord[];
  /** Inbound calls per DID of a team in a time range (the DID report, DG-3). */
  didTotals(query: DidTotalsQuery): DidTotals[];
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
    closeIncomplete: (nowMs) =>
      db
        .update(cdrs)
        .set({ endedAtMs: nowMs, result: 'incomplete' })
        .where(isNull(cdrs.endedAtMs))
        .run().changes,
    setRecordingPath: (callId, recordingPath) =>
      db.update(cdrs).set({ recordingPath }).where(eq(cdrs.callId, callId)).run().changes > 0,
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
    didTotals: (query) => didTotals(sqlite, query),
    list(query) {
      const where: SQL[] = [];
      if (query.teamId !== undefined) where.push(eq(cdrs.teamId, query.teamId));
      if (query.teamIds !== undefined) {
        if (query.teamIds.length === 0) return [];
        where.push(inArray(cdrs.teamId, [...query.teamIds]));
      }
      if (query.sinceMs !== undefined) where.push(gte(cdrs.startedAtMs, query.sinceMs));
      if (query.untilMs !== undefined) where.push(lt(cdrs.startedAtMs, query.untilMs));
      if (query.after !== undefined) where.push(afterPosition(query.after));
      if (query.hasRecording === true) where.push(isNotNull(cdrs.recordingPath));
      if (query.hasRecording === false) where.push(isNull(cdrs.recordingPath));
      for (const [field, value] of Object.entries(query.match ?? {})) {
        const column = cdrs[field as keyof CdrMatch];
        if (value !== undefined) where.push(value === null ? isNull(column) : eq(column, value));
      }
      for (const [field, text] of Object.entries(query.contains ?? {})) {
        const column = cdrs[field as keyof CdrContains];
        if (text !== undefined) where.push(likeContains(column, containsPattern(text)));
      }
      for (const [field, isEmpty] of Object.entries(query.empty ?? {})) {
        const column = cdrs[field as keyof CdrEmpty];
        if (isEmpty !== undefined) where.push(isEmpty ? isNull(column) : isNotNull(column));
      }
      for (const [field, bounds] of Object.entries(query.durations ?? {})) {
        const column = cdrs[field as keyof CdrDurations];
        if (bounds?.gt !== undefined) where.push(gt(column, bounds.gt));
        if (bounds?.lt !== undefined) where.push(lt(column, bounds.lt));
      }
      if (query.extensionIds !== undefined) {
        if (query.extensionIds.length === 0) return [];
        where.push(inArray(cdrs.extensionId, [...query.extensionIds]));
      }
      if (query.agentId !== undefined) where.push(eq(cdrs.agentId, query.agentId));
      if (query.agentCalls !== undefined) where.push(agentCallsWhere(query.agentCalls));
      return db
        .select()
        .from(cdrs)
        .where(and(...where))
        .orderBy(desc(cdrs.startedAtMs), desc(cdrs.callId))
        .limit(query.limit)
        .all();
    },
    close() {
      if (!isOpen) return;
      isOpen = false;
      checkpointer.stop();
      // The busy timeout waits out a checkpoint the worker has in progress.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
    },
  };
}
