import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ValidationError } from '../errors.ts';
import { buildMail } from './mail-message.ts';
import { SmtpMailer } from './mailer.ts';
import { SmtpClient, dotStuff } from './smtp-client.ts';
import { SmtpError } from './smtp-error.ts';
import { parseSmtpUrl, type SmtpSettings } from './smtp-url.ts';
import { TestSmtpServer, type TestSmtpServerOptions } from './test-smtp-server.ts';

const HOST = '127.0.0.252';
const servers: TestSmtpServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(
  options: Omit<TestSmtpServerOptions, 'host'>,
  url = 'smtp://@h',
): Promise<{ server: TestSmtpServer; settings: SmtpSettings }> {
  const server = new TestSmtpServer({ host: HOST, ...options });
  servers.push(server);
  const port = await server.listen();
  const parsed = parseSmtpUrl(url.replace('@h', `@${HOST}:${port}`));
  if (!parsed.ok) throw new Error(parsed.error.detail);
  return { server, settings: parsed.value };
}

function makeCert(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'sy-smtp-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath].concat([
      '-days',
      '1',
      '-subj',
      '/CN=mail.test',
      '-addext',
      `subjectAltName=IP:${HOST}`,
    ]),
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath), cert: readFileSync(certPath) };
}

const MESSAGE = 'Subject: hi\r\n\r\nline one\r\n.hidden dot line\r\n..two dots\r\n.\r\nend\r\n';

describe('dotStuff()', () => {
  test('dotStuff() when a line starts with a dot → one more dot (RFC 5321 §4.5.2)', () => {
    expect(dotStuff('a\r\n.b\r\n..c\n.')).toBe('a\r\n..b\r\n...c\r\n..\r\n.\r\n');
  });

  test('dotStuff() when bare LF or CR → CRLF, and the text ends CRLF.CRLF', () => {
    expect(dotStuff('a\nb\rc')).toBe('a\r\nb\r\nc\r\n.\r\n');
  });
});

