import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import { isValidAddress } from './address.ts';
import { parseFmtp, parsePacketTime, parseRtcp, parseRtpmap } from './attributes.ts';
import type {
  SdpAttribute,
  SdpBandwidth,
  SdpConnection,
  SdpMediaDescription,
  SdpOrigin,
  SdpTiming,
  SessionDescription,
} from './session-description.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MediaDraft = Mutable<SdpMediaDescription> & {
  connections: SdpConnection[];
  bandwidths: SdpBandwidth[];
  attributes: SdpAttribute[];
};
type Fail = { ok: false; error: { code: string; offset: number; detail: string } };

/** Line types allowed only before the first `m=` (RFC 8866 §5). */
const SESSION_ONLY = new Set(['v', 'o', 's', 'u', 'e', 'p', 't', 'r', 'z']);
const KNOWN = new Set([...SESSION_ONLY, 'i', 'c', 'b', 'k', 'a', 'm']);
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;
const DIGITS = /^\d{1,20}$/;

/** Typed attributes whose syntax we check, with the parser for their value. */
const TYPED_ATTRIBUTES: Record<string, (value: string) => Result<unknown>> = {
  rtpmap: parseRtpmap,
  fmtp: parseFmtp,
  ptime: parsePacketTime,
  maxptime: parsePacketTime,
  rtcp: parseRtcp,
};

/**
 * Parses an SDP body (RFC 8866). Lines may end in CRLF or a bare LF (§5:
 * parsers SHOULD be tolerant and accept LF). Never throws: a defect comes
 * back as a ParseError with the byte offset of the offending field.
 */
