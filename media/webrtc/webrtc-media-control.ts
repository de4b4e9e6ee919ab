import { err } from '../../core/index.ts';
import type {
  Logger,
  MediaControl,
  MediaControlEvents,
  MediaDtmfOptions,
  MediaError,
  MediaJoinOptions,
  MediaOfferOptions,
  MediaOperation,
  MediaPlayOptions,
  MediaPlaySource,
  MediaRecordOptions,
  MediaSessionRef,
  Result,
} from '../../core/index.ts';
import { BrowserLegs } from './browser-legs.ts';
import type { WebRtcLeg } from './webrtc-leg.ts';
import { isWebRtcSdp } from './webrtc-sdp.ts';

/** Settings of WebRtcMediaControl. */
export interface WebRtcMediaControlOptions {
  /** The media plane that gets plain RTP (the MediaServer). */
  readonly inner: MediaControl;
  /** The address of our ICE host candidates (the switch's bind address). */
  readonly iceAddress?: string;
  /** Where the loopback sockets bind; 127.0.0.1 unless given. */
  readonly loopbackAddress?: string;
  /** How long an offer or answer waits for ICE gathering; 2000 unless given. */
  readonly gatherTimeoutMs?: number;
  readonly logger: Logger;
}

/**
 * MediaControl for calls with browser legs (D35): a decorator around the
 * media server that terminates ICE and DTLS-SRTP for legs whose SDP is
 * WebRTC and hands plain RTP to the inner media server, so relay,
 * recording, IVR, conferences and DTMF work for them unchanged.
 *
 * A browser's SDP is recognised by its content (isWebRtcSdp). The relayed
 * or local offer is made a WebRTC one when `opts.isWebRtc` is set: on
 * offer() and update() it means "the peer leg (peerLegId) is a browser",
 * on offerLocal() "this leg is a browser". A re-offer towards a leg that
 * is already a browser leg is made WebRTC without being asked.
 */
export class WebRtcMediaControl implements MediaControl {
  private readonly inner: MediaControl;
  private readonly options: WebRtcMediaControlOptions;
  private readonly browsers: BrowserLegs;
  /**
   * The peer of each leg seen in an offer, for answers without peerLegId,
   * by call and then leg: every relayed call has an entry, so delete()
   * must not walk them all.
   */
  private readonly peers = new Map<string, Map<string, string>>();

  constructor(options: WebRtcMediaControlOptions) {
    this.options = options;
    this.inner = options.inner;
    this.browsers = new BrowserLegs({
      loopbackAddress: options.loopbackAddress ?? '127.0.0.1',
      ...(options.iceAddress === undefined ? {} : { iceAddress: options.iceAddress }),
      gatherTimeoutMs: options.gatherTimeoutMs ?? 2000,
      logger: options.logger,
    });
  }

  /** The browser side of a leg, if it is one (tests and status). */
  browserLeg(callId: string, legId: string): WebRtcLeg | undefined {
    return this.browsers.get(callId, legId)?.leg;
  }

  offer(callId: string, legId: string, sdp: string, opts: MediaOfferOptions = {}) {
    return this.relayOffer('offer', callId, legId, sdp, opts);
  }

  update(callId: string, legId: string, sdp: string, opts: MediaOfferOptions = {}) {
    return this.relayOffer('update', callId, legId, sdp, opts);
  }

  async answer(
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions = {},
  ): Promise<Result<string, MediaError>> {
    return this.guard(async () => {
      const toInner = await this.browsers.fromAnswerer(callId, legId, sdp);
      if (!toInner.ok) return toInner;
      const r = await this.inner.answer(callId, legId, toInner.value, opts);
      if (!r.ok) return r;
      const offerer = opts.peerLegId ?? this.peers.get(callId)?.get(legId);
      const browser = offerer === undefined ? undefined : this.browsers.get(callId, offerer);
      if (browser === undefined || browser.isAwaitingAnswer) return r;
      return this.browsers.answerBrowser(browser, r.value);
    });
  }

  async answerLocal(
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions = {},
  ): Promise<Result<string, MediaError>> {
    if (!isWebRtcSdp(sdp)) return this.inner.answerLocal(callId, legId, sdp, opts);
    return this.guard(async () => {
      const plain = await this.browsers.plainOffer(callId, legId, sdp);
      if (!plain.ok) return plain;
      const r = await this.inner.answerLocal(callId, legId, plain.value.sdp, opts);
      if (!r.ok) return r;
      return this.browsers.answerBrowser(plain.value.browser, r.value);
    });
  }

