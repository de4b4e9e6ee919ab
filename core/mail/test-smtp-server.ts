import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/** What the test server saw in one session. */
export interface SeenSession {
  commands: string[];
  isTls: boolean;
  auth?: { mechanism: string; user: string; password: string };
  from?: string;
  recipients: string[];
  /** DATA lines as sent (dot-stuffed), without the final `.`. */
  rawData: string[];
}

/** How the test server behaves; each field changes one reply. */
export interface TestSmtpServerOptions {
  host: string;
  /** Offered AUTH mechanisms; none offers no AUTH. */
  authMechanisms?: string[];
  credentials?: { user: string; password: string };
  /** A key and certificate turn on STARTTLS. */
  tls?: { key: Buffer; cert: Buffer };
  /** Recipients refused with 550. */
  refuseRecipients?: string[];
  /** A reply to MAIL FROM instead of 250, e.g. `451 4.3.0 try later`. */
  mailReply?: string;
  /** Answers EHLO with 502, so the client falls back to HELO. */
  isEhloRefused?: boolean;
  /** Never greets (timeouts). */
  isSilent?: boolean;
}

/**
 * A small SMTP server for the client's tests on a loopback address: real
 * sockets, scripted replies, a record of every command and DATA line.
 */
export class TestSmtpServer {
  readonly sessions: SeenSession[] = [];
  readonly #options: TestSmtpServerOptions;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  constructor(options: TestSmtpServerOptions) {
    this.#options = options;
    this.#server = createServer((socket) => this.#session(socket));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, this.#options.host, resolve));
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #session(raw: Socket): void {
    this.#sockets.add(raw);
    raw.on('error', () => undefined);
    const o = this.#options;
    const seen: SeenSession = { commands: [], isTls: false, recipients: [], rawData: [] };
    this.sessions.push(seen);
    if (o.isSilent === true) return;
    let socket: Socket = raw;
    let buffer = '';
    let mode: 'command' | 'data' | 'authLoginUser' | 'authLoginPassword' = 'command';
    let loginUser = '';
    const reply = (text: string) => socket.write(`${text}\r\n`);
    const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
    const checkAuth = (mechanism: string, user: string, password: string) => {
      seen.auth = { mechanism, user, password };
      const c = o.credentials;
      reply(
        c !== undefined && c.user === user && c.password === password
          ? '235 2.7.0 Authentication successful'
          : '535 5.7.8 Authentication credentials invalid',
      );
    };
    const onLine = (line: string) => {
      if (mode === 'data') {
        if (line === '.') {
          mode = 'command';
          reply('250 2.0.0 Ok: queued as TEST1');
        } else seen.rawData.push(line);
        return;
      }
      if (mode === 'authLoginUser') {
        loginUser = decode(line);
        mode = 'authLoginPassword';
        reply('334 UGFzc3dvcmQ6');
        return;
      }
      if (mode === 'authLoginPassword') {
        mode = 'command';
        checkAuth('LOGIN', loginUser, decode(line));
        return;
      }
      seen.commands.push(line);
      const verb = line.split(' ')[0]!.toUpperCase();
      if (verb === 'EHLO') {
        if (o.isEhloRefused === true) return reply('502 5.5.2 Error: command not recognized');
        const ext = ['SIZE 10240000', '8BITMIME'];
        if (o.tls !== undefined && !seen.isTls) ext.push('STARTTLS');
        if (o.authMechanisms !== undefined) ext.push(`AUTH ${o.authMechanisms.join(' ')}`);
        ext.forEach((e, i) => reply(`250${i === ext.length - 1 ? ' ' : '-'}${e}`));
        return;
      }
      if (verb === 'HELO') return reply('250 test.local');
      if (verb === 'STARTTLS' && o.tls !== undefined) {
        reply('220 2.0.0 Ready to start TLS');
        raw.off('data', onData);
        socket = new TLSSocket(raw, { isServer: true, key: o.tls.key, cert: o.tls.cert });
        socket.on('data', onData);
        socket.on('error', () => undefined);
        seen.isTls = true;
        buffer = '';
        return;
      }
      if (verb === 'AUTH') {
        const [, mechanism = '', initial] = line.split(' ');
        if (mechanism.toUpperCase() === 'PLAIN' && initial !== undefined) {
          const [, user = '', password = ''] = decode(initial).split('\0');
          return checkAuth('PLAIN', user, password);
        }
        if (mechanism.toUpperCase() === 'LOGIN') {
          mode = 'authLoginUser';
          return reply('334 VXNlcm5hbWU6');
        }
        return reply('504 5.5.4 Unrecognized authentication type');
      }
      if (verb === 'MAIL') {
        seen.from = /<(.*)>/.exec(line)?.[1] ?? '';
        return reply(o.mailReply ?? '250 2.1.0 Ok');
      }
      if (verb === 'RCPT') {
        const address = /<(.*)>/.exec(line)?.[1] ?? '';
        if (o.refuseRecipients?.includes(address) === true) {
          return reply('550 5.1.1 Recipient address rejected: User unknown');
        }
        seen.recipients.push(address);
        return reply('250 2.1.5 Ok');
      }
      if (verb === 'DATA') {
        mode = 'data';
        return reply('354 End data with <CR><LF>.<CR><LF>');
      }
      if (verb === 'QUIT') {
        reply('221 2.0.0 Bye');
        socket.end();
        return;
      }
      reply('502 5.5.2 Error: command not recognized');
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        onLine(line);
      }
    };
    raw.on('data', onData);
    reply('220 test.local ESMTP');
  }
}
