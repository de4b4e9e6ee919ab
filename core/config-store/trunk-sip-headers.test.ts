import { describe, expect, test } from 'vitest';
import { parseSipHeaderLines } from './trunk-sip-headers.ts';

describe('parseSipHeaderLines()', () => {
  test('TRK-11 parseSipHeaderLines() when lines are Name: value → pairs in order, blank lines and CRLF skipped', () => {
    const parsed = parseSipHeaderLines('X-Account: 42\r\n\nP-Charge-Info: <sip:100@x>\n');
    expect(parsed).toEqual({
      ok: true,
      value: [
        ['X-Account', '42'],
        ['P-Charge-Info', '<sip:100@x>'],
      ],
    });
  });

  test('TRK-11 parseSipHeaderLines() when the text is empty → no lines', () => {
    expect(parseSipHeaderLines('')).toEqual({ ok: true, value: [] });
  });

  test.each([
    ['no colon', 'X-A 1', 'ERR_SIP_HEADER_LINE', 'line 1'],
    ['a space in the name', 'X A: 1', 'ERR_SIP_HEADER_NAME', 'line 1'],
    ['a non-token name', 'X-A(b): 1', 'ERR_SIP_HEADER_NAME', 'line 1'],
    ['a bare CR injecting a header', 'X-A: 1\rVia: evil', 'ERR_SIP_HEADER_VALUE', 'line 1'],
    ['a NUL in the value', 'X-Ok: 1\nX-A: a\u0000b', 'ERR_SIP_HEADER_VALUE', 'line 2'],
    ['an empty value', 'X-A:', 'ERR_SIP_HEADER_VALUE', 'line 1'],
    ['Via', 'Via: SIP/2.0/UDP evil', 'ERR_SIP_HEADER_OWNED', 'line 1'],
    ['compact From (f)', 'f: <sip:a@b>', 'ERR_SIP_HEADER_OWNED', 'line 1'],
    ['call-id in lower case', '\nX-A: 1\ncall-id: x', 'ERR_SIP_HEADER_OWNED', 'line 3'],
    ['Proxy-Authorization', 'Proxy-Authorization: Digest x', 'ERR_SIP_HEADER_OWNED', 'line 1'],
    ['Supported', 'Supported: timer', 'ERR_SIP_HEADER_OWNED', 'line 1'],
    [
      'too many lines',
      Array.from({ length: 21 }, (_, i) => `X-${i}: v`).join('\n'),
      'ERR_SIP_HEADER_COUNT',
      'line 21',
    ],
  ])('TRK-11 parseSipHeaderLines() when %s → %s naming the line', (_what, text, code, line) => {
    const parsed = parseSipHeaderLines(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe(code);
    expect(parsed.error.detail).toContain(line);
  });

  test('TRK-11 parseSipHeaderLines() when line 2 is bad → the offset is where line 2 starts', () => {
    const parsed = parseSipHeaderLines('X-A: 1\nTo: x');
    expect(parsed.ok ? undefined : parsed.error.offset).toBe(7);
  });
});
