import { describe, expect, test } from 'vitest';
import type { DigestAlgorithm } from '../../../core/index.ts';
import { FakeClock, ValidationError, computeHa1 } from '../../../core/index.ts';
import { DigestClient } from './digest-client.ts';
import { parseDigestChallenge } from './digest-challenge.ts';
import { parseDigestCredentials, serializeCredentials } from './digest-credentials.ts';
import type { DigestServerOptions, Ha1Lookup } from './digest-server.ts';
import { DigestServer } from './digest-server.ts';
import { digestRejection } from './digest-verify-result.ts';

const REALM = 'pbx.example.com';
const URI = 'sip:pbx.example.com';
const USERS: Record<string, string> = { alice: 'secret-a', bob: 'secret-b' };

const lookup: Ha1Lookup = (username, realm, algorithm) => {
  const password = USERS[username];
  return password === undefined ? undefined : computeHa1(algorithm, username, realm, password);
};

function setup(options: DigestServerOptions = {}) {
  const clock = new FakeClock();
  const server = new DigestServer({ clock, secret: Buffer.alloc(32, 1), ...options });
  const verify = (credentials: string, more: { method?: string; realm?: string } = {}) =>
    server.verify({
      method: more.method ?? 'REGISTER',
      realm: more.realm ?? REALM,
      credentials,
      ha1: lookup,
      requestUri: URI,
    });
  return { clock, server, verify };
}

function clientFor(username: string, password: string, challenges: string[]): DigestClient {
  const client = new DigestClient({ username, password });
  const r = client.handleChallenge(challenges);
  if (!r.ok) throw new Error(r.error.detail);
  return client;
}

function only(values: string[], algorithm: DigestAlgorithm): string[] {
  return values.filter((v) => v.includes(`algorithm=${algorithm},`));
}

describe('DigestServer.challenge', () => {
  test('DigestServer.challenge() → one value per algorithm, most preferred first (RFC 8760 §2.4)', () => {
    const { server } = setup();
    const values = server.challenge({ realm: REALM });
    expect(values).toHaveLength(2);
    const parsed = values.map((v) => parseDigestChallenge(v));
    expect(parsed.map((p) => p.ok && p.value.algorithm)).toEqual(['SHA-256', 'MD5']);
    const mdFirst = server.challenge({ realm: REALM, algorithms: ['MD5', 'SHA-256'] });
    expect(
      mdFirst.map((v) => parseDigestChallenge(v)).map((p) => p.ok && p.value.algorithm),
    ).toEqual(['MD5', 'SHA-256']);
    expect(parsed.map((p) => p.ok && p.value.qopOptions)).toEqual([['auth'], ['auth']]);
    expect(values[0]).toMatch(/^Digest realm="pbx.example.com", nonce="[A-Za-z0-9_-]{72}"/);
  });

  test('DigestServer.challenge() when stale → stale=true', () => {
    const { server } = setup();
    expect(server.challenge({ realm: REALM, stale: true })[0]).toContain('stale=true');
  });

  test('DigestServer.challenge() when asked for a disabled algorithm → ValidationError', () => {
    const { server } = setup({ algorithms: ['SHA-256'] });
    expect(() => server.challenge({ realm: REALM, algorithms: ['MD5'] })).toThrow(ValidationError);
  });

  test('new DigestServer() when the secret is short → ValidationError', () => {
    expect(() => new DigestServer({ secret: Buffer.alloc(8) })).toThrow(ValidationError);
  });
});

