import { describe, expect, test } from 'vitest';
import { parseSipMessage } from './parser.ts';
import type { SipRequest } from './sip-message.ts';
import { validateRequest } from './validate.ts';

const BASE = [
  'Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776',
  'Max-Forwards: 70',
  'To: <sip:bob@example.com>',
  'From: <sip:alice@example.com>;tag=1',
  'Call-ID: abc@pc33',
];

function req(start: string, extra: string[], cseq = 'CSeq: 1 OPTIONS'): SipRequest {
  const r = parseSipMessage(
    Buffer.from([start, ...BASE, cseq, ...extra, 'Content-Length: 0', '', ''].join('\r\n')),
  );
  if (!r.ok || !r.value.isRequest) throw new Error(JSON.stringify(r));
  return r.value;
}

describe('validateRequest()', () => {
  test('validateRequest() when fine → undefined', () => {
    expect(validateRequest(req('OPTIONS sip:bob@example.com SIP/2.0', []))).toBeUndefined();
  });

  test('validateRequest() when Require lists unknown tags → 420 with Unsupported', () => {
    const d = validateRequest(
      req('OPTIONS sip:bob@example.com SIP/2.0', ['Require: 100rel, foo']),
      { supportedOptionTags: ['100rel'] },
    );
    expect(d).toMatchObject({ status: 420, unsupported: ['foo'] });
  });

  test('validateRequest() when Proxy-Require and checkProxyRequire → 420', () => {
    const r = req('OPTIONS sip:bob@example.com SIP/2.0', ['Proxy-Require: x']);
    expect(validateRequest(r)).toBeUndefined();
    expect(validateRequest(r, { checkProxyRequire: true })?.status).toBe(420);
  });

  test('validateRequest() when Max-Forwards 0 → 483, unless disabled', () => {
    const r = parseSipMessage(
      Buffer.from(
        'OPTIONS sip:b@c SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nMax-Forwards: 0\r\nTo: <sip:b@c>\r\nFrom: <sip:a@c>;tag=1\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n',
      ),
    );
    if (!r.ok || !r.value.isRequest) throw new Error('parse');
    expect(validateRequest(r.value)?.status).toBe(483);
    expect(validateRequest(r.value, { rejectZeroMaxForwards: false })).toBeUndefined();
  });

  test('validateRequest() when a tel Request-URI and tel not served → 416', () => {
    const r = req('OPTIONS tel:+15551234 SIP/2.0', []);
    expect(validateRequest(r)).toBeUndefined();
    expect(validateRequest(r, { uriSchemes: ['sip'] })?.status).toBe(416);
  });

  test('validateRequest() when ACK has a defect → never answered', () => {
    const d = validateRequest(req('ACK sip:bob@example.com SIP/2.0', [], 'CSeq: 1 INVITE'));
    expect(d).toMatchObject({ code: 'ERR_SIP_BAD_HEADER', status: undefined });
  });

  test('validateRequest() when CANCEL has Require → no 420 (§8.2.2.3)', () => {
    expect(
      validateRequest(
        req('CANCEL sip:bob@example.com SIP/2.0', ['Require: foo'], 'CSeq: 1 CANCEL'),
      ),
    ).toBeUndefined();
  });

  test('validateRequest() when Via is missing → dropped', () => {
    const r = parseSipMessage(
      Buffer.from(
        'OPTIONS sip:b@c SIP/2.0\r\nTo: <sip:b@c>\r\nFrom: <sip:a@c>;tag=1\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n',
      ),
    );
    if (!r.ok || !r.value.isRequest) throw new Error('parse');
    expect(validateRequest(r.value)).toMatchObject({
      code: 'ERR_SIP_MISSING_HEADER',
      status: undefined,
    });
  });

  test('validateRequest() when Contact mixes * with addresses → 400 Bad Contact', () => {
    const d = validateRequest(
      req('REGISTER sip:example.com SIP/2.0', ['Contact: *, <sip:a@b>'], 'CSeq: 1 REGISTER'),
    );
    expect(d).toMatchObject({ status: 400, reason: 'Bad Contact' });
  });
});
