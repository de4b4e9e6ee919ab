import { err, ok } from '../../core/index.ts';
import type { Logger, MediaError, Result } from '../../core/index.ts';
import type { SdpCodec } from '../sdp/index.ts';
import { WebRtcLeg } from './webrtc-leg.ts';
import type { AgreedCodecs } from './webrtc-leg.ts';
import { gatewayCodecs, isWebRtcSdp, plainSdp, summarizeAudio } from './webrtc-sdp.ts';
import type { AudioSummary } from './webrtc-sdp.ts';

/** Settings of BrowserLegs. */
export interface BrowserLegsOptions {
  readonly loopbackAddress: string;
  readonly iceAddress?: string;
  readonly gatherTimeoutMs: number;
  readonly logger: Logger;
}

/** A browser leg's WebRtcLeg and where its offer/answer stands. */
export interface BrowserLeg {
  readonly leg: WebRtcLeg;
  /** We sent the browser an offer and wait for its answer. */
  isAwaitingAnswer: boolean;
  /** Our last answer to the browser, repeated for a 183 then a 200. */
  sentAnswer: string | undefined;
}

const key = (callId: string, legId: string): string => `${callId}\n${legId}`;

/**
 * The browser legs of all calls and the SDP translation for them (D35):
 * a browser's offer or answer into the plain one the media server gets,
 * and the media server's plain offer or answer into a WebRTC one.
 */
export class BrowserLegs {
  private readonly legs = new Map<string, BrowserLeg>();

  constructor(private readonly options: BrowserLegsOptions) {}

  /** The browser leg `legId` of `callId`, if that leg is a browser. */
  get(callId: string, legId: string): BrowserLeg | undefined {
    return this.legs.get(key(callId, legId));
  }

  /** Closes one browser leg, or every one of the call when `legId` is absent. */
  async delete(callId: string, legId?: string): Promise<void> {
    for (const [k, b] of this.legs) {
      if (k === key(callId, legId ?? '') || (legId === undefined && k.startsWith(`${callId}\n`))) {
        this.legs.delete(k);
        await b.leg.close();
      }
    }
  }

  /** Closes every browser leg. */
  async closeAll(): Promise<void> {
    const all = [...this.legs.values()];
    this.legs.clear();
    await Promise.all(all.map((b) => b.leg.close()));
  }

  /**
   * The SDP the inner plane gets from an answering leg: a browser's answer
   * to our WebRTC offer becomes a plain one. A plain answer on a leg we
   * offered WebRTC to means another fork won: the browser side is dropped.
   */
  async fromAnswerer(
    callId: string,
    legId: string,
    sdp: string,
  ): Promise<Result<string, MediaError>> {
    const k = key(callId, legId);
    const browser = this.legs.get(k);
    if (browser === undefined || !browser.isAwaitingAnswer) return ok(sdp);
    if (!isWebRtcSdp(sdp)) {
      this.legs.delete(k);
      await browser.leg.close();
      return ok(sdp);
    }
    const summary = summarizeAudio(sdp);
    if (!summary.ok) return summary;
    const agreed = agreedCodecs(summary.value.codecs);
    if (agreed === undefined) {
      return err({ code: 'ERR_SDP_NO_COMMON_CODEC', detail: 'the browser answered no codec' });
    }
    await browser.leg.acceptAnswer(sdp, agreed);
    browser.leg.mapPayloadTypes(summary.value.codecs, codecList(agreed));
    browser.isAwaitingAnswer = false;
    return ok(this.plainFor(browser.leg, codecList(agreed), summary.value));
  }

  /** Records a browser's offer on `legId` and writes its plain stand-in. */
  async plainOffer(
    callId: string,
    legId: string,
    sdp: string,
  ): Promise<Result<{ sdp: string; browser: BrowserLeg }, MediaError>> {
    const summary = summarizeAudio(sdp);
    if (!summary.ok) return summary;
    const browser = await this.browserFor(callId, legId);
    // A re-offer keeps the codec werift was set up with.
    const agreed = browser.leg.agreed;
    const codecs = agreed === undefined ? gatewayCodecs(summary.value.codecs) : codecList(agreed);
    if (!codecs.some((c) => !isTelephoneEvent(c))) {
      const offered = summary.value.codecs.map((c) => c.encodingName).join(', ');
      return err({ code: 'ERR_SDP_NO_COMMON_CODEC', detail: `browser offered ${offered}` });
    }
    browser.leg.browserOffer = sdp;
    browser.isAwaitingAnswer = false;
    browser.sentAnswer = undefined;
    return ok({ sdp: this.plainFor(browser.leg, codecs, summary.value), browser });
  }

