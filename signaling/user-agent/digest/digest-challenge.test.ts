import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../../core/index.ts';
import type { DigestChallenge } from './digest-challenge.ts';
import { parseDigestChallenge, serializeChallenge } from './digest-challenge.ts';

function parsed(value: string): DigestChallenge {
  const r = parseDigestChallenge(value);
  if (!r.ok) throw new Error(`${r.error.code} at ${r.error.offset}: ${r.error.detail}`);
  return r.value;
}

describe('parseDigestChallenge', () => {
  test('parseDigestChallenge() when given the RFC 7616 §3.9.1 challenge → every directive', () => {
    const c = parsed(
      'Digest\r\n    realm="http-auth@example.org",\r\n    qop="auth, auth-int",\r\n' +
        '    algorithm=SHA-256,\r\n    nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",\r\n' +
        '    opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
    expect(c).toEqual({
      realm: 'http-auth@example.org',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      domain: undefined,
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
      stale: false,
      algorithm: 'SHA-256',
      qopOptions: ['auth', 'auth-int'],
      extensions: [],
    });
  });

  test('parseDigestChallenge() when given the RFC 3261 §20.44 example → empty opaque, stale=FALSE', () => {
    const c = parsed(
      'Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth", ' +
        'nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5',
    );
    expect(c.opaque).toBe('');
    expect(c.stale).toBe(false);
    expect(c.domain).toBe('sip:boxesbybob.com');
    expect(c.algorithm).toBe('MD5');
  });

  test('parseDigestChallenge() when scheme, names and tokens vary in case → normalised', () => {
    const c = parsed('dIgEsT REALM="r", Nonce="n", STALE=True, Algorithm=sha-256, QOP="AUTH"');
    expect(c).toMatchObject({ realm: 'r', nonce: 'n', stale: true, algorithm: 'SHA-256' });
    expect(c.qopOptions).toEqual(['auth']);
  });

  test('parseDigestChallenge() when a quoted-string holds escapes → unescaped value', () => {
    const c = parsed('Digest realm="a \\"quoted\\" \\\\ realm", nonce="n\\x"');
    expect(c.realm).toBe('a "quoted" \\ realm');
    expect(c.nonce).toBe('nx');
  });

  test('parseDigestChallenge() when algorithm is absent → MD5 (RFC 7616 §3.3)', () => {
    expect(parsed('Digest realm="r", nonce="n"').algorithm).toBe('MD5');
  });

  test('parseDigestChallenge() when algorithm is unknown → kept as written', () => {
    expect(parsed('Digest realm="r", nonce="n", algorithm=AKAv1-MD5').algorithm).toBe('AKAv1-MD5');
  });

  test('parseDigestChallenge() when a token value is quoted or stale is odd → lenient', () => {
    const c = parsed('Digest realm="r", nonce="n", algorithm="MD5", stale=maybe, qop=auth');
    expect(c).toMatchObject({ algorithm: 'MD5', stale: false, qopOptions: ['auth'] });
  });

  test('parseDigestChallenge() when unknown params are present → kept in extensions', () => {
    const c = parsed('Digest realm="r", nonce="n", charset=UTF-8, userhash=true, x="y z"');
    expect(c.extensions).toEqual([
      { name: 'charset', value: 'UTF-8', isQuoted: false },
      { name: 'userhash', value: 'true', isQuoted: false },
      { name: 'x', value: 'y z', isQuoted: true },
    ]);
  });

  test('parseDigestChallenge() when whitespace surrounds "=" and "," → accepted', () => {
    expect(parsed('  Digest  realm = "r" ,\tnonce= "n"  ').nonce).toBe('n');
  });

  test('parseDigestChallenge() when UTF-8 text is quoted → kept', () => {
    expect(parsed('Digest realm="Zürich €", nonce="n"').realm).toBe('Zürich €');
  });

  test.each([
    ['', 'ERR_DIGEST_EMPTY', 0],
    ['   ', 'ERR_DIGEST_EMPTY', 3],
    ['Basic realm="r"', 'ERR_DIGEST_SCHEME', 0],
    ['Digest', 'ERR_DIGEST_MISSING_PARAM', 6],
    ['Digest nonce="n"', 'ERR_DIGEST_MISSING_PARAM', 16],
    ['Digest realm="r"', 'ERR_DIGEST_MISSING_PARAM', 16],
    ['Digest realm="r', 'ERR_DIGEST_UNTERMINATED_QUOTE', 13],
    ['Digest realm="r\\', 'ERR_DIGEST_UNTERMINATED_QUOTE', 13],
    ['Digest realm="r", realm="s", nonce="n"', 'ERR_DIGEST_DUPLICATE_PARAM', 18],
    ['Digest REALM="r", realm="s", nonce="n"', 'ERR_DIGEST_DUPLICATE_PARAM', 18],
    ['Digest realm "r"', 'ERR_DIGEST_SYNTAX', 13],
    ['Digest realm=', 'ERR_DIGEST_SYNTAX', 13],
    ['Digest realm=, nonce="n"', 'ERR_DIGEST_SYNTAX', 13],
    ['Digest realm="r" nonce="n"', 'ERR_DIGEST_SYNTAX', 17],
    ['Digest realm="r",, nonce="n"', 'ERR_DIGEST_SYNTAX', 17],
    ['Digest realm="r",', 'ERR_DIGEST_SYNTAX', 17],
    ['Digest =x', 'ERR_DIGEST_SYNTAX', 7],
    ['Digest"realm"', 'ERR_DIGEST_SYNTAX', 6],
    ['"Digest"', 'ERR_DIGEST_SYNTAX', 0],
    ['Digest realm="a\r\nb", nonce="n"', 'ERR_DIGEST_BAD_CHAR', 15],
    ['Digest realm="a\\\nb", nonce="n"', 'ERR_DIGEST_BAD_CHAR', 16],
    ['Digest realm="a\u0000", nonce="n"', 'ERR_DIGEST_BAD_CHAR', 15],
    ['Digest realm="r",\r\nnonce="n"', 'ERR_DIGEST_SYNTAX', 17],
  ])('parseDigestChallenge(%j) → %s at %i', (value, code, offset) => {
    const r = parseDigestChallenge(value);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.offset).toBe(offset);
      expect(r.error.detail).not.toBe('');
    }
  });

  test('parseDigestChallenge() when a line is folded inside a quoted-string → one SP', () => {
    expect(parsed('Digest realm="a\r\n\tb", nonce="n"').realm).toBe('a b');
  });
});

