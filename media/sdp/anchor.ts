import { isIPv6, isUnspecifiedAddress } from './address.ts';
import { isOldStyleHold } from './hold.ts';
import { formatRtcp, parseRtcp } from './attributes.ts';
import type {
  SdpAttribute,
  SdpConnection,
  SdpMediaDescription,
  SessionDescription,
} from './session-description.ts';

/** Our media address and ports, to put in a description we relay. */
export interface AnchorOptions {
  /** Our IPv4 or IPv6 media address. */
  readonly address: string;
  /** Our RTP port per `m=` line index; undefined leaves that line's port as it is. */
  readonly ports: readonly (number | undefined)[];
  /** Our RTCP port per `m=` line, written into an existing `a=rtcp`; else RTP port + 1. */
  readonly rtcpPorts?: readonly (number | undefined)[];
  /** Also replace the `o=` address (rtpengine's `replace-origin`). */
  readonly isOriginReplaced?: boolean;
  /** Drop ICE attributes, since we terminate the media path (rtpengine `ICE=remove`). */
  readonly isIceRemoved?: boolean;
}

const ICE_ATTRIBUTES = new Set([
  'ice-ufrag',
  'ice-pwd',
  'ice-options',
  'ice-lite',
  'ice-mismatch',
  'candidate',
  'remote-candidates',
  'end-of-candidates',
]);

/**
 * Rewrites a description so that media flows through us, as a B2BUA that
 * anchors media does: `c=` and the `m=` ports become ours and everything
 * else (codecs, direction, crypto, unknown attributes) is kept in order.
 * Rejected lines (port 0) stay rejected, and a 0.0.0.0 connection is kept
 * so an RFC 2543 hold (RFC 3264 §8.4) still reads as a hold.
 */
export function anchorMedia(sd: SessionDescription, options: AnchorOptions): SessionDescription {
  const addrType = isIPv6(options.address) ? 'IP6' : 'IP4';
  const ours: SdpConnection = { netType: 'IN', addrType, address: options.address };
  // The session c= stays 0.0.0.0 only if every active line inheriting it is held.
  const isSessionHeld =
    sd.connection !== undefined &&
    isUnspecifiedAddress(sd.connection.address) &&
    sd.media.every((m) => m.port === 0 || m.connections.length > 0 || isOldStyleHold(sd, m));
  const media = sd.media.map((m, index): SdpMediaDescription => {
    const port = m.port === 0 ? 0 : (options.ports[index] ?? m.port);
    const rtcpPort = options.rtcpPorts?.[index] ?? port + 1;
    if (isOldStyleHold(sd, m)) return { ...m, port };
    const attributes = rewriteAttributes(m.attributes, options, ours, rtcpPort);
    return { ...m, port, connections: m.connections.map(() => ours), attributes };
  });
  const origin =
    options.isOriginReplaced === true
      ? { ...sd.origin, addrType, address: options.address }
      : sd.origin;
  const connection = sd.connection === undefined ? undefined : isSessionHeld ? sd.connection : ours;
  const anchored = { ...sd, origin, media };
  const attributes =
    options.isIceRemoved === true
      ? sd.attributes.filter((a) => !ICE_ATTRIBUTES.has(a.name))
      : sd.attributes;
  return connection === undefined
    ? { ...anchored, attributes }
    : { ...anchored, attributes, connection };
}

function rewriteAttributes(
  attributes: readonly SdpAttribute[],
  options: AnchorOptions,
  ours: SdpConnection,
  rtcpPort: number,
): SdpAttribute[] {
  const out: SdpAttribute[] = [];
  for (const a of attributes) {
    if (options.isIceRemoved === true && ICE_ATTRIBUTES.has(a.name)) continue;
    if (a.name === 'rtcp' && a.value !== undefined) {
      const r = parseRtcp(a.value);
      const hasAddress = r.ok && r.value.connection !== undefined;
      out.push({
        name: 'rtcp',
        value: formatRtcp(hasAddress ? { port: rtcpPort, connection: ours } : { port: rtcpPort }),
      });
      continue;
    }
    out.push(a);
  }
  return out;
}
