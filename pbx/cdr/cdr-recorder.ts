import type { Logger } from '../../core/index.ts';
import type {
  CallAnswerer,
  CallEnd,
  CallRecorder,
  CallStart,
  MediaSessionRef,
} from '../../core/ports/index.ts';

/** A CDR row as stored (spec 01 §2.8). Times in ms since the epoch. */
export interface CdrRow {
  callId: string;
  teamId: number;
  callType: CallStart['callType'];
  callerNumber: string;
  callerName: string | null;
  calledNumber: string;
  did: string | null;
  extensionId: number | null;
  trunkId: number | null;
  startedAtMs: number;
  answeredAtMs: number | null;
  endedAtMs: number | null;
  totalDurationSec: number;
  billableDurationSec: number;
  result: CallEnd['result'];
  hangupCause: number | null;
  hangupSide: CallEnd['hangupSide'] | null;
  sipStatus: number | null;
  codec: string | null;
  mos: number | null;
  recordingPath: string | null;
  /** The agent who took a queue call (D64); charging sets it too (D56). */
  agentId?: number | null | undefined;
  /** When the queue member answered (D64). */
  memberAnsweredAtMs?: number | null | undefined;
  /** Charging (D56): `pending` from the end of an answered call until settled. */
  chargeState?: 'pending' | 'charged' | null | undefined;
}

/** Where CDRs are kept: each call is one row, written as it progresses. */
export interface CdrStorage {
  /** Inserts a row for a call that has started (result 'incomplete', no end). */
  insert(row: CdrRow): void;
  markAnswered(callId: string, answeredAtMs: number, trunkId?: number): void;
  /** Completes the row: end, durations and outcome, in one transaction. */
  complete(callId: string, patch: Partial<CdrRow>): void;
  /** Closes every row without an end as 'incomplete' (after a crash); returns how many. */
  closeIncomplete(nowMs: number): number;
}

/**
 * Turns the life of a call into one CDR row (CDR-1). The row is written when
 * the call starts and completed when it ends, each write its own
 * transaction: a crash leaves the started row behind, and the next start
 * closes it as incomplete, so no call is lost; a finished row is committed
 * before ended() returns. CDR-2: total = end − start, billable = end −
 * answer (0 if unanswered).
 */
export class CdrRecorder implements CallRecorder {
  private readonly answeredAt = new Map<string, number>();
  private readonly startedAt = new Map<string, number>();
  /** Calls that started without an extension of ours on them. */
  private readonly withoutExtension = new Set<string>();
  private readonly answerers = new Map<string, CallAnswerer>();

  constructor(
    private readonly storage: CdrStorage,
    private readonly logger: Logger,
  ) {}

  /** Closes what a crash left open; call once at start. */
  recoverAfterCrash(nowMs: number): number {
    const n = this.storage.closeIncomplete(nowMs);
    if (n > 0) this.logger.warn({ count: n }, 'closed CDRs cut by a crash as incomplete');
    return n;
  }

  started(call: CallStart): void {
    this.startedAt.set(call.callId, call.startedAtMs);
    if (call.extensionId === undefined) this.withoutExtension.add(call.callId);
    this.write('insert', () =>
      this.storage.insert({
        callId: call.callId,
        teamId: call.teamId,
        callType: call.callType,
        callerNumber: call.callerNumber,
        callerName: call.callerName ?? null,
        calledNumber: call.calledNumber,
        did: call.did ?? null,
        extensionId: call.extensionId ?? null,
        trunkId: call.trunkId ?? null,
        startedAtMs: call.startedAtMs,
        answeredAtMs: null,
        endedAtMs: null,
        totalDurationSec: 0,
        billableDurationSec: 0,
        result: 'incomplete',
        hangupCause: null,
        hangupSide: null,
        sipStatus: null,
        codec: null,
        mos: null,
        recordingPath: null,
      }),
    );
  }

  answered(callId: string, answeredAtMs: number, _media?: MediaSessionRef, trunkId?: number): void {
    this.answeredAt.set(callId, answeredAtMs);
    this.write('answer', () => this.storage.markAnswered(callId, answeredAtMs, trunkId));
  }

  /**
   * Kept until the call ends and written with its end, in the same write
   * that makes it chargeable (D56). The member's extension fills the row's
   * `extensionId` only when the call had none (a caller from outside):
   * an internal caller's row stays its account's (ACC-2).
   */
  answeredBy(callId: string, answerer: CallAnswerer): void {
    if (this.startedAt.has(callId)) this.answerers.set(callId, answerer);
  }

  ended(callId: string, end: CallEnd): void {
    const startedAtMs = this.startedAt.get(callId) ?? end.endedAtMs;
    const answeredAtMs = this.answeredAt.get(callId);
    const answerer = this.answerers.get(callId);
    const isWithoutExtension = this.withoutExtension.has(callId);
    this.startedAt.delete(callId);
    this.answeredAt.delete(callId);
    this.answerers.delete(callId);
    this.withoutExtension.delete(callId);
    const member =
      answerer === undefined
        ? {}
        : {
            ...(isWithoutExtension ? { extensionId: answerer.extensionId } : {}),
            agentId: answerer.agentId ?? null,
            memberAnsweredAtMs: answerer.answeredAtMs,
          };
    this.write('complete', () =>
      this.storage.complete(callId, {
        ...member,
        endedAtMs: end.endedAtMs,
        totalDurationSec: Math.max(0, Math.round((end.endedAtMs - startedAtMs) / 1000)),
        billableDurationSec:
          answeredAtMs === undefined
            ? 0
            : Math.max(0, Math.round((end.endedAtMs - answeredAtMs) / 1000)),
        result: end.result,
        hangupCause: end.hangupCause,
        hangupSide: end.hangupSide,
        sipStatus: end.sipStatus ?? null,
        codec: end.codec ?? null,
        mos: end.mos ?? null,
        recordingPath: end.recordingPath ?? null,
      }),
    );
  }

  private write(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // A CDR write must never break the call; the error is logged loudly.
      this.logger.error({ err, what }, 'writing a CDR failed');
    }
  }
}