describe('SmtpClient.send()', () => {
  test('send() when the server accepts → MAIL, RCPT, DATA dot-stuffed, QUIT', async () => {
    const { server, settings } = await serve({});
    const client = new SmtpClient({ settings, clientName: 'switch.test' });
    const result = await client.send({ from: 'bills@a.test', to: ['u@b.test'] }, MESSAGE);
    expect(result.accepted).toEqual(['u@b.test']);
    expect(result.reply).toContain('queued as TEST1');
    const seen = server.sessions[0]!;
    expect(seen.commands).toEqual([
      'EHLO switch.test',
      'MAIL FROM:<bills@a.test>',
      'RCPT TO:<u@b.test>',
      'DATA',
      'QUIT',
    ]);
    // The server sees the stuffed lines; un-stuffing restores the message.
    expect(seen.rawData).toEqual([
      'Subject: hi',
      '',
      'line one',
      '..hidden dot line',
      '...two dots',
      '..',
      'end',
    ]);
  });

  test('send() when the server refuses EHLO → HELO (RFC 5321 §3.2)', async () => {
    const { server, settings } = await serve({ isEhloRefused: true });
    await new SmtpClient({ settings }).send({ from: 'a@a.test', to: ['b@b.test'] }, 'x\r\n');
    expect(server.sessions[0]!.commands.slice(0, 2)).toEqual(['EHLO localhost', 'HELO localhost']);
  });

  test('send() when MAIL gets 451 → SmtpError ERR_SMTP_REPLY, transient', async () => {
    const { settings } = await serve({ mailReply: '451 4.3.0 Try again later' });
    const error = await new SmtpClient({ settings })
      .send({ from: 'a@a.test', to: ['b@b.test'] }, 'x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmtpError);
    expect(error).toMatchObject({ code: 'ERR_SMTP_REPLY', replyCode: 451, isTransient: true });
  });

  test('send() when one recipient gets 550 → sent to the others, refusal reported', async () => {
    const { server, settings } = await serve({ refuseRecipients: ['gone@b.test'] });
    const result = await new SmtpClient({ settings }).send(
      { from: 'a@a.test', to: ['gone@b.test', 'ok@b.test'] },
      'x',
    );
    expect(result.accepted).toEqual(['ok@b.test']);
    expect(result.rejected[0]).toMatchObject({ address: 'gone@b.test' });
    expect(result.rejected[0]!.reply).toMatch(/^550 /);
    expect(server.sessions[0]!.recipients).toEqual(['ok@b.test']);
  });

  test('send() when every recipient gets 550 → permanent SmtpError, no DATA', async () => {
    const { server, settings } = await serve({ refuseRecipients: ['gone@b.test'] });
    const error = await new SmtpClient({ settings })
      .send({ from: 'a@a.test', to: ['gone@b.test'] }, 'x')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_SMTP_REPLY', replyCode: 550, isTransient: false });
    expect(server.sessions[0]!.commands).not.toContain('DATA');
  });

  test('send() with a user and AUTH PLAIN offered → AUTH PLAIN (RFC 4616)', async () => {
    const { server, settings } = await serve(
      { authMechanisms: ['PLAIN', 'LOGIN'], credentials: { user: 'u1', password: 'p@ss w' } },
      'smtp://u1:p%40ss%20w@h',
    );
    await new SmtpClient({ settings }).send({ from: 'a@a.test', to: ['b@b.test'] }, 'x');
    expect(server.sessions[0]!.auth).toEqual({
      mechanism: 'PLAIN',
      user: 'u1',
      password: 'p@ss w',
    });
  });

  test('send() with only AUTH LOGIN offered → LOGIN exchange', async () => {
    const { server, settings } = await serve(
      { authMechanisms: ['LOGIN'], credentials: { user: 'u1', password: 'pw' } },
      'smtp://u1:pw@h',
    );
    await new SmtpClient({ settings }).send({ from: 'a@a.test', to: ['b@b.test'] }, 'x');
    expect(server.sessions[0]!.auth).toEqual({ mechanism: 'LOGIN', user: 'u1', password: 'pw' });
  });

  test('send() when the password is wrong → 535 SmtpError without the password', async () => {
    const { settings } = await serve(
      { authMechanisms: ['PLAIN'], credentials: { user: 'u1', password: 'right' } },
      'smtp://u1:wrong-secret@h',
    );
    const error = (await new SmtpClient({ settings })
      .send({ from: 'a@a.test', to: ['b@b.test'] }, 'x')
      .catch((e: unknown) => e)) as SmtpError;
    expect(error).toMatchObject({ code: 'ERR_SMTP_REPLY', replyCode: 535 });
    expect(error.message).not.toContain('wrong-secret');
    expect(error.message).not.toContain(Buffer.from('\0u1\0wrong-secret').toString('base64'));
  });

  test('send() with a user when no AUTH is offered → ERR_SMTP_AUTH_UNSUPPORTED', async () => {
    const { settings } = await serve({}, 'smtp://u1:pw@h');
    await expect(
      new SmtpClient({ settings }).send({ from: 'a@a.test', to: ['b@b.test'] }, 'x'),
    ).rejects.toMatchObject({ code: 'ERR_SMTP_AUTH_UNSUPPORTED' });
  });

  test('send() with a password, no TLS, clear auth not allowed → ERR_SMTP_INSECURE_AUTH', async () => {
    const { server, settings } = await serve({ authMechanisms: ['PLAIN'] }, 'smtp://u1:pw@h');
    await expect(
      new SmtpClient({ settings, isClearAuthAllowed: false }).send(
        { from: 'a@a.test', to: ['b@b.test'] },
        'x',
      ),
    ).rejects.toMatchObject({ code: 'ERR_SMTP_INSECURE_AUTH' });
    expect(server.sessions[0]!.auth).toBeUndefined();
    expect(server.sessions[0]!.commands).not.toContain('MAIL FROM:<a@a.test>');
  });

  test('send() with starttls=1 when offered → TLS, EHLO again, then AUTH', async () => {
    const tls = makeCert();
    const { server, settings } = await serve(
      { tls, authMechanisms: ['PLAIN'], credentials: { user: 'u1', password: 'pw' } },
      'smtp://u1:pw@h?starttls=1',
    );
    await new SmtpClient({ settings, tls: { ca: tls.cert } }).send(
      { from: 'a@a.test', to: ['b@b.test'] },
      'x',
    );
    const seen = server.sessions[0]!;
    expect(seen.isTls).toBe(true);
    expect(seen.commands.slice(0, 3)).toEqual(['EHLO localhost', 'STARTTLS', 'EHLO localhost']);
    expect(seen.auth?.user).toBe('u1');
  });

  test('send() with starttls=1 when not offered → ERR_SMTP_STARTTLS_UNAVAILABLE, no AUTH', async () => {
    const { server, settings } = await serve(
      { authMechanisms: ['PLAIN'] },
      'smtp://u1:pw@h?starttls=1',
    );
    await expect(
      new SmtpClient({ settings }).send({ from: 'a@a.test', to: ['b@b.test'] }, 'x'),
    ).rejects.toMatchObject({ code: 'ERR_SMTP_STARTTLS_UNAVAILABLE' });
    expect(server.sessions[0]!.auth).toBeUndefined();
  });

  test('send() when the server never answers → ERR_SMTP_TIMEOUT', async () => {
    const { settings } = await serve({ isSilent: true });
    await expect(
      new SmtpClient({ settings, timeoutMs: 150 }).send(
        { from: 'a@a.test', to: ['b@b.test'] },
        'x',
      ),
    ).rejects.toMatchObject({ code: 'ERR_SMTP_TIMEOUT', isTransient: true });
  });

  test('send() when nothing listens → ERR_SMTP_CONNECTION', async () => {
    const { settings } = await serve({});
    await servers.pop()!.close();
    await expect(
      new SmtpClient({ settings }).send({ from: 'a@a.test', to: ['b@b.test'] }, 'x'),
    ).rejects.toMatchObject({ code: 'ERR_SMTP_CONNECTION' });
  });

  test('send() when an address holds CRLF → ValidationError, nothing sent', async () => {
    const { server, settings } = await serve({});
    await expect(
      new SmtpClient({ settings }).send({ from: 'a@a.test', to: ['b@b.test>\r\nRSET'] }, 'x'),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(server.sessions).toHaveLength(0);
  });
});

describe('SmtpMailer.send()', () => {
  test('send() → the built message arrives with its Message-ID and UTF-8 subject', async () => {
    const { server, settings } = await serve({});
    const mailer = new SmtpMailer(new SmtpClient({ settings }));
    const message = {
      from: { address: 'bills@a.test', name: 'Switchyard' },
      to: [{ address: 'u@b.test' }],
      subject: '账单 2026-10',
      text: '.starts with a dot',
      html: '<p>hi</p>',
    };
    const receipt = await mailer.send(message);
    const data = server.sessions[0]!.rawData.join('\r\n');
    expect(data).toContain(`Message-ID: ${receipt.messageId}`);
    expect(data).toContain('Subject: =?UTF-8?B?');
    expect(data).toContain('\r\n..starts with a dot');
    expect(buildMail(message, 0).recipients).toEqual(['u@b.test']);
  });
});
