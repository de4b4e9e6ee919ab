import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCdrStore, startedCdr } from '../../core/cdr-store/index.ts';
import type { CdrStore } from '../../core/cdr-store/index.ts';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { buildTestApi, login, TEST_PASSWORD } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/*
 * Roles and permissions (spec 01 §1.7, §1.8) and account-type scope
 * (§1.1 ACC-2, ACC-5) through the admin API, with rule ids in the names.
 */

let t: TestApi;
let cdrDir: string;
let cdrs: CdrStore;
const hash = hashPasswordSync(TEST_PASSWORD);

/** A `user` account of alpha with one extension, logged in. */
interface TestUser {
  id: number;
  token: string;
  extensionId: number;
}
let alice: TestUser;
let bob: TestUser;
let betaExtensionId: number;
let nextNumber = 200;

async function seedUser(teamId: number, teamUid: string, username: string): Promise<TestUser> {
  const account = t.store.accounts.create({
    teamId,
    username,
    accountType: 'user',
    passwordHash: hash,
  });
  const extension = t.store.extensions.create({
    teamId,
    accountId: account.id,
    internalNumber: String(nextNumber++),
  });
  return {
    id: account.id,
    token: await login(t.app, username, teamUid),
    extensionId: extension.id,
  };
}

/** PUT, which TestApi.call() does not offer. */
function put(token: string, url: string, body: unknown) {
  return t.app.inject({
    method: 'PUT',
    url,
    headers: { authorization: `Bearer ${token}` },
    payload: body as object,
  });
}

/** Creates a role of alpha through the API and gives it to `userId`. */
async function grant(userId: number, permissions: Record<string, string[]>): Promise<number> {
  const created = await t.call(t.alpha.token, 'POST', '/api/v1/roles', {
    name: `role-${userId}-${nextNumber++}`,
    permissions,
  });
  expect(created.statusCode).toBe(201);
  const roleId = (created.json() as { id: number }).id;
  const assigned = await put(t.alpha.token, `/api/v1/accounts/${userId}/role`, { roleId });
  expect(assigned.statusCode).toBe(200);
  return roleId;
}

beforeAll(async () => {
  cdrDir = mkdtempSync(join(tmpdir(), 'switchyard-access-cdr-'));
  cdrs = openCdrStore(cdrDir);
  t = await buildTestApi(undefined, { cdrs });
  alice = await seedUser(t.alpha.team.id, 'alpha', 'alice');
  bob = await seedUser(t.alpha.team.id, 'alpha', 'bob');
  betaExtensionId = (await seedUser(t.beta.team.id, 'beta', 'carol')).extensionId;
});
afterAll(async () => {
  await t.close();
  cdrs.close();
  rmSync(cdrDir, { recursive: true, force: true, maxRetries: 5 });
});

