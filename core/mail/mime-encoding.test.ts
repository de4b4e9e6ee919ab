import { describe, expect, test } from 'vitest';
import { encodeBase64Lines, encodeQuotedPrintable, encodeWords } from './mime-encoding.ts';

function decodeQp(text: string): string {
  const joined = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=') {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

describe('encodeQuotedPrintable()', () => {
  test('encodeQuotedPrintable() when `=` and UTF-8 → =3D and =XX bytes (RFC 2045 §6.7)', () => {
    expect(encodeQuotedPrintable('a=b 账')).toBe('a=3Db =E8=B4=A6');
  });

  test('encodeQuotedPrintable() when a space ends a line → encoded (rule 3)', () => {
    expect(encodeQuotedPrintable('end \nnext\t')).toBe('end=20\r\nnext=09');
  });

  test('encodeQuotedPrintable() when a line is long → soft breaks, lines ≤ 76, round trip', () => {
    const text = '账单'.repeat(40) + ' ' + 'x'.repeat(200);
    const out = encodeQuotedPrintable(text);
    for (const line of out.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(out).not.toMatch(/=[0-9A-F]?=\r\n/);
    expect(decodeQp(out)).toBe(text);
  });
});

describe('encodeWords()', () => {
  test('encodeWords() when long CJK text → words ≤ 75 chars, each decodes alone (RFC 2047 §2, §5)', () => {
    const text = '二〇二六年十月的用户账单，请查收附件中的明细与应还金额';
    const words = encodeWords(text);
    expect(words.length).toBeGreaterThan(1);
    let decoded = '';
    for (const w of words) {
      expect(w.length).toBeLessThanOrEqual(75);
      const m = /^=\?UTF-8\?B\?(.*)\?=$/.exec(w)!;
      const part = Buffer.from(m[1]!, 'base64').toString('utf8');
      expect(part).not.toContain('\ufffd');
      decoded += part;
    }
    expect(decoded).toBe(text);
  });
});

describe('encodeBase64Lines()', () => {
  test('encodeBase64Lines() → 76-character lines (RFC 2045 §6.8)', () => {
    const out = encodeBase64Lines('x'.repeat(100));
    expect(out.split('\r\n').map((l) => l.length)).toEqual([76, 60]);
  });
});
