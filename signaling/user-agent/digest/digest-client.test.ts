import { describe, expect, test } from 'vitest';
import { parseDigestCredentials } from './digest-credentials.ts';
import { DigestClient, selectChallenge } from './digest-client.ts';

const RFC7616_SHA256 =
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
  'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
const RFC7616_MD5 = RFC7616_SHA256.replace('SHA-256', 'MD5');
const RFC7616_CNONCE = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';

function mufasa(): DigestClient {
  return new DigestClient({
    username: 'Mufasa',
    password: 'Circle of Life',
    cnonce: () => RFC7616_CNONCE,
  });
}

function credentialsOf(value: string | undefined) {
  const r = parseDigestCredentials(value ?? '');
  if (!r.ok) throw new Error(r.error.detail);
  return r.value;
}

describe('DigestClient', () => {
  test('DigestClient.authorize() when given the RFC 7616 §3.9.1 challenges → the RFC responses', () => {
    const sha = mufasa();
    expect(sha.handleChallenge([RFC7616_MD5, RFC7616_SHA256]).ok).toBe(true);
    const c = credentialsOf(sha.authorize({ method: 'GET', uri: '/dir/index.html' }));
    expect(c).toMatchObject({
      algorithm: 'SHA-256',
      qop: 'auth',
      nc: '00000001',
      cnonce: RFC7616_CNONCE,
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
      response: '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    });
    const md5 = mufasa();
    md5.handleChallenge([RFC7616_MD5]);
    expect(credentialsOf(md5.authorize({ method: 'GET', uri: '/dir/index.html' })).response).toBe(
      '8ca523f5e9506fed4657c9700eebdbec',
    );
  });

  test('DigestClient.authorize() before any challenge → undefined', () => {
    expect(mufasa().authorize({ method: 'REGISTER', uri: 'sip:x' })).toBeUndefined();
  });

  test('DigestClient.authorize() when the nonce is reused → nc increments, cnonce fresh', () => {
    let n = 0;
    const client = new DigestClient({ username: 'u', password: 'p', cnonce: () => `c${++n}` });
    client.handleChallenge(['Digest realm="r", nonce="n1", qop="auth"']);
    const first = credentialsOf(client.authorize({ method: 'REGISTER', uri: 'sip:r' }));
    const second = credentialsOf(client.authorize({ method: 'REGISTER', uri: 'sip:r' }));
    expect([first.nc, second.nc]).toEqual(['00000001', '00000002']);
    expect([first.cnonce, second.cnonce]).toEqual(['c1', 'c2']);
    expect(second.nonce).toBe('n1');
  });

  test('DigestClient.handleChallenge() when stale=true after an answer → takes the new nonce, nc restarts', () => {
    const client = new DigestClient({ username: 'u', password: 'p' });
    client.handleChallenge(['Digest realm="r", nonce="n1", qop="auth"']);
    client.authorize({ method: 'REGISTER', uri: 'sip:r' });
    client.authorize({ method: 'REGISTER', uri: 'sip:r' });
    const r = client.handleChallenge(['Digest realm="r", nonce="n2", qop="auth", stale=true'], {
      isRetry: true,
    });
    expect(r.ok).toBe(true);
    const c = credentialsOf(client.authorize({ method: 'REGISTER', uri: 'sip:r' }));
    expect([c.nonce, c.nc]).toEqual(['n2', '00000001']);
  });

  test('DigestClient.handleChallenge() when a retry is challenged without stale → ERR_DIGEST_REJECTED', () => {
    const client = new DigestClient({ username: 'u', password: 'wrong' });
    client.handleChallenge(['Digest realm="r", nonce="n1", qop="auth"']);
    client.authorize({ method: 'REGISTER', uri: 'sip:r' });
    const r = client.handleChallenge(['Digest realm="r", nonce="n2", qop="auth"'], {
      isRetry: true,
    });
    expect(r.ok === false && r.error.code).toBe('ERR_DIGEST_REJECTED');
  });

  test('DigestClient.handleChallenge() when the answered nonce comes back without stale → ERR_DIGEST_REJECTED', () => {
    const client = new DigestClient({ username: 'u', password: 'wrong' });
    client.handleChallenge(['Digest realm="r", nonce="n1", qop="auth"']);
    client.authorize({ method: 'REGISTER', uri: 'sip:r' });
    const r = client.handleChallenge(['Digest realm="r", nonce="n1", qop="auth"']);
    expect(r.ok === false && r.error.code).toBe('ERR_DIGEST_REJECTED');
  });

  test('DigestClient.handleChallenge() when a refresh meets a new nonce without stale → answers it', () => {
    const client = new DigestClient({ username: 'u', password: 'p' });
    client.handleChallenge(['Digest realm="r", nonce="n1", qop="auth"']);
    client.authorize({ method: 'REGISTER', uri: 'sip:r' });
    expect(client.handleChallenge(['Digest realm="r", nonce="n2", qop="auth"']).ok).toBe(true);
    expect(client.challenge?.nonce).toBe('n2');
  });

  test('DigestClient.handleChallenge() when nothing usable → ERR_DIGEST_NO_USABLE_CHALLENGE', () => {
    const client = new DigestClient({ username: 'u', password: 'p' });
    const r = client.handleChallenge([
      'Basic realm="r"',
      'Digest realm="r", nonce="n", algorithm=SHA-512-256',
      'Digest realm="r", nonce="n", qop="auth-conf"',
      'Digest realm="r", nonce="n", algorithm=MD5-sess',
      'Digest realm="r"',
    ]);
    expect(r.ok === false && r.error.code).toBe('ERR_DIGEST_NO_USABLE_CHALLENGE');
  });

  test('selectChallenge() → SHA-256 over MD5 whatever the order, auth over auth-int', () => {
    const picked = selectChallenge([
      'Digest realm="r", nonce="a", algorithm=MD5, qop="auth"',
      'Bearer realm="r"',
      'Digest realm="r", nonce="b", algorithm=SHA-256, qop="auth-int,auth"',
      'Digest realm="r", nonce="c", algorithm=SHA-256, qop="auth"',
    ]);
    expect(picked).toMatchObject({ algorithm: 'SHA-256', qop: 'auth' });
    expect(picked?.challenge.nonce).toBe('b');
  });

  test('DigestClient.authorize() when the challenge has no qop → RFC 2069 form without nc or cnonce', () => {
    const client = new DigestClient({ username: 'u', password: 'p' });
    client.handleChallenge(['Digest realm="r", nonce="n"']);
    const c = credentialsOf(client.authorize({ method: 'REGISTER', uri: 'sip:r' }));
    expect(c).toMatchObject({ algorithm: 'MD5', qop: undefined, nc: undefined, cnonce: undefined });
  });

  test('DigestClient.authorize() when the username needs escaping → parses back intact', () => {
    const client = new DigestClient({ username: 'a"b\\c', password: 'p' });
    client.handleChallenge(['Digest realm="r", nonce="n", qop="auth"']);
    expect(credentialsOf(client.authorize({ method: 'REGISTER', uri: 'sip:r' })).username).toBe(
      'a"b\\c',
    );
  });
});
