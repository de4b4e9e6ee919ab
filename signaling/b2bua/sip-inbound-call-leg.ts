import { err, ok, type Result } from '../../core/index.ts';
import type { CallLegError, CallParty, HangupCause } from '../../core/index.ts';
import type { SipRequest } from '../message/index.ts';
import type { B2buaContext } from './b2bua-context.ts';
import { NORMAL_CLEARING, statusForCause } from './hangup-causes.ts';
import type { InboundLeg } from './inbound-leg.ts';
import { SipCallLeg } from './sip-call-leg.ts';
import type { SipDialogLeg } from './sip-dialog-leg.ts';

/**
 * The caller's INVITE as a CallLeg for pbx/ applications (IVR, queues,
 * voicemail, conferences): ring() sends 180 (or 183 with our SDP for
 * early media), answer() has our media plane answer the caller's offer
 * and sends 200, hangup() refuses, or BYEs once answered (RFC 3261 §13.3,
 * §15). An INVITE without SDP gets our offer in the 200 and the answer is
 * taken from the ACK (§13.2.1).
 */
export class SipInboundCallLeg extends SipCallLeg {
  private isEarlyAnswered = false;
  private isOfferInAck = false;
  /** Our SDP answer, kept so the 200 repeats what the 183 said (RFC 3262 §5: the early offer/answer stands). */
  private lastAnswer: string | undefined;

  constructor(
    ctx: B2buaContext,
    readonly sip: InboundLeg,
    remote: CallParty,
    local: CallParty,
  ) {
    super(ctx, 'inbound', remote, local);
    sip.on('ackTimeout', () => {
      this.endedBy ??= 'local';
      void this.sip.bye();
      this.terminate({ reason: 'failed', q850: 41, text: 'no ACK for our 200' });
    });
  }

  protected get sipLeg(): SipDialogLeg | undefined {
    return this.sip.dialog === undefined ? undefined : this.sip;
  }

  get request(): SipRequest {
    return this.sip.request;
  }

  async ring(opts: { isEarlyMedia?: boolean } = {}): Promise<Result<void, CallLegError>> {
    if (this.state !== 'new' && this.state !== 'early') return this.invalid();
    if (opts.isEarlyMedia === true && this.request.body.length > 0) {
      const sdp = await this.localAnswer();
      if (!sdp.ok) return sdp;
      if (this.isOver) return this.invalid();
      this.isEarlyAnswered = true;
      this.sip.provisional(183, Buffer.from(sdp.value, 'utf8'));
    } else {
      this.sip.provisional(180);
    }
    this.setState('early');
    return ok(undefined);
  }

  async answer(): Promise<Result<void, CallLegError>> {
    if (this.state !== 'new' && this.state !== 'early') return this.invalid();
    const sdp = await this.sdpFor200();
    if (!sdp.ok) {
      this.endedBy = 'local';
      this.sip.reject(488);
      this.terminate({ reason: 'failed', q850: 88, sipStatus: 488, text: sdp.error.detail });
      return sdp;
    }
    if (this.isOver) return this.invalid();
    this.sip.answer(Buffer.from(sdp.value, 'utf8'));
    this.safeEmit('dialog', this.sip);
    this.confirm();
    return ok(undefined);
  }

