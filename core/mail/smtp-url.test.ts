import { describe, expect, test } from 'vitest';
import { parseSmtpUrl, redactSmtpUrl } from './smtp-url.ts';

describe('parseSmtpUrl()', () => {
  test('parseSmtpUrl() with user, password and starttls=1 → settings, password decoded', () => {
    expect(parseSmtpUrl('smtp://bills%40x.test:p%3Ass@mail.x.test:587?starttls=1')).toEqual({
      ok: true,
      value: {
        host: 'mail.x.test',
        port: 587,
        isImplicitTls: false,
        isStartTlsRequired: true,
        username: 'bills@x.test',
        password: 'p:ss',
        isCertUnchecked: false,
      },
    });
  });

  test('parseSmtpUrl() smtps: without a port → 465, implicit TLS (RFC 8314 §3.3)', () => {
    const r = parseSmtpUrl('smtps://mail.x.test');
    expect(r.ok && [r.value.port, r.value.isImplicitTls, r.value.username]).toEqual([
      465,
      true,
      undefined,
    ]);
  });

  test.each([
    ['not a URL', 'mail.x.test:25'],
    ['another scheme', 'http://mail.x.test'],
    ['smtps with starttls', 'smtps://mail.x.test?starttls=1'],
    ['password without user', 'smtp://:secret-pw@mail.x.test'],
  ])('parseSmtpUrl() when %s → ERR_SMTP_URL without the password', (_name, text) => {
    const r = parseSmtpUrl(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('ERR_SMTP_URL');
      expect(r.error.detail).not.toContain('secret-pw');
    }
  });
});

describe('redactSmtpUrl()', () => {
  test('redactSmtpUrl() → password replaced, the rest kept', () => {
    expect(redactSmtpUrl('smtp://u:secret@h:25?starttls=1')).toBe('smtp://u:***@h:25?starttls=1');
    expect(redactSmtpUrl('smtp://h:25')).toBe('smtp://h:25');
  });
});
