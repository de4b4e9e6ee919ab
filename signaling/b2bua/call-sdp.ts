/*
 * The SDP of a B2BUA call (b2bua-call.ts): what each side last sent, what
 * we last sent the caller, and the media plane's transform of each body
 * on its way to the other side.
 */
import type { B2buaContext } from './b2bua-context.ts';
import type { CallParties } from './call-parties.ts';
import type { InboundLeg } from './inbound-leg.ts';
import { transformSdp, type MediaOp } from './media-transform.ts';
import type { OutboundLeg } from './outbound-leg.ts';
import type { LegSide } from './sip-dialog-leg.ts';

/** The bodies of one call's offer/answer exchanges, and their transform. */
export class CallSdp {
  /** The caller's latest SDP, offered to the target of a transfer. */
  aBody: Buffer;
  /** The callee's latest SDP, for an attended transfer that takes leg B. */
  bBody: Buffer = Buffer.alloc(0);
  /** The SDP we last sent to the caller, for a refresh re-INVITE. */
  aSentBody: Buffer = Buffer.alloc(0);

  constructor(
    private readonly ctx: B2buaContext,
    private readonly callId: string,
    private readonly parties: CallParties,
    aBody: Buffer,
  ) {
    this.aBody = aBody;
  }

  /**
   * A side that is not an extension of ours (a trunk, another switch)
   * has no hotkeys (D31), the one use of digits on a relayed call, so its
   * leg is not decoded for in-band DTMF: only RFC 4733 events are seen.
   */
  transform(
    op: MediaOp,
    side: LegSide,
    body: Buffer,
    isWebRtc?: boolean,
  ): Promise<Buffer | undefined> {
    const { callerExtensionId, calleeExtensionId } = this.parties;
    const isExtension = (side === 'a' ? callerExtensionId : calleeExtensionId) !== undefined;
    const dtmfMode = isExtension ? undefined : 'rfc4733';
    return transformSdp(this.ctx, this.callId, op, side, body, dtmfMode, isWebRtc);
  }

  /**
   * Points leg A and a leg B taken from another call at each other (§14.1).
   * Without a media plane A is offered B's SDP and its answer is offered to
   * B, so both end up sendrecv; with one, B is offered the anchor's SDP and
   * A keeps talking to the same anchor.
   */
  async reconnect(a: InboundLeg, leg: OutboundLeg): Promise<boolean> {
    const type = a.request.getHeader('Content-Type');
    if (this.ctx.media === undefined) {
      this.aSentBody = this.bBody;
      const answer = await a.reinvite(this.bBody, type);
      if (answer === undefined || answer.status >= 300) return false;
      this.aBody = answer.body;
      const b = await leg.reinvite(answer.body, type);
      if (b === undefined || b.status >= 300) return false;
      this.bBody = b.body;
      return true;
    }
    const offer = await this.transform('offer', 'a', this.aBody);
    if (offer === undefined) return false;
    const b = await leg.reinvite(offer, type);
    if (b === undefined || b.status >= 300) return false;
    this.bBody = b.body;
    return (await this.transform('answer', 'b', b.body)) !== undefined;
  }
}
