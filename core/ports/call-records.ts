/**
 * Call detail records (spec 01 §2.8, CDR-1…CDR-6): what a call reports as it
 * starts, is answered and ends. The B2BUA (or any leg technology) calls a
 * CallRecorder; pbx/cdr turns it into one row per call.
 */

import type { MediaSessionRef } from './media-control.ts';

/** Where a call came from and went (spec `callType`). */
export type CallType = 'internal' | 'inbound' | 'outbound';

/** How a call ended (spec `callResult`). */
export type CallResult =
  'answered' | 'no-answer' | 'busy' | 'rejected' | 'cancelled' | 'failed' | 'incomplete';

/** Which side hung up. */
export type HangupSide = 'caller' | 'callee' | 'system';

/** What is known when a call starts. */
export interface CallStart {
  readonly callId: string;
  readonly teamId: number;
  readonly callType: CallType;
  readonly callerNumber: string;
  readonly callerName?: string | undefined;
  readonly calledNumber: string;
  readonly did?: string | undefined;
  readonly extensionId?: number | undefined;
  /** The calling extension, when an extension of ours placed the call. */
  readonly callerExtensionId?: number | undefined;
  /** The extension rung first, when the call is to an extension of ours. */
  readonly calleeExtensionId?: number | undefined;
  /** The trunk the call came in on or went out through. */
  readonly trunkId?: number | undefined;
  readonly startedAtMs: number;
}

/** What is known when a call ends. */
export interface CallEnd {
  readonly endedAtMs: number;
  readonly result: CallResult;
  /** Q.850 cause (16 normal clearing, 17 busy, 19 no answer, 21 rejected …). */
  readonly hangupCause: number;
  readonly hangupSide: HangupSide;
  /** The final SIP status of an unanswered call. */
  readonly sipStatus?: number | undefined;
  readonly codec?: string | undefined;
  readonly mos?: number | undefined;
  readonly recordingPath?: string | undefined;
}

/** Who took an application call: the queue member that answered (D64). */
export interface CallAnswerer {
  /** The member's extension (an agent's: the phone the call rang). */
  readonly extensionId: number;
  /** The agent, when the member is a signed-in agent (`agent:<id>`). */
  readonly agentId?: number | undefined;
  /** When the member answered; its talk time starts here. */
  readonly answeredAtMs: number;
}

/** Receives the life of each call. Implementations never throw. */
export interface CallRecorder {
  started(call: CallStart): void;
  /**
   * The callee side first answered 180 or 183 (RFC 3261 §21.1.2); once per
   * call. Optional: the CDR does not need it, TM-11's `call.ringing` does.
   */
  ringing?(callId: string, ringingAtMs: number): void;
  /**
   * `media` is the caller's leg when it is not `{callId, legId: 'a'}` (a
   * leg handed over from one call to another, as in pickup); `trunkId` the
   * trunk the call went out through, known only once a trunk answered.
   */
  answered(callId: string, answeredAtMs: number, media?: MediaSessionRef, trunkId?: number): void;
  /**
   * A member of an application (a queue) took the call the switch had
   * answered already; at most once per call, before ended(). Optional:
   * only the CDR and charging (agent inbound credit, 5.4) need it.
   */
  answeredBy?(callId: string, answerer: CallAnswerer): void;
  ended(callId: string, end: CallEnd): void;
}
