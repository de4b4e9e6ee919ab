import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import { isValidAddress } from './address.ts';
import type {
  SdpAttribute,
  SdpConnection,
  SdpMediaDescription,
  SessionDescription,
} from './session-description.ts';

/** The stream direction attributes of RFC 3264 §5.1 / RFC 8866 §6.7. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** The value of `a=rtpmap` (RFC 8866 §6.6). */
export interface Rtpmap {
  readonly payloadType: number;
  readonly encodingName: string;
  readonly clockRateHz: number;
  /** Audio channels; absent means 1. */
  readonly channels?: number;
}

/** The value of `a=fmtp` (RFC 8866 §6.15): format parameters kept verbatim. */
export interface Fmtp {
  readonly payloadType: number;
  readonly parameters: string;
}

/** The value of `a=rtcp` (RFC 3605 §2.1). */
export interface RtcpAttribute {
  readonly port: number;
  readonly connection?: SdpConnection;
}

/** An RTP payload format of a media section, resolved from rtpmap or RFC 3551. */
export interface SdpCodec {
  readonly payloadType: number;
  readonly encodingName: string;
  readonly clockRateHz: number;
  readonly channels: number;
  readonly fmtp?: string;
}

const DIRECTIONS: ReadonlySet<string> = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/** The static payload types of RFC 3551 §6 (Tables 4 and 5). */
export const STATIC_PAYLOAD_TYPES: ReadonlyMap<number, Rtpmap> = new Map(
  (
    [
      [0, 'PCMU', 8000],
      [3, 'GSM', 8000],
      [4, 'G723', 8000],
      [5, 'DVI4', 8000],
      [6, 'DVI4', 16000],
      [7, 'LPC', 8000],
      [8, 'PCMA', 8000],
      [9, 'G722', 8000],
      [10, 'L16', 44100, 2],
      [11, 'L16', 44100],
      [12, 'QCELP', 8000],
      [13, 'CN', 8000],
      [14, 'MPA', 90000],
      [15, 'G728', 8000],
      [16, 'DVI4', 11025],
      [17, 'DVI4', 22050],
      [18, 'G729', 8000],
      [25, 'CelB', 90000],
      [26, 'JPEG', 90000],
      [28, 'nv', 90000],
      [31, 'H261', 90000],
      [32, 'MPV', 90000],
      [33, 'MP2T', 90000],
      [34, 'H263', 90000],
    ] as const
  ).map(([pt, name, rate, channels]) => [
    pt,
    channels === undefined
      ? { payloadType: pt, encodingName: name, clockRateHz: rate }
      : { payloadType: pt, encodingName: name, clockRateHz: rate, channels },
  ]),
);

const PAYLOAD_TYPE = /^\d{1,3}$/;

function parsePayloadType(text: string): number | undefined {
  if (!PAYLOAD_TYPE.test(text)) return undefined;
  const pt = Number(text);
  return pt <= 127 ? pt : undefined;
}

/** Parses `96 opus/48000/2`. Offsets in errors are relative to the value. */
export function parseRtpmap(value: string): Result<Rtpmap> {
  const space = value.indexOf(' ');
  const payloadType = parsePayloadType(space < 0 ? value : value.slice(0, space));
  if (payloadType === undefined) {
    return parseError('ERR_SDP_BAD_RTPMAP', 0, `payload type must be 0..127: "${value}"`);
  }
  const parts = value.slice(space + 1).split('/');
  const [encodingName = '', rate = '', channels] = parts;
  if (parts.length > 3 || !/^[\w.-]+$/.test(encodingName) || !/^\d{1,9}$/.test(rate)) {
    return parseError('ERR_SDP_BAD_RTPMAP', space + 1, `expected name/rate[/channels]: "${value}"`);
  }
  if (channels === undefined) return ok({ payloadType, encodingName, clockRateHz: Number(rate) });
  if (!/^\d{1,3}$/.test(channels) || Number(channels) === 0) {
    return parseError('ERR_SDP_BAD_RTPMAP', space + 1, `bad channel count: "${value}"`);
  }
  return ok({ payloadType, encodingName, clockRateHz: Number(rate), channels: Number(channels) });
}

