import type { ParseError, Result } from '../../core/index.ts';
import { canonicalHeaderName, headerKey, isListHeader } from './header-names.ts';
import type { CSeq, ContactList, MediaType } from './header-values.ts';
import type { NameAddr } from './name-addr.ts';
import { splitList } from './syntax.ts';
import { TYPED_HEADERS, parseTopVia } from './typed-headers.ts';
import { parseUri } from './uri.ts';
import type { Uri } from './uri.ts';
import type { Via } from './via.ts';

/** One header line as received or as set. */
export interface HeaderField {
  /** Canonical name: compact forms expanded, known names spelled as registered. */
  readonly name: string;
  /** Lower-case canonical name, used for lookups. */
  readonly key: string;
  /** The value with folding replaced by one SP and outer LWS trimmed. */
  readonly value: string;
  /** The line exactly as received (folding included, no CRLF); absent once set by us. */
  readonly raw: string | undefined;
}

/** How the header section was decoded: UTF-8 when valid, else one char per byte. */
export type HeaderEncoding = 'utf8' | 'latin1';

const TOP_VIA = 'via#top';

/**
 * What requests and responses share: the header list, the body and the
 * typed header accessors. Values are parsed on first use and cached; any
 * change to a header drops its cached value. Typed accessors return
 * undefined when the header is absent or malformed; headerError() says which.
 */
abstract class SipMessageBase {
  /** The SIP-Version of the start line, e.g. "SIP/2.0". */
  version: string;
  /** The body, cut to Content-Length; opaque bytes (multipart included). */
  body: Buffer;
  /** The encoding the received header section was decoded with. */
  readonly headerEncoding: HeaderEncoding;
  // Plain (not #private) fields: esbuild lowers #private to WeakMaps under
  // tsx, which costs more than the whole parse on this hot path.
  private fields: HeaderField[];
  private cache: Map<string, Result<unknown>> | undefined = undefined;

  constructor(
    version: string,
    fields: HeaderField[],
    body: Buffer,
    headerEncoding: HeaderEncoding,
  ) {
    this.version = version;
    this.fields = fields;
    this.body = body;
    this.headerEncoding = headerEncoding;
  }

  /** All header lines in wire order. */
  headerFields(): readonly HeaderField[] {
    return this.fields;
  }

  /** True when at least one line of the header is present. */
  hasHeader(name: string): boolean {
    const key = headerKey(name);
    return this.fields.some((f) => f.key === key);
  }

  /** The value of the first line of a header, as text. */
  getHeader(name: string): string | undefined {
    const key = headerKey(name);
    for (const f of this.fields) if (f.key === key) return f.value;
    return undefined;
  }

  /** The values of every line of a header, in order. */
  getHeaders(name: string): string[] {
    return this.valuesByKey(headerKey(name));
  }

  /**
   * Every value of a header: list headers (RFC 3261 §7.3.1) split at commas
   * outside quotes and <...>; other headers one value per line.
   */
  getHeaderValues(name: string): string[] {
    const key = headerKey(name);
    const lines = this.valuesByKey(key);
    return isListHeader(key) ? lines.flatMap((v) => splitList(v)) : lines;
  }

  /** Replaces every line of a header by one line (where the first one was). */
  setHeader(name: string, value: string): this {
    const canonical = canonicalHeaderName(name);
    const key = canonical.toLowerCase();
    const field: HeaderField = { name: canonical, key, value, raw: undefined };
    const at = this.fields.findIndex((f) => f.key === key);
    this.fields = this.fields.filter((f) => f.key !== key);
    this.fields.splice(at < 0 ? this.fields.length : at, 0, field);
    this.invalidate(key);
    return this;
  }

  /**
   * Adds a header line. 'top' puts it before the first line of the same name
   * (or first of all), as a proxy does with Via and Record-Route (§16.6).
   */
  addHeader(name: string, value: string, position: 'top' | 'bottom' = 'bottom'): this {
    const canonical = canonicalHeaderName(name);
    const key = canonical.toLowerCase();
    const field: HeaderField = { name: canonical, key, value, raw: undefined };
    if (position === 'top') {
      const at = this.fields.findIndex((f) => f.key === key);
      this.fields.splice(at < 0 ? 0 : at, 0, field);
    } else {
      this.fields.push(field);
    }
    this.invalidate(key);
    return this;
  }

