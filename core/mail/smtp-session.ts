import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { StringDecoder } from 'node:string_decoder';
import type { Clock, TimerHandle } from '../clock.ts';
import type { Result } from '../result.ts';
import { SmtpError } from './smtp-error.ts';
import { SmtpReplyReader, type SmtpReply } from './smtp-reply.ts';

/** Where to connect and with which TLS options. */
export interface SmtpEndpoint {
  readonly host: string;
  readonly port: number;
  readonly isImplicitTls: boolean;
  readonly tls: ConnectionOptions;
}

interface Waiter {
  resolve: (reply: SmtpReply) => void;
  reject: (error: SmtpError) => void;
  timer: TimerHandle;
}

/**
 * One SMTP connection: writes command lines and hands out the server's
 * replies in order, each within `timeoutMs` (RFC 5321 §4.5.3.2 lets the
 * client give up on a silent server). A socket error, a close or a reply
 * that does not parse fails the pending read and every later one.
 */
export class SmtpSession {
  #socket: Socket;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  #reader = new SmtpReplyReader();
  #decoder = new StringDecoder('utf8');
  readonly #queue: Result<SmtpReply>[] = [];
  #waiter: Waiter | undefined;
  #failure: SmtpError | undefined;
  #isSecure: boolean;
  readonly #onData = (chunk: Buffer) => this.#received(this.#decoder.write(chunk));
  readonly #onError = (e: Error) =>
    this.#fail(
      new SmtpError('ERR_SMTP_CONNECTION', `connection failed: ${e.message}`, { cause: e }),
    );
  readonly #onClose = () =>
    this.#fail(new SmtpError('ERR_SMTP_CONNECTION', 'the server closed the connection'));

  private constructor(socket: Socket, clock: Clock, timeoutMs: number, isSecure: boolean) {
    this.#socket = socket;
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.#isSecure = isSecure;
    this.#attach(socket);
  }

  /** Connects, with TLS at once for `smtps:` (RFC 8314 §3.3). */
  static async open(endpoint: SmtpEndpoint, clock: Clock, timeoutMs: number): Promise<SmtpSession> {
    const socket: Socket = endpoint.isImplicitTls
      ? tlsConnect({ ...endpoint.tls, host: endpoint.host, port: endpoint.port })
      : netConnect({ host: endpoint.host, port: endpoint.port });
    await waitFor(socket, endpoint.isImplicitTls ? 'secureConnect' : 'connect', clock, timeoutMs);
    return new SmtpSession(socket, clock, timeoutMs, endpoint.isImplicitTls);
  }

  /** True once the connection runs over TLS. */
  get isSecure(): boolean {
    return this.#isSecure;
  }

  /** The next reply from the server. */
  read(): Promise<SmtpReply> {
    const next = this.#queue.shift();
    if (next !== undefined)
      return next.ok
        ? Promise.resolve(next.value)
        : Promise.reject(protocolError(next.error.detail));
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const timer = this.#clock.setTimeout(() => {
        this.#waiter = undefined;
        this.#fail(new SmtpError('ERR_SMTP_TIMEOUT', `no reply within ${this.#timeoutMs} ms`));
        reject(this.#failure);
      }, this.#timeoutMs);
      this.#waiter = { resolve, reject, timer };
    });
  }

  /** Sends one command line and reads its reply. */
  async command(line: string): Promise<SmtpReply> {
    this.write(`${line}\r\n`);
    return this.read();
  }

  /** Writes raw text (a command line or the dot-stuffed DATA). */
  write(text: string): void {
    if (this.#failure === undefined) this.#socket.write(text);
  }

  /**
   * RFC 3207 §4: after `220` to STARTTLS, TLS starts on the same socket.
   * Replies the server sent before the handshake would be a command
   * injection (§6, "the client MUST discard any knowledge"), so any
   * buffered text fails the session.
   */
  async startTls(tls: ConnectionOptions, host: string): Promise<void> {
    if (this.#queue.length > 0 || !this.#reader.isIdle || this.#decoder.end() !== '') {
      this.#fail(protocolError('text after the 220 reply to STARTTLS'));
      throw this.#failure;
    }
    const raw = this.#socket;
    this.#detach(raw);
    const secure: TLSSocket = tlsConnect({
      ...tls,
      socket: raw,
      // `host` is what the certificate is checked against (an IP SAN for
      // an address); SNI carries names only (RFC 6066 §3).
      host,
      ...(isIP(host) === 0 ? { servername: host } : {}),
    });
    this.#socket = secure;
    this.#reader = new SmtpReplyReader();
    this.#decoder = new StringDecoder('utf8');
    try {
      await waitFor(secure, 'secureConnect', this.#clock, this.#timeoutMs);
    } catch (e) {
      secure.destroy();
      this.#fail(e as SmtpError);
      throw e;
    }
    this.#attach(secure);
    this.#isSecure = true;
  }

  /** Closes the connection at once; idempotent. */
  close(): void {
    this.#fail(new SmtpError('ERR_SMTP_CONNECTION', 'session closed'));
    this.#socket.destroy();
  }

  #attach(socket: Socket): void {
    socket.on('data', this.#onData);
    socket.on('error', this.#onError);
    socket.on('close', this.#onClose);
  }

  #detach(socket: Socket): void {
    socket.off('data', this.#onData);
    socket.off('error', this.#onError);
    socket.off('close', this.#onClose);
  }

  #received(text: string): void {
    for (const r of this.#reader.push(text)) {
      const w = this.#waiter;
      if (w === undefined) {
        this.#queue.push(r);
        continue;
      }
      this.#waiter = undefined;
      this.#clock.clearTimeout(w.timer);
      if (r.ok) w.resolve(r.value);
      else {
        this.#fail(protocolError(r.error.detail));
        w.reject(this.#failure!);
      }
    }
  }

  #fail(error: SmtpError): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    const w = this.#waiter;
    this.#waiter = undefined;
    if (w !== undefined) {
      this.#clock.clearTimeout(w.timer);
      w.reject(error);
    }
  }
}

function protocolError(detail: string): SmtpError {
  return new SmtpError('ERR_SMTP_PROTOCOL', `bad reply from the server: ${detail}`);
}

/** Resolves on `event`, rejects on error or after `timeoutMs`. */
function waitFor(socket: Socket, event: string, clock: Clock, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: SmtpError) => {
      clock.clearTimeout(timer);
      socket.off(event, onEvent);
      socket.off('error', onError);
      if (error === undefined) resolve();
      else {
        socket.destroy();
        reject(error);
      }
    };
    const onEvent = () => done();
    const onError = (e: Error) =>
      done(new SmtpError('ERR_SMTP_CONNECTION', `connection failed: ${e.message}`, { cause: e }));
    const timer = clock.setTimeout(
      () => done(new SmtpError('ERR_SMTP_TIMEOUT', `no ${event} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on(event, onEvent);
    socket.on('error', onError);
  });
}