export function parseSdp(input: string | Uint8Array): Result<SessionDescription> {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  if (text.length === 0) return parseError('ERR_SDP_EMPTY', 0, 'empty session description');

  let origin: SdpOrigin | undefined;
  let sessionName: string | undefined;
  const emails: string[] = [];
  const phones: string[] = [];
  const bandwidths: SdpBandwidth[] = [];
  const timings: Mutable<SdpTiming>[] = [];
  const attributes: SdpAttribute[] = [];
  const media: MediaDraft[] = [];
  let version: number | undefined;
  let lastType = '';
  const fields: Partial<Record<'i' | 'u' | 'z' | 'k' | 'c', string | SdpConnection>> = {};

  let offset = 0;
  let position = 0;
  while (position < text.length) {
    const lf = text.indexOf('\n', position);
    const end = lf < 0 ? text.length : lf;
    const line = text.slice(position, end > position && text[end - 1] === '\r' ? end - 1 : end);
    const lineOffset = offset;
    offset += Buffer.byteLength(text.slice(position, lf < 0 ? end : end + 1), 'utf8');
    position = lf < 0 ? text.length : lf + 1;

    if (line.length === 0) {
      // Trailing empty lines are tolerated; an empty line inside is a defect.
      if (text.slice(position).trim() === '') break;
      return parseError('ERR_SDP_BAD_LINE', lineOffset, 'empty line inside the description');
    }
    const type = line[0] ?? '';
    if (line[1] !== '=' || !KNOWN.has(type)) {
      // RFC 8866 §5: a parser MUST reject a description with an unknown type letter.
      const code = line[1] === '=' ? 'ERR_SDP_UNKNOWN_LINE' : 'ERR_SDP_BAD_LINE';
      return parseError(code, lineOffset, `expected "<type>=<value>", got "${line.slice(0, 20)}"`);
    }
    const value = line.slice(2);
    const valueOffset = lineOffset + 2;
    const current = media[media.length - 1];

    if (lastType === '' && type !== 'v') {
      return parseError('ERR_SDP_BAD_ORDER', lineOffset, `the first line must be v=, got ${type}=`);
    }
    if (current !== undefined && SESSION_ONLY.has(type)) {
      return parseError('ERR_SDP_BAD_ORDER', lineOffset, `${type}= is not allowed after m=`);
    }
    if (type === 'r' && lastType !== 't' && lastType !== 'r') {
      return parseError('ERR_SDP_BAD_ORDER', lineOffset, 'r= must follow t=');
    }
    lastType = type;

    switch (type) {
      case 'v':
        if (version !== undefined)
          return parseError('ERR_SDP_DUPLICATE_LINE', lineOffset, 'second v=');
        if (value !== '0')
          return parseError('ERR_SDP_BAD_VERSION', valueOffset, `v=${value}, expected 0`);
        version = 0;
        break;
      case 'o': {
        if (origin !== undefined)
          return parseError('ERR_SDP_DUPLICATE_LINE', lineOffset, 'second o=');
        const r = parseOrigin(value, valueOffset);
        if (!r.ok) return r;
        origin = r.value;
        break;
      }
      case 's':
        if (sessionName !== undefined)
          return parseError('ERR_SDP_DUPLICATE_LINE', lineOffset, 'second s=');
        sessionName = value;
        break;
      case 'e':
        emails.push(value);
        break;
      case 'p':
        phones.push(value);
        break;
      case 't': {
        const r = parseTiming(value, valueOffset);
        if (!r.ok) return r;
        timings.push(r.value);
        break;
      }
      case 'r':
        (timings[timings.length - 1]?.repeats as string[] | undefined)?.push(value);
        break;
      case 'i':
      case 'u':
      case 'z':
      case 'k': {
        const key = type === 'i' ? 'information' : type === 'k' ? 'encryptionKey' : undefined;
        if (current !== undefined && key !== undefined) {
          if (current[key] !== undefined)
            return parseError('ERR_SDP_DUPLICATE_LINE', lineOffset, `second ${type}=`);
          current[key] = value;
        } else {
          if (fields[type] !== undefined)
            return parseError('ERR_SDP_DUPLICATE_LINE', lineOffset, `second ${type}=`);
          fields[type] = value;
        }
        break;
      }
      case 'c': {
        const r = parseConnection(value, valueOffset);
        if (!r.ok) return r;
        if (current !== undefined) current.connections.push(r.value);
        else if (fields.c !== undefined)
          return parseError('ERR_SDP_DUPLICATE_LINE', lineOffset, 'second c=');
        else fields.c = r.value;
        break;
      }
      case 'b': {
        const r = parseBandwidth(value, valueOffset);
        if (!r.ok) return r;
        (current?.bandwidths ?? bandwidths).push(r.value);
        break;
      }
      case 'a': {
        const r = parseAttribute(value, valueOffset);
        if (!r.ok) return r;
        (current?.attributes ?? attributes).push(r.value);
        break;
      }
      case 'm': {
        const r = parseMediaLine(value, valueOffset);
        if (!r.ok) return r;
        media.push(r.value);
        break;
      }
    }
  }

  if (origin === undefined) return parseError('ERR_SDP_MISSING_LINE', offset, 'no o= line');
  if (sessionName === undefined) return parseError('ERR_SDP_MISSING_LINE', offset, 'no s= line');
  const session: Mutable<SessionDescription> = {
    version: 0,
    origin,
    sessionName,
    emails,
    phones,
    bandwidths,
    timings,
    attributes,
    media,
  };
  if (fields.i !== undefined) session.information = fields.i as string;
  if (fields.u !== undefined) session.uri = fields.u as string;
  if (fields.c !== undefined) session.connection = fields.c as SdpConnection;
  if (fields.z !== undefined) session.timeZones = fields.z as string;
  if (fields.k !== undefined) session.encryptionKey = fields.k as string;
  return ok(session);
}

function splitFields(value: string, count: number): string[] | undefined {
  const parts = value.split(' ');
  return parts.length === count && parts.every((p) => p.length > 0) ? parts : undefined;
}

function parseOrigin(value: string, at: number): Result<SdpOrigin> | Fail {
  const parts = splitFields(value, 6);
  if (parts === undefined)
    return parseError('ERR_SDP_BAD_ORIGIN', at, `o= needs 6 fields: "${value}"`);
  const [
    username = '',
    sessionId = '',
    sessionVersion = '',
    netType = '',
    addrType = '',
    address = '',
  ] = parts;
  if (!DIGITS.test(sessionVersion)) {
    const where = at + username.length + sessionId.length + 2;
    return parseError(
      'ERR_SDP_BAD_ORIGIN',
      where,
      `sess-version must be digits: "${sessionVersion}"`,
    );
  }
  if (!isValidAddress(addrType, address)) {
    return parseError(
      'ERR_SDP_BAD_ORIGIN',
      at + value.length - address.length,
      `bad address "${address}"`,
    );
  }
  return ok({
    username,
    sessionId,
    sessionVersion: BigInt(sessionVersion),
    netType,
    addrType,
    address,
  });
}

