import { err, ok } from '../../core/index.ts';
import type { MediaError, Result } from '../../core/index.ts';
import type { CodecRegistry } from '../codecs/index.ts';
import {
  STATIC_PAYLOAD_TYPES,
  anchorMedia,
  answerDirection,
  effectiveDirection,
  createAnswer,
  formatRtpmap,
  getCodecs,
  getDirection,
  isSameCodec,
  isTelephoneEvent,
  negotiate,
  withDirection,
  withTelephoneEventOf,
  withoutTelephoneEvents,
} from '../sdp/index.ts';
import type {
  MediaDirection,
  NegotiatedMedia,
  Rtpmap,
  SdpCodec,
  SdpMediaDescription,
  SessionDescription,
} from '../sdp/index.ts';

/** Where one of our endpoints receives, as written into SDP. */
export interface AnchorPoint {
  readonly address: string;
  readonly rtpPort: number;
  readonly rtcpPort: number;
}

/** What one leg's stream carries after offer/answer. */
export interface LegCodecs {
  readonly codec: SdpCodec;
  /** The telephone-event payload type (RFC 4733 §7.1.1), or -1. */
  readonly telephoneEventPt: number;
  /** We may send to this leg's far end (it asked to receive). */
  readonly isSendingTo: boolean;
}

/** The outcome of an answer: the SDP for the offerer and both legs' codecs. */
export interface AnswerPlan {
  readonly answer: SessionDescription;
  readonly offerer: LegCodecs;
  readonly answerer: LegCodecs;
  /** The offerer's audio line was put on hold (RFC 3264 §8.4). */
  readonly isOnHold: boolean;
}

const FIRST_DYNAMIC_PT = 96;

/** The index of the first audio `m=` line that is not rejected, or -1. */
export function findAudioIndex(sd: SessionDescription): number {
  return sd.media.findIndex((m) => m.type === 'audio' && m.port !== 0);
}

/**
 * Builds the offer to relay to the peer leg (rtpengine's offer): the audio
 * line moves to our address and port, codecs in `extraCodecs` the offerer
 * lacks are appended so the peer may pick one we transcode to, and every
 * other `m=` line is disabled with port 0 (RFC 3264 §8.2) since only audio
 * is anchored. rtcp-mux and ICE are dropped: our endpoints use a separate
 * RTCP port and we terminate the transport.
 */
export function planOffer(
  offer: SessionDescription,
  audioIndex: number,
  ours: AnchorPoint,
  extraCodecs: readonly string[],
  direction?: MediaDirection,
): SessionDescription {
  const media = offer.media.map((m, i): SdpMediaDescription => {
    if (i !== audioIndex) return { ...m, port: 0 };
    let line = withExtraCodecs(m, extraCodecs);
    line = { ...line, attributes: line.attributes.filter((a) => a.name !== 'rtcp-mux') };
    if (direction !== undefined) {
      line = { ...line, attributes: withDirection(line.attributes, direction) };
    }
    return line;
  });
  const ports = offer.media.map((_, i) => (i === audioIndex ? ours.rtpPort : undefined));
  const rtcpPorts = offer.media.map((_, i) => (i === audioIndex ? ours.rtcpPort : undefined));
  return anchorMedia(
    { ...offer, media },
    {
      address: ours.address,
      ports,
      rtcpPorts,
      isOriginReplaced: true,
      isIceRemoved: true,
    },
  );
}

/**
 * Dynamic codecs whose rtpmap is fixed by their RTP payload format: Opus
 * is always `opus/48000/2` whatever is sent (RFC 7587 §7).
 */
const DYNAMIC_RTPMAPS: ReadonlyMap<string, Omit<Rtpmap, 'payloadType'>> = new Map([
  ['opus', { encodingName: 'opus', clockRateHz: 48000, channels: 2 }],
]);

/** Appends rtpmaps for codecs the line lacks, before telephone-event. */
function withExtraCodecs(m: SdpMediaDescription, names: readonly string[]): SdpMediaDescription {
  const offered = getCodecs(m);
  const used = new Set(offered.map((c) => c.payloadType));
  const formats = [...m.formats];
  const attributes = [...m.attributes];
  const tePosition = offered.findIndex(isTelephoneEvent);
  let insertAt =
    tePosition < 0 ? formats.length : formats.indexOf(String(offered[tePosition]!.payloadType));
  for (const name of names) {
    const staticPt = [...STATIC_PAYLOAD_TYPES.values()].find(
      (s) => s.encodingName.toLowerCase() === name.toLowerCase(),
    );
    const known = staticPt ?? DYNAMIC_RTPMAPS.get(name.toLowerCase());
    const rate = known?.clockRateHz ?? 8000;
    if (offered.some((c) => isSameCodec(c, { encodingName: name, clockRateHz: rate }))) continue;
    let pt = staticPt?.payloadType ?? FIRST_DYNAMIC_PT;
    while (used.has(pt)) pt++;
    used.add(pt);
    formats.splice(insertAt++, 0, String(pt));
    attributes.push({
      name: 'rtpmap',
      value: formatRtpmap({
        payloadType: pt,
        encodingName: known?.encodingName ?? name,
        clockRateHz: rate,
        ...(known?.channels === undefined ? {} : { channels: known.channels }),
      }),
    });
  }
  return { ...m, formats, attributes };
}

/**
 * Turns the peer's answer to our relayed offer into the answer for the
 * offerer. When the codec the peer chose was offered, media is relayed
 * untouched and the answer is the peer's, anchored, with the codecs the
 * offerer never offered removed. Otherwise the offerer gets its first
 * codec we can decode, by createAnswer(), and the legs are transcoded;
 * with no such codec the result is ERR_SDP_NO_COMMON_CODEC (488).
 */
