import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { buildTestApi, login, TEST_PASSWORD } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/*
 * AC-10: the 组管理员 of an account group manages the group's `user`
 * members and their extensions, and nothing else of the team; ACC-2
 * keeps a plain user to itself. Cross-account cases through the API.
 */

let t: TestApi;
const hash = hashPasswordSync(TEST_PASSWORD);
let nextNumber = 300;

interface Seeded {
  id: number;
  extensionId: number;
}
let groupAdmin: Seeded & { token: string };
let member: Seeded & { token: string };
let outsider: Seeded;
let adminMember: Seeded;
let betaUser: Seeded;

function seed(
  teamId: number,
  username: string,
  accountType: 'user' | 'teamAdmin' = 'user',
): Seeded {
  const account = t.store.accounts.create({ teamId, username, accountType, passwordHash: hash });
  const extension = t.store.extensions.create({
    teamId,
    accountId: account.id,
    internalNumber: String(nextNumber++),
  });
  return { id: account.id, extensionId: extension.id };
}

function ids(body: string): number[] {
  return (JSON.parse(body) as { items: Array<{ id: number }> }).items.map((i) => i.id).sort();
}

beforeAll(async () => {
  t = await buildTestApi();
  const alpha = t.alpha.team.id;
  const ga = seed(alpha, 'groupboss');
  const m = seed(alpha, 'member1');
  outsider = seed(alpha, 'outsider');
  adminMember = seed(alpha, 'deputy', 'teamAdmin');
  betaUser = seed(t.beta.team.id, 'betauser');
  t.store.accountGroups.create({
    teamId: alpha,
    name: 'sales',
    members: [
      { accountId: ga.id, isGroupAdmin: true },
      { accountId: m.id },
      { accountId: adminMember.id },
    ],
  });
  groupAdmin = { ...ga, token: await login(t.app, 'groupboss', 'alpha') };
  member = { ...m, token: await login(t.app, 'member1', 'alpha') };
});

afterAll(async () => {
  await t.close();
});

describe('AC-10 group admin, accounts', () => {
  test('AC-10: GET /accounts as group admin → itself and its user members only', async () => {
    const res = await t.call(groupAdmin.token, 'GET', '/api/v1/accounts');
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res.body)).toEqual([groupAdmin.id, member.id].sort());
  });

  test('AC-10: GET /accounts/:id of a member → 200; of a non-member, an admin member or another team → 404', async () => {
    expect(
      (await t.call(groupAdmin.token, 'GET', `/api/v1/accounts/${member.id}`)).statusCode,
    ).toBe(200);
    for (const id of [outsider.id, adminMember.id, betaUser.id, t.alpha.adminId]) {
      const res = await t.call(groupAdmin.token, 'GET', `/api/v1/accounts/${id}`);
      expect(res.statusCode, `account ${id}`).toBe(404);
    }
  });

  test('AC-10: PATCH a member’s status and password → 200, and the member can no longer log in', async () => {
    const res = await t.call(groupAdmin.token, 'PATCH', `/api/v1/accounts/${member.id}`, {
      status: 'disabled',
      password: 'a brand new password',
      firstName: 'Mem',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'disabled', firstName: 'Mem' });
    const again = await t.call(member.token, 'GET', '/api/v1/auth/me');
    expect(again.statusCode).toBe(401);
    const back = await t.call(groupAdmin.token, 'PATCH', `/api/v1/accounts/${member.id}`, {
      status: 'enabled',
      password: TEST_PASSWORD,
    });
    expect(back.statusCode, back.body).toBe(200);
    member.token = await login(t.app, 'member1', 'alpha');
  });

  test('AC-10: PATCH an admin-only field of a member (forcedRecording, paymentMode) → 403', async () => {
    for (const body of [{ forcedRecording: true }, { paymentMode: 'prepaid' }]) {
      const res = await t.call(groupAdmin.token, 'PATCH', `/api/v1/accounts/${member.id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(403);
    }
  });

  test('AC-10: PATCH a non-member or an admin member → 404, nothing changed', async () => {
    for (const id of [outsider.id, adminMember.id]) {
      const res = await t.call(groupAdmin.token, 'PATCH', `/api/v1/accounts/${id}`, {
        status: 'disabled',
      });
      expect(res.statusCode, `account ${id}`).toBe(404);
      expect(t.store.accounts.find(id)?.status).toBe('enabled');
    }
  });

  test('AC-10: DELETE a member, POST an account, PUT a member’s role → 403', async () => {
    const del = await t.call(groupAdmin.token, 'DELETE', `/api/v1/accounts/${member.id}`);
    expect(del.statusCode).toBe(403);
    const post = await t.call(groupAdmin.token, 'POST', '/api/v1/accounts', {
      username: 'sneaky',
      accountType: 'user',
      password: TEST_PASSWORD,
    });
    expect(post.statusCode).toBe(403);
    const role = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/accounts/${member.id}/role`,
      headers: { authorization: `Bearer ${groupAdmin.token}` },
      payload: { roleId: null },
    });
    expect(role.statusCode).toBe(403);
    expect(t.store.accounts.find(member.id)).toBeDefined();
  });
});

