import type { ParseError } from '../../core/index.ts';
import { SipErrorCode } from './sip-error-code.ts';
import { UINT32_MAX, parseDigits } from './syntax.ts';

/** What the framer found in the stream. */
export type FramerEvent =
  /** One complete message (start line, headers and Content-Length body bytes). */
  | { readonly type: 'message'; readonly data: Buffer }
  /** A CRLFCRLF keep-alive ping: answer it with one CRLF (RFC 5626 §3.5.1). */
  | { readonly type: 'ping' }
  /** A lone CRLF: the pong to our ping, or a CRLF before a start line (RFC 3261 §7.5). */
  | { readonly type: 'pong' }
  /** The stream cannot be framed any more: the caller closes the connection. */
  | { readonly type: 'error'; readonly error: ParseError };

/** Options of SipStreamFramer. */
export interface SipStreamFramerOptions {
  /** The largest message accepted, headers and body; default 65536 bytes. */
  readonly maxMessageBytes?: number;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\n(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/gi;

/**
 * Reads the Content-Length of a header section. It is mandatory on streams
 * (RFC 3261 §18.3); a missing one is taken as 0. Returns a string on error:
 * a bad or negative value, or two different values, cannot be framed and the
 * connection must be closed (RFC 4475 §3.1.2.3).
 */
function contentLength(head: string): number | string {
  let found: number | undefined;
  for (const m of head.matchAll(CONTENT_LENGTH)) {
    const raw = (m[1] ?? '').trim();
    const n = parseDigits(raw, UINT32_MAX);
    if (n === undefined) return `bad Content-Length ${JSON.stringify(raw.slice(0, 20))}`;
    if (found !== undefined && found !== n) return `Content-Length ${found} and ${n}`;
    found = n;
  }
  return found ?? 0;
}

/**
 * Splits a TCP, TLS or WebSocket byte stream into SIP messages by the empty
 * line after the headers and Content-Length (RFC 3261 §18.3). Keep-alive
 * CRLFs between messages are reported as ping/pong (RFC 5626 §3.5.1). A
 * message larger than maxMessageBytes is an error, so buffering is bounded.
 * After an error the framer only repeats it; the connection is done.
 */
export class SipStreamFramer {
  readonly maxMessageBytes: number;
  #buf: Buffer = Buffer.alloc(0);
  /** Where to resume looking for CRLFCRLF; 0 means at a message boundary. */
  #scanFrom = 0;
  /** A pushed chunk ended in a lone CRLF, which may be half of a ping. */
  #isCrlfHeld = false;
  #failure: ParseError | undefined;

  constructor(opts: SipStreamFramerOptions = {}) {
    this.maxMessageBytes = opts.maxMessageBytes ?? 65536;
  }

  /** Bytes received and not yet returned as a message. */
  get bufferedBytes(): number {
    return this.#buf.length;
  }

  /** Feeds received bytes; returns what they complete, in order. */
  push(chunk: Buffer): FramerEvent[] {
    if (this.#failure !== undefined) return [{ type: 'error', error: this.#failure }];
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const events: FramerEvent[] = [];
    for (;;) {
      if (this.#scanFrom === 0 && !this.#takeKeepAlives(events)) break;
      const buf = this.#buf;
      if (buf.length === 0) break;
      const headerEnd = buf.indexOf(CRLFCRLF, Math.max(0, this.#scanFrom - 3));
      if (headerEnd < 0) {
        if (buf.length > this.maxMessageBytes)
          return this.#fail(
            events,
            SipErrorCode.MESSAGE_TOO_LARGE,
            `no end of headers in ${buf.length} bytes`,
          );
        this.#scanFrom = buf.length;
        break;
      }
      const cl = contentLength(buf.toString('latin1', 0, headerEnd));
      if (typeof cl === 'string') return this.#fail(events, SipErrorCode.CONTENT_LENGTH, cl);
      const total = headerEnd + 4 + cl;
      if (total > this.maxMessageBytes) {
        return this.#fail(
          events,
          SipErrorCode.MESSAGE_TOO_LARGE,
          `message of ${total} > ${this.maxMessageBytes} bytes`,
        );
      }
      if (buf.length < total) {
        this.#scanFrom = Math.max(headerEnd, 1);
        break;
      }
      events.push({ type: 'message', data: buf.subarray(0, total) });
      this.#buf = buf.subarray(total);
      this.#scanFrom = 0;
    }
    return events;
  }

  /** Drops buffered bytes and any failure, as for a new connection. */
  reset(): void {
    this.#buf = Buffer.alloc(0);
    this.#scanFrom = 0;
    this.#isCrlfHeld = false;
    this.#failure = undefined;
  }

  /**
   * Consumes CRLFs at a message boundary. Returns false when it must wait
   * for more bytes to tell a ping from a pong.
   */
  #takeKeepAlives(events: FramerEvent[]): boolean {
    let buf = this.#buf;
    while (buf.length >= 2 && buf[0] === 13 && buf[1] === 10) {
      if (this.#isCrlfHeld) {
        // The second half of a ping split across two chunks.
        events.push({ type: 'ping' });
        this.#isCrlfHeld = false;
        buf = buf.subarray(2);
      } else if (buf.length >= 4 && buf[2] === 13 && buf[3] === 10) {
        events.push({ type: 'ping' });
        buf = buf.subarray(4);
      } else if (buf.length === 3 && buf[2] === 13) {
        this.#buf = buf;
        return false;
      } else {
        events.push({ type: 'pong' });
        this.#isCrlfHeld = buf.length === 2;
        buf = buf.subarray(2);
      }
    }
    if (buf.length > 0) this.#isCrlfHeld = false;
    this.#buf = buf;
    return true;
  }

  #fail(events: FramerEvent[], code: string, detail: string): FramerEvent[] {
    this.#failure = { code, offset: 0, detail };
    this.#buf = Buffer.alloc(0);
    events.push({ type: 'error', error: this.#failure });
    return events;
  }
}
