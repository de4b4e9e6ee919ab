import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { ValidationError } from '../../../core/index.ts';
import { quoteString } from './auth-param-list.ts';
import type { DigestCredentials } from './digest-credentials.ts';
import { parseDigestCredentials, serializeCredentials } from './digest-credentials.ts';

function parsed(value: string): DigestCredentials {
  const r = parseDigestCredentials(value);
  if (!r.ok) throw new Error(`${r.error.code} at ${r.error.offset}: ${r.error.detail}`);
  return r.value;
}

const RFC7616_AUTHORIZATION =
  'Digest username="Mufasa",\r\n    realm="http-auth@example.org",\r\n' +
  '    uri="/dir/index.html",\r\n    algorithm=MD5,\r\n' +
  '    nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",\r\n    nc=00000001,\r\n' +
  '    cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",\r\n    qop=auth,\r\n' +
  '    response="8ca523f5e9506fed4657c9700eebdbec",\r\n' +
  '    opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';

const BASE = 'Digest username="u", realm="r", nonce="n", uri="sip:r", response="0a"';

describe('parseDigestCredentials', () => {
  test('parseDigestCredentials() when given the RFC 7616 §3.9.1 Authorization → every directive', () => {
    expect(parsed(RFC7616_AUTHORIZATION)).toEqual({
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      uri: '/dir/index.html',
      response: '8ca523f5e9506fed4657c9700eebdbec',
      algorithm: 'MD5',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
      qop: 'auth',
      nc: '00000001',
      extensions: [],
    });
  });

  test('parseDigestCredentials() when given the RFC 3261 §20.7 example → no uri, refused', () => {
    // The example is illustrative: RFC 2617 §3.2.2 requires uri.
    const r = parseDigestCredentials(
      'Digest username="Alice", realm="atlanta.com", nonce="84a4cc6f3082121f32b42a2187831a9e", ' +
        'response="7587245234b3434cc3412213e5f113a5432"',
    );
    expect(r.ok === false && r.error.code).toBe('ERR_DIGEST_MISSING_PARAM');
  });

  test('parseDigestCredentials() when qop, nc and algorithm are quoted → lenient', () => {
    const c = parsed(`${BASE}, qop="AUTH", nc="0000000A", cnonce="c", algorithm="sha-256"`);
    expect(c).toMatchObject({ qop: 'auth', nc: '0000000A', algorithm: 'SHA-256' });
  });

  test('parseDigestCredentials() when a username holds escapes → unescaped', () => {
    expect(parsed(BASE.replace('"u"', '"a\\"b\\\\c"')).username).toBe('a"b\\c');
  });

  test.each([
    ['Bearer abc', 'ERR_DIGEST_SCHEME'],
    ['Bearer mF_9.B5f-4.1JqM', 'ERR_DIGEST_SCHEME'],
    ['Digest realm="r", nonce="n", uri="sip:r", response="0a"', 'ERR_DIGEST_MISSING_PARAM'],
    ['Digest username="u", nonce="n", uri="sip:r", response="0a"', 'ERR_DIGEST_MISSING_PARAM'],
    ['Digest username="u", realm="r", uri="sip:r", response="0a"', 'ERR_DIGEST_MISSING_PARAM'],
    ['Digest username="u", realm="r", nonce="n", response="0a"', 'ERR_DIGEST_MISSING_PARAM'],
    ['Digest username="u", realm="r", nonce="n", uri="sip:r"', 'ERR_DIGEST_MISSING_PARAM'],
    [`${BASE}, qop=auth, cnonce="c"`, 'ERR_DIGEST_MISSING_PARAM'],
    [`${BASE}, qop=auth, nc=00000001`, 'ERR_DIGEST_MISSING_PARAM'],
    [`${BASE}, qop=auth, nc=1, cnonce="c"`, 'ERR_DIGEST_BAD_VALUE'],
    [`${BASE}, qop=auth, nc=0000000g, cnonce="c"`, 'ERR_DIGEST_BAD_VALUE'],
    [BASE.replace('"0a"', '"xyz"'), 'ERR_DIGEST_BAD_VALUE'],
    [BASE.replace('"0a"', '""'), 'ERR_DIGEST_BAD_VALUE'],
    [`${BASE}, username="v"`, 'ERR_DIGEST_DUPLICATE_PARAM'],
    [`${BASE}, nc=00000001 00000002`, 'ERR_DIGEST_SYNTAX'],
    [BASE.replace('"u"', '"u'), 'ERR_DIGEST_SYNTAX'],
    [`${BASE}, cnonce="c`, 'ERR_DIGEST_UNTERMINATED_QUOTE'],
  ])('parseDigestCredentials(%j) → %s', (value, code) => {
    const r = parseDigestCredentials(value);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.offset).toBeGreaterThanOrEqual(0);
      expect(r.error.offset).toBeLessThanOrEqual(value.length);
    }
  });
});

describe('serializeCredentials', () => {
  test('serializeCredentials() → quoted strings, tokens unquoted', () => {
    const c = parsed(RFC7616_AUTHORIZATION);
    expect(serializeCredentials(c)).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", ' +
        'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", uri="/dir/index.html", ' +
        'response="8ca523f5e9506fed4657c9700eebdbec", algorithm=MD5, ' +
        'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", ' +
        'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", qop=auth, nc=00000001',
    );
  });

  test('serializeCredentials() when a value holds LF → ValidationError', () => {
    const c = parsed(BASE);
    expect(() => serializeCredentials({ ...c, username: 'a\nb' })).toThrow(ValidationError);
    expect(() => serializeCredentials({ ...c, nc: '1 2' })).toThrow(ValidationError);
  });

  test('serializeCredentials() then parseDigestCredentials() for any printable values → same', () => {
    const text = fc
      .string({ unit: 'grapheme', maxLength: 20 })
      .filter((s) => quoteString(s) !== undefined);
    fc.assert(
      fc.property(
        text,
        text,
        text,
        text,
        fc.stringMatching(/^[0-9a-f]{32}$/),
        fc.integer({ min: 1, max: 0xffffffff }),
        (username, realm, nonce, uri, response, count) => {
          const c: DigestCredentials = {
            username,
            realm,
            nonce,
            uri,
            response,
            algorithm: 'MD5',
            cnonce: nonce,
            opaque: undefined,
            qop: 'auth',
            nc: count.toString(16).padStart(8, '0'),
            extensions: [],
          };
          expect(parsed(serializeCredentials(c))).toEqual(c);
        },
      ),
      { numRuns: 300 },
    );
  });
});
