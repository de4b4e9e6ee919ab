import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';
import { paginate } from './list-query.ts';
import type { ListQuery } from './list-query.ts';

/*
 * registerCrudRoutes() as every resource gets it: lists paged in SQL give
 * exactly what the in-memory paginate() gave over the same rows, and
 * If-Match guards writes on extensions, trunks and queues alike.
 */

let t: TestApi;
let ownerId: number;

type Row = { id: number } & Record<string, unknown>;
type Page = { items: Row[]; nextCursor: string | null };

beforeAll(async () => {
  t = await buildTestApi();
  const teamId = t.alpha.team.id;
  t.store.teams.update(teamId, { maxExtensions: 100 });
  ownerId = t.store.accounts.create({
    teamId,
    username: 'owner',
    accountType: 'user',
    passwordHash: hashPasswordSync('x-password'),
  }).id;
  for (let i = 0; i < 17; i++) {
    t.store.extensions.create({
      teamId,
      accountId: ownerId,
      internalNumber: String(300 + ((i * 5) % 17)),
      name: `desk ${i % 3}`,
      status: i % 4 === 0 ? 'disabled' : 'enabled',
    });
    if (i % 2 === 0) t.clock.tick(1000);
  }
  t.store.extensions.create({
    teamId: t.beta.team.id,
    accountId: t.store.accounts.create({
      teamId: t.beta.team.id,
      username: 'betaowner',
      accountType: 'user',
      passwordHash: hashPasswordSync('x-password'),
    }).id,
    internalNumber: '300',
  });
});
afterAll(async () => t.close());

async function walk(token: string, query: string): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const url: string = `/api/v1/extensions?${query}${cursor === null ? '' : `&cursor=${cursor}`}`;
    const res = await t.call(token, 'GET', url);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as Page;
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  return ids;
}

describe('registerCrudRoutes() list', () => {
  const cases: Array<[string, Partial<ListQuery>, Record<string, unknown>]> = [
    ['limit=4', { sort: 'id' }, {}],
    ['limit=5&sort=-createdAt', { sort: '-createdAt' }, {}],
    ['limit=3&sort=name', { sort: 'name' }, {}],
    [
      'limit=2&sort=-internalNumber&status=enabled',
      { sort: '-internalNumber' },
      { status: 'enabled' },
    ],
  ];
  for (const [query, sort, filters] of cases) {
    test(`GET ?${query} when walked with the cursor → the rows paginate() gives, once each`, async () => {
      const all = t.store.extensions.list(t.alpha.team.id).map((e) => ({
        ...e,
        createdAt: e.createdAt.toISOString(),
        updatedAt: e.updatedAt.toISOString(),
      }));
      const expected = paginate(all, { limit: 1000, sort: 'id', ...sort }, filters).items;
      const ids = await walk(t.alpha.token, query);
      expect(ids).toEqual(expected.map((r) => r.id));
    });
  }

  test('GET as another team’s admin → none of this team’s rows', async () => {
    const ids = await walk(t.beta.token, 'limit=50');
    const alphaIds = new Set(t.store.extensions.list(t.alpha.team.id).map((e) => e.id));
    expect(ids).toHaveLength(1);
    expect(ids.some((id) => alphaIds.has(id))).toBe(false);
  });

  test('GET with a cursor made for another sort → 400 naming cursor', async () => {
    const first = (await t.call(t.alpha.token, 'GET', '/api/v1/extensions?limit=2')).json() as Page;
    const res = await t.call(
      t.alpha.token,
      'GET',
      `/api/v1/extensions?limit=2&sort=name&cursor=${first.nextCursor}`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('cursor');
  });
});

describe('registerCrudRoutes() If-Match', () => {
  const bodies: Record<string, () => Record<string, unknown>> = {
    extensions: () => ({ internalNumber: '399', accountId: ownerId }),
    trunks: () => ({ name: 'carrier', type: 'ipPeer', host: 'sip.carrier.test' }),
    queues: () => ({ name: 'Sales', number: '700' }),
  };
  const patches: Record<string, Record<string, unknown>> = {
    extensions: { name: 'Lobby' },
    trunks: { port: 5070 },
    queues: { maxWaitTimeSec: 90 },
  };
  for (const path of Object.keys(bodies)) {
    test(`${path}: PATCH with the GET's ETag → 200; with it again (stale) → 412; without → 200`, async () => {
      const created = await t.call(t.alpha.token, 'POST', `/api/v1/${path}`, bodies[path]!());
      expect(created.statusCode, created.body).toBe(201);
      const url = `/api/v1/${path}/${(created.json() as Row).id}`;
      const etag = String((await t.call(t.alpha.token, 'GET', url)).headers.etag);
      expect(etag).toMatch(/^"[\w-]+"$/);
      const fresh = await t.call(t.alpha.token, 'PATCH', url, patches[path], { 'if-match': etag });
      expect(fresh.statusCode, fresh.body).toBe(200);
      expect(fresh.headers.etag).not.toBe(etag);
      t.clock.tick(1);
      const stale = await t.call(t.alpha.token, 'PATCH', url, patches[path], { 'if-match': etag });
      expect(stale.statusCode).toBe(412);
      expect((stale.json() as { code: string }).code).toBe('ERR_PRECONDITION_FAILED');
      const blind = await t.call(t.alpha.token, 'PATCH', url, patches[path]);
      expect(blind.statusCode).toBe(200);
      const staleDelete = await t.call(t.alpha.token, 'DELETE', url, undefined, {
        'if-match': etag,
      });
      expect(staleDelete.statusCode).toBe(412);
      const current = String(blind.headers.etag);
      const deleted = await t.call(t.alpha.token, 'DELETE', url, undefined, {
        'if-match': current,
      });
      expect(deleted.statusCode).toBe(204);
    });
  }
});
