import { describe, expect, test } from 'vitest';
import { ValidationError } from '../errors.ts';
import { buildMail, foldHeader, formatMailDate, isMailAddress } from './mail-message.ts';

const NOW = Date.UTC(2026, 10, 26, 13, 5, 9);

describe('buildMail()', () => {
  test('buildMail() with HTML → multipart/alternative, text first, HTML last (RFC 2046 §5.1.4)', () => {
    const m = buildMail(
      {
        from: { address: 'bills@switch.test', name: 'Switchyard 账单' },
        to: [{ address: 'u@b.test', name: 'Li, Wei' }],
        subject: 'Your bill',
        text: 'Total: 12.50',
        html: '<p>Total: 12.50</p>',
      },
      NOW,
    );
    const [head, ...rest] = m.data.split('\r\n\r\n');
    const body = rest.join('\r\n\r\n');
    expect(head).toContain('From: =?UTF-8?B?');
    expect(head).toContain('To: "Li, Wei" <u@b.test>');
    expect(head).toContain('Date: Thu, 26 Nov 2026 13:05:09 +0000');
    expect(head).toMatch(/Message-ID: <[A-Za-z0-9]+\.\d+@switch\.test>/);
    expect(head).toContain('MIME-Version: 1.0');
    const boundary = /boundary="([^"]+)"/.exec(head!)![1]!;
    expect(body.indexOf('text/plain')).toBeLessThan(body.indexOf('text/html'));
    expect(body.trimEnd().endsWith(`--${boundary}--`)).toBe(true);
    expect(m.envelopeFrom).toBe('bills@switch.test');
    expect(m.recipients).toEqual(['u@b.test']);
  });

  test('buildMail() without HTML → one text/plain part, quoted-printable', () => {
    const m = buildMail(
      { from: { address: 'a@a.test' }, to: [{ address: 'b@b.test' }], subject: 's', text: 'a=b' },
      NOW,
    );
    expect(m.data).toContain(
      'Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=3Db\r\n',
    );
  });

  test('buildMail() when the subject holds CRLF → one header line, no injected header', () => {
    const m = buildMail(
      {
        from: { address: 'a@a.test' },
        to: [{ address: 'b@b.test' }],
        subject: 'x\r\nBcc: evil@e.test',
        text: '',
      },
      NOW,
    );
    expect(m.data).not.toMatch(/\r\nBcc:/);
  });

  test('buildMail() when an address is not an addr-spec → ValidationError', () => {
    expect(() =>
      buildMail(
        {
          from: { address: 'a@a.test' },
          to: [{ address: 'b@b.test>, c@c' }],
          subject: '',
          text: '',
        },
        NOW,
      ),
    ).toThrow(ValidationError);
  });
});

describe('foldHeader()', () => {
  test('foldHeader() when long → folded at spaces, lines ≤ 78 (RFC 5322 §2.2.3)', () => {
    const value = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const out = foldHeader('Subject', value);
    for (const line of out.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(out.replace(/\r\n/g, '')).toBe(`Subject: ${value}`);
  });
});

describe('formatMailDate() and isMailAddress()', () => {
  test('formatMailDate() → RFC 5322 §3.3 date-time', () => {
    expect(formatMailDate(Date.UTC(2026, 0, 5, 1, 2, 3))).toBe('Mon, 5 Jan 2026 01:02:03 +0000');
  });

  test.each([
    ['a@b.test', true],
    ['a.b+c@d-e.test', true],
    ['no-at', false],
    ['a b@c.test', false],
    ['a@b.test\r\nRSET', false],
  ])('isMailAddress(%j) → %s', (address, expected) => {
    expect(isMailAddress(address)).toBe(expected);
  });
});
