import type { HangupCause } from '../../core/index.ts';
import { q850ForSipStatus } from './call-outcome.ts';

/** The cause a SIP final status from the far end means (RFC 3398 §8.2.6.1). */
export function causeForStatus(status: number): HangupCause {
  const q850 = q850ForSipStatus(status);
  let reason: HangupCause['reason'] = 'failed';
  if (status === 486 || status === 600) reason = 'busy';
  else if (status === 480 || status === 408) reason = 'no-answer';
  else if (status === 403 || status === 603) reason = 'rejected';
  else if (status === 404 || status === 484) reason = 'not-found';
  else if (status === 487) reason = 'cancelled';
  else if (status === 503) reason = 'congestion';
  return { reason, q850, sipStatus: status };
}

/** The final status that refuses an unanswered call for `cause` (RFC 3398 §7.2.4.1). */
export function statusForCause(cause: HangupCause): number {
  if (cause.sipStatus !== undefined && cause.sipStatus >= 300) return cause.sipStatus;
  switch (cause.reason) {
    case 'busy':
      return 486;
    case 'rejected':
      return 603;
    case 'not-found':
      return 404;
    case 'cancelled':
      return 487;
    case 'congestion':
      return 503;
    case 'failed':
      return 500;
    default:
      return 480;
  }
}

/** Normal clearing (Q.850 16): a BYE from either side. */
export const NORMAL_CLEARING: HangupCause = { reason: 'normal', q850: 16 };