/** Formats an Rtpmap as the value of `a=rtpmap`. */
export function formatRtpmap(rtpmap: Rtpmap): string {
  const base = `${rtpmap.payloadType} ${rtpmap.encodingName}/${rtpmap.clockRateHz}`;
  return rtpmap.channels === undefined ? base : `${base}/${rtpmap.channels}`;
}

/** Parses `101 0-16`: a format followed by opaque parameters. */
export function parseFmtp(value: string): Result<Fmtp> {
  const space = value.indexOf(' ');
  const payloadType = parsePayloadType(space < 0 ? value : value.slice(0, space));
  if (payloadType === undefined) {
    return parseError('ERR_SDP_BAD_FMTP', 0, `payload type must be 0..127: "${value}"`);
  }
  return ok({ payloadType, parameters: space < 0 ? '' : value.slice(space + 1) });
}

/** Splits fmtp parameters `a=1;b=2` into a map; a bare token maps to ''. */
export function parseFmtpParameters(parameters: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const item of parameters.split(';')) {
    const trimmed = item.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0) map.set(trimmed.toLowerCase(), '');
    else map.set(trimmed.slice(0, eq).trim().toLowerCase(), trimmed.slice(eq + 1).trim());
  }
  return map;
}

/** Parses `a=ptime` / `a=maxptime` values: a positive number of milliseconds. */
export function parsePacketTime(value: string): Result<number> {
  if (!/^\d{1,6}(\.\d{1,6})?$/.test(value) || Number(value) <= 0) {
    return parseError('ERR_SDP_BAD_PTIME', 0, `expected a positive number of ms: "${value}"`);
  }
  return ok(Number(value));
}

/** Parses `53020` or `53020 IN IP4 192.0.2.1` (RFC 3605 §2.1). */
export function parseRtcp(value: string): Result<RtcpAttribute> {
  const fields = value.split(' ');
  const [portText = '', netType, addrType, address] = fields;
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    return parseError('ERR_SDP_BAD_RTCP', 0, `bad port in a=rtcp: "${value}"`);
  }
  const port = Number(portText);
  if (fields.length === 1) return ok({ port });
  if (
    fields.length !== 4 ||
    address === undefined ||
    netType === undefined ||
    addrType === undefined
  ) {
    return parseError('ERR_SDP_BAD_RTCP', portText.length, `expected port [nettype addrtype addr]`);
  }
  if (!isValidAddress(addrType, address)) {
    return parseError(
      'ERR_SDP_BAD_RTCP',
      value.length - address.length,
      `bad address "${address}"`,
    );
  }
  return ok({ port, connection: { netType, addrType, address } });
}

/** Formats an RtcpAttribute as the value of `a=rtcp`. */
export function formatRtcp(rtcp: RtcpAttribute): string {
  const c = rtcp.connection;
  return c === undefined
    ? String(rtcp.port)
    : `${rtcp.port} ${c.netType} ${c.addrType} ${c.address}`;
}

/** Returns the value of the first attribute called `name`, '' for a property. */
export function findAttribute(
  attributes: readonly SdpAttribute[],
  name: string,
): string | undefined {
  for (const a of attributes) if (a.name === name) return a.value ?? '';
  return undefined;
}

/** Returns the values of every attribute called `name`, in order. */
export function findAttributes(attributes: readonly SdpAttribute[], name: string): string[] {
  const values: string[] = [];
  for (const a of attributes) if (a.name === name) values.push(a.value ?? '');
  return values;
}

/** Returns true if `a=name` (with or without a value) is present. */
export function hasAttribute(attributes: readonly SdpAttribute[], name: string): boolean {
  return attributes.some((a) => a.name === name);
}