  /** Removes every line of a header; returns how many were removed. */
  removeHeader(name: string): number {
    const key = headerKey(name);
    const before = this.fields.length;
    this.fields = this.fields.filter((f) => f.key !== key);
    this.invalidate(key);
    return before - this.fields.length;
  }

  /**
   * Removes the topmost value of a list header (a Via when forwarding a
   * response, §16.7 step 3; a Route, §16.4) and returns it.
   */
  removeTopValue(name: string): string | undefined {
    const key = headerKey(name);
    const at = this.fields.findIndex((f) => f.key === key);
    const field = this.fields[at];
    if (field === undefined) return undefined;
    const [top, ...rest] = splitList(field.value);
    if (rest.length === 0) this.fields.splice(at, 1);
    else this.fields[at] = { name: field.name, key, value: rest.join(', '), raw: undefined };
    this.invalidate(key);
    return top;
  }

  /** Sets the body and Content-Length, and Content-Type when given. */
  setBody(body: Buffer | string, contentType?: string): this {
    this.body = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (contentType !== undefined) this.setHeader('Content-Type', contentType);
    else if (this.body.length === 0) this.removeHeader('Content-Type');
    this.setHeader('Content-Length', String(this.body.length));
    return this;
  }

  /** The topmost Via value, parsed (RFC 3261 §17.1.3, §17.2.3 matching). */
  topVia(): Via | undefined {
    return this.typed(TOP_VIA) as Via | undefined;
  }

  /** Every Via value in order, or undefined when any of them is malformed. */
  vias(): readonly Via[] | undefined {
    return this.typed('via') as Via[] | undefined;
  }

  /** From, parsed. */
  from(): NameAddr | undefined {
    return this.typed('from') as NameAddr | undefined;
  }

  /** The From tag (RFC 3261 §8.1.1.3). */
  fromTag(): string | undefined {
    return this.from()?.params.get('tag') ?? undefined;
  }

  /** To, parsed. */
  to(): NameAddr | undefined {
    return this.typed('to') as NameAddr | undefined;
  }

  /** The To tag (RFC 3261 §8.2.6.2). */
  toTag(): string | undefined {
    return this.to()?.params.get('tag') ?? undefined;
  }

  /** Call-ID, checked against the callid grammar. */
  callId(): string | undefined {
    return this.typed('call-id') as string | undefined;
  }

  /** CSeq, parsed. */
  cseq(): CSeq | undefined {
    return this.typed('cseq') as CSeq | undefined;
  }

  /** Max-Forwards (0..255). */
  maxForwards(): number | undefined {
    return this.typed('max-forwards') as number | undefined;
  }

  /** Contact: `*` or the list of contacts with expires and q. */
  contacts(): ContactList | undefined {
    return this.typed('contact') as ContactList | undefined;
  }

  /** Expires in seconds. */
  expires(): number | undefined {
    return this.typed('expires') as number | undefined;
  }

  /** Content-Type, parsed. */
  contentType(): MediaType | undefined {
    return this.typed('content-type') as MediaType | undefined;
  }

  /** Option tags of Require ([] when absent). */
  require(): readonly string[] | undefined {
    return this.hasHeader('Require') ? (this.typed('require') as string[] | undefined) : [];
  }

  /** Option tags of Supported ([] when absent). */
  supported(): readonly string[] | undefined {
    return this.hasHeader('Supported') ? (this.typed('supported') as string[] | undefined) : [];
  }

  /** Option tags of Proxy-Require ([] when absent). */
  proxyRequire(): readonly string[] | undefined {
    return this.hasHeader('Proxy-Require')
      ? (this.typed('proxy-require') as string[] | undefined)
      : [];
  }

  /** Route values in order ([] when absent). */
  routes(): readonly NameAddr[] | undefined {
    return this.hasHeader('Route') ? (this.typed('route') as NameAddr[] | undefined) : [];
  }

