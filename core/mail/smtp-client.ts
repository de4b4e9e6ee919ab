import type { ConnectionOptions } from 'node:tls';
import { systemClock, type Clock } from '../clock.ts';
import { ValidationError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { isMailAddress } from './mail-message.ts';
import { SmtpError } from './smtp-error.ts';
import { describeReply, type SmtpReply } from './smtp-reply.ts';
import { SmtpSession } from './smtp-session.ts';
import type { SmtpSettings } from './smtp-url.ts';

/** How an SmtpClient connects; `settings` usually come from parseSmtpUrl(). */
export interface SmtpClientOptions {
  readonly settings: SmtpSettings;
  /** The EHLO domain (RFC 5321 §4.1.1.1); default `localhost`. */
  readonly clientName?: string | undefined;
  /** How long to wait for the connection and for each reply; default 30 s. */
  readonly timeoutMs?: number | undefined;
  /** Extra TLS options, e.g. the CA of a private server. */
  readonly tls?: ConnectionOptions | undefined;
  /**
   * Send the password without TLS; default only to a loopback host, where
   * nothing travels over a network.
   */
  readonly isClearAuthAllowed?: boolean | undefined;
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
}

/** The outcome of one accepted submission. */
export interface SmtpSendResult {
  readonly accepted: readonly string[];
  /** Recipients the server refused at RCPT, with its reply. */
  readonly rejected: readonly { address: string; reply: string }[];
  /** The server's reply to the end of DATA (often holds its queue id). */
  readonly reply: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * RFC 5321 §4.5.2: a line of the content that starts with `.` gets one more
 * `.`, and the content ends with CRLF `.` CRLF. Bare CR or LF become CRLF
 * (§2.3.8: they are not allowed in the content).
 */
export function dotStuff(data: string): string {
  const lines = data.replace(/\r\n|\r|\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return `${lines.map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n')}\r\n.\r\n`;
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** EHLO keywords (upper case) and their parameters (RFC 5321 §4.1.1.1). */
function parseEhlo(reply: SmtpReply): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of reply.lines.slice(1)) {
    const [keyword = '', ...params] = line.trim().split(/\s+/);
    if (keyword !== '') out.set(keyword.toUpperCase(), params.join(' '));
  }
  return out;
}

/**
 * A mail submission client over node:net and node:tls: EHLO (HELO when the
 * server refuses it), STARTTLS (RFC 3207), AUTH PLAIN or LOGIN (RFC 4954),
 * MAIL, RCPT, DATA with dot-stuffing and QUIT (RFC 5321 §3.3). Each send()
 * opens its own connection: bills go out a few at a time, and a fresh
 * connection cannot inherit a broken state.
 */
export class SmtpClient {
  readonly #options: SmtpClientOptions;
  readonly #clock: Clock;

  constructor(options: SmtpClientOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * Submits `data` (an RFC 5322 message) for every address in `to`.
   * Resolves once the server accepted the message for at least one
   * recipient; rejects with SmtpError otherwise.
   */
  async send(
    envelope: { from: string; to: readonly string[] },
    data: string,
  ): Promise<SmtpSendResult> {
    if (envelope.from !== '' && !isMailAddress(envelope.from)) {
      throw new ValidationError('from', `not a mail address: ${envelope.from}`);
    }
    const bad = envelope.to.find((a) => !isMailAddress(a));
    if (bad !== undefined) throw new ValidationError('to', `not a mail address: ${bad}`);
    if (envelope.to.length === 0) throw new ValidationError('to', 'no recipients');
    const s = this.#options.settings;
    const tls: ConnectionOptions = {
      rejectUnauthorized: !s.isCertUnchecked,
      ...this.#options.tls,
    };
    const session = await SmtpSession.open(
      { host: s.host, port: s.port, isImplicitTls: s.isImplicitTls, tls },
      this.#clock,
      this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    try {
      return await this.#transaction(session, tls, envelope, data);
    } finally {
      session.close();
    }
  }

  async #transaction(
    session: SmtpSession,
    tls: ConnectionOptions,
    envelope: { from: string; to: readonly string[] },
    data: string,
  ): Promise<SmtpSendResult> {
    const s = this.#options.settings;
    const greeting = await session.read();
    // §4.3.2: 220 opens the session; 554 (or anything else) refuses it.
    if (greeting.code !== 220) throw SmtpError.reply('greeting', greeting);
    let extensions = await this.#hello(session);
    if (s.isStartTlsRequired) {
      // RFC 3207 §4: STARTTLS only when the server offers it; we asked for
      // TLS, so a server that does not offer it gets no password and no mail.
      if (!extensions.has('STARTTLS')) {
        throw new SmtpError('ERR_SMTP_STARTTLS_UNAVAILABLE', `${s.host} does not offer STARTTLS`);
      }
      await this.#expect(session, 'STARTTLS', [220]);
      await session.startTls(tls, s.host);
      // RFC 3207 §4.2: the client MUST discard what it learnt and EHLO again.
      extensions = await this.#hello(session);
    }
    if (s.username !== undefined) await this.#authenticate(session, extensions);
    await this.#expect(session, `MAIL FROM:<${envelope.from}>`, [250]);
    const accepted: string[] = [];
    const rejected: { address: string; reply: string }[] = [];
    let firstRefusal: SmtpReply | undefined;
    for (const address of envelope.to) {
      const reply = await session.command(`RCPT TO:<${address}>`);
      // §3.3: 250 or 251 accept; a refused recipient does not end the
      // transaction while another one was accepted.
      if (reply.code === 250 || reply.code === 251) accepted.push(address);
      else {
        firstRefusal ??= reply;
        rejected.push({ address, reply: describeReply(reply) });
      }
    }
    if (firstRefusal !== undefined && accepted.length === 0) {
      await this.#quit(session);
      throw SmtpError.reply('RCPT TO (every recipient)', firstRefusal);
    }
    await this.#expect(session, 'DATA', [354]);
    session.write(dotStuff(data));
    const done = await session.read();
    if (done.code !== 250) throw SmtpError.reply('end of DATA', done);
    await this.#quit(session);
    this.#options.logger?.debug({ accepted, rejected: rejected.length }, 'mail submitted');
    return { accepted, rejected, reply: describeReply(done) };
  }

  async #hello(session: SmtpSession): Promise<Map<string, string>> {
    const name = this.#options.clientName ?? 'localhost';
    const reply = await session.command(`EHLO ${name}`);
    if (reply.code === 250) return parseEhlo(reply);
    // §3.2: a server that does not know EHLO gets HELO, without extensions.
    await this.#expect(session, `HELO ${name}`, [250]);
    return new Map();
  }

  /**
   * RFC 4954: PLAIN (RFC 4616) when offered, else LOGIN. The password goes
   * only over TLS or to a loopback host (RFC 4954 §14: a clear-text
   * mechanism needs a protected channel).
   */
  async #authenticate(session: SmtpSession, extensions: Map<string, string>): Promise<void> {
    const s = this.#options.settings;
    const isClearAllowed = this.#options.isClearAuthAllowed ?? isLoopbackHost(s.host);
    if (!session.isSecure && !isClearAllowed) {
      throw new SmtpError(
        'ERR_SMTP_INSECURE_AUTH',
        `refusing to send the password to ${s.host} without TLS (use starttls=1 or smtps:)`,
      );
    }
    const mechanisms = (extensions.get('AUTH') ?? '').toUpperCase().split(/\s+/);
    const user = s.username ?? '';
    const password = s.password ?? '';
    const b64 = (t: string) => Buffer.from(t, 'utf8').toString('base64');
    if (mechanisms.includes('PLAIN')) {
      await this.#expect(
        session,
        `AUTH PLAIN ${b64(`\0${user}\0${password}`)}`,
        [235],
        'AUTH PLAIN',
      );
      return;
    }
    if (mechanisms.includes('LOGIN')) {
      await this.#expect(session, 'AUTH LOGIN', [334]);
      await this.#expect(session, b64(user), [334], 'AUTH LOGIN user');
      await this.#expect(session, b64(password), [235], 'AUTH LOGIN password');
      return;
    }
    throw new SmtpError(
      'ERR_SMTP_AUTH_UNSUPPORTED',
      `${s.host} offers no AUTH PLAIN or LOGIN (AUTH ${extensions.get('AUTH') ?? 'absent'})`,
    );
  }

  /** Sends a command; a reply outside `codes` is an SmtpError naming `label`. */
  async #expect(
    session: SmtpSession,
    line: string,
    codes: readonly number[],
    label: string = line,
  ): Promise<SmtpReply> {
    const reply = await session.command(line);
    if (!codes.includes(reply.code)) throw SmtpError.reply(label, reply);
    return reply;
  }

  /** §4.1.1.10: QUIT, politely; its failure changes nothing that was sent. */
  async #quit(session: SmtpSession): Promise<void> {
    try {
      await session.command('QUIT');
    } catch {
      // The message is already accepted or refused; a lost 221 is harmless.
    }
  }
}
