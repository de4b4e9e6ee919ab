import { err, ok } from '../../core/index.ts';
import type { MediaError, MediaOfferOptions, Result } from '../../core/index.ts';
import type { Codec, CodecRegistry } from '../codecs/index.ts';
import {
  createAnswer,
  createOffer,
  effectiveDirection,
  getConnection,
  getRtcp,
  isUnspecifiedAddress,
  negotiate,
  parseSdp,
  serializeSdp,
  withoutTelephoneEvents,
} from '../sdp/index.ts';
import type { CodecCapability, SdpCodec, SessionDescription } from '../sdp/index.ts';
import type { MediaLeg } from './media-leg.ts';
import { findAudioIndex, planAnswer, planOffer } from './sdp-plan.ts';
import type { AnchorPoint } from './sdp-plan.ts';

/** Settings of SdpSessions. */
export interface SdpSessionsOptions {
  /** Our address in SDP. */
  readonly address: string;
  readonly registry: CodecRegistry;
  /** Codecs added to every relayed offer (MediaOfferOptions.codecs overrides). */
  readonly transcodeCodecs: readonly string[];
  /** A hold re-offer is turned into sendonly towards the held side, for music. */
  readonly hasMusicOnHold: boolean;
}

/**
 * The offer/answer bookkeeping of the legs: what each far end offered,
 * what we relayed, and how the answer sets each leg's codec, events and
 * direction. Pure state on MediaLeg; no sockets are opened here.
 */
export class SdpSessions {
  private readonly options: SdpSessionsOptions;

  constructor(options: SdpSessionsOptions) {
    this.options = options;
  }

  /** Parses an offer and finds its audio; never throws on bad SDP. */
  parseOffer(sdp: string): Result<SessionDescription, MediaError> {
    const parsed = parseSdpResult(sdp);
    if (!parsed.ok) return parsed;
    if (findAudioIndex(parsed.value) < 0) {
      return err({ code: 'ERR_SDP_NO_ACCEPTABLE_MEDIA', detail: 'the offer has no active audio' });
    }
    return parsed;
  }

  /**
   * Records `offer` from `from`'s far end and returns the offer to send to
   * `to`'s, anchored on `to`'s endpoint. A hold (sendonly, inactive or
   * c=0.0.0.0, RFC 3264 §8.4) becomes sendonly towards the held side when
   * music on hold is configured, since we will be sending it music.
   */
  offer(from: MediaLeg, to: MediaLeg, offer: SessionDescription, opts: MediaOfferOptions): string {
    if (from.peer !== to) {
      if (from.peer?.peer === from) from.peer.peer = undefined;
      if (to.peer?.peer === to) to.peer.peer = undefined;
      from.peer = to;
      to.peer = from;
    }
    const audioIndex = findAudioIndex(offer);
    const line = offer.media[audioIndex]!;
    const direction = effectiveDirection(offer, line);
    const isHold = direction === 'sendonly' || direction === 'inactive';
    from.remoteOffer = offer;
    from.audioIndex = audioIndex;
    from.dtmfMode = opts.dtmfMode;
    to.dtmfMode = opts.peerDtmfMode;
    to.audioIndex = audioIndex;
    applyRemote(from, offer, audioIndex);
    const planned = planOffer(
      offer,
      audioIndex,
      this.anchorOf(to),
      opts.codecs ?? this.options.transcodeCodecs,
      isHold && this.options.hasMusicOnHold ? 'sendonly' : undefined,
    );
    const relayed = takesNoEvents(to) ? withoutTelephoneEvents(planned, audioIndex) : planned;
    to.sentOffer = relayed;
    return serializeSdp(relayed);
  }

