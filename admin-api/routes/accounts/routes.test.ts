import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * AC-3 (spec 01 §1.3): the account type gives the default role and scope.
 * A systemAdmin has no team, a teamAdmin its creator's team; both get the
 * built-in admin role. A user account needs a team and a role.
 */

let t: TestApi;
beforeAll(async () => {
  t = await buildTestApi();
});
afterAll(() => t.close());

const PASSWORD = 'pw-account-1';

describe('POST /api/v1/accounts', () => {
  test('AC-3: when a teamAdmin is created → its creator’s team and the built-in admin role', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/accounts', {
      username: 'secondadmin',
      accountType: 'teamAdmin',
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(201);
    const account = res.json() as { id: number; teamId: number | null };
    expect(account.teamId).toBe(t.alpha.team.id);
    expect(t.store.roles.roleOf(account.id)?.builtin).toBe('admin');
  });

  test('AC-3: when a superadmin creates a systemAdmin → no team and the built-in admin role', async () => {
    const res = await t.call(t.superToken, 'POST', '/api/v1/accounts', {
      username: 'secondroot',
      accountType: 'systemAdmin',
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(201);
    const account = res.json() as { id: number; teamId: number | null };
    expect(account.teamId).toBeNull();
    expect(t.store.roles.roleOf(account.id)?.builtin).toBe('admin');
  });

  test('AC-3: when a user account is created without a role → 400 on roleId, nothing stored', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/accounts', {
      username: 'norole',
      accountType: 'user',
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_VALIDATION', issues: [{ field: 'roleId' }] });
    expect(t.store.accounts.findByUsername(t.alpha.team.id, 'norole')).toBeUndefined();
  });

  test('AC-3: when a user account is created with its team’s role → holds it and acts by it', async () => {
    const role = t.store.roles.create({
      teamId: t.alpha.team.id,
      name: 'viewers',
      permissions: { extensions: ['view'] },
    });
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/accounts', {
      username: 'viewer',
      accountType: 'user',
      password: PASSWORD,
      roleId: role.id,
    });
    expect(res.statusCode).toBe(201);
    const account = res.json() as { id: number; teamId: number | null };
    expect(account.teamId).toBe(t.alpha.team.id);
    expect(t.store.roles.roleOf(account.id)?.id).toBe(role.id);
    const token = await loginAs('viewer');
    expect((await t.call(token, 'GET', '/api/v1/extensions')).statusCode).toBe(200);
    expect((await t.call(token, 'GET', '/api/v1/trunks')).statusCode).toBe(403);
  });

  test('AC-3: when a user account names another team’s role → 400 on roleId (ROLE-4), nothing stored', async () => {
    const foreign = t.store.roles.create({ teamId: t.beta.team.id, name: 'beta', permissions: {} });
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/accounts', {
      username: 'foreignrole',
      accountType: 'user',
      password: PASSWORD,
      roleId: foreign.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_VALIDATION', issues: [{ field: 'roleId' }] });
    expect(t.store.accounts.findByUsername(t.alpha.team.id, 'foreignrole')).toBeUndefined();
  });

  test('AC-3: when an admin account names a role → 400 on roleId (its role is the admin one)', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/accounts', {
      username: 'adminwithrole',
      accountType: 'teamAdmin',
      password: PASSWORD,
      roleId: t.store.roles.builtin('agent').id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ issues: [{ field: 'roleId' }] });
  });
});

/** Logs in an alpha account created above (test-api's login() uses the seed password). */
async function loginAs(username: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: PASSWORD, team: 'alpha' },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
  return (res.json() as { token: string }).token;
}
