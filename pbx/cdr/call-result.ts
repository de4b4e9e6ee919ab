import type { CallResult, HangupCause } from '../../core/ports/index.ts';

/**
 * The CDR result (CDR-1) of a leg that ended before it was answered:
 * busy, no answer, rejected and cancelled as the cause says; a normal
 * clearing means the switch let go of a ringing leg (another member took
 * the call, the caller left), so cancelled; anything else failed.
 */
export function unansweredResult(cause: HangupCause): CallResult {
  switch (cause.reason) {
    case 'busy':
    case 'no-answer':
    case 'rejected':
    case 'cancelled':
      return cause.reason;
    case 'normal':
      return 'cancelled';
    default:
      return 'failed';
  }
}