  /**
   * Takes `leg`'s far end's answer to the offer we relayed to it, sets both
   * legs' codecs and directions, and returns the answer for the offerer.
   */
  answer(
    leg: MediaLeg,
    sdp: string,
    opts: MediaOfferOptions,
    sessionId: string,
  ): Result<{ sdp: string; isOnHold: boolean }, MediaError> {
    const offerer = leg.peer;
    if (offerer?.remoteOffer === undefined || leg.sentOffer === undefined) {
      const detail = `no offer was relayed to leg ${leg.ref.legId} of ${leg.ref.callId}`;
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail });
    }
    const parsed = parseSdpResult(sdp);
    if (!parsed.ok) return parsed;
    leg.dtmfMode = opts.dtmfMode ?? leg.dtmfMode;
    const offererEvents = takesNoEvents(offerer)
      ? 'without'
      : takesNoEvents(leg)
        ? 'with'
        : undefined;
    const plan = planAnswer({
      offererEvents,
      originalOffer: offerer.remoteOffer,
      relayedOffer: leg.sentOffer,
      peerAnswer: parsed.value,
      audioIndex: offerer.audioIndex,
      ours: this.anchorOf(offerer),
      registry: this.options.registry,
      previousAnswer: offerer.sentAnswer,
      sessionId,
    });
    if (!plan.ok) return plan;
    const p = plan.value;
    applyRemote(leg, parsed.value, offerer.audioIndex);
    offerer.negotiate({
      sdpCodec: p.offerer.codec,
      codec: this.codecFor(p.offerer.codec, offerer.codec),
      telephoneEventPt: p.offerer.telephoneEventPt,
      isSendingTo: p.offerer.isSendingTo,
    });
    leg.negotiate({
      sdpCodec: p.answerer.codec,
      codec: this.codecFor(p.answerer.codec, leg.codec),
      telephoneEventPt: p.answerer.telephoneEventPt,
      isSendingTo: p.answerer.isSendingTo,
    });
    for (const l of [offerer, leg]) {
      l.rewire();
      // In-band detection when asked for, or when no RFC 4733 was agreed.
      l.isInbandDetected =
        l.dtmfMode === 'inband' || (l.dtmfMode === undefined && l.telephoneEventPt < 0);
    }
    offerer.sentAnswer = p.answer;
    return ok({ sdp: serializeSdp(p.answer), isOnHold: p.isOnHold });
  }

  /**
   * Answers `offer` ourselves for a leg we terminate (RFC 3264 §6): one
   * codec, the first offered that we decode, plus telephone-event if
   * offered, so the leg never switches codec mid-call. A re-offer on the
   * same leg (hold, a new address) is answered the same way (§8).
   */
  answerLocal(
    leg: MediaLeg,
    offer: SessionDescription,
    opts: MediaOfferOptions,
    sessionId: string,
  ): Result<string, MediaError> {
    const audioIndex = findAudioIndex(offer);
    const answer = createAnswer(
      offer,
      {
        origin: { username: 'switchyard', sessionId },
        address: this.options.address,
        ports: offer.media.map((_, i) => (i === audioIndex ? leg.endpoint.rtpPort : undefined)),
        codecs: this.localCodecs(),
        ...(takesNoEvents(leg, opts) ? {} : { telephoneEvents: '0-16' }),
        maxCodecs: 1,
      },
      leg.sentAnswer,
    );
    if (!answer.ok) return err({ code: answer.error.code, detail: answer.error.detail });
    const agreed = negotiate(offer, answer.value);
    if (!agreed.ok) return err({ code: agreed.error.code, detail: agreed.error.detail });
    const n = agreed.value[audioIndex]!;
    leg.remoteOffer = offer;
    leg.audioIndex = audioIndex;
    leg.sentAnswer = answer.value;
    applyRemote(leg, offer, audioIndex);
    const te = n.telephoneEvent?.payloadType ?? -1;
    this.setLocalNegotiation(leg, n.codecs[0]!, te, n.isAnswererSending, opts);
    return ok(serializeSdp(answer.value));
  }

  /** Our offer for a leg we place, with every codec we decode (RFC 3264 §5). */
  offerLocal(leg: MediaLeg, sessionId: string, opts: MediaOfferOptions = {}): string {
    leg.dtmfMode = opts.dtmfMode ?? leg.dtmfMode;
    const offer = createOffer(
      {
        origin: { username: 'switchyard', sessionId },
        address: this.options.address,
        ports: [leg.endpoint.rtpPort],
        codecs: this.localCodecs(),
        ...(takesNoEvents(leg) ? {} : { telephoneEvents: '0-16' }),
        ptimeMs: 20,
      },
      leg.sentOffer,
    );
    leg.sentOffer = offer;
    leg.audioIndex = 0;
    return serializeSdp(offer);
  }

  /** The far end's answer to offerLocal(): the leg's codec and address are set. */
  acceptAnswer(leg: MediaLeg, sdp: string, opts: MediaOfferOptions): Result<void, MediaError> {
    if (leg.sentOffer === undefined) {
      const detail = `no local offer was sent on leg ${leg.ref.legId} of ${leg.ref.callId}`;
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail });
    }
    const parsed = parseSdpResult(sdp);
    if (!parsed.ok) return parsed;
    const agreed = negotiate(leg.sentOffer, parsed.value);
    if (!agreed.ok) return err({ code: agreed.error.code, detail: agreed.error.detail });
    const n = agreed.value[0];
    if (n === undefined || n.isRejected) {
      return err({ code: 'ERR_SDP_NO_ACCEPTABLE_MEDIA', detail: 'the peer rejected the audio' });
    }
    applyRemote(leg, parsed.value, 0);
    const te = n.telephoneEvent?.payloadType ?? -1;
    this.setLocalNegotiation(leg, n.codecs[0]!, te, n.isOffererSending, opts);
    return ok(undefined);
  }

  /** Our codecs in order of preference: G.711 first, as most phones and trunks have it. */
  private localCodecs(): CodecCapability[] {
    const wanted: CodecCapability[] = [
      { encodingName: 'PCMU', clockRateHz: 8000 },
      { encodingName: 'PCMA', clockRateHz: 8000 },
      { encodingName: 'G722', clockRateHz: 8000 },
      { encodingName: 'opus', clockRateHz: 48000, channels: 2 },
    ];
    return wanted.filter((c) => this.options.registry.has(c.encodingName));
  }

  private setLocalNegotiation(
    leg: MediaLeg,
    sdpCodec: SdpCodec,
    telephoneEventPt: number,
    isSendingTo: boolean,
    opts: MediaOfferOptions,
  ): void {
    leg.dtmfMode = opts.dtmfMode ?? leg.dtmfMode;
    leg.negotiate({
      sdpCodec,
      codec: this.codecFor(sdpCodec, leg.codec),
      telephoneEventPt,
      isSendingTo,
    });
    leg.rewire();
    leg.peer?.rewire();
    leg.isInbandDetected =
      leg.dtmfMode === 'inband' || (leg.dtmfMode === undefined && telephoneEventPt < 0);
  }

  private anchorOf(leg: MediaLeg): AnchorPoint {
    return {
      address: this.options.address,
      rtpPort: leg.endpoint.rtpPort,
      rtcpPort: leg.endpoint.rtcpPort,
    };
  }

  /** The leg's codec instance, kept across re-offers that keep the codec. */
  private codecFor(sdpCodec: SdpCodec, current: Codec | undefined): Codec | undefined {
    if (
      current !== undefined &&
      current.payloadType === sdpCodec.payloadType &&
      current.name.toLowerCase() === sdpCodec.encodingName.toLowerCase()
    ) {
      return current;
    }
    try {
      return this.options.registry.create(sdpCodec.encodingName, {
        payloadType: sdpCodec.payloadType,
        clockRateHz: sdpCodec.clockRateHz,
      });
    } catch {
      // A codec whose native library does not load is relayed, not decoded.
      return undefined;
    }
  }
}