  async offerLocal(
    callId: string,
    legId: string,
    opts: MediaOfferOptions = {},
  ): Promise<Result<string, MediaError>> {
    const r = await this.inner.offerLocal(callId, legId, opts);
    if (!r.ok || opts.isWebRtc !== true) return r;
    return this.guard(() => this.browsers.offerToBrowser(callId, legId, r.value));
  }

  async acceptAnswer(
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions = {},
  ): Promise<Result<void, MediaError>> {
    return this.guard(async () => {
      const toInner = await this.browsers.fromAnswerer(callId, legId, sdp);
      if (!toInner.ok) return toInner;
      return this.inner.acceptAnswer(callId, legId, toInner.value, opts);
    });
  }

  async delete(callId: string, legId?: string): Promise<Result<void, MediaError>> {
    await this.browsers.delete(callId, legId);
    const legs = this.peers.get(callId);
    if (legId !== undefined) legs?.delete(legId);
    if (legId === undefined || legs?.size === 0) this.peers.delete(callId);
    return this.inner.delete(callId, legId);
  }

  /** Closes every browser leg (the inner media plane is stopped by its owner). */
  async stop(): Promise<void> {
    this.peers.clear();
    await this.browsers.closeAll();
  }

  play(ref: MediaSessionRef, source: MediaPlaySource, opts?: MediaPlayOptions) {
    return this.inner.play(ref, source, opts);
  }

  record(
    ref: MediaSessionRef,
    opts: MediaRecordOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    return this.inner.record(ref, opts);
  }

  recordRoom(roomId: string, opts: MediaRecordOptions) {
    return this.inner.recordRoom(roomId, opts);
  }

  mix(a: MediaSessionRef, b: MediaSessionRef) {
    return this.inner.mix(a, b);
  }

  join(ref: MediaSessionRef, opts: MediaJoinOptions) {
    return this.inner.join(ref, opts);
  }

  unjoin(ref: MediaSessionRef) {
    return this.inner.unjoin(ref);
  }

  gateDtmf(ref: MediaSessionRef, codes: readonly string[]) {
    return this.inner.gateDtmf(ref, codes);
  }

  sendDtmf(ref: MediaSessionRef, digits: string, opts?: MediaDtmfOptions) {
    return this.inner.sendDtmf(ref, digits, opts);
  }

  on<K extends keyof MediaControlEvents & string>(
    event: K,
    listener: (...args: MediaControlEvents[K]) => void,
  ): this {
    this.inner.on(event, listener);
    return this;
  }

  off<K extends keyof MediaControlEvents & string>(
    event: K,
    listener: (...args: MediaControlEvents[K]) => void,
  ): this {
    this.inner.off(event, listener);
    return this;
  }

  /**
   * offer() and update(): a browser's offer is handed on as a plain one
   * from the leg's loopback socket; the relayed offer is made a WebRTC one
   * when the peer is a browser.
   */
  private async relayOffer(
    op: 'offer' | 'update',
    callId: string,
    legId: string,
    sdp: string,
    opts: MediaOfferOptions,
  ): Promise<Result<string, MediaError>> {
    return this.guard(async () => {
      let toInner = sdp;
      if (isWebRtcSdp(sdp)) {
        const plain = await this.browsers.plainOffer(callId, legId, sdp);
        if (!plain.ok) return plain;
        toInner = plain.value.sdp;
      }
      const peer = opts.peerLegId;
      if (peer !== undefined) {
        let legs = this.peers.get(callId);
        if (legs === undefined) this.peers.set(callId, (legs = new Map()));
        legs.set(legId, peer).set(peer, legId);
      }
      const r = await this.inner[op](callId, legId, toInner, opts);
      // A re-offer towards a leg that is already a browser stays WebRTC.
      const isToBrowser =
        opts.isWebRtc === true ||
        (peer !== undefined && this.browsers.get(callId, peer) !== undefined);
      if (!r.ok || !isToBrowser) return r;
      if (peer === undefined) {
        return err({ code: 'ERR_MEDIA_INVALID_STATE', detail: 'isWebRtc needs peerLegId' });
      }
      return this.browsers.offerToBrowser(callId, peer, r.value);
    });
  }

  /** Runs `fn`, turning a werift exception into ERR_MEDIA_INTERNAL (STYLE §4.8). */
  private async guard<T>(fn: () => Promise<Result<T, MediaError>>): Promise<Result<T, MediaError>> {
    try {
      return await fn();
    } catch (cause) {
      this.options.logger.warn({ err: cause }, 'WebRTC gateway failed');
      const detail = cause instanceof Error ? cause.message : String(cause);
      return err({ code: 'ERR_MEDIA_INTERNAL', detail, cause });
    }
  }
}