export function planAnswer(args: {
  readonly originalOffer: SessionDescription;
  readonly relayedOffer: SessionDescription;
  readonly peerAnswer: SessionDescription;
  readonly audioIndex: number;
  readonly ours: AnchorPoint;
  readonly registry: CodecRegistry;
  readonly previousAnswer: SessionDescription | undefined;
  readonly sessionId: string;
  /**
   * telephone-event in the offerer's answer: `without` for an offerer that
   * takes keys as tones or in INFO; `with` (the offer's, when the answer
   * lacks it) when the answerer is such a party and its keys are converted;
   * otherwise as negotiated.
   */
  readonly offererEvents?: 'with' | 'without' | undefined;
}): Result<AnswerPlan, MediaError> {
  const { originalOffer, peerAnswer, audioIndex, ours } = args;
  const peerSide = negotiate(args.relayedOffer, peerAnswer);
  if (!peerSide.ok) return err({ code: peerSide.error.code, detail: peerSide.error.detail });
  const nb = peerSide.value[audioIndex];
  if (nb === undefined || nb.isRejected) {
    return err({ code: 'ERR_SDP_NO_ACCEPTABLE_MEDIA', detail: 'the peer rejected the audio' });
  }
  const answererCodec = nb.codecs[0]!;
  const offered = getCodecs(originalOffer.media[audioIndex]!);
  const isRelayed = offered.some((c) => isSameCodec(c, answererCodec));
  const planned = isRelayed
    ? relayedAnswer(originalOffer, peerAnswer, audioIndex, ours, offered)
    : transcodedAnswer(args, answererCodec, offered, nb);
  if (!planned.ok) return planned;
  const answer = ok(
    args.offererEvents === 'without'
      ? withoutTelephoneEvents(planned.value, audioIndex)
      : args.offererEvents === 'with'
        ? withTelephoneEventOf(planned.value, originalOffer, audioIndex)
        : planned.value,
  );
  const na = negotiate(originalOffer, answer.value);
  if (!na.ok) return err({ code: na.error.code, detail: na.error.detail });
  const a = na.value[audioIndex]!;
  return ok({
    answer: answer.value,
    offerer: {
      codec: a.codecs[0]!,
      telephoneEventPt: a.telephoneEvent?.payloadType ?? -1,
      isSendingTo: a.isAnswererSending,
    },
    answerer: {
      codec: answererCodec,
      telephoneEventPt: nb.telephoneEvent?.payloadType ?? -1,
      isSendingTo: nb.isOffererSending,
    },
    isOnHold: a.isOnHold,
  });
}

function relayedAnswer(
  offer: SessionDescription,
  peerAnswer: SessionDescription,
  audioIndex: number,
  ours: AnchorPoint,
  offered: readonly SdpCodec[],
): Result<SessionDescription, MediaError> {
  const line = peerAnswer.media[audioIndex]!;
  const kept = getCodecs(line).filter((c) => offered.some((o) => isSameCodec(o, c)));
  const keptPts = new Set(kept.map((c) => String(c.payloadType)));
  const filtered = line.attributes.filter((a) => {
    if (a.name !== 'rtpmap' && a.name !== 'fmtp') return true;
    return keptPts.has((a.value ?? '').split(' ')[0] ?? '');
  });
  // RFC 3264 §6.1: the answer mirrors the offer, narrowed by what the peer
  // agreed to (it may have been offered sendonly for music on hold).
  const direction = answerDirection(
    effectiveDirection(offer, offer.media[audioIndex]!),
    getDirection(line, peerAnswer),
  );
  const attributes = withDirection(filtered, direction);
  const media = peerAnswer.media.map((m, i) =>
    i === audioIndex ? { ...m, formats: m.formats.filter((f) => keptPts.has(f)), attributes } : m,
  );
  const sd = anchorMedia(
    { ...peerAnswer, media },
    {
      address: ours.address,
      ports: offer.media.map((_, i) => (i === audioIndex ? ours.rtpPort : undefined)),
      rtcpPorts: offer.media.map((_, i) => (i === audioIndex ? ours.rtcpPort : undefined)),
      isOriginReplaced: true,
      isIceRemoved: true,
    },
  );
  return ok(sd);
}

function transcodedAnswer(
  args: Parameters<typeof planAnswer>[0],
  answererCodec: SdpCodec,
  offered: readonly SdpCodec[],
  nb: NegotiatedMedia,
): Result<SessionDescription, MediaError> {
  const { registry, originalOffer, audioIndex, ours } = args;
  const pick = offered.find((c) => !isTelephoneEvent(c) && registry.has(c.encodingName));
  if (pick === undefined || !registry.has(answererCodec.encodingName)) {
    return err({
      code: 'ERR_SDP_NO_COMMON_CODEC',
      detail:
        `the peer chose ${answererCodec.encodingName}/${answererCodec.clockRateHz}, which the` +
        ` offer lacks, and no offered codec can be transcoded to it`,
    });
  }
  const hasEvents = offered.some(isTelephoneEvent);
  const answerLine = args.peerAnswer.media[audioIndex]!;
  const answered = createAnswer(
    originalOffer,
    {
      origin: { username: 'switchyard', sessionId: args.sessionId },
      address: ours.address,
      ports: originalOffer.media.map((_, i) => (i === audioIndex ? ours.rtpPort : undefined)),
      codecs: [{ encodingName: pick.encodingName, clockRateHz: pick.clockRateHz }],
      ...(hasEvents && nb.telephoneEvent !== undefined ? { telephoneEvents: '0-16' } : {}),
      direction: getDirection(answerLine, args.peerAnswer),
      maxCodecs: 1,
    },
    args.previousAnswer,
  );
  if (!answered.ok) return err({ code: answered.error.code, detail: answered.error.detail });
  return ok(answered.value);
}
