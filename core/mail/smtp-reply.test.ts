import { describe, expect, test } from 'vitest';
import { SmtpReplyReader } from './smtp-reply.ts';

describe('SmtpReplyReader.push()', () => {
  test('push() when a multi-line reply arrives in pieces → one reply (RFC 5321 §4.2.1)', () => {
    const r = new SmtpReplyReader();
    expect(r.push('250-mail.test hello\r\n250-SIZE 10\r')).toEqual([]);
    expect(r.isIdle).toBe(false);
    expect(r.push('\n250 AUTH PLAIN\r\n')).toEqual([
      { ok: true, value: { code: 250, lines: ['mail.test hello', 'SIZE 10', 'AUTH PLAIN'] } },
    ]);
    expect(r.isIdle).toBe(true);
  });

  test('push() when two replies come in one chunk → both, in order', () => {
    const out = new SmtpReplyReader().push('250 ok\r\n354 go on\r\n');
    expect(out.map((x) => x.ok && x.value.code)).toEqual([250, 354]);
  });

  test('push() when a line is only a code → empty text', () => {
    expect(new SmtpReplyReader().push('221\r\n')).toEqual([
      { ok: true, value: { code: 221, lines: [''] } },
    ]);
  });

  test.each([
    ['not a code', 'hello there\r\n', 'ERR_SMTP_BAD_REPLY', 0],
    ['code out of range', '600 no\r\n', 'ERR_SMTP_BAD_REPLY', 0],
    ['codes differ inside a reply', '250-a\r\n251 b\r\n', 'ERR_SMTP_BAD_REPLY', 7],
  ])('push() when %s → %s at offset %i, never a throw', (_name, text, code, offset) => {
    const out = new SmtpReplyReader().push(text);
    expect(out[0]).toMatchObject({ ok: false, error: { code, offset } });
  });

  test('push() when a line never ends → ERR_SMTP_LINE_TOO_LONG and the reader recovers', () => {
    const r = new SmtpReplyReader();
    expect(r.push('2'.repeat(5000))[0]).toMatchObject({
      ok: false,
      error: { code: 'ERR_SMTP_LINE_TOO_LONG' },
    });
    expect(r.push('\r\n250 ok\r\n').at(-1)).toEqual({
      ok: true,
      value: { code: 250, lines: ['ok'] },
    });
  });
});