  /** Record-Route values in order ([] when absent). */
  recordRoutes(): readonly NameAddr[] | undefined {
    return this.hasHeader('Record-Route')
      ? (this.typed('record-route') as NameAddr[] | undefined)
      : [];
  }

  /** User-Agent as text. */
  userAgent(): string | undefined {
    return this.getHeader('User-Agent');
  }

  /** Authorization lines, raw: digest parsing belongs to the auth layer. */
  authorization(): string[] {
    return this.getHeaders('Authorization');
  }

  /** Proxy-Authorization lines, raw. */
  proxyAuthorization(): string[] {
    return this.getHeaders('Proxy-Authorization');
  }

  /**
   * Why a typed header (Via, From, To, Call-ID, CSeq, Max-Forwards, Contact,
   * Expires, Content-Type, Route, Record-Route, Require …) is unusable;
   * undefined when it is absent, valid, or not a typed header.
   */
  headerError(name: string): ParseError | undefined {
    const key = headerKey(name);
    if (!TYPED_HEADERS.has(key)) return undefined;
    const r = this.result(key);
    return r === undefined || r.ok ? undefined : r.error;
  }

  private valuesByKey(key: string): string[] {
    const out: string[] = [];
    for (const f of this.fields) if (f.key === key) out.push(f.value);
    return out;
  }

  private invalidate(key: string): void {
    if (this.cache === undefined) return;
    this.cache.delete(key);
    if (key === 'via') this.cache.delete(TOP_VIA);
  }

  /** The cached parse of a typed header; undefined when it is absent. */
  private result(cacheKey: string): Result<unknown> | undefined {
    let r = this.cache?.get(cacheKey);
    if (r !== undefined) return r;
    const isTop = cacheKey === TOP_VIA;
    const values = this.valuesByKey(isTop ? 'via' : cacheKey);
    if (values.length === 0) return undefined;
    const parse = isTop ? parseTopVia : TYPED_HEADERS.get(cacheKey);
    r = parse === undefined ? { ok: true, value: values } : parse(values);
    (this.cache ??= new Map()).set(cacheKey, r);
    return r;
  }

  private typed(cacheKey: string): unknown {
    const r = this.result(cacheKey);
    return r !== undefined && r.ok ? r.value : undefined;
  }
}

/** A SIP request (RFC 3261 §7.1). */
export class SipRequest extends SipMessageBase {
  readonly isRequest = true as const;
  /** The method, case-sensitive (RFC 3261 §7.1). */
  method: string;
  private uriText: string;
  private parsedUri: Result<Uri> | undefined = undefined;

  constructor(
    method: string,
    requestUri: string,
    version: string,
    fields: HeaderField[],
    body: Buffer,
    headerEncoding: HeaderEncoding = 'utf8',
  ) {
    super(version, fields, body, headerEncoding);
    this.method = method;
    this.uriText = requestUri;
  }

  /** The Request-URI as written. */
  get requestUri(): string {
    return this.uriText;
  }

  set requestUri(value: string) {
    this.uriText = value;
    this.parsedUri = undefined;
  }

  /** The Request-URI parsed, or the reason it does not parse. */
  uriResult(): Result<Uri> {
    this.parsedUri ??= parseUri(this.uriText);
    return this.parsedUri;
  }

  /** The Request-URI parsed, or undefined when malformed. */
  uri(): Uri | undefined {
    const r = this.uriResult();
    return r.ok ? r.value : undefined;
  }
}

/** A SIP response (RFC 3261 §7.2). */
export class SipResponse extends SipMessageBase {
  readonly isRequest = false as const;
  /** The status code, 100..699. */
  status: number;
  /** The reason phrase, possibly empty (RFC 4475 §3.1.1.13). */
  reason: string;

  constructor(
    status: number,
    reason: string,
    version: string,
    fields: HeaderField[],
    body: Buffer,
    headerEncoding: HeaderEncoding = 'utf8',
  ) {
    super(version, fields, body, headerEncoding);
    this.status = status;
    this.reason = reason;
  }
}

/** A parsed or built SIP message. */
export type SipMessage = SipRequest | SipResponse;