function parseConnection(value: string, at: number): Result<SdpConnection> | Fail {
  const parts = splitFields(value, 3);
  if (parts === undefined)
    return parseError('ERR_SDP_BAD_CONNECTION', at, `c= needs 3 fields: "${value}"`);
  const [netType = '', addrType = '', spec = ''] = parts;
  const addressAt = at + netType.length + addrType.length + 2;
  const [address = '', ...suffix] = spec.split('/');
  if (!isValidAddress(addrType, address)) {
    return parseError('ERR_SDP_BAD_CONNECTION', addressAt, `bad ${addrType} address "${address}"`);
  }
  if (suffix.some((s) => !/^\d{1,5}$/.test(s)) || suffix.length > (addrType === 'IP6' ? 1 : 2)) {
    return parseError('ERR_SDP_BAD_CONNECTION', addressAt + address.length, `bad suffix "${spec}"`);
  }
  const connection: Mutable<SdpConnection> = { netType, addrType, address };
  const numbers = suffix.map(Number);
  // RFC 8866 §5.7: IPv4 multicast is addr/ttl[/count]; IPv6 multicast is addr[/count].
  if (addrType === 'IP6') {
    if (numbers[0] !== undefined) connection.numberOfAddresses = numbers[0];
  } else {
    if (numbers[0] !== undefined) connection.ttl = numbers[0];
    if (numbers[1] !== undefined) connection.numberOfAddresses = numbers[1];
  }
  return ok(connection);
}

function parseBandwidth(value: string, at: number): Result<SdpBandwidth> | Fail {
  const colon = value.indexOf(':');
  const type = value.slice(0, colon);
  const kbps = value.slice(colon + 1);
  if (colon <= 0 || !TOKEN.test(type) || !/^\d{1,10}$/.test(kbps)) {
    return parseError('ERR_SDP_BAD_BANDWIDTH', at, `expected <bwtype>:<bandwidth>: "${value}"`);
  }
  return ok({ type, kbps: Number(kbps) });
}

function parseTiming(value: string, at: number): Result<Mutable<SdpTiming>> | Fail {
  const parts = splitFields(value, 2);
  if (parts === undefined || !parts.every((p) => DIGITS.test(p))) {
    return parseError('ERR_SDP_BAD_TIMING', at, `expected t=<start> <stop>: "${value}"`);
  }
  return ok({ startTime: BigInt(parts[0] ?? 0), stopTime: BigInt(parts[1] ?? 0), repeats: [] });
}

function parseAttribute(value: string, at: number): Result<SdpAttribute> | Fail {
  const colon = value.indexOf(':');
  const name = colon < 0 ? value : value.slice(0, colon);
  if (!TOKEN.test(name))
    return parseError('ERR_SDP_BAD_ATTRIBUTE', at, `bad attribute name "${name}"`);
  if (colon < 0) return ok({ name });
  const attrValue = value.slice(colon + 1);
  const check = TYPED_ATTRIBUTES[name];
  if (check !== undefined) {
    const r = check(attrValue);
    if (!r.ok) {
      const { code, offset, detail } = r.error;
      return parseError(code, at + colon + 1 + offset, detail);
    }
  }
  return ok({ name, value: attrValue });
}

function parseMediaLine(value: string, at: number): Result<MediaDraft> | Fail {
  const parts = value.split(' ');
  const [type = '', portSpec = '', protocol = '', ...formats] = parts;
  if (parts.length < 4 || parts.some((p) => p.length === 0) || !TOKEN.test(type)) {
    return parseError(
      'ERR_SDP_BAD_MEDIA',
      at,
      `expected m=<media> <port> <proto> <fmt> ...: "${value}"`,
    );
  }
  const [portText = '', countText, extra] = portSpec.split('/');
  const isPortValid = /^\d{1,5}$/.test(portText) && Number(portText) <= 65535;
  if (
    !isPortValid ||
    extra !== undefined ||
    (countText !== undefined && !/^\d{1,5}$/.test(countText))
  ) {
    return parseError('ERR_SDP_BAD_MEDIA', at + type.length + 1, `bad port "${portSpec}"`);
  }
  const media: MediaDraft = {
    type,
    port: Number(portText),
    protocol,
    formats,
    connections: [],
    bandwidths: [],
    attributes: [],
  };
  if (countText !== undefined) media.numberOfPorts = Number(countText);
  return ok(media);
}
