import { connect, type Socket } from 'node:net';
import { err, ok, type Result } from '../../core/index.ts';
import {
  buildMimeMessage,
  dotStuff,
  isSafeMailAddress,
  type MailMessage,
  type MimeBuildOptions,
} from './mime-message.ts';

/** Where and how to reach the mail server. */
export interface SmtpClientOptions {
  readonly host: string;
  /** 25 for relay, 587 for submission; no TLS or AUTH is spoken here. */
  readonly port: number;
  /** The name we give in EHLO (RFC 5321 §4.1.1.1): our FQDN or `[address]`. */
  readonly clientName?: string;
  /** Each reply must come within this; 30 000 unless given. */
  readonly timeoutMs?: number;
  /** The local address to connect from. */
  readonly localAddress?: string;
}

/** Why a mail was not accepted. */
export interface SmtpError {
  readonly code:
    | 'ERR_SMTP_CONNECT'
    | 'ERR_SMTP_TIMEOUT'
    | 'ERR_SMTP_REJECTED'
    | 'ERR_SMTP_PROTOCOL'
    | 'ERR_SMTP_INVALID_ADDRESS';
  readonly detail: string;
  /** The server's reply code, when it refused. */
  readonly replyCode?: number;
  readonly cause?: unknown;
}

/** One server reply: the code and its text lines (RFC 5321 §4.2). */
export interface SmtpReply {
  readonly code: number;
  readonly lines: readonly string[];
}

/** What the server said when it took the message. */
export interface SmtpSent {
  readonly reply: SmtpReply;
  /** The recipients the server accepted. */
  readonly accepted: readonly string[];
}

/**
 * Reads replies off a byte stream. A reply is one or more lines
 * `ddd-text` ending with `ddd text` or `ddd` (RFC 5321 §4.2.1); a line of
 * any other shape is a protocol error, returned rather than thrown.
 */
export class SmtpReplyReader {
  #pending = '';
  #lines: string[] = [];