/** Returns the last direction attribute of a list, if any. */
export function directionOf(attributes: readonly SdpAttribute[]): MediaDirection | undefined {
  let direction: MediaDirection | undefined;
  for (const a of attributes) if (DIRECTIONS.has(a.name)) direction = a.name as MediaDirection;
  return direction;
}

/**
 * The direction of a media section: its own attribute, else the session's,
 * else sendrecv (RFC 8866 §6.7).
 */
export function getDirection(
  media: SdpMediaDescription,
  session?: SessionDescription,
): MediaDirection {
  return (
    directionOf(media.attributes) ?? (session && directionOf(session.attributes)) ?? 'sendrecv'
  );
}

/** Returns `attributes` with its direction attributes replaced by one `direction`. */
export function withDirection(
  attributes: readonly SdpAttribute[],
  direction: MediaDirection,
): SdpAttribute[] {
  const index = attributes.findIndex((a) => DIRECTIONS.has(a.name));
  const rest = attributes.filter((a) => !DIRECTIONS.has(a.name));
  rest.splice(index < 0 ? rest.length : index, 0, { name: direction });
  return rest;
}

/** The media-level connection, else the session-level one (RFC 8866 §5.7). */
export function getConnection(
  media: SdpMediaDescription,
  session: SessionDescription,
): SdpConnection | undefined {
  return media.connections[0] ?? session.connection;
}

/** Returns `a=ptime` in ms, if present and valid. */
export function getPtimeMs(media: SdpMediaDescription): number | undefined {
  const value = findAttribute(media.attributes, 'ptime');
  if (value === undefined) return undefined;
  const r = parsePacketTime(value);
  return r.ok ? r.value : undefined;
}

/** Returns `a=maxptime` in ms, if present and valid. */
export function getMaxptimeMs(media: SdpMediaDescription): number | undefined {
  const value = findAttribute(media.attributes, 'maxptime');
  if (value === undefined) return undefined;
  const r = parsePacketTime(value);
  return r.ok ? r.value : undefined;
}

/** Returns true if the section carries `a=rtcp-mux` (RFC 5761 §5.1.1). */
export function isRtcpMux(media: SdpMediaDescription): boolean {
  return hasAttribute(media.attributes, 'rtcp-mux');
}

/** Returns the `a=rtcp` attribute of a section, if present and valid. */
export function getRtcp(media: SdpMediaDescription): RtcpAttribute | undefined {
  const value = findAttribute(media.attributes, 'rtcp');
  if (value === undefined) return undefined;
  const r = parseRtcp(value);
  return r.ok ? r.value : undefined;
}

/**
 * The RTP payload formats of a section in `m=` order, resolved through
 * `a=rtpmap` or the static table. Dynamic formats without an rtpmap cannot
 * be identified and are left out.
 */
export function getCodecs(media: SdpMediaDescription): SdpCodec[] {
  const rtpmaps = new Map<number, Rtpmap>();
  const fmtps = new Map<number, string>();
  for (const a of media.attributes) {
    if (a.name === 'rtpmap' && a.value !== undefined) {
      const r = parseRtpmap(a.value);
      if (r.ok && !rtpmaps.has(r.value.payloadType)) rtpmaps.set(r.value.payloadType, r.value);
    } else if (a.name === 'fmtp' && a.value !== undefined) {
      const r = parseFmtp(a.value);
      if (r.ok && !fmtps.has(r.value.payloadType))
        fmtps.set(r.value.payloadType, r.value.parameters);
    }
  }
  const codecs: SdpCodec[] = [];
  for (const format of media.formats) {
    const pt = parsePayloadType(format);
    if (pt === undefined) continue;
    const map = rtpmaps.get(pt) ?? STATIC_PAYLOAD_TYPES.get(pt);
    if (map === undefined) continue;
    const fmtp = fmtps.get(pt);
    const codec = { payloadType: pt, encodingName: map.encodingName, clockRateHz: map.clockRateHz };
    const channels = map.channels ?? 1;
    codecs.push(fmtp === undefined ? { ...codec, channels } : { ...codec, channels, fmtp });
  }
  return codecs;
}