describe('DigestServer.verify', () => {
  test.each(['SHA-256', 'MD5'] as const)(
    'DigestServer.verify() when a DigestClient answers with %s → ok, and nc keeps working',
    (algorithm) => {
      const { server, verify } = setup();
      const client = clientFor(
        'alice',
        'secret-a',
        only(server.challenge({ realm: REALM }), algorithm),
      );
      for (let i = 0; i < 3; i++) {
        const credentials = client.authorize({ method: 'REGISTER', uri: URI })!;
        expect(credentials).toContain(`algorithm=${algorithm}`);
        expect(credentials).toContain(`nc=0000000${i + 1}`);
        expect(verify(credentials)).toEqual({ ok: true, username: 'alice' });
      }
    },
  );

  test('DigestServer.verify() when both challenges are offered → client picks SHA-256', () => {
    const { server, verify } = setup();
    const client = clientFor('bob', 'secret-b', server.challenge({ realm: REALM }).reverse());
    const credentials = client.authorize({ method: 'INVITE', uri: URI })!;
    expect(credentials).toContain('algorithm=SHA-256');
    expect(verify(credentials, { method: 'INVITE' })).toEqual({ ok: true, username: 'bob' });
  });

  test('DigestServer.verify() MUST refuse a replayed nonce-count (RFC 7616 §3.4) → replay', () => {
    const { server, verify } = setup();
    const client = clientFor('alice', 'secret-a', server.challenge({ realm: REALM }));
    const first = client.authorize({ method: 'REGISTER', uri: URI })!;
    const second = client.authorize({ method: 'REGISTER', uri: URI })!;
    expect(verify(second).ok).toBe(true);
    expect(verify(second)).toEqual({ ok: false, reason: 'replay' });
    expect(verify(first)).toEqual({ ok: false, reason: 'replay' });
    expect(digestRejection('replay')).toEqual({ action: 'challenge', stale: false });
  });

  test('DigestServer.verify() when the nonce outlived its lifetime → stale, then a new nonce works', () => {
    const { server, verify, clock } = setup({ nonceLifetimeMs: 60_000 });
    const client = clientFor('alice', 'secret-a', server.challenge({ realm: REALM }));
    expect(verify(client.authorize({ method: 'REGISTER', uri: URI })!).ok).toBe(true);
    clock.tick(60_001);
    const late = client.authorize({ method: 'REGISTER', uri: URI })!;
    expect(verify(late)).toEqual({ ok: false, reason: 'stale' });
    expect(digestRejection('stale')).toEqual({ action: 'challenge', stale: true });
    const retry = server.challenge({ realm: REALM, stale: true });
    expect(client.handleChallenge(retry, { isRetry: true }).ok).toBe(true);
    expect(verify(client.authorize({ method: 'REGISTER', uri: URI })!).ok).toBe(true);
  });

  test('DigestServer.verify() when the nonce is expired and the password wrong → bad-response, not stale', () => {
    const { server, verify, clock } = setup({ nonceLifetimeMs: 1000 });
    const client = clientFor('alice', 'wrong', server.challenge({ realm: REALM }));
    clock.tick(5000);
    expect(verify(client.authorize({ method: 'REGISTER', uri: URI })!)).toEqual({
      ok: false,
      reason: 'bad-response',
    });
  });

  test('DigestServer.verify() when the nonce came from a restarted process → stale', () => {
    const { server } = setup();
    const before = new DigestServer({ clock: new FakeClock() });
    const client = clientFor('alice', 'secret-a', before.challenge({ realm: REALM }));
    const r = server.verify({
      method: 'REGISTER',
      realm: REALM,
      credentials: client.authorize({ method: 'REGISTER', uri: URI })!,
      ha1: lookup,
    });
    expect(r).toEqual({ ok: false, reason: 'stale' });
  });

  test('DigestServer.verify() when given the RFC 7616 §3.9.1 response → right digest, foreign nonce → stale', () => {
    const server = new DigestServer({ algorithms: ['MD5'] });
    const r = server.verify({
      method: 'GET',
      realm: 'http-auth@example.org',
      credentials:
        'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", ' +
        'algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, ' +
        'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, ' +
        'response="8ca523f5e9506fed4657c9700eebdbec"',
      ha1: (user, realm, alg) => computeHa1(alg, user, realm, 'Circle of Life'),
    });
    expect(r).toEqual({ ok: false, reason: 'stale' });
  });

  test('DigestServer.verify() when the password is wrong vs the user unknown → same outward reply', () => {
    const { server, verify } = setup();
    const challenges = server.challenge({ realm: REALM });
    const wrong = clientFor('alice', 'guess', challenges).authorize({
      method: 'REGISTER',
      uri: URI,
    })!;
    const nobody = clientFor('mallory', 'guess', challenges).authorize({
      method: 'REGISTER',
      uri: URI,
    })!;
    const a = verify(wrong);
    const b = verify(nobody);
    expect(a).toEqual({ ok: false, reason: 'bad-response' });
    expect(b).toEqual({ ok: false, reason: 'unknown-user' });
    if (a.ok || b.ok) throw new Error('unreachable');
    expect(digestRejection(a.reason)).toEqual(digestRejection(b.reason));
    expect(digestRejection(a.reason)).toEqual({ action: 'challenge', stale: false });
  });

  test('DigestServer.verify() when the user is unknown → the lookup result does not short-cut hashing', () => {
    const { server } = setup();
    const client = clientFor('ghost', 'x', server.challenge({ realm: REALM }));
    const calls: string[] = [];
    const r = server.verify({
      method: 'REGISTER',
      realm: REALM,
      credentials: client.authorize({ method: 'REGISTER', uri: URI })!,
      ha1: (u, realm, alg) => {
        calls.push(`${u}/${realm}/${alg}`);
        return undefined;
      },
    });
    expect(r).toEqual({ ok: false, reason: 'unknown-user' });
    expect(calls).toEqual([`ghost/${REALM}/SHA-256`]);
  });

  test('DigestServer.verify() when the realm is another tenant → bad-realm', () => {
    const { server, verify } = setup();
    const client = clientFor('alice', 'secret-a', server.challenge({ realm: 'other.example.com' }));
    expect(verify(client.authorize({ method: 'REGISTER', uri: URI })!)).toEqual({
      ok: false,
      reason: 'bad-realm',
    });
    expect(digestRejection('bad-realm')).toEqual({ action: 'challenge', stale: false });
  });

  test('DigestServer.verify() when the digest-uri differs from the Request-URI → bad-uri (400)', () => {
    const { server, verify } = setup();
    const client = clientFor('alice', 'secret-a', server.challenge({ realm: REALM }));
    expect(verify(client.authorize({ method: 'REGISTER', uri: 'sip:elsewhere' })!)).toEqual({
      ok: false,
      reason: 'bad-uri',
    });
    expect(digestRejection('bad-uri')).toEqual({ action: 'bad-request' });
  });

  test('DigestServer.verify() when the method differs from the one signed → bad-response', () => {
    const { server, verify } = setup();
    const client = clientFor('alice', 'secret-a', server.challenge({ realm: REALM }));
    const credentials = client.authorize({ method: 'REGISTER', uri: URI })!;
    expect(verify(credentials, { method: 'INVITE' })).toEqual({
      ok: false,
      reason: 'bad-response',
    });
  });

  test.each([
    ['garbage', 'x'],
    ['another scheme', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'],
    ['a disabled algorithm', 'algorithm=MD5'],
    ['an unknown algorithm', 'algorithm=SHA-512-256'],
    ['no qop (RFC 2069) while not allowed', 'no-qop'],
    ['an unoffered qop', 'qop=auth-int'],
    ['nc of zero', 'nc=00000000'],
  ])('DigestServer.verify() when credentials carry %s → malformed (400)', (_, variant) => {
    const { server, verify } = setup({ algorithms: ['SHA-256'] });
    const client = clientFor('alice', 'secret-a', server.challenge({ realm: REALM }));
    const base = parseDigestCredentials(client.authorize({ method: 'REGISTER', uri: URI })!);
    if (!base.ok) throw new Error('unreachable');
    const c = base.value;
    const credentials = variant.startsWith('algorithm=')
      ? serializeCredentials({ ...c, algorithm: variant.slice(10) })
      : variant === 'no-qop'
        ? serializeCredentials({ ...c, qop: undefined, nc: undefined, cnonce: undefined })
        : variant === 'qop=auth-int'
          ? serializeCredentials({ ...c, qop: 'auth-int' })
          : variant === 'nc=00000000'
            ? serializeCredentials({ ...c, nc: '00000000' })
            : variant;
    expect(verify(credentials)).toEqual({ ok: false, reason: 'malformed' });
    expect(digestRejection('malformed')).toEqual({ action: 'bad-request' });
  });

  test('DigestServer.verify() when RFC 2069 is allowed and the server offers no qop → ok', () => {
    const { server, verify } = setup({ isRfc2069Allowed: true, qop: [] });
    const client = clientFor('alice', 'secret-a', server.challenge({ realm: REALM }));
    const credentials = client.authorize({ method: 'REGISTER', uri: URI })!;
    expect(credentials).not.toContain('nc=');
    expect(verify(credentials)).toEqual({ ok: true, username: 'alice' });
  });

  test('DigestServer.verify() when qop=auth-int → the body is checked', () => {
    const { server } = setup({ qop: ['auth-int'] });
    const client = clientFor('alice', 'secret-a', server.challenge({ realm: REALM }));
    const body = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n';
    const credentials = client.authorize({ method: 'INVITE', uri: URI, body })!;
    expect(credentials).toContain('qop=auth-int');
    const check = (entityBody: string) =>
      server.verify({ method: 'INVITE', realm: REALM, credentials, ha1: lookup, entityBody });
    expect(check('tampered')).toEqual({ ok: false, reason: 'bad-response' });
    expect(check(body)).toEqual({ ok: true, username: 'alice' });
  });

  test('DigestServer.verify() when the nonce-count map evicted a nonce → stale, not a replay window', () => {
    const { server, verify, clock } = setup({ maxTrackedNonces: 1 });
    const a = clientFor('alice', 'secret-a', server.challenge({ realm: REALM }));
    const captured = a.authorize({ method: 'REGISTER', uri: URI })!;
    expect(verify(captured).ok).toBe(true);
    clock.tick(1);
    const b = clientFor('bob', 'secret-b', server.challenge({ realm: REALM }));
    expect(verify(b.authorize({ method: 'REGISTER', uri: URI })!).ok).toBe(true);
    expect(verify(captured)).toEqual({ ok: false, reason: 'stale' });
  });

  test('DigestServer.verify() when a worker shares the secret → accepts the other worker nonces', () => {
    const secret = Buffer.alloc(32, 9);
    const one = new DigestServer({ secret });
    const two = new DigestServer({ secret });
    const client = clientFor('alice', 'secret-a', one.challenge({ realm: REALM }));
    const credentials = client.authorize({ method: 'REGISTER', uri: URI })!;
    expect(two.verify({ method: 'REGISTER', realm: REALM, credentials, ha1: lookup }).ok).toBe(
      true,
    );
  });
});
