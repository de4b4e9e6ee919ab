import { describe, expect, test } from 'vitest';
import { uriEquals } from './uri-compare.ts';
import { parseUri, serializeUri } from './uri.ts';
import type { Uri } from './uri.ts';

function uri(text: string): Uri {
  const r = parseUri(text);
  if (!r.ok) throw new Error(`${text}: ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('parseUri()', () => {
  test('parseUri() when a full SIP URI → every part', () => {
    expect(uri('sips:alice:secret@[2001:db8::1]:5061;transport=tcp;lr?subject=hi&x=1')).toEqual({
      scheme: 'sips',
      user: 'alice',
      password: 'secret',
      host: '[2001:db8::1]',
      port: 5061,
      params: new Map([
        ['transport', 'tcp'],
        ['lr', null],
      ]),
      headers: 'subject=hi&x=1',
    });
  });

  test('parseUri() when tel and unknown schemes → tel parsed, others opaque', () => {
    expect(uri('tel:+1-201-555-0123;phone-context=example.com')).toMatchObject({
      scheme: 'tel',
      number: '+1-201-555-0123',
    });
    expect(uri('soap.beep://192.0.2.103:3002')).toEqual({
      scheme: 'soap.beep',
      opaque: '//192.0.2.103:3002',
    });
  });

  const bad = [
    '',
    'sip:',
    '<sip:a@b>',
    'sip:a@b; lr',
    'sip:2001:db8::10',
    'sip:a@b:99999',
    'sip:a@[2001:db8::1',
    'sip:a b@c',
    'sip:a@b;=x',
    'sip:a%zz@b',
    '1sip:a@b',
    'tel:',
  ];
  for (const text of bad) {
    test(`parseUri(${JSON.stringify(text)}) → ERR_SIP_BAD_URI`, () => {
      const r = parseUri(text);
      expect(!r.ok && r.error.code).toBe('ERR_SIP_BAD_URI');
    });
  }

  test('serializeUri() when parsed → same text back', () => {
    for (const t of [
      'sip:alice@atlanta.com;transport=tcp',
      'sips:[2001:db8::1]:5061',
      'tel:+358-555-1234567;postd=pp22',
      'urn:service:sos',
    ]) {
      expect(serializeUri(uri(t))).toBe(t);
    }
  });
});

describe('uriEquals() per RFC 3261 §19.1.4', () => {
  const equal: Array<[string, string]> = [
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;newparam=5'],
    [
      'sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com',
      'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com',
    ],
    [
      'sip:alice@atlanta.com?subject=project%20x&priority=urgent',
      'sip:alice@atlanta.com?priority=urgent&subject=project%20x',
    ],
    ['tel:+1-201-555-0123', 'tel:+12015550123'],
  ];
  const different: Array<[string, string]> = [
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
    ['sip:a@b', 'sips:a@b'],
    ['sip:a@b;maddr=x', 'sip:a@b'],
  ];
  for (const [a, b] of equal)
    test(`uriEquals(${a}, ${b}) → true`, () => expect(uriEquals(uri(a), uri(b))).toBe(true));
  for (const [a, b] of different)
    test(`uriEquals(${a}, ${b}) → false`, () => expect(uriEquals(uri(a), uri(b))).toBe(false));
});
