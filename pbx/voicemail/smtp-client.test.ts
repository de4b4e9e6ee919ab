import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMimeMessage, dotStuff, encodeHeaderValue } from './mime-message.ts';
import { SmtpReplyReader, sendMail } from './smtp-client.ts';
import { SmtpSink, splitMime } from './smtp-sink.fixture.ts';

const HOST = '127.0.8.60';

describe('sendMail()', () => {
  let sink: SmtpSink | undefined;
  afterEach(async () => {
    await sink?.close();
    sink = undefined;
  });

  it('sendMail() when the server accepts → the sink gets the envelope and a byte-exact attachment', async () => {
    sink = new SmtpSink();
    const port = await sink.listen(HOST);
    const audio = new Uint8Array(randomBytes(40_003));
    const r = await sendMail(
      { host: HOST, port, clientName: 'switch.test', timeoutMs: 5_000 },
      {
        from: 'voicemail@switch.test',
        fromName: 'Switchyard Voicemail',
        to: ['alice@example.test'],
        subject: 'New voicemail from 5566',
        text: 'You have a new message.\n.a line that starts with a dot\n.\nend',
        attachments: [{ filename: 'msg0001.wav', contentType: 'audio/wav', content: audio }],
      },
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.accepted).toEqual(['alice@example.test']);
    expect(sink.mails).toHaveLength(1);
    const mail = sink.mails[0]!;
    expect(mail.commands.slice(0, 4)).toEqual([
      'EHLO switch.test',
      'MAIL FROM:<voicemail@switch.test>',
      'RCPT TO:<alice@example.test>',
      'DATA',
    ]);
    // RFC 5321 §4.5.2: lines starting with '.' went over the wire doubled.
    expect(mail.rawData).toContain('\r\n..a line that starts with a dot\r\n..\r\nend');
    const parts = splitMime(mail.data);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.body).toBe(
      'You have a new message.\r\n.a line that starts with a dot\r\n.\r\nend',
    );
    expect(parts[1]!.headers['content-disposition']).toBe('attachment; filename="msg0001.wav"');
    expect(parts[1]!.headers['content-transfer-encoding']).toBe('base64');
    const lines = parts[1]!.body.split('\r\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(76);
    expect(Buffer.from(lines.join(''), 'base64').equals(Buffer.from(audio))).toBe(true);
  });

  it('sendMail() when EHLO is not known → falls back to HELO (RFC 5321 §4.1.1.1)', async () => {
    sink = new SmtpSink({ isEhloUnknown: true });
    const port = await sink.listen(HOST);
    const r = await sendMail(
      { host: HOST, port },
      { from: 'a@switch.test', to: ['b@example.test'], subject: 's', text: 't' },
    );
    expect(r.ok).toBe(true);
    expect(sink.mails[0]!.commands[1]).toBe('HELO localhost');
  });

  it('sendMail() when one recipient is refused → sends to the others', async () => {
    sink = new SmtpSink({ refuseRecipients: ['gone@example.test'] });
    const port = await sink.listen(HOST);
    const r = await sendMail(
      { host: HOST, port },
      {
        from: 'a@switch.test',
        to: ['gone@example.test', 'b@example.test'],
        subject: 's',
        text: 't',
      },
    );
    expect(r.ok && r.value.accepted).toEqual(['b@example.test']);
    expect(sink.mails[0]!.rcptTo).toEqual(['b@example.test']);
  });

  it('sendMail() when every recipient is refused → ERR_SMTP_REJECTED with the 550', async () => {
    sink = new SmtpSink({ refuseRecipients: ['gone@example.test'] });
    const port = await sink.listen(HOST);
    const r = await sendMail(
      { host: HOST, port },
      { from: 'a@switch.test', to: ['gone@example.test'], subject: 's', text: 't' },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.replyCode]).toEqual(['ERR_SMTP_REJECTED', 550]);
    expect(sink.mails).toHaveLength(0);
  });

  it('sendMail() when nothing listens → ERR_SMTP_CONNECT', async () => {
    const probe = new SmtpSink();
    const port = await probe.listen(HOST);
    await probe.close();
    const r = await sendMail(
      { host: HOST, port },
      { from: 'a@switch.test', to: ['b@example.test'], subject: 's', text: 't' },
    );
    expect(!r.ok && r.error.code).toBe('ERR_SMTP_CONNECT');
  });

  it('sendMail() when an address carries CRLF → ERR_SMTP_INVALID_ADDRESS, nothing sent', async () => {
    const r = await sendMail(
      { host: HOST, port: 1 },
      { from: 'a@switch.test', to: ['b@x.test>\r\nRCPT TO:<c@x.test'], subject: 's', text: 't' },
    );
    expect(!r.ok && r.error.code).toBe('ERR_SMTP_INVALID_ADDRESS');
  });
});

describe('SmtpReplyReader', () => {
  it('SmtpReplyReader.push() when a multiline reply arrives in pieces → one reply with every line', () => {
    const reader = new SmtpReplyReader();
    expect(reader.push('250-first\r\n250-sec')).toEqual({ ok: true, value: [] });
    expect(reader.push('ond\r\n250 last\r\n220 next\r\n')).toEqual({
      ok: true,
      value: [
        { code: 250, lines: ['first', 'second', 'last'] },
        { code: 220, lines: ['next'] },
      ],
    });
  });

  it('SmtpReplyReader.push() when a line is not a reply → ERR_SMTP_PROTOCOL', () => {
    const r = new SmtpReplyReader().push('hello\r\n');
    expect(!r.ok && r.error.code).toBe('ERR_SMTP_PROTOCOL');
  });
});

describe('mime helpers', () => {
  it('dotStuff() when lines start with a dot → doubles only those dots', () => {
    expect(dotStuff('.a\r\nb.c\r\n..d')).toBe('..a\r\nb.c\r\n...d');
  });

  it('encodeHeaderValue() when non-ASCII or CRLF → RFC 2047 word, no line break', () => {
    expect(encodeHeaderValue('语音邮件')).toBe(
      `=?UTF-8?B?${Buffer.from('语音邮件').toString('base64')}?=`,
    );
    expect(encodeHeaderValue('a\r\nBcc: x@y')).toBe('a Bcc: x@y');
  });

  it('buildMimeMessage() when given a date and boundary → stable RFC 5322 headers', () => {
    const text = buildMimeMessage(
      { from: 'a@s.test', to: ['b@s.test'], subject: 'hi', text: 'body' },
      {
        date: new Date(Date.UTC(2026, 10, 25, 18, 0, 0)),
        boundary: 'BND',
        messageId: '<1@s.test>',
      },
    );
    expect(text.split('\r\n\r\n')[0]).toBe(
      [
        'From: a@s.test',
        'To: b@s.test',
        'Subject: hi',
        'Date: Wed, 25 Nov 2026 18:00:00 +0000',
        'Message-ID: <1@s.test>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="BND"',
      ].join('\r\n'),
    );
    expect(text.endsWith('--BND--\r\n')).toBe(true);
  });
});
