import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { buildTestApi } from '../test-api.ts';
import type { TestApi, TestTeam } from '../test-api.ts';

/*
 * CRUD, ETag/If-Match, strict bodies and tenant isolation, run the same
 * way for every team-owned resource.
 */

let t: TestApi;
/** Objects each team's bodies refer to. */
const refs = new Map<number, { accountId: number; trunkId: number; extensionId: number }>();
let serial = 0;

beforeAll(async () => {
  t = await buildTestApi();
  const hash = hashPasswordSync('x-password');
  for (const { team } of [t.alpha, t.beta]) {
    const account = t.store.accounts.create({
      teamId: team.id,
      username: `owner${team.uid}`,
      accountType: 'user',
      passwordHash: hash,
    });
    const trunk = t.store.trunks.create({
      teamId: team.id,
      name: `carrier${team.uid}`,
      type: 'ipPeer',
      host: 'sip.carrier.test',
    });
    const extension = t.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '100',
    });
    refs.set(team.id, { accountId: account.id, trunkId: trunk.id, extensionId: extension.id });
  }
});
afterAll(async () => t.close());

interface ResourceCase {
  path: string;
  create: (teamId: number, n: number) => Record<string, unknown>;
  patch: Record<string, unknown>;
  secret?: string;
}

const CASES: ResourceCase[] = [
  {
    path: 'accounts',
    create: (_teamId, n) => ({
      username: `user${n}`,
      accountType: 'user',
      password: 'pw-12345678',
      // AC-3: a user account is created with a role.
      roleId: t.store.roles.builtin('agent').id,
    }),
    patch: { firstName: 'Ann', password: 'new-pw-12345' },
    secret: 'password',
  },
  {
    path: 'extensions',
    create: (teamId, n) => ({
      internalNumber: String(2000 + n),
      accountId: refs.get(teamId)!.accountId,
      secret: 'sip-secret-1',
    }),
    patch: { name: 'Front desk', secret: 'sip-secret-2' },
    secret: 'secret',
  },
  {
    path: 'trunks',
    create: (_teamId, n) => ({
      name: `trunk${n}`,
      type: 'registration',
      host: 'sip.example.net',
      username: 'acct',
      secret: 'carrier-pw',
    }),
    patch: { port: 5070, secret: 'carrier-pw-2' },
    secret: 'secret',
  },
  {
    path: 'outbound-routes',
    create: (teamId, n) => ({
      name: `route${n}`,
      numberPrefix: '00',
      trunkId: refs.get(teamId)!.trunkId,
    }),
    patch: { priority: 5 },
  },
  {
    path: 'dids',
    create: (teamId, n) => ({
      number: `+3902555${String(n).padStart(4, '0')}`,
      destinationType: 'extension',
      destinationId: refs.get(teamId)!.extensionId,
    }),
    patch: { remark: 'main line' },
  },
];

async function create(c: ResourceCase, owner: TestTeam): Promise<{ id: number; etag: string }> {
  const res = await t.call(
    owner.token,
    'POST',
    `/api/v1/${c.path}`,
    c.create(owner.team.id, ++serial),
  );
  expect(res.statusCode, res.body).toBe(201);
  return { id: (res.json() as { id: number }).id, etag: String(res.headers.etag) };
}

