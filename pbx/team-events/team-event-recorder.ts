import { uuid, type Logger } from '../../core/index.ts';
import type { CallEnd, CallRecorder, CallStart, MediaSessionRef } from '../../core/ports/index.ts';
import { isoTime, type TeamEvent, type TeamEventCall } from './team-event.ts';

/** Where the recorder hands events; TeamEventPublisher fits it. */
export interface TeamEventSink {
  /** False for a team without an event URL: no event is built. */
  wants(teamId: number): boolean;
  publish(event: TeamEvent): void;
}

/** What the recorder remembers of a call between its events. */
interface CallMemo {
  readonly start: CallStart;
  hasRung: boolean;
  answeredAtMs: number | undefined;
}

/**
 * Turns the life of each call into TM-11 events (`call.started`,
 * `call.ringing`, `call.answered`, `call.ended`) while passing it on to the CDR recorder
 * unchanged. It sits on the call path, so it only builds a small object
 * and hands it to `publish`, which queues it; an error there is logged,
 * never thrown into the B2BUA (STYLE §4.5).
 */
export class TeamEventRecorder implements CallRecorder {
  readonly #inner: CallRecorder;
  readonly #sink: TeamEventSink;
  readonly #logger: Logger;
  readonly #calls = new Map<string, CallMemo>();

  constructor(inner: CallRecorder, sink: TeamEventSink, logger: Logger) {
    this.#inner = inner;
    this.#sink = sink;
    this.#logger = logger;
  }

  /** Calls started and not yet ended. */
  get size(): number {
    return this.#calls.size;
  }

  started(call: CallStart): void {
    this.#inner.started(call);
    const memo: CallMemo = { start: call, hasRung: false, answeredAtMs: undefined };
    this.#calls.set(call.callId, memo);
    this.#emit('call.started', call.startedAtMs, memo, undefined);
  }

  ringing(callId: string, ringingAtMs: number): void {
    this.#inner.ringing?.(callId, ringingAtMs);
    const memo = this.#calls.get(callId);
    if (memo === undefined || memo.hasRung || memo.answeredAtMs !== undefined) return;
    memo.hasRung = true;
    this.#emit('call.ringing', ringingAtMs, memo, undefined);
  }

  answered(callId: string, answeredAtMs: number, media?: MediaSessionRef, trunkId?: number): void {
    this.#inner.answered(callId, answeredAtMs, media, trunkId);
    const memo = this.#calls.get(callId);
    if (memo === undefined || memo.answeredAtMs !== undefined) return;
    memo.answeredAtMs = answeredAtMs;
    this.#emit('call.answered', answeredAtMs, memo, undefined);
  }

  ended(callId: string, end: CallEnd): void {
    this.#inner.ended(callId, end);
    const memo = this.#calls.get(callId);
    if (memo === undefined) return;
    this.#calls.delete(callId);
    this.#emit('call.ended', end.endedAtMs, memo, end);
  }

  #emit(
    event: 'call.started' | 'call.ringing' | 'call.answered' | 'call.ended',
    atMs: number,
    memo: CallMemo,
    end: CallEnd | undefined,
  ): void {
    try {
      if (!this.#sink.wants(memo.start.teamId)) return;
      this.#sink.publish({
        id: uuid(),
        event,
        occurredAt: new Date(atMs).toISOString(),
        teamId: memo.start.teamId,
        call: callOf(memo, end),
      });
    } catch (e) {
      this.#logger.warn({ err: e, callId: memo.start.callId, event }, 'team event not queued');
    }
  }
}

function callOf(memo: CallMemo, end: CallEnd | undefined): TeamEventCall {
  const { start, answeredAtMs } = memo;
  const base: TeamEventCall = {
    callId: start.callId,
    direction: start.callType,
    caller: { number: start.callerNumber, name: start.callerName ?? null },
    callee: { number: start.calledNumber },
    did: start.did ?? null,
    startedAt: isoTime(start.startedAtMs)!,
    answeredAt: isoTime(answeredAtMs),
    endedAt: isoTime(end?.endedAtMs),
  };
  if (end === undefined) return base;
  // CDR-2: billable time runs from the answer; none when unanswered.
  const seconds = (fromMs: number) => Math.max(0, Math.round((end.endedAtMs - fromMs) / 1000));
  return {
    ...base,
    disposition: end.result,
    hangupCause: end.hangupCause,
    hangupSide: end.hangupSide,
    sipStatus: end.sipStatus ?? null,
    durationSec: seconds(start.startedAtMs),
    billableSec: answeredAtMs === undefined ? 0 : seconds(answeredAtMs),
  };
}
