import { describe, expect, test } from 'vitest';
import { computeHa1 } from '../../../core/index.ts';
import {
  computeDigestResponse,
  digestHash,
  formatNonceCount,
  toDigestAlgorithm,
} from './digest-response.ts';

// RFC 7616 §3.9.1: Mufasa, password "Circle of Life", GET /dir/index.html.
const RFC7616 = {
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  uri: '/dir/index.html',
};

describe('computeDigestResponse', () => {
  test('computeDigestResponse() when given the RFC 7616 §3.9.1 MD5 example → its response', () => {
    const ha1 = computeHa1('MD5', 'Mufasa', RFC7616.realm, 'Circle of Life');
    const response = computeDigestResponse({
      algorithm: 'MD5',
      ha1,
      nonce: RFC7616.nonce,
      method: 'GET',
      uri: RFC7616.uri,
      qop: 'auth',
      nc: '00000001',
      cnonce: RFC7616.cnonce,
    });
    expect(response).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  test('computeDigestResponse() when given the RFC 7616 §3.9.1 SHA-256 example → its response', () => {
    const ha1 = computeHa1('SHA-256', 'Mufasa', RFC7616.realm, 'Circle of Life');
    const response = computeDigestResponse({
      algorithm: 'SHA-256',
      ha1,
      nonce: RFC7616.nonce,
      method: 'GET',
      uri: RFC7616.uri,
      qop: 'auth',
      nc: '00000001',
      cnonce: RFC7616.cnonce,
    });
    expect(response).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  test('computeDigestResponse() when given the RFC 2617 §3.5 example → its response', () => {
    const ha1 = computeHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
    const response = computeDigestResponse({
      algorithm: 'MD5',
      ha1,
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      method: 'GET',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  test('computeDigestResponse() when qop is absent → RFC 2069 form H(HA1:nonce:HA2)', () => {
    const ha1 = computeHa1('MD5', 'u', 'r', 'p');
    const ha2 = digestHash('MD5', 'REGISTER:sip:r');
    expect(
      computeDigestResponse({
        algorithm: 'MD5',
        ha1,
        nonce: 'n',
        method: 'REGISTER',
        uri: 'sip:r',
      }),
    ).toBe(digestHash('MD5', `${ha1}:n:${ha2}`));
  });

  test('computeDigestResponse() when qop=auth-int → hashes the body into A2', () => {
    const ha1 = computeHa1('SHA-256', 'u', 'r', 'p');
    const base = {
      algorithm: 'SHA-256',
      ha1,
      nonce: 'n',
      method: 'INVITE',
      uri: 'sip:b@r',
    } as const;
    const withBody = { ...base, qop: 'auth-int', nc: '00000001', cnonce: 'c' } as const;
    const ha2 = digestHash('SHA-256', `INVITE:sip:b@r:${digestHash('SHA-256', 'v=0\r\n')}`);
    expect(computeDigestResponse({ ...withBody, entityBody: 'v=0\r\n' })).toBe(
      digestHash('SHA-256', `${ha1}:n:00000001:c:auth-int:${ha2}`),
    );
    expect(computeDigestResponse({ ...withBody, entityBody: 'other' })).not.toBe(
      computeDigestResponse({ ...withBody, entityBody: 'v=0\r\n' }),
    );
  });

  test('computeDigestResponse() when the algorithm is MD5-sess → A1 = HA1:nonce:cnonce', () => {
    const ha1 = computeHa1('MD5', 'u', 'r', 'p');
    const sessHa1 = digestHash('MD5', `${ha1}:n:c`);
    const common = {
      nonce: 'n',
      method: 'REGISTER',
      uri: 'sip:r',
      qop: 'auth',
      nc: '00000002',
      cnonce: 'c',
    } as const;
    expect(computeDigestResponse({ ...common, algorithm: 'MD5-sess', ha1 })).toBe(
      computeDigestResponse({ ...common, algorithm: 'MD5', ha1: sessHa1 }),
    );
  });
});

describe('digest algorithm helpers', () => {
  test('toDigestAlgorithm() when the case differs → canonical name; unknown → undefined', () => {
    expect(toDigestAlgorithm('sha-256')).toBe('SHA-256');
    expect(toDigestAlgorithm('md5-SESS')).toBe('MD5-sess');
    expect(toDigestAlgorithm('SHA-512-256')).toBeUndefined();
  });

  test('formatNonceCount() → eight lower-case hex digits', () => {
    expect(formatNonceCount(1)).toBe('00000001');
    expect(formatNonceCount(0xabc)).toBe('00000abc');
  });
});
