import { describe, expect, test } from 'vitest';
import { createRequest, createResponse, formatVia, generateBranch } from './builders.ts';
import { loadFixtures } from '../../test/fixtures/sip/load-fixtures.ts';
import { parseSipMessage } from './parser.ts';
import { serializeSipMessage } from './serializer.ts';
import type { SipRequest } from './sip-message.ts';

function invite(): SipRequest {
  return createRequest({
    method: 'INVITE',
    requestUri: 'sip:bob@biloxi.example.com',
    via: formatVia({
      transport: 'udp',
      host: '2001:db8::1',
      port: 5060,
      branch: 'z9hG4bK776asdhds',
      rport: true,
    }),
    from: 'Alice <sip:alice@atlanta.example.com>;tag=1928301774',
    to: 'Bob <sip:bob@biloxi.example.com>',
    callId: 'a84b4c76e66710@pc33.atlanta.example.com',
    cseq: 314159,
    contact: '<sip:alice@pc33.atlanta.example.com>',
    body: 'v=0\r\n',
    contentType: 'application/sdp',
  });
}

describe('createRequest()', () => {
  test('createRequest() → the §8.1.1 headers, Max-Forwards 70 and Content-Length', () => {
    const r = parseSipMessage(serializeSipMessage(invite()));
    expect(r.ok).toBe(true);
    if (!r.ok || !r.value.isRequest) return;
    const m = r.value;
    expect(m.topVia()).toMatchObject({
      host: '[2001:db8::1]',
      port: 5060,
      branch: 'z9hG4bK776asdhds',
      rport: null,
    });
    expect(m.maxForwards()).toBe(70);
    expect(m.cseq()).toEqual({ seq: 314159, method: 'INVITE' });
    expect(m.getHeader('Content-Length')).toBe('5');
    expect(m.body.toString()).toBe('v=0\r\n');
  });

  test('generateBranch() → starts with the magic cookie and is unique', () => {
    expect(generateBranch()).toMatch(/^z9hG4bK[a-z0-9]{16}$/);
    expect(generateBranch()).not.toBe(generateBranch());
  });
});

describe('createResponse() per RFC 3261 §8.2.6', () => {
  test('createResponse(180) → Vias, From, Call-ID, CSeq copied; To gets a tag', () => {
    const req = invite();
    req.addHeader('Via', 'SIP/2.0/TCP proxy.example.com;branch=z9hG4bKp1');
    const res = createResponse(req, 180, { toTag: 'abc' });
    expect(res.reason).toBe('Ringing');
    expect(res.getHeaders('Via')).toEqual(req.getHeaders('Via'));
    expect(res.getHeader('From')).toBe(req.getHeader('From'));
    expect(res.toTag()).toBe('abc');
    expect(res.getHeader('Contact')).toBeUndefined();
    expect(res.getHeader('Content-Length')).toBe('0');
  });

  test('createResponse(100) → no To tag, Timestamp copied (§8.2.6.1)', () => {
    const req = invite();
    req.addHeader('Timestamp', '54');
    const res = createResponse(req, 100);
    expect(res.toTag()).toBeUndefined();
    expect(res.getHeader('Timestamp')).toBe('54');
  });

  test('createResponse() when To already has a tag → kept', () => {
    const req = invite();
    req.setHeader('To', '<sip:bob@biloxi.example.com>;tag=xyz');
    expect(createResponse(req, 200).toTag()).toBe('xyz');
  });
});

describe('serializeSipMessage()', () => {
  test('serializeSipMessage(parse(x)) when unchanged → byte-identical for every valid fixture', () => {
    for (const { name, data, expect: want } of loadFixtures('torture')) {
      if (
        want.parses !== true ||
        ['lwsstart.dat', 'trws.dat', 'dblreq.dat', 'inv2543.dat'].includes(name)
      )
        continue;
      const r = parseSipMessage(data);
      if (!r.ok) throw new Error(name);
      expect(serializeSipMessage(r.value).equals(data), name).toBe(true);
    }
  });

  test('serializeSipMessage() when a header changes → only that line is rewritten', () => {
    const data =
      loadFixtures('torture').find((f) => f.name === 'wsinv.dat')?.data ?? Buffer.alloc(0);
    const r = parseSipMessage(data);
    if (!r.ok) throw new Error('wsinv');
    r.value.setHeader('Max-Forwards', '67');
    const out = serializeSipMessage(r.value).toString('latin1');
    expect(out).toContain('\r\nMax-Forwards: 67\r\n');
    expect(out).toContain(
      '\r\nTO :\r\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\r\n',
    );
  });

  test('removeTopValue() and addHeader(top) → Via pushed and popped as a proxy does', () => {
    const req = invite();
    req.addHeader('Via', 'SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1', 'top');
    expect(req.topVia()?.host).toBe('proxy.example.com');
    expect(req.removeTopValue('Via')).toBe('SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1');
    expect(req.topVia()?.host).toBe('[2001:db8::1]');
  });

  test('serializeSipMessage() when the message lost Content-Length → added', () => {
    const req = invite();
    req.removeHeader('Content-Length');
    expect(serializeSipMessage(req).toString()).toContain('\r\nContent-Length: 5\r\n\r\nv=0');
  });

  test('serializeSipMessage() when the header section was not UTF-8 → raw bytes kept', () => {
    const buf = Buffer.concat([
      Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nX-Bin: '),
      Buffer.from([0xff]),
      Buffer.from('\r\nContent-Length: 0\r\n\r\n'),
    ]);
    const r = parseSipMessage(buf);
    if (!r.ok) throw new Error('latin1');
    r.value.addHeader('Subject', 'café');
    const out = serializeSipMessage(r.value);
    expect(out.includes(Buffer.from([0x58, 0x2d, 0x42, 0x69, 0x6e, 0x3a, 0x20, 0xff]))).toBe(true);
    expect(out.includes(Buffer.from('Subject: café', 'utf8'))).toBe(true);
  });
});
