import { err, ok } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import { isIPv6 } from './address.ts';
import { effectiveDirection } from './hold.ts';
import { findAttribute, formatRtpmap, getCodecs, getPtimeMs, isRtcpMux } from './attributes.ts';
import type { SdpCodec } from './attributes.ts';
import { DEFAULT_PROTOCOLS } from './capabilities.ts';
import type { LocalCapabilities, NegotiationError } from './capabilities.ts';
import {
  answerDirection,
  findCapability,
  intersectEventLists,
  isTelephoneEvent,
  telephoneEventsOf,
} from './codec-match.ts';
import { reviseSessionVersion } from './session-version.ts';
import type {
  SdpAttribute,
  SdpMediaDescription,
  SessionDescription,
} from './session-description.ts';

type MediaOutcome =
  | { kind: 'accepted'; media: SdpMediaDescription }
  | { kind: 'rejected'; media: SdpMediaDescription; reason?: 'codec' | 'media' };

/**
 * Builds our answer to an offer (RFC 3264 §6). Every offered `m=` line gets
 * exactly one answer line, in the same order; streams we cannot take are
 * answered with port 0. Dynamic payload types keep the offerer's numbers
 * (§6.1). Pass `previous` (our last description in this session) so that
 * the `o=` version follows §8.
 *
 * Fails with ERR_SDP_NO_COMMON_CODEC (or ERR_SDP_NO_ACCEPTABLE_MEDIA) when
 * no offered stream could be accepted, so signalling can answer 488.
 */
export function createAnswer(
  offer: SessionDescription,
  local: LocalCapabilities,
  previous?: SessionDescription,
): Result<SessionDescription, NegotiationError> {
  const outcomes = offer.media.map((m, index) => answerMedia(offer, m, index, local));
  const hasActiveOffer = offer.media.some((m) => m.port !== 0);
  if (hasActiveOffer && !outcomes.some((o) => o.kind === 'accepted')) {
    const codecIndex = outcomes.findIndex((o) => o.kind === 'rejected' && o.reason === 'codec');
    return err(
      codecIndex >= 0
        ? {
            code: 'ERR_SDP_NO_COMMON_CODEC',
            detail: 'no offered codec is supported',
            mediaIndex: codecIndex,
          }
        : { code: 'ERR_SDP_NO_ACCEPTABLE_MEDIA', detail: 'no offered stream is acceptable' },
    );
  }
  return ok(
    reviseSessionVersion(
      previous,
      buildSession(
        local,
        outcomes.map((o) => o.media),
      ),
    ),
  );
}

/** Builds the session-level part of a description we send. */
export function buildSession(
  local: LocalCapabilities,
  media: readonly SdpMediaDescription[],
): SessionDescription {
  const addrType = isIPv6(local.address) ? 'IP6' : 'IP4';
  return {
    version: 0,
    origin: {
      username: local.origin.username,
      sessionId: local.origin.sessionId,
      sessionVersion: 1n,
      netType: 'IN',
      addrType,
      address: local.address,
    },
    sessionName: local.sessionName ?? '-',
    emails: [],
    phones: [],
    connection: { netType: 'IN', addrType, address: local.address },
    bandwidths: [],
    timings: [{ startTime: 0n, stopTime: 0n, repeats: [] }],
    attributes: [],
    media,
  };
}

/** A rejected answer line: port 0, the offered formats, and the mid if any (RFC 3264 §6). */
export function rejectedMedia(offered: SdpMediaDescription): SdpMediaDescription {
  const mid = findAttribute(offered.attributes, 'mid');
  return {
    type: offered.type,
    port: 0,
    protocol: offered.protocol,
    formats: offered.formats,
    connections: [],
    bandwidths: [],
    attributes: mid === undefined ? [] : [{ name: 'mid', value: mid }],
  };
}

function answerMedia(
  offer: SessionDescription,
  m: SdpMediaDescription,
  index: number,
  local: LocalCapabilities,
): MediaOutcome {
  const port = local.ports[index];
  if (m.port === 0) return { kind: 'rejected', media: rejectedMedia(m) };
  if (!(local.protocols ?? DEFAULT_PROTOCOLS).includes(m.protocol) || port === undefined) {
    return { kind: 'rejected', media: rejectedMedia(m), reason: 'media' };
  }
  const offered = getCodecs(m);
  const chosen = chooseCodecs(offered, m.type, local);
  // Comfort noise alone (RFC 3389) carries no media, so it is no common codec.
  if (!chosen.some((c) => c.codec.encodingName.toUpperCase() !== 'CN'))
    return { kind: 'rejected', media: rejectedMedia(m), reason: 'codec' };

  const attributes: SdpAttribute[] = [];
  const formats: string[] = [];
  const addCodec = (codec: SdpCodec, fmtp: string | undefined): void => {
    formats.push(String(codec.payloadType));
    attributes.push({
      name: 'rtpmap',
      value: formatRtpmap(codec.channels === 1 ? { ...codec, channels: undefined } : codec),
    });
    if (fmtp !== undefined)
      attributes.push({ name: 'fmtp', value: `${codec.payloadType} ${fmtp}` });
  };
  for (const { codec, fmtp } of chosen) addCodec(codec, fmtp);

  // RFC 4733 §7.1.1: telephone-event is matched on its own, preferring the
  // clock rate of the audio codec it accompanies.
  if (local.telephoneEvents !== undefined) {
    const events = offered.filter(isTelephoneEvent);
    const rate = chosen.find((c) => c.codec.encodingName.toUpperCase() !== 'CN')?.codec.clockRateHz;
    const te = events.find((e) => e.clockRateHz === rate) ?? events[0];
    const common = te && intersectEventLists(telephoneEventsOf(te.fmtp), local.telephoneEvents);
    if (te !== undefined && common !== undefined) addCodec(te, common);
  }

  const ptimeMs = local.ptimeMs ?? getPtimeMs(m);
  if (ptimeMs !== undefined) attributes.push({ name: 'ptime', value: String(ptimeMs) });
  if (local.maxptimeMs !== undefined)
    attributes.push({ name: 'maxptime', value: String(local.maxptimeMs) });
  // RFC 5761 §5.1.1: the answerer includes a=rtcp-mux only if it was offered.
  if (isRtcpMux(m) && local.isRtcpMuxSupported === true) attributes.push({ name: 'rtcp-mux' });
  const mid = findAttribute(m.attributes, 'mid');
  if (mid !== undefined) attributes.unshift({ name: 'mid', value: mid });
  attributes.push({
    name: answerDirection(effectiveDirection(offer, m), local.direction ?? 'sendrecv'),
  });

  return {
    kind: 'accepted',
    media: {
      type: m.type,
      port,
      protocol: m.protocol,
      formats,
      connections: [],
      bandwidths: [],
      attributes,
    },
  };
}

function chooseCodecs(
  offered: readonly SdpCodec[],
  mediaType: string,
  local: LocalCapabilities,
): { codec: SdpCodec; fmtp: string | undefined; rank: number }[] {
  const chosen: { codec: SdpCodec; fmtp: string | undefined; rank: number }[] = [];
  for (const codec of offered) {
    if (isTelephoneEvent(codec)) continue;
    if (chosen.some((c) => c.codec.payloadType === codec.payloadType)) continue;
    const match = findCapability(codec, local.codecs, mediaType);
    if (match === undefined) continue;
    chosen.push({ codec, fmtp: match.capability.fmtp ?? codec.fmtp, rank: match.rank });
  }
  if (local.isLocalOrderPreferred === true) chosen.sort((a, b) => a.rank - b.rank);
  return chosen.slice(0, local.maxCodecs ?? chosen.length);
}
