import { formatRtpmap, STATIC_PAYLOAD_TYPES } from './attributes.ts';
import type { Rtpmap } from './attributes.ts';
import { DEFAULT_PROTOCOLS } from './capabilities.ts';
import type { LocalCapabilities } from './capabilities.ts';
import { isSameCodec } from './codec-match.ts';
import { buildSession } from './create-answer.ts';
import { reviseSessionVersion } from './session-version.ts';
import type {
  SdpAttribute,
  SdpMediaDescription,
  SessionDescription,
} from './session-description.ts';

const FIRST_DYNAMIC_PT = 96;
const PREFERRED_TELEPHONE_EVENT_PT = 101;

/**
 * Builds an offer from our capabilities (RFC 3264 §5): one `m=` line per
 * media type in `local.codecs` (first seen first), each on `local.ports[i]`.
 * Static codecs use their RFC 3551 numbers and dynamic ones their
 * `payloadType` or the next free number from 96, so a re-offer built from
 * the same capabilities keeps the same numbers. Pass `previous` to follow
 * the `o=` version rule of §8 (a hold re-offer sets `direction`).
 */
export function createOffer(
  local: LocalCapabilities,
  previous?: SessionDescription,
): SessionDescription {
  const mediaTypes = [...new Set(local.codecs.map((c) => c.mediaType ?? 'audio'))];
  const media: SdpMediaDescription[] = [];
  mediaTypes.forEach((type, index) => {
    const port = local.ports[index];
    if (port !== undefined) media.push(offerMedia(local, type, port));
  });
  return reviseSessionVersion(previous, buildSession(local, media));
}

function offerMedia(local: LocalCapabilities, type: string, port: number): SdpMediaDescription {
  const used = new Set<number>();
  const rtpmaps: { rtpmap: Rtpmap; fmtp: string | undefined }[] = [];
  const nextFree = (preferred: number | undefined): number => {
    if (preferred !== undefined && !used.has(preferred)) return preferred;
    let pt = FIRST_DYNAMIC_PT;
    while (used.has(pt) || pt === PREFERRED_TELEPHONE_EVENT_PT) pt++;
    return pt;
  };
  for (const c of local.codecs) {
    if ((c.mediaType ?? 'audio') !== type) continue;
    const staticPt = [...STATIC_PAYLOAD_TYPES.values()].find((s) => isSameCodec(s, c))?.payloadType;
    const payloadType = nextFree(c.payloadType ?? staticPt);
    used.add(payloadType);
    const rtpmap = { payloadType, encodingName: c.encodingName, clockRateHz: c.clockRateHz };
    const channels = c.channels !== undefined && c.channels !== 1 ? { channels: c.channels } : {};
    rtpmaps.push({ rtpmap: { ...rtpmap, ...channels }, fmtp: c.fmtp });
  }
  if (type === 'audio' && local.telephoneEvents !== undefined) {
    // RFC 4733 §7.1.1: one telephone-event per clock rate of the audio codecs.
    const rates = [...new Set(rtpmaps.map((r) => r.rtpmap.clockRateHz))];
    for (const clockRateHz of rates) {
      const payloadType = nextFree(
        used.has(PREFERRED_TELEPHONE_EVENT_PT) ? undefined : PREFERRED_TELEPHONE_EVENT_PT,
      );
      used.add(payloadType);
      const rtpmap = { payloadType, encodingName: 'telephone-event', clockRateHz };
      rtpmaps.push({ rtpmap, fmtp: local.telephoneEvents });
    }
  }
  const attributes: SdpAttribute[] = [];
  for (const { rtpmap, fmtp } of rtpmaps) {
    attributes.push({ name: 'rtpmap', value: formatRtpmap(rtpmap) });
    if (fmtp !== undefined)
      attributes.push({ name: 'fmtp', value: `${rtpmap.payloadType} ${fmtp}` });
  }
  if (local.ptimeMs !== undefined) attributes.push({ name: 'ptime', value: String(local.ptimeMs) });
  if (local.maxptimeMs !== undefined)
    attributes.push({ name: 'maxptime', value: String(local.maxptimeMs) });
  if (local.isRtcpMuxSupported === true) attributes.push({ name: 'rtcp-mux' });
  attributes.push({ name: local.direction ?? 'sendrecv' });
  return {
    type,
    port,
    protocol: (local.protocols ?? DEFAULT_PROTOCOLS)[0] ?? 'RTP/AVP',
    formats: rtpmaps.map((r) => String(r.rtpmap.payloadType)),
    connections: [],
    bandwidths: [],
    attributes,
  };
}
