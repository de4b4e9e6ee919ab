import type { CallLeg } from '../../core/index.ts';
import type { SipRequest } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { B2buaContext } from './b2bua-context.ts';
import type { SipDialogLeg } from './sip-dialog-leg.ts';

/**
 * A re-INVITE or UPDATE on the leg that stayed after a hotkey transfer
 * (D31): the other party is a leg we placed, which has media of its own,
 * so the offer is answered by our media plane (§14.2) and the two media
 * legs are relayed to each other again, in case the codec changed.
 * Resolves true when a 2xx was sent; `extra` headers go on it.
 */
export async function answerLocally(
  ctx: B2buaContext,
  callId: string,
  leg: SipDialogLeg,
  request: SipRequest,
  tx: ServerTransaction,
  peer: CallLeg,
  extra: () => Array<[string, string]> = () => [],
): Promise<boolean> {
  const media = ctx.media;
  if (leg.dialog === undefined || leg.dialog.receiveRequest(request) === 'out-of-order') {
    // §12.2.2: a CSeq lower than the last one is out of order.
    leg.respondReinvite(request, tx, 500);
    return false;
  }
  if (media === undefined || request.body.length === 0) {
    leg.respondReinvite(request, tx, 488);
    return false;
  }
  const ref = { callId, legId: leg.side };
  const r = await media.answerLocal(callId, leg.side, request.body.toString('utf8'));
  if (!r.ok) {
    ctx.logger.warn({ callId, error: r.error }, 'media refused the re-INVITE');
    leg.respondReinvite(request, tx, 488);
    return false;
  }
  leg.respondReinvite(request, tx, 200, Buffer.from(r.value, 'utf8'), 'application/sdp', extra());
  const mixed = await media.mix(ref, peer.media);
  if (!mixed.ok) ctx.logger.warn({ callId, error: mixed.error }, 'relay after re-INVITE failed');
  return true;
}
