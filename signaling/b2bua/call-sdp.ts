/*
 * The SDP of a B2BUA call (b2bua-call.ts): what each side last sent, what
 * we last sent the caller, and the media plane's transform of each body
 * on its way to the other side.
 */
import type { B2buaContext, DtmfMode } from './b2bua-context.ts';
import type { CallParties } from './call-parties.ts';
import type { InboundLeg } from './inbound-leg.ts';
import { transformSdp, type MediaOp } from './media-transform.ts';
import { filterOfferCodecs } from './sdp-codecs.ts';
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
  /**
   * Leg B faces a transfer target rather than the callee the call was
   * routed to: its DTMF mode is then automatic (D88).
   */
  isBTransferred = false;

  constructor(
    private readonly ctx: B2buaContext,
    private readonly callId: string,
    private readonly parties: CallParties,
    aBody: Buffer,
  ) {
    this.aBody = aBody;
  }

  /** The trunk on leg B once an outbound call's dialer chose one. */
  trunkOfB: () => number | undefined = () => undefined;

  /**
   * `body` from `side` through the media plane to the other side. An
   * offer is narrowed to the codecs its sender's phone may use, and what
   * goes on to the other side to the other phone's (D94); an answer is to
   * an offer that was, so it is not. Undefined: refused (488).
   */
  async transform(
    op: MediaOp,
    side: LegSide,
    body: Buffer,
    isWebRtc?: boolean,
  ): Promise<Buffer | undefined> {
    const modes = { dtmfMode: this.dtmfModeOf(side), peerDtmfMode: this.dtmfModeOf(other(side)) };
    const input = op === 'answer' ? body : this.narrow(side, body);
    if (input === undefined) return undefined;
    const out = await transformSdp(this.ctx, this.callId, op, side, input, modes, isWebRtc);
    return out === undefined || op === 'answer' ? out : this.narrow(other(side), out);
  }

  /**
   * An offer to or from `side` with only the codecs its extension's
   * `allow=` names (T-2, D94), in the offer's order; undefined when none
   * is left. A side that is no extension of ours (a trunk: its codecs
   * are the trunk dialer's, D32), or a transfer target, is not narrowed.
   */
  narrow(side: LegSide, body: Buffer): Buffer | undefined {
    if (body.length === 0 || (side === 'b' && this.isBTransferred)) return body;
    const { callerExtensionId, calleeExtensionId } = this.parties;
    const extensionId = side === 'a' ? callerExtensionId : calleeExtensionId;
    const codecs = extensionId === undefined ? undefined : this.ctx.extensionCodecs?.(extensionId);
    if (codecs === undefined) return body;
    const narrowed = filterOfferCodecs(body.toString('utf8'), codecs);
    return narrowed === undefined ? undefined : Buffer.from(narrowed, 'utf8');
  }

  /**
   * How `side`'s party takes keys (D88): an extension's or trunk's
   * configured `dtmfmode`. An extension without one is automatic; a side
   * that is not an extension of ours (a trunk, another switch) has no
   * hotkeys (D31), the one use of digits on a relayed call, so its leg is
   * not decoded for in-band DTMF: only RFC 4733 events are seen.
   */
  dtmfModeOf(side: LegSide): DtmfMode | undefined {
    const { callerExtensionId, calleeExtensionId, direction, trunkId } = this.parties;
    const modes = this.ctx.dtmfModes;
    if (side === 'b' && this.isBTransferred) return undefined;
    const extensionId = side === 'a' ? callerExtensionId : calleeExtensionId;
    if (extensionId !== undefined) return modes?.extension(extensionId);
    const trunk = side === 'a' ? (direction === 'inbound' ? trunkId : undefined) : this.trunkOfB();
    return (trunk === undefined ? undefined : modes?.trunk(trunk)) ?? 'rfc4733';
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

function other(side: LegSide): LegSide {
  return side === 'a' ? 'b' : 'a';
}
