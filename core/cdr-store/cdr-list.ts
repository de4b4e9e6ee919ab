import { and, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { containsPattern, likeContains, type StrictBounds } from '../sql-like.ts';
import type { AgentCalls } from './agent-calls.ts';
import { afterPosition, type CdrPosition } from './cdr-position.ts';
import { cdrs } from './cdr-schema.ts';

/*
 * The search of the call-record list (spec 01 §2.8): one SELECT built by
 * drizzle, run either here or, as SQL text and parameters, by the reader
 * thread (cdr-reader.ts, D108).
 */

/** A CDR as stored. */
export type CdrRecord = typeof cdrs.$inferSelect;

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

/**
 * The SELECT of `query`, newest first (start time, then call id, D108), or
 * undefined when it can match nothing (an empty list of teams or extensions).
 */
export function cdrListSelect(db: BetterSQLite3Database, query: CdrQuery) {
  const where: SQL[] = [];
  if (query.teamId !== undefined) where.push(eq(cdrs.teamId, query.teamId));
  if (query.teamIds !== undefined) {
    if (query.teamIds.length === 0) return undefined;
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
    if (query.extensionIds.length === 0) return undefined;
    where.push(inArray(cdrs.extensionId, [...query.extensionIds]));
  }
  if (query.agentId !== undefined) where.push(eq(cdrs.agentId, query.agentId));
  if (query.agentCalls !== undefined) where.push(agentCallsWhere(query.agentCalls));
  return db
    .select()
    .from(cdrs)
    .where(and(...where))
    .orderBy(desc(cdrs.startedAtMs), desc(cdrs.callId))
    .limit(query.limit);
}

/** A column of a row as its record's field, whose type the caller knows (cdrRecordOf). */
const at = (row: readonly unknown[], i: number): never => row[i] as never;

/**
 * The record of a row the reader returned as an array, in the order of the
 * SELECT's columns: drizzle takes them from the table's columns in their
 * declared order (select() with no fields). An object literal, because
 * 100,000 records built key by key took 230–470 ms of the main thread;
 * the return type makes a new column a compile error here, and
 * open-cdr-store.test.ts checks that both paths give equal records.
 */
export function cdrRecordOf(row: readonly unknown[]): CdrRecord {
  return {
    callId: at(row, 0),
    teamId: at(row, 1),
    callType: at(row, 2),
    callerNumber: at(row, 3),
    callerName: at(row, 4),
    calledNumber: at(row, 5),
    did: at(row, 6),
    extensionId: at(row, 7),
    trunkId: at(row, 8),
    startedAtMs: at(row, 9),
    answeredAtMs: at(row, 10),
    endedAtMs: at(row, 11),
    totalDurationSec: at(row, 12),
    billableDurationSec: at(row, 13),
    result: at(row, 14),
    hangupCause: at(row, 15),
    hangupSide: at(row, 16),
    sipStatus: at(row, 17),
    codec: at(row, 18),
    mos: at(row, 19),
    recordingPath: at(row, 20),
    ivrInput: at(row, 21),
    ivrDurationMs: at(row, 22),
    chargeState: at(row, 23),
    accountId: at(row, 24),
    extensionChargeE4: at(row, 25),
    teamCostE4: at(row, 26),
    systemCostE4: at(row, 27),
    agentId: at(row, 28),
    agentFeeE4: at(row, 29),
    extensionRateId: at(row, 30),
    teamRateId: at(row, 31),
    systemRateId: at(row, 32),
    agentRateId: at(row, 33),
    memberAnsweredAtMs: at(row, 34),
  };
}