describe.each(CASES)('/api/v1/$path', (c) => {
  test('POST, GET, PATCH with If-Match, DELETE → 201, 200 + ETag, 200, 204, then 404', async () => {
    const url = `/api/v1/${c.path}`;
    const { id, etag } = await create(c, t.alpha);
    const got = await t.call(t.alpha.token, 'GET', `${url}/${id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe(etag);
    expect(got.json()).toMatchObject({ id, teamId: t.alpha.team.id });
    if (c.secret !== undefined) expect(got.json()).not.toHaveProperty(c.secret);

    t.clock.tick(1000);
    const patched = await t.call(t.alpha.token, 'PATCH', `${url}/${id}`, c.patch, {
      'if-match': etag,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.headers.etag).not.toBe(etag);
    const { [c.secret ?? '']: _secret, ...visible } = c.patch;
    expect(patched.json()).toMatchObject(visible);
    if (c.secret !== undefined) expect(patched.json()).not.toHaveProperty(c.secret);

    const listed = await t.call(t.alpha.token, 'GET', `${url}?limit=500`);
    expect((listed.json() as { items: Array<{ id: number }> }).items.map((i) => i.id)).toContain(
      id,
    );

    const deleted = await t.call(t.alpha.token, 'DELETE', `${url}/${id}`, undefined, {
      'if-match': String(patched.headers.etag),
    });
    expect(deleted.statusCode).toBe(204);
    expect((await t.call(t.alpha.token, 'GET', `${url}/${id}`)).statusCode).toBe(404);
  });

  test('PATCH or DELETE with a stale If-Match → 412 ERR_PRECONDITION_FAILED, nothing changed', async () => {
    const url = `/api/v1/${c.path}`;
    const { id, etag } = await create(c, t.alpha);
    t.clock.tick(1000);
    const first = await t.call(t.alpha.token, 'PATCH', `${url}/${id}`, c.patch, {
      'if-match': etag,
    });
    expect(first.statusCode).toBe(200);
    const lost = await t.call(t.alpha.token, 'PATCH', `${url}/${id}`, c.patch, {
      'if-match': etag,
    });
    expect(lost.statusCode).toBe(412);
    expect(lost.json()).toMatchObject({ code: 'ERR_PRECONDITION_FAILED' });
    const del = await t.call(t.alpha.token, 'DELETE', `${url}/${id}`, undefined, {
      'if-match': etag,
    });
    expect(del.statusCode).toBe(412);
    expect((await t.call(t.alpha.token, 'GET', `${url}/${id}`)).statusCode).toBe(200);
  });

  test('POST or PATCH with an unknown field → 400 naming body.<field>', async () => {
    const url = `/api/v1/${c.path}`;
    const bad = await t.call(t.alpha.token, 'POST', url, {
      ...c.create(t.alpha.team.id, ++serial),
      bogus: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'ERR_VALIDATION',
      issues: [{ field: 'body.bogus', message: 'unknown field' }],
    });
    const { id } = await create(c, t.alpha);
    const badPatch = await t.call(t.alpha.token, 'PATCH', `${url}/${id}`, { id: 99 });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().issues).toEqual([{ field: 'body.id', message: 'unknown field' }]);
  });

  test("cross-tenant: team alpha's admin gets 404 for beta's object, cannot create in beta, lists only alpha", async () => {
    const url = `/api/v1/${c.path}`;
    const theirs = await create(c, t.beta);
    const mine = await create(c, t.alpha);
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.call(
        t.alpha.token,
        method,
        `${url}/${theirs.id}`,
        method === 'PATCH' ? c.patch : undefined,
      );
      expect(res.statusCode, `${method} → ${res.body}`).toBe(404);
      expect(res.json()).toEqual({
        code: 'ERR_NOT_FOUND',
        message: expect.stringContaining(`${theirs.id} not found`),
        issues: [],
      });
    }
    const list = await t.call(t.alpha.token, 'GET', `${url}?limit=500`);
    const items = (list.json() as { items: Array<{ id: number; teamId: number | null }> }).items;
    expect(items.map((i) => i.id)).toContain(mine.id);
    expect(items.map((i) => i.id)).not.toContain(theirs.id);
    expect(items.every((i) => i.teamId === t.alpha.team.id || i.teamId === null)).toBe(true);
    const foreignList = await t.call(t.alpha.token, 'GET', `${url}?teamId=${t.beta.team.id}`);
    expect(foreignList.statusCode).toBe(403);
    const intrude = await t.call(t.alpha.token, 'POST', url, {
      ...c.create(t.alpha.team.id, ++serial),
      teamId: t.beta.team.id,
    });
    expect(intrude.statusCode).toBe(403);
    expect(intrude.json()).toMatchObject({ code: 'ERR_FORBIDDEN' });
    const superList = await t.call(t.superToken, 'GET', `${url}?limit=500`);
    const all = (superList.json() as { items: Array<{ id: number }> }).items.map((i) => i.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });
});
