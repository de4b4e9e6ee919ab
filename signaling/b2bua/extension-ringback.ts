import type {
  MediaControl,
  MediaOfferOptions,
  MediaOperation,
  MediaPlaySource,
  MediaSessionRef,
} from '../../core/index.ts';
import type { B2buaContext } from './b2bua-context.ts';
import type { InboundLeg } from './inbound-leg.ts';

/**
 * EXT-13 彩铃: while an extension rings, its caller hears the extension's
 * ringback (a MOH class) as early media instead of the relayed 180, as a
 * ring group with a MOH class does (RG-4). Our media plane answers the
 * caller's offer itself and places its own offer to the callee, so the
 * caller's SDP is known before anyone answers; the 183 and the 200 carry
 * that same answer (RFC 3262 §5 keeps the early offer/answer), and the two
 * legs are mixed when the callee answers.
 */
export class ExtensionRingback {
  private readonly a: MediaSessionRef;
  private readonly b: MediaSessionRef;
  private callerSdp: Buffer | undefined;
  private playback: MediaOperation | undefined;
  private hasStarted = false;
  private isStopped = false;

  private constructor(
    private readonly ctx: B2buaContext,
    private readonly media: MediaControl,
    callId: string,
    private readonly source: MediaPlaySource,
  ) {
    this.a = { callId, legId: 'a' };
    this.b = { callId, legId: 'b' };
  }

  /**
   * The ringback of call `callId`, or undefined when it cannot play: no
   * source, no media plane, or an INVITE without an offer (the answer
   * would come only in the ACK, too late for early media).
   */
  static for(
    ctx: B2buaContext,
    callId: string,
    source: MediaPlaySource | undefined,
    callerOffer: Buffer,
  ): ExtensionRingback | undefined {
    const media = ctx.media;
    if (source === undefined || media === undefined || callerOffer.length === 0) return undefined;
    return new ExtensionRingback(ctx, media, callId, source);
  }

  /**
   * Answers the caller's offer with our media plane and returns our offer
   * for the callee's forks; undefined when the media plane refused.
   * `opts` are the caller leg's (its DTMF mode), as a relayed offer's, and
   * `calleeOpts` the callee leg's.
   */
  async prepare(
    callerOffer: Buffer,
    opts: MediaOfferOptions = {},
    calleeOpts: MediaOfferOptions = {},
  ): Promise<Buffer | undefined> {
    const sdp = callerOffer.toString('utf8');
    const answer = await this.media.answerLocal(this.a.callId, 'a', sdp, opts);
    if (!answer.ok) {
      this.ctx.logger.warn({ callId: this.a.callId, error: answer.error }, 'ringback: caller SDP');
      return undefined;
    }
    this.callerSdp = Buffer.from(answer.value, 'utf8');
    const offer = await this.media.offerLocal(this.b.callId, 'b', calleeOpts);
    if (!offer.ok) {
      this.ctx.logger.warn({ callId: this.b.callId, error: offer.error }, 'ringback: our offer');
      return undefined;
    }
    return Buffer.from(offer.value, 'utf8');
  }

  /** The callee rings: 183 with our answer, then the music (once). */
  async start(caller: InboundLeg): Promise<void> {
    const sdp = this.callerSdp;
    if (this.hasStarted || this.isStopped || sdp === undefined) return;
    this.hasStarted = true;
    caller.provisional(183, sdp, 'application/sdp');
    const played = await this.media.play(this.a, this.source);
    if (!played.ok) {
      this.ctx.logger.warn({ callId: this.a.callId, error: played.error }, 'ringback: play');
      return;
    }
    if (this.isStopped) await played.value.stop();
    else this.playback = played.value;
  }

  /**
   * The callee answered with `calleeSdp`: the music stops, its answer is
   * taken and the legs are mixed. Resolves to the SDP for the caller's 200
   * (the one the 183 carried), or undefined if the media plane refused.
   */
  async connect(calleeSdp: Buffer): Promise<Buffer | undefined> {
    await this.stop();
    const { callId } = this.b;
    const accepted = await this.media.acceptAnswer(callId, 'b', calleeSdp.toString('utf8'));
    if (!accepted.ok) {
      this.ctx.logger.warn({ callId, error: accepted.error }, 'ringback: callee SDP');
      return undefined;
    }
    const mixed = await this.media.mix(this.a, this.b);
    if (!mixed.ok) {
      this.ctx.logger.warn({ callId, error: mixed.error }, 'ringback: mixing the legs');
      return undefined;
    }
    return this.callerSdp;
  }

  /** Stops the music; idempotent. */
  async stop(): Promise<void> {
    this.isStopped = true;
    const playback = this.playback;
    this.playback = undefined;
    await playback?.stop();
  }
}
