import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseAuthParamList, quoteString } from './auth-param-list.ts';
import { parseDigestChallenge } from './digest-challenge.ts';
import { parseDigestCredentials } from './digest-credentials.ts';

const SEED_HEADERS = [
  'Digest realm="atlanta.com", domain="sip:ss1.carrier.com", qop="auth", ' +
    'nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5',
  'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", ' +
    'algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, ' +
    'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv", qop=auth, response="8ca523f5e9506fed4657c9700eebdbec"',
];

/** Parsers return a Result for every input and never throw (STYLE §4.1). */
function parseAll(value: string): void {
  const list = parseAuthParamList(value);
  const challenge = parseDigestChallenge(value);
  const credentials = parseDigestCredentials(value);
  for (const r of [list, challenge, credentials]) {
    if (!r.ok) {
      expect(typeof r.error.code).toBe('string');
      expect(r.error.offset).toBeGreaterThanOrEqual(0);
      expect(r.error.offset).toBeLessThanOrEqual(value.length);
    }
  }
}

describe('parseAuthParamList', () => {
  test('parseAuthParamList() → names lower-cased with their offsets', () => {
    const r = parseAuthParamList('Digest Realm="r", nc=00000001');
    expect(r).toEqual({
      ok: true,
      value: {
        scheme: 'Digest',
        schemeOffset: 0,
        params: [
          { name: 'realm', value: 'r', isQuoted: true, offset: 7 },
          { name: 'nc', value: '00000001', isQuoted: false, offset: 18 },
        ],
      },
    });
  });

  test('quoteString() when the value holds DQUOTE and backslash → escaped; CR → undefined', () => {
    expect(quoteString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteString('a\rb')).toBeUndefined();
  });

  test('auth header parsers when fuzzed with random strings → never throw', () => {
    const alphabet = fc.constantFrom(...'Digest =,"\\\r\n\t abc-.%\u0000\u00e9'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => parseAll(chars.join(''))),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 80 }), parseAll), { numRuns: 1000 });
  });

  test('auth header parsers when fuzzed with mutated real headers → never throw', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEED_HEADERS),
        fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.string({ unit: 'binary-ascii', maxLength: 3 })), {
          maxLength: 4,
        }),
        (seed, edits) => {
          let s = seed;
          for (const [at, cut, insert] of edits) {
            const i = at % (s.length + 1);
            s = s.slice(0, i) + insert + s.slice(i + cut);
          }
          parseAll(s);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
