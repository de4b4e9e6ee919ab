import { ok, parseError, type Result } from '../result.ts';

/** One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines. */
export interface SmtpReply {
  /** The reply code, 200–599. */
  readonly code: number;
  /** The text after the code on each line, without CRLF. */
  readonly lines: readonly string[];
}

/**
 * RFC 5321 §4.5.3.1.5 limits a reply line to 512 octets with CRLF; servers
 * exceed it in practice, so we accept eight times that before giving up.
 */
const MAX_LINE_CHARS = 4096;
/** A reply with more lines than this is treated as a runaway server. */
const MAX_REPLY_LINES = 256;

const REPLY_LINE = /^([2-5][0-9][0-9])([ -]?)(.*)$/s;

/**
 * Splits the server's byte stream into replies. `push()` never throws: a
 * malformed line yields a failed Result (with the offset in the stream) and
 * the reader stays usable, so the client can close the session cleanly.
 */
export class SmtpReplyReader {
  #buffer = '';
  #offset = 0;
  #code: number | undefined;
  #lines: string[] = [];

  /** True when no partial line or partial multiline reply is held. */
  get isIdle(): boolean {
    return this.#buffer === '' && this.#code === undefined;
  }

  /** Feeds received text and returns every reply it completes, in order. */
  push(text: string): Result<SmtpReply>[] {
    this.#buffer += text;
    const out: Result<SmtpReply>[] = [];
    for (;;) {
      const end = this.#buffer.indexOf('\n');
      if (end < 0) {
        if (this.#buffer.length > MAX_LINE_CHARS) {
          out.push(
            parseError(
              'ERR_SMTP_LINE_TOO_LONG',
              this.#offset,
              `reply line of more than ${this.#buffer.length} > ${MAX_LINE_CHARS} chars`,
            ),
          );
          this.#offset += this.#buffer.length;
          this.#buffer = '';
          this.#reset();
        }
        return out;
      }
      const line = this.#buffer.slice(0, end).replace(/\r$/, '');
      const lineOffset = this.#offset;
      this.#buffer = this.#buffer.slice(end + 1);
      this.#offset += end + 1;
      const result = this.#line(line, lineOffset);
      if (result !== undefined) out.push(result);
    }
  }

  #line(line: string, offset: number): Result<SmtpReply> | undefined {
    const m = REPLY_LINE.exec(line);
    if (m === null) {
      this.#reset();
      return parseError('ERR_SMTP_BAD_REPLY', offset, `not a reply line: ${line.slice(0, 40)}`);
    }
    const code = Number(m[1]);
    // §4.2.1: every line of a multiline reply carries the same code.
    if (this.#code !== undefined && this.#code !== code) {
      const first = this.#code;
      this.#reset();
      return parseError('ERR_SMTP_BAD_REPLY', offset, `code ${code} != ${first} in one reply`);
    }
    this.#code = code;
    this.#lines.push(m[3] ?? '');
    if (m[2] === '-') {
      if (this.#lines.length < MAX_REPLY_LINES) return undefined;
      this.#reset();
      return parseError('ERR_SMTP_BAD_REPLY', offset, `reply of ${MAX_REPLY_LINES}+ lines`);
    }
    const reply = { code, lines: this.#lines };
    this.#reset();
    return ok(reply);
  }

  #reset(): void {
    this.#code = undefined;
    this.#lines = [];
  }
}

/** The reply as one line of text, for errors and logs. */
export function describeReply(reply: SmtpReply): string {
  return `${reply.code} ${reply.lines.join(' / ')}`.slice(0, 300);
}
