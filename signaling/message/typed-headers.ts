import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import {
  parseCSeq,
  parseContacts,
  parseDeltaSeconds,
  parseMaxForwards,
  parseMediaType,
  parseNameAddrList,
  parseOptionTags,
} from './header-values.ts';
import { parseNameAddr } from './name-addr.ts';
import { SipErrorCode } from './sip-error-code.ts';
import { splitList } from './syntax.ts';
import { parseVia } from './via.ts';
import type { Via } from './via.ts';

/**
 * Parsers of the headers the core reads, keyed by lower-case canonical
 * name. Each gets the values of every line of that header, in order.
 */
type TypedParser = (values: readonly string[]) => Result<unknown>;

function single(header: string, values: readonly string[]): Result<string> {
  // RFC 3261 §7.3.1: only list headers may appear on several lines; a second
  // Call-ID, CSeq, From or To makes the request invalid (RFC 4475 §3.3.9).
  if (values.length > 1) {
    return parseError(SipErrorCode.BAD_HEADER, 0, `${header}: appears ${values.length} times`);
  }
  return ok(values[0] ?? '');
}

/** callid = word [ "@" word ] (RFC 3261 §25.1), so no LWS inside. */
const CALL_ID =
  /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+(@[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+)?$/;

/** Parses every Via value of every Via line, in order. */
export function parseVias(values: readonly string[]): Result<Via[]> {
  const out: Via[] = [];
  for (const value of values) {
    for (const item of splitList(value)) {
      if (item.length === 0)
        return parseError(SipErrorCode.BAD_HEADER, 0, 'Via: empty list element');
      const via = parseVia(item);
      if (!via.ok) return via;
      out.push(via.value);
    }
  }
  return ok(out);
}

/** Parses only the topmost Via value, which is what transactions need. */
export function parseTopVia(values: readonly string[]): Result<Via> {
  const first = values[0] ?? '';
  const item = first.indexOf(',') < 0 ? first : (splitList(first)[0] ?? '');
  return parseVia(item);
}

function nameAddr(header: string): TypedParser {
  return (values) => {
    const v = single(header, values);
    if (!v.ok) return v;
    const na = parseNameAddr(v.value);
    return na.ok
      ? na
      : parseError(SipErrorCode.BAD_HEADER, na.error.offset, `${header}: ${na.error.detail}`);
  };
}

function scalar<T>(header: string, parse: (s: string) => Result<T>): TypedParser {
  return (values) => {
    const v = single(header, values);
    return v.ok ? parse(v.value) : v;
  };
}

/** The typed parsers by header key. */
export const TYPED_HEADERS: ReadonlyMap<string, TypedParser> = new Map<string, TypedParser>([
  ['via', parseVias],
  ['from', nameAddr('From')],
  ['to', nameAddr('To')],
  [
    'call-id',
    scalar('Call-ID', (s) =>
      CALL_ID.test(s) ? ok(s) : parseError(SipErrorCode.BAD_HEADER, 0, 'Call-ID: not a callid'),
    ),
  ],
  ['cseq', scalar('CSeq', parseCSeq)],
  ['max-forwards', scalar('Max-Forwards', parseMaxForwards)],
  ['expires', scalar('Expires', (s) => parseDeltaSeconds(s, 'Expires'))],
  ['content-type', scalar('Content-Type', parseMediaType)],
  ['contact', parseContacts],
  ['route', (v) => parseNameAddrList(v, 'Route')],
  ['record-route', (v) => parseNameAddrList(v, 'Record-Route')],
  ['require', (v) => parseOptionTags(v, 'Require')],
  ['supported', (v) => parseOptionTags(v, 'Supported')],
  ['proxy-require', (v) => parseOptionTags(v, 'Proxy-Require')],
  ['unsupported', (v) => parseOptionTags(v, 'Unsupported')],
]);
