import type { CallEnd, CallResult, HangupSide } from '../../core/index.ts';

/** How a call ended, as the B2BUA saw it, before timestamps are added. */
export interface CallOutcome {
  readonly result: CallResult;
  readonly side: HangupSide;
  readonly sipStatus: number | undefined;
  /**
   * The caller's leg went on to another owner (pickup, a forward, a
   * transfer to an application), which carries on the same call record.
   */
  readonly isHandedOver?: boolean;
}

/** Why a callee did not answer, for its forwards and voicemail (spec VM-1). */
export type UnansweredReason = 'busy' | 'noAnswer' | 'unreachable';

/**
 * The UnansweredReason of a call refused with `status`, or undefined when
 * no forward applies (the caller cancelled, or the SDP was refused). A
 * phone that declines (603) is treated as busy, as FreePBX does.
 */
export function unansweredReason(status: number): UnansweredReason | undefined {
  if (status === 486 || status === 600 || status === 603) return 'busy';
  if (status === 480 || status === 408) return 'noAnswer';
  if (status === 487 || status === 488 || status === 606) return undefined;
  return 'unreachable';
}

/**
 * The Q.850 cause for a SIP final status (RFC 3398 §8.2.6.1, the reverse
 * mapping used by gateways), or 16 (normal clearing) for a BYE.
 */
export function q850ForSipStatus(status: number | undefined): number {
  switch (status) {
    case undefined:
      return 16;
    case 404:
    case 484:
      return 1;
    case 403:
    case 603:
      return 21;
    case 408:
      return 102;
    case 480:
      return 19;
    case 486:
    case 600:
      return 17;
    case 487:
      return 16;
    case 488:
      return 88;
    case 503:
      return 34;
    default:
      return status >= 500 ? 41 : 31;
  }
}

/** The CDR result of a call that was never answered and got `status`. */
export function unansweredResult(status: number): CallResult {
  if (status === 486 || status === 600) return 'busy';
  if (status === 480 || status === 408) return 'no-answer';
  if (status === 403 || status === 603) return 'rejected';
  if (status === 487) return 'cancelled';
  return 'failed';
}

/** The CallEnd a recorder gets, from the outcome and the end time. */
export function callEnd(outcome: CallOutcome, endedAtMs: number): CallEnd {
  return {
    endedAtMs,
    result: outcome.result,
    hangupCause: q850ForSipStatus(outcome.result === 'answered' ? undefined : outcome.sipStatus),
    hangupSide: outcome.side,
    sipStatus: outcome.sipStatus,
  };
}
