import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { TEST_PASSWORD, buildTestApi, login } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await buildTestApi({ sessionTtlMs: 60 * 60_000, loginAttemptsPerMinute: 3 });
});
afterAll(async () => t.close());
// Each test starts with fresh login-rate windows.
beforeEach(() => t.clock.tick(60_000));

const loginAs = (username: string, password: string, team?: string, ip = '127.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: ip,
    payload: { username, password, ...(team ? { team } : {}) },
  });

describe('authentication', () => {
  test('POST /auth/login → an opaque token and expiry; GET /auth/me names the account (ACC-1)', async () => {
    const res = await loginAs('adminalpha', TEST_PASSWORD, 'alpha', '10.0.0.1');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { token: string; expiresAt: string };
    expect(body.token).toMatch(/^swy_[A-Za-z0-9_-]{43}$/);
    expect(body.expiresAt).toBe(new Date(t.clock.now() + 3_600_000).toISOString());
    const me = await t.call(body.token, 'GET', '/api/v1/auth/me');
    expect(me.json()).toEqual({
      accountId: t.alpha.adminId,
      username: 'adminalpha',
      role: 'teamAdmin',
      teamId: t.alpha.team.id,
      tokenKind: 'session',
    });
  });

  test('no token → 401 with a Bearer challenge; unknown token → 401 invalid_token', async () => {
    const none = await t.call(undefined, 'GET', '/api/v1/extensions');
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="switchyard"');
    const bad = await t.call('swy_nope', 'GET', '/api/v1/extensions');
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toContain('invalid_token');
  });

  test('wrong password, unknown user, wrong team → the same 401, each logged as loginFailed', async () => {
    for (const [user, team] of [
      ['adminalpha', 'alpha'],
      ['ghost', 'alpha'],
      ['adminalpha', 'beta'],
    ]) {
      const res = await loginAs(user!, 'wrong-password', team, '10.0.1.1');
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toBe('wrong username, team or password');
    }
    const rows = t.store.operationLogs.list({ action: 'loginFailed', limit: 10 });
    expect(rows.map((r) => r.username)).toEqual(expect.arrayContaining(['ghost', 'adminalpha']));
  });

  test('a session expires after its TTL → 401', async () => {
    const token = await login(t.app, 'adminbeta', 'beta');
    expect((await t.call(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.tick(60 * 60_000);
    expect((await t.call(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  test('POST /auth/logout → 204 and the token stops working', async () => {
    const token = await login(t.app, 'root');
    expect((await t.call(token, 'POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await t.call(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  test('a disabled account cannot log in and its tokens stop working (AC-4, ACC-1)', async () => {
    const account = t.store.accounts.create({
      teamId: t.beta.team.id,
      username: 'temp',
      accountType: 'teamAdmin',
      passwordHash: hashPasswordSync(TEST_PASSWORD),
    });
    const token = await login(t.app, 'temp', 'beta');
    t.store.accounts.update(account.id, { status: 'disabled' });
    expect((await t.call(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await loginAs('temp', TEST_PASSWORD, 'beta', '10.0.2.1')).statusCode).toBe(401);
  });

  test('a user account without a role → 403 on admin resources (ACC-5)', async () => {
    t.store.accounts.create({
      teamId: t.alpha.team.id,
      username: 'plain',
      accountType: 'user',
      passwordHash: hashPasswordSync(TEST_PASSWORD),
    });
    const token = await login(t.app, 'plain', 'alpha');
    const res = await t.call(token, 'GET', '/api/v1/extensions');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('ERR_PERMISSION_DENIED');
  });
});

describe('login rate limit', () => {
  test('more than the limit per username in a minute → 429 with Retry-After, even with the right password', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await loginAs('adminbeta', 'nope', 'beta', `10.1.0.${i}`)).statusCode).toBe(401);
    }
    const limited = await loginAs('adminbeta', TEST_PASSWORD, 'beta', '10.1.0.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('ERR_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.tick(60_000);
    expect((await loginAs('adminbeta', TEST_PASSWORD, 'beta', '10.1.0.9')).statusCode).toBe(200);
  });

  test('more than the limit per IP across usernames → 429', async () => {
    for (const user of ['u1', 'u2', 'u3']) {
      expect((await loginAs(user, 'nope', 'alpha', '10.2.0.1')).statusCode).toBe(401);
    }
    expect((await loginAs('u4', 'nope', 'alpha', '10.2.0.1')).statusCode).toBe(429);
  });
});

describe('/api/v1/api-keys', () => {
  // Sessions of the seed may have expired in the tests above.
  let alphaToken: string;
  let betaToken: string;
  beforeAll(async () => {
    alphaToken = await login(t.app, 'adminalpha', 'alpha');
    betaToken = await login(t.app, 'adminbeta', 'beta');
  });

  test('POST returns the key once; it authenticates as its account; list hides it; DELETE revokes', async () => {
    const created = await t.call(alphaToken, 'POST', '/api/v1/api-keys', { name: 'ci' });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json() as { id: number; key: string };
    const me = await t.call(key, 'GET', '/api/v1/auth/me');
    expect(me.json()).toMatchObject({ username: 'adminalpha', tokenKind: 'apiKey' });
    const list = await t.call(alphaToken, 'GET', '/api/v1/api-keys');
    expect(list.body).not.toContain(key);
    expect((list.json() as { items: Array<{ id: number }> }).items.map((k) => k.id)).toContain(id);
    const logout = await t.call(key, 'POST', '/api/v1/auth/logout');
    expect(logout.statusCode).toBe(400);
    expect((await t.call(betaToken, 'DELETE', `/api/v1/api-keys/${id}`)).statusCode).toBe(404);
    expect((await t.call(alphaToken, 'DELETE', `/api/v1/api-keys/${id}`)).statusCode).toBe(204);
    expect((await t.call(key, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  test('POST with an expiry in the past → 400 naming expiresAt', async () => {
    const res = await t.call(alphaToken, 'POST', '/api/v1/api-keys', {
      name: 'old',
      expiresAt: '2000-01-01T00:00:00Z',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ field: 'expiresAt', message: expect.any(String) }]);
  });
});