function parseSdpResult(sdp: string): Result<SessionDescription, MediaError> {
  const parsed = parseSdp(sdp);
  if (parsed.ok) return parsed;
  const e = parsed.error;
  return err({ code: 'ERR_SDP_PARSE', detail: `${e.code} at byte ${e.offset}: ${e.detail}` });
}

/**
 * Points the leg's endpoint at the address its SDP gives (RFC 8866 c= and
 * m=, RFC 3605 a=rtcp). A changed address (the far end moved) drops the
 * latch; 0.0.0.0 (an RFC 2543 hold) leaves it as it is.
 */
function applyRemote(leg: MediaLeg, sd: SessionDescription, audioIndex: number): void {
  const m = sd.media[audioIndex];
  if (m === undefined || m.port === 0) return;
  const connection = getConnection(m, sd);
  if (connection === undefined || isUnspecifiedAddress(connection.address)) return;
  const rtcp = getRtcp(m);
  const rtp = { address: connection.address, port: m.port };
  const rtcpAddress =
    rtcp === undefined
      ? undefined
      : { address: rtcp.connection?.address ?? connection.address, port: rtcp.port };
  const key = `${rtp.address}:${rtp.port}`;
  if (leg.remoteKey === key) return;
  if (leg.remoteKey === undefined) leg.endpoint.setRemote(rtp, rtcpAddress);
  else leg.endpoint.relearn(rtp, rtcpAddress);
  leg.remoteKey = key;
}

/**
 * A leg whose party takes keys as tones or in SIP INFO: the SDP we send
 * it has no telephone-event (as Asterisk's `dtmfmode=inband|info`).
 */
function takesNoEvents(leg: MediaLeg, opts: MediaOfferOptions = {}): boolean {
  const mode = opts.dtmfMode ?? leg.dtmfMode;
  return mode === 'inband' || mode === 'info';
}
