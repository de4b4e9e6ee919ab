import { describe, expect, test } from 'vitest';
import { loadFixtures } from '../../test/fixtures/sip/load-fixtures.ts';
import { parseSipMessage } from './parser.ts';
import type { SipMessage, SipRequest } from './sip-message.ts';

const torture = new Map(loadFixtures('torture').map((f) => [f.name.replace('.dat', ''), f.data]));

function parse(name: string): SipMessage {
  const r = parseSipMessage(torture.get(name) ?? Buffer.alloc(0));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

function req(text: string): SipRequest {
  const r = parseSipMessage(Buffer.from(text.replace(/\n/g, '\r\n')));
  if (!r.ok || !r.value.isRequest) throw new Error(JSON.stringify(r));
  return r.value;
}

describe('parseSipMessage()', () => {
  test('parseSipMessage() when wsinv (folding, compact forms, odd case) → every value right', () => {
    const m = parse('wsinv');
    expect(m.isRequest && m.method).toBe('INVITE');
    expect(m.to()?.params.get('tag')).toBe('1918181833n');
    expect(m.from()?.displayName).toBe('J Rosenberg \\"');
    expect(m.fromTag()).toBe('98asjd8');
    expect(m.maxForwards()).toBe(68);
    expect(m.cseq()).toEqual({ seq: 9, method: 'INVITE' });
    expect(m.getHeader('Subject')).toBe('');
    expect(m.getHeader('NewFangledHeader')).toBe('newfangled value continued newfangled value');
    expect(m.getHeader('UnknownHeaderWithUnusualValue')).toBe(';;,,;;,;');
    const vias = m.vias() ?? [];
    expect(vias.map((v) => [v.transport, v.host, v.branch])).toEqual([
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    expect(m.topVia()?.branch).toBe('390skdjuw');
    const contacts = m.contacts();
    expect(contacts?.isWildcard).toBe(false);
    if (contacts?.isWildcard !== false) return;
    expect(contacts.contacts[0]?.displayName).toBe('Quoted string ""');
    expect(contacts.contacts[0]?.q).toBe(0.33);
    expect(contacts.contacts[0]?.params.get('secondparam')).toBeNull();
    expect(m.routes()?.[0]?.uri).toMatchObject({ host: 'services.example.com' });
    expect(m.body.length).toBe(150);
  });

  test('parseSipMessage() when intmeth (NUL in quoted string, UTF-8) → values kept', () => {
    const m = parse('intmeth');
    expect(m.isRequest && m.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    expect(m.to()?.displayName).toBe('BEL:\x07 NUL:\x00 DEL:\x7F');
    expect(m.from()?.params.get("fromparam''~+*_!.-%")).toBe('"работающий"');
    expect(m.fromTag()).toBe("_token~1'+`*%!-.");
    expect(m.callId()).toBe('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    expect(m.getHeader("extensionHeader-!.%*+_`'~")).toBe('\uFEFF大停電');
    expect(m.isRequest && m.uri()).toMatchObject({
      user: "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*",
      password: "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)",
    });
  });

  test('parseSipMessage() when esc02 → C%6Fntact is another header, two Contacts', () => {
    const m = parse('esc02');
    const contacts = m.contacts();
    expect(contacts?.isWildcard === false && contacts.contacts.length).toBe(2);
    expect(m.getHeader('C%6Fntact')).toBe('<sip:alias2@host2.example.com>');
    expect(m.to()?.displayName).toBe('%Z%45');
  });

  test('parseSipMessage() when dblreq (extra octets) → body cut to Content-Length 0', () => {
    const m = parse('dblreq');
    expect(m.body.length).toBe(0);
    expect(m.isRequest && m.method).toBe('REGISTER');
  });

  test('parseSipMessage() when longreq → 34 Vias in order', () => {
    const vias = parse('longreq').vias() ?? [];
    expect(vias.length).toBe(34);
    expect(vias[0]?.host).toBe('sip33.example.com');
    expect(vias[33]?.received).toBe('192.0.2.5');
  });

  test('parseSipMessage() when semiuri → user part holds ;par=u%40example.net', () => {
    const m = parse('semiuri');
    expect(m.isRequest && m.uri()).toMatchObject({
      user: 'user;par=u%40example.net',
      host: 'example.com',
    });
    expect(m.getHeaderValues('Accept')).toHaveLength(6);
  });

  test('parseSipMessage() when unreason / noreason → reason phrase kept, possibly empty', () => {
    const a = parse('unreason');
    const b = parse('noreason');
    expect(!a.isRequest && a.reason).toBe('= 2**3 * 5**2 но сто девяносто девять - простое');
    expect(!b.isRequest && [b.status, b.reason]).toEqual([100, '']);
  });

  test('parseSipMessage() when mpart01 → binary multipart body kept opaque', () => {
    const m = parse('mpart01');
    expect(m.body.length).toBe(553);
    expect(m.body.includes(0)).toBe(true);
    expect(m.contentType()).toMatchObject({ type: 'multipart', subtype: 'mixed' });
    expect(m.contentType()?.params.get('boundary')).toBe('7a9cbec02ceef655');
    expect(m.topVia()?.rport).toBeNull();
    expect(m.topVia()?.port).toBe(5070);
  });

  test('parseSipMessage() when IPv6 in Via and URIs (RFC 5118) → brackets kept, received unwrapped', () => {
    const m = req(
      'BYE sip:[2001:db8::10]:5070 SIP/2.0\nVia: SIP/2.0/UDP [2001:db8::9:1]:6050;received=[2001:db8::9:255];branch=z9hG4bKx\n\n',
    );
    expect(m.uri()).toMatchObject({ host: '[2001:db8::10]', port: 5070 });
    expect(m.topVia()).toMatchObject({
      host: '[2001:db8::9:1]',
      port: 6050,
      received: '2001:db8::9:255',
    });
  });

  test('parseSipMessage() when CRLFs precede the start line → ignored (RFC 3261 §7.5)', () => {
    const r = parseSipMessage(Buffer.from('\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\nl: 0\r\n\r\n'));
    expect(r.ok).toBe(true);
  });

  test('parseSipMessage() when no Content-Length on a datagram → body runs to the end', () => {
    expect(req('MESSAGE sip:a@b SIP/2.0\n\nhello').body.toString()).toBe('hello');
  });

  test('parseSipMessage() when Contact is * → wildcard', () => {
    expect(req('REGISTER sip:b SIP/2.0\nContact: *\nExpires: 0\n\n').contacts()).toEqual({
      isWildcard: true,
    });
  });

  test('parseSipMessage() when the header section is not UTF-8 → kept byte per char', () => {
    const buf = Buffer.concat([
      Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nX-Bin: '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\r\n\r\n'),
    ]);
    const r = parseSipMessage(buf);
    expect(r.ok && r.value.headerEncoding).toBe('latin1');
    expect(r.ok && r.value.getHeader('X-Bin')).toBe('\xff\xfe');
  });
});

describe('parseSipMessage() malformed input', () => {
  const table: Array<[string, string, string]> = [
    ['empty', '', 'ERR_SIP_EMPTY'],
    ['only CRLF', '\r\n\r\n', 'ERR_SIP_EMPTY'],
    ['no empty line', 'OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n', 'ERR_SIP_TRUNCATED'],
    ['HTTP request', 'GET / HTTP/1.1\r\n\r\n', 'ERR_SIP_BAD_START_LINE'],
    ['no method', ' sip:a@b SIP/2.0\r\n\r\n', 'ERR_SIP_BAD_START_LINE'],
    ['no Request-URI', 'OPTIONS SIP/2.0\r\n\r\n', 'ERR_SIP_BAD_START_LINE'],
    ['bad version', 'OPTIONS sip:a@b SIP/2\r\n\r\n', 'ERR_SIP_BAD_VERSION'],
    ['bad status version', 'SIP/x 200 OK\r\n\r\n', 'ERR_SIP_BAD_VERSION'],
    ['2-digit status', 'SIP/2.0 20 OK\r\n\r\n', 'ERR_SIP_BAD_START_LINE'],
    ['status 700', 'SIP/2.0 700 Huh\r\n\r\n', 'ERR_SIP_BAD_START_LINE'],
    ['header without colon', 'OPTIONS sip:a@b SIP/2.0\r\nVia\r\n\r\n', 'ERR_SIP_BAD_HEADER'],
    [
      'header name with space',
      'OPTIONS sip:a@b SIP/2.0\r\nBad Name: x\r\n\r\n',
      'ERR_SIP_BAD_HEADER',
    ],
    [
      'fold before any header',
      'OPTIONS sip:a@b SIP/2.0\r\n folded: x\r\n\r\n',
      'ERR_SIP_BAD_HEADER',
    ],
    [
      'Content-Length five',
      'OPTIONS sip:a@b SIP/2.0\r\nContent-Length: five\r\n\r\n',
      'ERR_SIP_CONTENT_LENGTH',
    ],
    [
      'Content-Length too big',
      'OPTIONS sip:a@b SIP/2.0\r\nl: 10\r\n\r\nabc',
      'ERR_SIP_CONTENT_LENGTH',
    ],
  ];
  for (const [what, text, code] of table) {
    test(`parseSipMessage() when ${what} → ${code}`, () => {
      const r = parseSipMessage(Buffer.from(text, 'latin1'));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(code);
      expect(r.error.offset).toBeGreaterThanOrEqual(0);
      expect(r.error.offset).toBeLessThanOrEqual(text.length);
    });
  }

  test('parseSipMessage() when a header line is bad → offset points at it', () => {
    const r = parseSipMessage(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nTo: x\r\nOops\r\n\r\n'));
    expect(!r.ok && r.error.offset).toBe(32);
  });
});
