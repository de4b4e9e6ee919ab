import { err, ok } from '../../core/index.ts';
import type { MediaError, Result } from '../../core/index.ts';
import {
  effectiveDirection,
  findAttribute,
  getCodecs,
  getConnection,
  parseSdp,
} from '../sdp/index.ts';
import type { MediaDirection, SdpCodec, SessionDescription } from '../sdp/index.ts';

/*
 * The pure half of the WebRTC gateway (D35): telling a WebRTC description
 * from a plain one, and writing the plain RTP/AVP description that stands
 * for a browser towards the media server. No I/O here.
 */

/** The audio of a description, as the gateway needs it on either side. */
export interface AudioSummary {
  /** Index of the first audio m= line that is not rejected. */
  readonly audioIndex: number;
  /** Where its RTP goes (c= and m= port); port 0 when rejected. */
  readonly address: string;
  readonly port: number;
  /** Every codec of the m= line, in its order, telephone-event included. */
  readonly codecs: readonly SdpCodec[];
  readonly direction: MediaDirection;
}

/** Codecs a browser may offer that our media plane decodes or relays. */
const GATEWAY_CODECS: ReadonlyMap<string, number> = new Map([
  ['pcmu', 0],
  ['pcma', 0],
  ['g722', 1],
  ['opus', 2],
  ['telephone-event', 3],
]);

/** The DTLS-SRTP profiles' common text, which an m= line of isWebRtcSdp() must hold. */
const DTLS_PROFILE_TEXT = /TLS\/RTP\/SAVP/i;

/**
 * Whether `sdp` is a WebRTC description: an audio m= line on a DTLS-SRTP
 * profile (RFC 5764 §8: UDP/TLS/RTP/SAVP or SAVPF) with a certificate
 * fingerprint (RFC 8122 §5), which RFC 8827 §6.5 makes mandatory. Never
 * throws; unparseable SDP is not WebRTC.
 */
export function isWebRtcSdp(sdp: string): boolean {
  // Every call's SDP passes here, and nearly all are plain RTP: without the
  // profile's text anywhere there is nothing to parse (a parse is ~20 µs).
  if (!DTLS_PROFILE_TEXT.test(sdp)) return false;
  const parsed = parseSdp(sdp);
  if (!parsed.ok) return false;
  const sd = parsed.value;
  const hasSessionFingerprint = findAttribute(sd.attributes, 'fingerprint') !== undefined;
  return sd.media.some(
    (m) =>
      m.type === 'audio' &&
      m.port !== 0 &&
      /^UDP\/TLS\/RTP\/SAVPF?$/i.test(m.protocol) &&
      (hasSessionFingerprint || findAttribute(m.attributes, 'fingerprint') !== undefined),
  );
}

/** Parses `sdp` and summarises its first active audio line. */
export function summarizeAudio(sdp: string): Result<AudioSummary, MediaError> {
  const parsed = parseSdp(sdp);
  if (!parsed.ok) {
    const e = parsed.error;
    return err({ code: 'ERR_SDP_PARSE', detail: `${e.code} at byte ${e.offset}: ${e.detail}` });
  }
  return summarizeParsed(parsed.value);
}

function summarizeParsed(sd: SessionDescription): Result<AudioSummary, MediaError> {
  const audioIndex = sd.media.findIndex((m) => m.type === 'audio' && m.port !== 0);
  const m = sd.media[audioIndex];
  if (m === undefined) {
    return err({ code: 'ERR_SDP_NO_ACCEPTABLE_MEDIA', detail: 'no active audio m= line' });
  }
  return ok({
    audioIndex,
    address: getConnection(m, sd)?.address ?? '0.0.0.0',
    port: m.port,
    codecs: getCodecs(m),
    direction: effectiveDirection(sd, m),
  });
}

/**
 * The codecs that the gateway can carry, G.711 first in the order given
 * (then G.722, Opus, telephone-event) so that a phone which has G.711
 * picks it and the call needs no transcoding; comfort noise, RED and
 * 48 kHz telephone-event are left out.
 */
export function gatewayCodecs(codecs: readonly SdpCodec[]): SdpCodec[] {
  const rank = (c: SdpCodec): number => GATEWAY_CODECS.get(c.encodingName.toLowerCase()) ?? -1;
  return codecs
    .filter((c) => rank(c) >= 0)
    .filter((c) => !(c.encodingName.toLowerCase() === 'telephone-event' && c.clockRateHz !== 8000))
    .sort((a, b) => rank(a) - rank(b));
}

/** What a plain description of the gateway's loopback side says. */
export interface PlainSdpOptions {
  readonly address: string;
  readonly port: number;
  readonly codecs: readonly SdpCodec[];
  readonly direction: MediaDirection;
  /** The o= session id, constant for the leg (RFC 8866 §5.2). */
  readonly sessionId: string;
  /** The o= version, raised on every new description (RFC 3264 §8). */
  readonly version: number;
}

/**
 * A plain RTP/AVP audio description (RFC 3551) for the gateway's loopback
 * socket: how the media server sees a browser, as if it were a phone.
 */
export function plainSdp(o: PlainSdpOptions): string {
  const lines = [
    'v=0',
    `o=switchyard-webrtc ${o.sessionId} ${o.version} IN IP4 ${o.address}`,
    's=-',
    `c=IN IP4 ${o.address}`,
    't=0 0',
    `m=audio ${o.port} RTP/AVP ${o.codecs.map((c) => c.payloadType).join(' ')}`,
  ];
  for (const c of o.codecs) {
    const channels = c.channels > 1 ? `/${c.channels}` : '';
    lines.push(`a=rtpmap:${c.payloadType} ${c.encodingName}/${c.clockRateHz}${channels}`);
    if (c.fmtp !== undefined) lines.push(`a=fmtp:${c.payloadType} ${c.fmtp}`);
  }
  lines.push('a=ptime:20', `a=${o.direction}`, '');
  return lines.join('\r\n');
}

/**
 * Keeps only the ICE candidates (RFC 8839 §5.1) on `address`, so a
 * server bound to one address does not advertise the others of the host,
 * where it does not listen. Other lines are kept as they are.
 */
export function keepCandidatesOn(sdp: string, address: string): string {
  return sdp
    .split(/\r?\n/)
    .filter((line) => {
      if (!line.startsWith('a=candidate:')) return true;
      return line.split(' ')[4] === address;
    })
    .join('\r\n');
}