describe('serializeChallenge', () => {
  const challenge: DigestChallenge = {
    realm: 'sip "x" \\ example.com',
    nonce: 'abc',
    domain: 'sip:example.com',
    opaque: '',
    stale: true,
    algorithm: 'SHA-256',
    qopOptions: ['auth', 'auth-int'],
    extensions: [{ name: 'charset', value: 'UTF-8', isQuoted: false }],
  };

  test('serializeChallenge() → RFC 3261 form with tokens unquoted', () => {
    expect(serializeChallenge(challenge)).toBe(
      'Digest realm="sip \\"x\\" \\\\ example.com", domain="sip:example.com", nonce="abc", ' +
        'opaque="", stale=true, algorithm=SHA-256, qop="auth,auth-int", charset=UTF-8',
    );
  });

  test('serializeChallenge() then parseDigestChallenge() → the same challenge', () => {
    expect(parsed(serializeChallenge(challenge))).toEqual(challenge);
  });

  test('serializeChallenge() when a value holds CR LF → ValidationError', () => {
    expect(() => serializeChallenge({ ...challenge, realm: 'a\r\nVia: x' })).toThrow(
      ValidationError,
    );
    expect(() => serializeChallenge({ ...challenge, algorithm: 'MD 5' })).toThrow(ValidationError);
    expect(() => serializeChallenge({ ...challenge, qopOptions: ['a b'] })).toThrow(
      ValidationError,
    );
  });
});
