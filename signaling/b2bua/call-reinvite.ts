/*
 * A re-INVITE or UPDATE relayed across a B2BUA call (b2bua-call.ts): the
 * glare rules of RFC 3261 §14.2 and RFC 3311 §5.2, then the offer through
 * the media plane to the other leg and its answer back.
 */
import type { SipRequest } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import { responseTo, type B2buaContext } from './b2bua-context.ts';
import type { CallSdp } from './call-sdp.ts';
import type { SessionRefresher } from './session-refresher.ts';
import type { SipDialogLeg } from './sip-dialog-leg.ts';

/**
 * Relays an offer that arrived on `leg`, in order in its dialog, to the
 * `other` leg as a re-INVITE (§14.1), unless an offer is already pending
 * on either leg; the answer, through MediaControl, goes back on `leg`.
 */
export async function relayReinvite(
  ctx: B2buaContext,
  sdp: CallSdp,
  session: SessionRefresher | undefined,
  leg: SipDialogLeg,
  other: SipDialogLeg,
  request: SipRequest,
  tx: ServerTransaction,
): Promise<void> {
  if (leg.hasIncomingReinvite) {
    // §14.2: a second INVITE before the first was answered gets 500.
    tx.respond(responseTo(ctx, request, 500, [['Retry-After', '1']]));
    return;
  }
  if (leg.hasOutgoingReinvite || other.hasIncomingReinvite || other.hasOutgoingReinvite) {
    tx.respond(responseTo(ctx, request, 491));
    return;
  }
  leg.hasIncomingReinvite = true;
  const contentType = request.getHeader('Content-Type');
  const offer = await sdp.transform('update', leg.side, request.body);
  if (offer === undefined) return leg.respondReinvite(request, tx, 488);
  const answer = await other.reinvite(offer, contentType);
  if (answer === undefined) return leg.respondReinvite(request, tx, 408);
  if (answer.status >= 300) return leg.respondReinvite(request, tx, answer.status);
  const body = await sdp.transform('answer', other.side, answer.body);
  if (body === undefined) return leg.respondReinvite(request, tx, 488);
  if (request.body.length > 0) {
    if (leg.side === 'a') sdp.aBody = request.body;
    else sdp.bBody = request.body;
  }
  let extra: Array<[string, string]> = [];
  if (leg.side === 'a') {
    sdp.aSentBody = body;
    // RFC 4028 §10: a 2xx to a re-INVITE from the caller refreshes it.
    session?.refreshed();
    extra = session?.responseHeaders ?? [];
  }
  leg.respondReinvite(request, tx, 200, body, answer.getHeader('Content-Type'), extra);
}