describe('permission catalogue (§1.7)', () => {
  test('GET /permissions → the fixed pages, filterable by category', async () => {
    const all = await t.call(t.alpha.token, 'GET', '/api/v1/permissions');
    expect(all.statusCode).toBe(200);
    const keys = (all.json() as { items: Array<{ key: string }> }).items.map((p) => p.key);
    expect(keys).toContain('extensions');
    expect(keys).toContain('roles');
    const pbx = await t.call(t.alpha.token, 'GET', '/api/v1/permissions?category=reports');
    expect((pbx.json() as { items: Array<{ key: string }> }).items.map((p) => p.key)).toEqual([
      'cdrs',
      'bills',
    ]);
  });

  test('PRM-1: POST /roles with an action the page lacks → 400 naming it', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/roles', {
      name: 'bad',
      permissions: { permissions: ['add'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_VALIDATION' });
    expect(res.body).toContain('page permissions has no action add');
  });

  test('PRM-1: POST /roles with an unknown page → 400', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/roles', {
      name: 'bad2',
      permissions: { nowhere: ['view'] },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('roles (§1.8)', () => {
  test('ROLE-1: the built-in admin role cannot be changed or deleted → 409', async () => {
    const admin = t.store.roles.builtin('admin');
    const patch = await t.call(t.superToken, 'PATCH', `/api/v1/roles/${admin.id}`, { remark: 'x' });
    expect(patch.statusCode).toBe(409);
    expect(patch.json()).toMatchObject({ code: 'ERR_BUILTIN_ROLE' });
    const del = await t.call(t.superToken, 'DELETE', `/api/v1/roles/${admin.id}`);
    expect(del.statusCode).toBe(409);
  });

  test('system roles: a team admin reads them but gets 403 changing them', async () => {
    const agent = t.store.roles.builtin('agent');
    const get = await t.call(t.alpha.token, 'GET', `/api/v1/roles/${agent.id}`);
    expect(get.statusCode).toBe(200);
    const patch = await t.call(t.alpha.token, 'PATCH', `/api/v1/roles/${agent.id}`, {
      remark: 'mine now',
    });
    expect(patch.statusCode).toBe(403);
  });

  test("cross-team: a team admin gets 404 for another team's role", async () => {
    const beta = await t.call(t.beta.token, 'POST', '/api/v1/roles', { name: 'beta-only' });
    expect(beta.statusCode).toBe(201);
    const id = (beta.json() as { id: number }).id;
    expect((await t.call(t.alpha.token, 'GET', `/api/v1/roles/${id}`)).statusCode).toBe(404);
    const list = await t.call(t.alpha.token, 'GET', '/api/v1/roles');
    const ids = (list.json() as { items: Array<{ id: number }> }).items.map((r) => r.id);
    expect(ids).not.toContain(id);
  });

  test("ROLE-4: PUT /accounts/:id/role with another team's role → 400", async () => {
    const beta = t.store.roles.create({ teamId: t.beta.team.id, name: 'beta-2', permissions: {} });
    const res = await put(t.superToken, `/api/v1/accounts/${alice.id}/role`, {
      roleId: beta.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_VALIDATION' });
  });

  test('DELETE /roles/:id of a role an account holds → 409 ERR_IN_USE', async () => {
    const roleId = await grant(bob.id, {});
    const res = await t.call(t.alpha.token, 'DELETE', `/api/v1/roles/${roleId}`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ERR_IN_USE' });
    await put(t.alpha.token, `/api/v1/accounts/${bob.id}/role`, { roleId: null });
    expect((await t.call(t.alpha.token, 'DELETE', `/api/v1/roles/${roleId}`)).statusCode).toBe(204);
  });
});

describe('enforcement (ACC-5, ACC-2)', () => {
  test('ACC-5: a user account without a role → 403 ERR_PERMISSION_DENIED on /extensions', async () => {
    const res = await t.call(alice.token, 'GET', '/api/v1/extensions');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'ERR_PERMISSION_DENIED' });
  });

  test('ACC-5: a role without the extensions permission → 403; with it → 200', async () => {
    await grant(alice.id, { queues: ['view'] });
    expect((await t.call(alice.token, 'GET', '/api/v1/extensions')).statusCode).toBe(403);
    expect((await t.call(alice.token, 'GET', '/api/v1/queues')).statusCode).toBe(200);
    await grant(alice.id, { extensions: ['view'] });
    expect((await t.call(alice.token, 'GET', '/api/v1/extensions')).statusCode).toBe(200);
  });

  test('ACC-5: view without edit → PATCH /extensions/:id → 403', async () => {
    await grant(alice.id, { extensions: ['view'] });
    const res = await t.call(alice.token, 'PATCH', `/api/v1/extensions/${alice.extensionId}`, {
      name: 'mine',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'ERR_PERMISSION_DENIED' });
  });

  test('ACC-2: a user lists only its own extensions', async () => {
    await grant(alice.id, { extensions: ['view', 'edit', 'add'] });
    const res = await t.call(alice.token, 'GET', '/api/v1/extensions');
    const items = (res.json() as { items: Array<{ id: number; accountId: number }> }).items;
    expect(items.map((e) => e.id)).toEqual([alice.extensionId]);
    const asBob = await t.call(alice.token, 'GET', `/api/v1/extensions?accountId=${bob.id}`);
    expect(asBob.statusCode).toBe(403);
  });

  test("ACC-2: another account's extension in the same team → 404; its own → 200", async () => {
    await grant(alice.id, { extensions: ['view', 'edit'] });
    const other = await t.call(alice.token, 'GET', `/api/v1/extensions/${bob.extensionId}`);
    expect(other.statusCode).toBe(404);
    const own = await t.call(alice.token, 'GET', `/api/v1/extensions/${alice.extensionId}`);
    expect(own.statusCode).toBe(200);
    const patch = await t.call(alice.token, 'PATCH', `/api/v1/extensions/${alice.extensionId}`, {
      name: 'Alice desk',
    });
    expect(patch.statusCode).toBe(200);
  });

  test('ACC-2: POST /extensions for another account → 403', async () => {
    await grant(alice.id, { extensions: ['add'] });
    const res = await t.call(alice.token, 'POST', '/api/v1/extensions', {
      accountId: bob.id,
      internalNumber: '299',
    });
    expect(res.statusCode).toBe(403);
  });

  test("cross-team: a user with the permission gets 404 for another team's extension", async () => {
    await grant(alice.id, { extensions: ['view'] });
    const res = await t.call(alice.token, 'GET', `/api/v1/extensions/${betaExtensionId}`);
    expect(res.statusCode).toBe(404);
    const admin = await t.call(t.alpha.token, 'GET', `/api/v1/extensions/${betaExtensionId}`);
    expect(admin.statusCode).toBe(404);
  });

  test('ACC-2: a team admin needs no role and sees every extension of its team', async () => {
    const res = await t.call(t.alpha.token, 'GET', '/api/v1/extensions');
    expect(res.statusCode).toBe(200);
    expect((res.json() as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(2);
  });

  test('ROLE-1: the built-in admin role lets a user do everything, on its own objects', async () => {
    const admin = t.store.roles.builtin('admin');
    await put(t.alpha.token, `/api/v1/accounts/${bob.id}/role`, { roleId: admin.id });
    const list = await t.call(bob.token, 'GET', '/api/v1/extensions');
    expect((list.json() as { items: Array<{ id: number }> }).items.map((e) => e.id)).toEqual([
      bob.extensionId,
    ]);
    expect((await t.call(bob.token, 'GET', '/api/v1/trunks')).statusCode).toBe(200);
  });

  test('superadmin-only routes stay closed to a user whatever its role', async () => {
    const res = await t.call(bob.token, 'POST', '/api/v1/teams', { uid: 'x', name: 'X' });
    expect(res.statusCode).toBe(403);
  });

  test("ACC-2: a user account lists only its own extensions' CDRs; another account's → 403; the admin sees both", async () => {
    const cdr = (callId: string, extensionId: number) =>
      cdrs.insert(
        startedCdr({
          callId,
          teamId: t.alpha.team.id,
          callerNumber: '1',
          calledNumber: '2',
          extensionId,
          startedAtMs: Date.now(),
        }),
      );
    cdr('acc2-alice', alice.extensionId);
    cdr('acc2-bob', bob.extensionId);
    await grant(alice.id, { cdrs: ['view'] });
    const own = await t.call(alice.token, 'GET', '/api/v1/cdrs');
    expect(own.statusCode, own.body).toBe(200);
    const ids = (own.json() as { items: Array<{ id: string }> }).items.map((c) => c.id);
    expect(ids).toContain('acc2-alice');
    expect(ids).not.toContain('acc2-bob');
    const asBob = await t.call(alice.token, 'GET', `/api/v1/cdrs?accountId=${bob.id}`);
    expect(asBob.statusCode).toBe(403);
    const admin = await t.call(t.alpha.token, 'GET', '/api/v1/cdrs');
    const all = (admin.json() as { items: Array<{ id: string }> }).items.map((c) => c.id);
    expect(all).toEqual(expect.arrayContaining(['acc2-alice', 'acc2-bob']));
  });

  test('escalation: a user cannot assign a role granting more than its own → 403', async () => {
    await grant(alice.id, { accounts: ['view', 'edit'] });
    const admin = t.store.roles.builtin('admin');
    const res = await put(alice.token, `/api/v1/accounts/${alice.id}/role`, {
      roleId: admin.id,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'ERR_PERMISSION_DENIED' });
  });

  test('GET /auth/permissions → the caller’s role and matrix (ROLE-3)', async () => {
    await grant(alice.id, { extensions: ['view'] });
    const res = await t.call(alice.token, 'GET', '/api/v1/auth/permissions');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ scope: 'own', permissions: { extensions: ['view'] } });
    const admin = await t.call(t.alpha.token, 'GET', '/api/v1/auth/permissions');
    expect(admin.json()).toMatchObject({ scope: 'team' });
  });
});
