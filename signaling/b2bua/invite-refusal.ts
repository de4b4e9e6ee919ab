/*
 * The answer to an INVITE whose routing decision leads nowhere (b2bua.ts):
 * the status that says why, and for a refusal a reason phrase the phone
 * can show.
 */
import type { ForbiddenReason } from '../../core/index.ts';
import { createResponse, type SipRequest } from '../message/index.ts';
import type { InviteServerTransaction } from '../transaction/index.ts';
import type { B2buaContext } from './b2bua-context.ts';

/** The 403 reason phrase per refusal the phone should show (TM-7, GRP-4, GRP-5, 5.3 (c) 4). */
const FORBIDDEN_PHRASES: Readonly<Record<ForbiddenReason, string>> = {
  'credit-limit': 'Credit Limit Reached',
  'agent-inbound-only': 'Agent Works Inbound Only',
  'agent-restricted': 'Number Not In Agent Contacts',
  'no-rate': 'No Rate For Number',
};

/** A decision that routes nowhere: 403, 404, or 486 / 480. */
export function refuseInvite(
  ctx: B2buaContext,
  request: SipRequest,
  tx: InviteServerTransaction,
  decision:
    | { readonly kind: 'forbidden'; readonly reason?: ForbiddenReason | undefined }
    | { readonly kind: 'not-found' }
    | { readonly kind: 'unavailable'; readonly reason: string }
    | { readonly kind: 'declined'; readonly reason: string },
): void {
  let status = 480;
  // Spec BL-1/WL-1: a listed (or unlisted) caller is declined outright.
  if (decision.kind === 'declined') status = 603;
  else if (decision.kind === 'forbidden') status = 403;
  else if (decision.kind === 'not-found') status = 404;
  else if (decision.reason === 'dnd') status = 486;
  // TM-7, GRP-4, GRP-5, 5.3 (c) 4: the phone shows why (RFC 3261
  // §21.4.4 lets the reason phrase say it), and so does the log.
  let reason: string | undefined;
  if (decision.kind === 'forbidden' && decision.reason !== undefined) {
    reason = FORBIDDEN_PHRASES[decision.reason];
    const refusal = { callId: request.callId(), status, refusal: decision.reason };
    ctx.logger.info(refusal, 'call refused');
  }
  tx.respond(createResponse(request, status, reason === undefined ? {} : { reason }));
}