  /** Feeds bytes; returns the complete replies found, in order. */
  push(chunk: string): Result<SmtpReply[], SmtpError> {
    this.#pending += chunk;
    const replies: SmtpReply[] = [];
    let at = this.#pending.indexOf('\r\n');
    while (at >= 0) {
      const line = this.#pending.slice(0, at);
      this.#pending = this.#pending.slice(at + 2);
      const m = /^([2-5]\d\d)([ -]?)(.*)$/.exec(line);
      if (m === null) {
        return err({ code: 'ERR_SMTP_PROTOCOL', detail: `bad reply line: ${line.slice(0, 80)}` });
      }
      this.#lines.push(m[3] ?? '');
      if (m[2] !== '-') {
        replies.push({ code: Number(m[1]), lines: this.#lines });
        this.#lines = [];
      }
      at = this.#pending.indexOf('\r\n');
    }
    return ok(replies);
  }
}

class SmtpConnection {
  readonly #reader = new SmtpReplyReader();
  readonly #replies: SmtpReply[] = [];
  #failure: SmtpError | undefined;
  #wake: (() => void) | undefined;

  constructor(
    private readonly socket: Socket,
    timeoutMs: number,
  ) {
    socket.setEncoding('latin1');
    socket.setTimeout(timeoutMs);
    socket.on('data', (chunk: string) => {
      const r = this.#reader.push(chunk);
      if (r.ok) this.#replies.push(...r.value);
      else this.#fail(r.error);
      this.#notify();
    });
    socket.on('timeout', () => {
      this.#fail({ code: 'ERR_SMTP_TIMEOUT', detail: `no reply within ${timeoutMs} ms` });
    });
    socket.on('error', (cause) => {
      this.#fail({ code: 'ERR_SMTP_CONNECT', detail: cause.message, cause });
    });
    socket.on('close', () => {
      this.#fail({ code: 'ERR_SMTP_CONNECT', detail: 'connection closed by the server' });
    });
  }

  async reply(): Promise<Result<SmtpReply, SmtpError>> {
    for (;;) {
      const next = this.#replies.shift();
      if (next !== undefined) return ok(next);
      if (this.#failure !== undefined) return err(this.#failure);
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  /** Sends `line` and waits for a reply whose code is in `expected`. */
  async command(line: string, expected: readonly number[]): Promise<Result<SmtpReply, SmtpError>> {
    this.socket.write(`${line}\r\n`, 'latin1');
    return this.expect(expected, line.split(':')[0] ?? line);
  }

  async expect(expected: readonly number[], what: string): Promise<Result<SmtpReply, SmtpError>> {
    const r = await this.reply();
    if (!r.ok) return r;
    if (!expected.includes(r.value.code)) {
      return err({
        code: 'ERR_SMTP_REJECTED',
        detail: `${what}: ${r.value.code} ${r.value.lines.join(' ')}`,
        replyCode: r.value.code,
      });
    }
    return r;
  }

  write(data: string): void {
    this.socket.write(data, 'utf8');
  }

  close(): void {
    this.socket.destroy();
  }

  #fail(error: SmtpError): void {
    this.#failure ??= error;
    this.socket.destroy();
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

function open(opts: SmtpClientOptions): Promise<Result<Socket, SmtpError>> {
  return new Promise((resolve) => {
    const socket = connect({ host: opts.host, port: opts.port, localAddress: opts.localAddress });
    const onError = (cause: Error) =>
      resolve(err({ code: 'ERR_SMTP_CONNECT', detail: cause.message, cause }));
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(ok(socket));
    });
  });
}

/**
 * Sends one mail over plain SMTP (RFC 5321 §3.3): greeting 220, EHLO
 * (HELO if the server does not know EHLO, §4.1.1.1), MAIL FROM, one
 * RCPT TO per recipient, DATA with the dot-stuffed message and the final
 * `<CRLF>.<CRLF>`, then QUIT. At least one recipient must be accepted;
 * the others are left out, as §3.3 allows. Never throws.
 */
export async function sendMail(
  opts: SmtpClientOptions,
  msg: MailMessage,
  mime: MimeBuildOptions = {},
): Promise<Result<SmtpSent, SmtpError>> {
  for (const address of [msg.from, ...msg.to]) {
    if (!isSafeMailAddress(address)) {
      return err({ code: 'ERR_SMTP_INVALID_ADDRESS', detail: `not a bare address: ${address}` });
    }
  }
  if (msg.to.length === 0) {
    return err({ code: 'ERR_SMTP_INVALID_ADDRESS', detail: 'no recipient' });
  }
  const socket = await open(opts);
  if (!socket.ok) return socket;
  const conn = new SmtpConnection(socket.value, opts.timeoutMs ?? 30_000);
  try {
    const greeting = await conn.expect([220], 'greeting');
    if (!greeting.ok) return greeting;
    const name = opts.clientName ?? 'localhost';
    const ehlo = await conn.command(`EHLO ${name}`, [250]);
    if (!ehlo.ok) {
      if (ehlo.error.replyCode === undefined) return ehlo;
      const helo = await conn.command(`HELO ${name}`, [250]);
      if (!helo.ok) return helo;
    }
    const from = await conn.command(`MAIL FROM:<${msg.from}>`, [250]);
    if (!from.ok) return from;
    const accepted: string[] = [];
    let lastRefusal: SmtpError | undefined;
    for (const to of msg.to) {
      const rcpt = await conn.command(`RCPT TO:<${to}>`, [250, 251]);
      if (rcpt.ok) accepted.push(to);
      else if (rcpt.error.replyCode === undefined) return rcpt;
      else lastRefusal = rcpt.error;
    }
    if (accepted.length === 0 && lastRefusal !== undefined) return err(lastRefusal);
    const data = await conn.command('DATA', [354]);
    if (!data.ok) return data;
    conn.write(`${dotStuff(buildMimeMessage({ ...msg, to: accepted }, mime))}.\r\n`);
    const done = await conn.expect([250], 'end of data');
    if (!done.ok) return done;
    // A failed QUIT does not undo the delivery the 250 above confirmed.
    await conn.command('QUIT', [221]);
    return ok({ reply: done.value, accepted });
  } finally {
    conn.close();
  }
}