describe('AC-10 group admin, extensions and the rest of the team', () => {
  test('AC-10: GET /extensions → its own and its members’ extensions only', async () => {
    const res = await t.call(groupAdmin.token, 'GET', '/api/v1/extensions');
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res.body)).toEqual([groupAdmin.extensionId, member.extensionId].sort());
    const filtered = await t.call(
      groupAdmin.token,
      'GET',
      `/api/v1/extensions?accountId=${member.id}`,
    );
    expect(ids(filtered.body)).toEqual([member.extensionId]);
    const foreign = await t.call(
      groupAdmin.token,
      'GET',
      `/api/v1/extensions?accountId=${outsider.id}`,
    );
    expect(foreign.statusCode).toBe(403);
  });

  test('AC-10: PATCH a member’s extension → 200; a non-member’s → 404', async () => {
    const ok = await t.call(groupAdmin.token, 'PATCH', `/api/v1/extensions/${member.extensionId}`, {
      name: 'member desk',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    for (const id of [outsider.extensionId, adminMember.extensionId, betaUser.extensionId]) {
      const res = await t.call(groupAdmin.token, 'PATCH', `/api/v1/extensions/${id}`, {
        name: 'taken over',
      });
      expect(res.statusCode, `extension ${id}`).toBe(404);
    }
  });

  test('AC-10: nothing else of the team: GET /agents, /trunks, /account-groups → 403', async () => {
    for (const path of ['agents', 'trunks', 'account-groups']) {
      const res = await t.call(groupAdmin.token, 'GET', `/api/v1/${path}`);
      expect(res.statusCode, path).toBe(403);
    }
  });

  test('AC-10: a plain member (no 组管理员 flag) → 403 on /accounts and /extensions', async () => {
    for (const path of ['accounts', `accounts/${groupAdmin.id}`, 'extensions']) {
      const res = await t.call(member.token, 'GET', `/api/v1/${path}`);
      expect(res.statusCode, path).toBe(403);
      expect(res.json()).toMatchObject({ code: 'ERR_PERMISSION_DENIED' });
    }
  });

  test('AC-10: the flag taken away → the former group admin is a plain user again', async () => {
    const group = t.store.accountGroups.findByAccount(groupAdmin.id)!;
    t.store.accountGroups.update(group.id, {
      members: group.members.map((m) => ({ accountId: m.accountId, isGroupAdmin: false })),
    });
    const res = await t.call(groupAdmin.token, 'GET', `/api/v1/accounts/${member.id}`);
    expect(res.statusCode).toBe(403);
    t.store.accountGroups.update(group.id, { members: group.members });
  });
});

describe('AC-10 who can be a group admin', () => {
  test('AC-10: POST /account-groups with a teamAdmin marked isGroupAdmin → 400 naming the member', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/account-groups', {
      name: 'admins',
      members: [{ accountId: outsider.id }, { accountId: t.alpha.adminId, isGroupAdmin: true }],
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.body).toContain('members[1].isGroupAdmin');
  });
});

describe('ACC-2 user accounts with an accounts role', () => {
  test('ACC-2: a user whose role grants accounts view lists only itself', async () => {
    const created = await t.call(t.alpha.token, 'POST', '/api/v1/roles', {
      name: 'account viewers',
      permissions: { accounts: ['view', 'edit'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const roleId = (created.json() as { id: number }).id;
    const assigned = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/accounts/${member.id}/role`,
      headers: { authorization: `Bearer ${t.alpha.token}` },
      payload: { roleId },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const res = await t.call(member.token, 'GET', '/api/v1/accounts');
    expect(ids(res.body)).toEqual([member.id]);
    const other = await t.call(member.token, 'PATCH', `/api/v1/accounts/${outsider.id}`, {
      status: 'disabled',
    });
    expect(other.statusCode).toBe(404);
  });
});
