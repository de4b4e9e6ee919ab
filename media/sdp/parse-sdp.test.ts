import { describe, expect, test } from 'vitest';
import { getCodecs, getDirection, getPtimeMs, getRtcp, isRtcpMux } from './attributes.ts';
import { isIPv4, isIPv6 } from './address.ts';
import { parseSdp } from './parse-sdp.ts';
import { serializeSdp } from './serialize-sdp.ts';

const crlf = (lines: string[]): string => lines.join('\r\n') + '\r\n';
const HEAD = ['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0'];

describe('parseSdp', () => {
  test('parseSdp() when given a typical offer → typed fields and attributes in order', () => {
    const r = parseSdp(
      crlf([
        ...HEAD,
        'm=audio 49170 RTP/AVP 0 101',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ptime:20',
        'a=rtcp:49171',
        'a=rtcp-mux',
        'a=x-custom:keep me',
        'a=sendonly',
      ]),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sd = r.value;
    expect(sd.origin.sessionVersion).toBe(1n);
    expect(sd.connection).toEqual({ netType: 'IN', addrType: 'IP4', address: '192.0.2.1' });
    const m = sd.media[0];
    if (m === undefined) throw new Error('no media');
    expect(m).toMatchObject({
      type: 'audio',
      port: 49170,
      protocol: 'RTP/AVP',
      formats: ['0', '101'],
    });
    expect(getCodecs(m)).toEqual([
      { payloadType: 0, encodingName: 'PCMU', clockRateHz: 8000, channels: 1 },
      {
        payloadType: 101,
        encodingName: 'telephone-event',
        clockRateHz: 8000,
        channels: 1,
        fmtp: '0-16',
      },
    ]);
    expect(getPtimeMs(m)).toBe(20);
    expect(getRtcp(m)).toEqual({ port: 49171 });
    expect(isRtcpMux(m)).toBe(true);
    expect(getDirection(m, sd)).toBe('sendonly');
    expect(m.attributes.map((a) => a.name)).toEqual([
      'rtpmap',
      'fmtp',
      'ptime',
      'rtcp',
      'rtcp-mux',
      'x-custom',
      'sendonly',
    ]);
    expect(m.attributes[5]).toEqual({ name: 'x-custom', value: 'keep me' });
  });

  test('parseSdp() when given bytes with UTF-8 → offsets count bytes', () => {
    const text = crlf(['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=Café', 'x=1']);
    const r = parseSdp(new TextEncoder().encode(text));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('ERR_SDP_UNKNOWN_LINE');
    expect(r.error.offset).toBe(Buffer.byteLength(text.slice(0, text.indexOf('x=')), 'utf8'));
  });

  test('parseSdp() when the session-level direction applies → media inherits it', () => {
    const r = parseSdp(crlf([...HEAD, 'a=inactive', 'm=audio 4000 RTP/AVP 0']));
    if (!r.ok) throw new Error(r.error.detail);
    expect(getDirection(r.value.media[0]!, r.value)).toBe('inactive');
  });

  test('parseSdp() when o= version exceeds 2^53 → kept exactly as bigint', () => {
    const r = parseSdp(
      crlf(['v=0', 'o=- 1 18446744073709551615 IN IP4 192.0.2.1', 's=-', 't=0 0']),
    );
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value.origin.sessionVersion).toBe(18446744073709551615n);
    expect(serializeSdp(r.value)).toContain('o=- 1 18446744073709551615 IN');
  });

  const at = (lines: string[], index: number, extra = 0): number =>
    lines.slice(0, index).reduce((n, l) => n + l.length + 2, 0) + extra;
  const malformed: { name: string; lines: string[]; code: string; offset?: number }[] = [
    { name: 'empty body', lines: [], code: 'ERR_SDP_EMPTY', offset: 0 },
    {
      name: 'no v= first',
      lines: ['o=- 1 1 IN IP4 192.0.2.1', 'v=0'],
      code: 'ERR_SDP_BAD_ORDER',
      offset: 0,
    },
    { name: 'v=1', lines: ['v=1'], code: 'ERR_SDP_BAD_VERSION', offset: 2 },
    { name: 'line without =', lines: ['v=0', 'garbage'], code: 'ERR_SDP_BAD_LINE', offset: 5 },
    { name: 'unknown type letter', lines: ['v=0', 'x=1'], code: 'ERR_SDP_UNKNOWN_LINE', offset: 5 },
    {
      name: 'o= with 5 fields',
      lines: ['v=0', 'o=- 1 1 IN IP4'],
      code: 'ERR_SDP_BAD_ORIGIN',
      offset: 7,
    },
    {
      name: 'o= version not digits',
      lines: ['v=0', 'o=- 1 x IN IP4 192.0.2.1'],
      code: 'ERR_SDP_BAD_ORIGIN',
      offset: 11,
    },
    {
      name: 'missing s=',
      lines: ['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 't=0 0'],
      code: 'ERR_SDP_MISSING_LINE',
    },
    { name: 'missing o=', lines: ['v=0', 's=-'], code: 'ERR_SDP_MISSING_LINE' },
    {
      name: 'bad IPv4',
      lines: [...HEAD.slice(0, 3), 'c=IN IP4 192.0.2.256'],
      code: 'ERR_SDP_BAD_CONNECTION',
      offset: at(HEAD, 3, 9),
    },
    {
      name: 'bad IPv6',
      lines: [...HEAD.slice(0, 3), 'c=IN IP6 2001:db8:::1'],
      code: 'ERR_SDP_BAD_CONNECTION',
      offset: at(HEAD, 3, 9),
    },
    { name: 'second s=', lines: [...HEAD.slice(0, 3), 's=again'], code: 'ERR_SDP_DUPLICATE_LINE' },
    {
      name: 'port > 65535',
      lines: [...HEAD, 'm=audio 70000 RTP/AVP 0'],
      code: 'ERR_SDP_BAD_MEDIA',
      offset: at(HEAD, 5, 8),
    },
    {
      name: 'm= without formats',
      lines: [...HEAD, 'm=audio 4000 RTP/AVP'],
      code: 'ERR_SDP_BAD_MEDIA',
    },
    {
      name: 't= after m=',
      lines: [...HEAD, 'm=audio 4000 RTP/AVP 0', 't=0 0'],
      code: 'ERR_SDP_BAD_ORDER',
    },
    { name: 'r= without t=', lines: [...HEAD.slice(0, 4), 'r=1 2 3'], code: 'ERR_SDP_BAD_ORDER' },
    { name: 'bad b=', lines: [...HEAD, 'b=AS:x'], code: 'ERR_SDP_BAD_BANDWIDTH' },
    { name: 'bad t=', lines: [...HEAD.slice(0, 4), 't=now later'], code: 'ERR_SDP_BAD_TIMING' },
    {
      name: 'rtpmap pt 200',
      lines: [...HEAD, 'm=audio 4000 RTP/AVP 0', 'a=rtpmap:200 X/8000'],
      code: 'ERR_SDP_BAD_RTPMAP',
      offset: at([...HEAD, 'm=audio 4000 RTP/AVP 0'], 6, 9),
    },
    {
      name: 'rtpmap no rate',
      lines: [...HEAD, 'm=audio 4000 RTP/AVP 0', 'a=rtpmap:0 PCMU'],
      code: 'ERR_SDP_BAD_RTPMAP',
      offset: at([...HEAD, 'm=audio 4000 RTP/AVP 0'], 6, 11),
    },
    {
      name: 'ptime zero',
      lines: [...HEAD, 'm=audio 4000 RTP/AVP 0', 'a=ptime:0'],
      code: 'ERR_SDP_BAD_PTIME',
      offset: at([...HEAD, 'm=audio 4000 RTP/AVP 0'], 6, 8),
    },
    {
      name: 'rtcp bad port',
      lines: [...HEAD, 'm=audio 4000 RTP/AVP 0', 'a=rtcp:99999'],
      code: 'ERR_SDP_BAD_RTCP',
    },
    { name: 'bad attribute name', lines: [...HEAD, 'a=:x'], code: 'ERR_SDP_BAD_ATTRIBUTE' },
    {
      name: 'empty line inside',
      lines: [...HEAD.slice(0, 3), '', 't=0 0'],
      code: 'ERR_SDP_BAD_LINE',
    },
  ];
  test.each(malformed)('parseSdp() when $name → $code', ({ lines, code, offset }) => {
    const r = parseSdp(lines.length === 0 ? '' : crlf(lines));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    if (offset !== undefined) expect(r.error.offset).toBe(offset);
    expect(r.error.detail.length).toBeGreaterThan(0);
  });

  test('parseSdp() when the last line has no newline or extra blank lines follow → accepted', () => {
    expect(parseSdp(HEAD.join('\r\n')).ok).toBe(true);
    expect(parseSdp(crlf(HEAD) + '\r\n\r\n').ok).toBe(true);
  });
});

describe('address checks', () => {
  test.each(['192.0.2.1', '0.0.0.0', '255.255.255.255'])('isIPv4(%s) → true', (a) =>
    expect(isIPv4(a)).toBe(true),
  );
  test.each(['192.0.2', '192.0.2.01', '256.0.0.1', '1.2.3.4.5', 'a.b.c.d'])(
    'isIPv4(%s) → false',
    (a) => expect(isIPv4(a)).toBe(false),
  );
  test.each(['::', '::1', '2001:db8::1', 'fe80::1:2:3:4', '::ffff:192.0.2.1', '1:2:3:4:5:6:7:8'])(
    'isIPv6(%s) → true',
    (a) => expect(isIPv6(a)).toBe(true),
  );
  test.each([
    '1:2:3:4:5:6:7',
    '1::2::3',
    '12345::1',
    '1:2:3:4:5:6:7:8:9',
    '::ffff:192.0.2',
    'g::1',
  ])('isIPv6(%s) → false', (a) => expect(isIPv6(a)).toBe(false));
});