  /**
   * Takes over a leg the caller already answered for another call (a
   * blind transfer to an application): our media plane offers itself in a
   * re-INVITE (§14.1) and the leg is confirmed, keeping its answer time.
   */
  async adoptAnswered(answeredAtMs: number): Promise<Result<void, CallLegError>> {
    const media = this.ctx.media;
    if (this.state !== 'new' || media === undefined) return this.invalid();
    // In-dialog requests (a BYE during the re-INVITE) reach this leg now.
    this.safeEmit('dialog', this.sip);
    const offer = await media.offerLocal(this.media.callId, this.media.legId, this.dtmfOpts());
    if (!offer.ok) return err({ code: 'ERR_CALL_LEG_MEDIA', detail: offer.error.detail });
    const narrowed = this.narrow(offer.value);
    if (narrowed === undefined)
      return err({ code: 'ERR_CALL_LEG_MEDIA', detail: 'no allowed codec' });
    const type = 'application/sdp';
    const response = await this.sip.reinvite(Buffer.from(narrowed, 'utf8'), type);
    if (response === undefined || response.status >= 300 || response.body.length === 0) {
      await this.hangup({ reason: 'failed', q850: 41, text: 're-INVITE to our media failed' });
      return err({ code: 'ERR_CALL_LEG_MEDIA', detail: 're-INVITE to our media failed' });
    }
    const { callId, legId } = this.media;
    const answer = await media.acceptAnswer(callId, legId, response.body.toString('utf8'));
    if (!answer.ok) {
      await this.hangup({ reason: 'failed', q850: 88, text: answer.error.detail });
      return err({ code: 'ERR_CALL_LEG_MEDIA', detail: answer.error.detail });
    }
    if (this.isOver) return this.invalid();
    this.answeredAtMs = answeredAtMs;
    this.setState('confirmed');
    return ok(undefined);
  }

  hangup(cause: HangupCause = NORMAL_CLEARING): Promise<Result<void, CallLegError>> {
    if (this.state === 'terminated') return Promise.resolve(ok(undefined));
    this.endedBy = 'local';
    if (this.sip.isFinal) void this.sip.bye();
    else this.sip.reject(statusForCause(cause));
    this.terminate(cause);
    return Promise.resolve(ok(undefined));
  }

  /** The caller's CANCEL (§9.2): 487, and the leg is over. */
  cancelByCaller(): void {
    if (this.state === 'terminated' || this.sip.isFinal) return;
    this.sip.reject(487);
    this.endedBy = 'remote';
    this.terminate({ reason: 'cancelled', q850: 16, sipStatus: 487 });
  }

  /** The ACK of our 200; it carries the answer when the INVITE had no offer. */
  override receiveAck(leg: SipDialogLeg, ack: SipRequest): void {
    super.receiveAck(leg, ack);
    if (!this.isOfferInAck || ack.body.length === 0 || this.ctx.media === undefined) return;
    this.isOfferInAck = false;
    const { callId, legId } = this.media;
    void this.ctx.media.acceptAnswer(callId, legId, ack.body.toString('utf8')).then((r) => {
      if (!r.ok) void this.hangup({ reason: 'failed', q850: 88, text: r.error.detail });
    });
  }

  /** Our answer to the caller's offer, or our offer when it sent none. */
  private async sdpFor200(): Promise<Result<string, CallLegError>> {
    const media = this.ctx.media;
    if (media === undefined) return err({ code: 'ERR_CALL_LEG_MEDIA', detail: 'no media plane' });
    if (this.request.body.length > 0) {
      if (this.isEarlyAnswered) return ok(this.lastAnswer ?? '');
      return this.localAnswer();
    }
    const r = await media.offerLocal(this.media.callId, this.media.legId, this.dtmfOpts());
    if (!r.ok) return err({ code: 'ERR_CALL_LEG_MEDIA', detail: r.error.detail });
    const narrowed = this.narrow(r.value);
    if (narrowed === undefined)
      return err({ code: 'ERR_CALL_LEG_MEDIA', detail: 'no allowed codec' });
    this.isOfferInAck = true;
    return ok(narrowed);
  }

  private async localAnswer(): Promise<Result<string, CallLegError>> {
    const media = this.ctx.media;
    if (media === undefined) return err({ code: 'ERR_CALL_LEG_MEDIA', detail: 'no media plane' });
    const { callId, legId } = this.media;
    const offer = this.narrow(this.request.body.toString('utf8'));
    if (offer === undefined) return err({ code: 'ERR_CALL_LEG_MEDIA', detail: 'no allowed codec' });
    const r = await media.answerLocal(callId, legId, offer, this.dtmfOpts());
    if (!r.ok) return err({ code: 'ERR_CALL_LEG_MEDIA', detail: r.error.detail, cause: r.error });
    this.lastAnswer = r.value;
    return ok(r.value);
  }

  private invalid(): Result<never, CallLegError> {
    return err({ code: 'ERR_CALL_LEG_INVALID_STATE', detail: `leg is ${this.state}` });
  }
}