  /** Answers a browser's offer with the codec the inner plane's answer chose. */
  async answerBrowser(
    browser: BrowserLeg,
    plainAnswer: string,
  ): Promise<Result<string, MediaError>> {
    const offer = browser.leg.browserOffer;
    if (offer === undefined) {
      if (browser.sentAnswer !== undefined) return ok(browser.sentAnswer);
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail: 'no browser offer to answer' });
    }
    const summary = summarizeAudio(plainAnswer);
    const offered = summarizeAudio(offer);
    if (!summary.ok) return summary;
    if (!offered.ok) return offered;
    const agreed = agreedCodecs(summary.value.codecs);
    if (agreed === undefined) {
      return err({ code: 'ERR_SDP_NO_COMMON_CODEC', detail: 'the media plane answered no codec' });
    }
    browser.leg.mapPayloadTypes(offered.value.codecs, codecList(agreed));
    browser.leg.setTarget({ address: summary.value.address, port: summary.value.port });
    const sdp = await browser.leg.answer(offer, agreed, summary.value.direction);
    browser.leg.browserOffer = undefined;
    browser.sentAnswer = sdp;
    return ok(sdp);
  }

  /** Turns the inner plane's plain offer for `legId` into a WebRTC offer. */
  async offerToBrowser(
    callId: string,
    legId: string,
    plainOffer: string,
  ): Promise<Result<string, MediaError>> {
    const summary = summarizeAudio(plainOffer);
    if (!summary.ok) return summary;
    const codecs = gatewayCodecs(summary.value.codecs);
    if (!codecs.some((c) => !isTelephoneEvent(c))) {
      return err({ code: 'ERR_SDP_NO_COMMON_CODEC', detail: 'no codec a browser has' });
    }
    const browser = await this.browserFor(callId, legId);
    browser.leg.setTarget({ address: summary.value.address, port: summary.value.port });
    const sdp = await browser.leg.offer(codecs, summary.value.direction);
    browser.isAwaitingAnswer = true;
    return ok(sdp);
  }

  private async browserFor(callId: string, legId: string): Promise<BrowserLeg> {
    const k = key(callId, legId);
    const existing = this.legs.get(k);
    if (existing !== undefined) return existing;
    const leg = await WebRtcLeg.open({
      loopbackAddress: this.options.loopbackAddress,
      ...(this.options.iceAddress === undefined ? {} : { iceAddress: this.options.iceAddress }),
      gatherTimeoutMs: this.options.gatherTimeoutMs,
      logger: this.options.logger,
    });
    const browser: BrowserLeg = { leg, isAwaitingAnswer: false, sentAnswer: undefined };
    this.legs.set(k, browser);
    return browser;
  }

  private plainFor(leg: WebRtcLeg, codecs: readonly SdpCodec[], s: AudioSummary): string {
    return plainSdp({
      address: this.options.loopbackAddress,
      port: leg.port,
      codecs,
      direction: s.direction,
      sessionId: String(leg.port),
      version: leg.plainVersion++,
    });
  }
}

const isTelephoneEvent = (c: SdpCodec): boolean =>
  c.encodingName.toLowerCase() === 'telephone-event';

/** The first real codec of an answer and its telephone-event, if any. */
function agreedCodecs(codecs: readonly SdpCodec[]): AgreedCodecs | undefined {
  const usable = gatewayCodecs(codecs);
  const codec = codecs.find((c) => !isTelephoneEvent(c) && usable.includes(c));
  if (codec === undefined) return undefined;
  return { codec, telephoneEvent: usable.find(isTelephoneEvent) };
}

function codecList(a: AgreedCodecs): SdpCodec[] {
  return a.telephoneEvent === undefined ? [a.codec] : [a.codec, a.telephoneEvent];
}
