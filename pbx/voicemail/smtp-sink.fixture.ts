import { createServer, type Server } from 'node:net';

/** One mail as the sink received it. */
export interface SunkMail {
  readonly commands: readonly string[];
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
  /** The DATA text with dot-stuffing undone and the final `.` line removed. */
  readonly data: string;
  /** The DATA text exactly as it came over the wire. */
  readonly rawData: string;
}

/** How the sink misbehaves, for error tests. */
export interface SmtpSinkOptions {
  /** Refuse RCPT TO for these addresses with 550. */
  readonly refuseRecipients?: readonly string[];
  /** Answer EHLO with 502 so the client falls back to HELO. */
  readonly isEhloUnknown?: boolean;
}

/**
 * A tiny SMTP server for tests (RFC 5321 server side, no TLS, no AUTH):
 * it answers every command, undoes dot-stuffing (§4.5.2) and keeps each
 * mail. Listens on a loopback address of the test's own.
 */
export class SmtpSink {
  readonly mails: SunkMail[] = [];
  #server: Server | undefined;

  constructor(private readonly opts: SmtpSinkOptions = {}) {}

  async listen(host: string): Promise<number> {
    const server = createServer((socket) => {
      socket.setEncoding('utf8');
      let buffer = '';
      let inData = false;
      let searchFrom = 0;
      let rawData = '';
      let commands: string[] = [];
      let mailFrom = '';
      let rcptTo: string[] = [];
      const reply = (line: string) => socket.write(`${line}\r\n`);
      reply('220 sink.test ESMTP ready');
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        for (;;) {
          if (inData) {
            const end = buffer.indexOf('\r\n.\r\n', searchFrom);
            if (end < 0) {
              searchFrom = Math.max(0, buffer.length - 4);
              return;
            }
            searchFrom = 0;
            rawData = buffer.slice(0, end + 2);
            buffer = buffer.slice(end + 5);
            inData = false;
            const data = rawData.replace(/(^|\r\n)\.\./g, '$1.');
            this.mails.push({ commands, mailFrom, rcptTo, data, rawData });
            commands = [];
            reply('250 2.0.0 queued as 1');
            continue;
          }
          const at = buffer.indexOf('\r\n');
          if (at < 0) return;
          const line = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          commands.push(line);
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === 'EHLO') {
            if (this.opts.isEhloUnknown === true) reply('502 5.5.1 EHLO not known');
            else socket.write('250-sink.test greets you\r\n250-8BITMIME\r\n250 SIZE 10000000\r\n');
          } else if (verb === 'HELO') reply('250 sink.test');
          else if (verb === 'MAIL') {
            mailFrom = /<(.*)>/.exec(line)?.[1] ?? '';
            rcptTo = [];
            reply('250 2.1.0 ok');
          } else if (verb === 'RCPT') {
            const to = /<(.*)>/.exec(line)?.[1] ?? '';
            if (this.opts.refuseRecipients?.includes(to) === true) {
              reply('550 5.1.1 no such user');
            } else {
              rcptTo.push(to);
              reply('250 2.1.5 ok');
            }
          } else if (verb === 'DATA') {
            inData = true;
            reply('354 end with <CRLF>.<CRLF>');
          } else if (verb === 'QUIT') {
            reply('221 2.0.0 bye');
            socket.end();
          } else reply('500 5.5.2 unknown command');
        }
      });
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    const address = server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#server === undefined) resolve();
      else this.#server.close(() => resolve());
    });
  }
}

/** The parts of a multipart/mixed message: headers (lower-case names) and body. */
export function splitMime(
  data: string,
): Array<{ readonly headers: Record<string, string>; readonly body: string }> {
  const boundary = /boundary="([^"]+)"/.exec(data)?.[1];
  if (boundary === undefined) return [];
  const sections = data.split(`--${boundary}`).slice(1, -1);
  return sections.map((section) => {
    const text = section.replace(/^\r\n/, '').replace(/\r\n$/, '');
    const split = text.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of text.slice(0, split).split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { headers, body: text.slice(split + 4) };
  });
}
