import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/* DID groups (spec 01 §2.5): number or prefix lists, unique by name. */

let t: TestApi;

beforeAll(async () => {
  t = await buildTestApi();
});
afterAll(async () => t.close());

async function post(body: Record<string, unknown>, token = t.alpha.token) {
  const res = await t.call(token, 'POST', '/api/v1/did-groups', body);
  return { res, id: (res.json() as { id: number }).id };
}

describe('/api/v1/did-groups', () => {
  test('POST → defaults: number match, no entries, rent and rate 0 (§2.5)', async () => {
    const { res } = await post({ name: 'empty' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      teamId: t.alpha.team.id,
      matchType: 'number',
      entries: [],
      country: null,
      monthlyRentE4: 0,
      rateE4: 0,
    });
  });

  test('DG-1: a prefix group keeps its entries in order', async () => {
    const { res } = await post({ name: 'prefix', matchType: 'prefix', entries: ['522', '+86'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().entries).toEqual(['522', '+86']);
  });

  test('entries: a non-digit or repeated entry → 400 naming the field', async () => {
    const letters = await post({ name: 'bad', entries: ['12a'] });
    expect(letters.res.statusCode).toBe(400);
    expect(letters.res.json().issues[0].field).toBe('body.entries.0');
    const twice = await post({ name: 'twice', entries: ['1', '1'] });
    expect(twice.res.statusCode).toBe(400);
    expect(twice.res.json().issues[0].field).toBe('body.entries');
  });

  test('name unique in a team → 409 ERR_NAME_TAKEN; the same name in another team is fine', async () => {
    expect((await post({ name: '8888' })).res.statusCode).toBe(201);
    const again = await post({ name: '8888' });
    expect(again.res.statusCode).toBe(409);
    expect(again.res.json().code).toBe('ERR_NAME_TAKEN');
    expect((await post({ name: '8888' }, t.beta.token)).res.statusCode).toBe(201);
  });

  test('cross-tenant: beta cannot read or delete an alpha group → 404', async () => {
    const { id } = await post({ name: 'private' });
    expect((await t.call(t.beta.token, 'GET', `/api/v1/did-groups/${id}`)).statusCode).toBe(404);
    const del = await t.call(t.beta.token, 'DELETE', `/api/v1/did-groups/${id}`);
    expect(del.statusCode).toBe(404);
  });

  test('PATCH with If-Match replaces the list; a stale ETag → 412', async () => {
    const { id } = await post({ name: 'patched', entries: ['1'] });
    const get = await t.call(t.alpha.token, 'GET', `/api/v1/did-groups/${id}`);
    const etag = get.headers.etag as string;
    const url = `/api/v1/did-groups/${id}`;
    const patch = await t.call(
      t.alpha.token,
      'PATCH',
      url,
      { entries: ['2', '3'] },
      {
        'if-match': etag,
      },
    );
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().entries).toEqual(['2', '3']);
    t.clock.tick(1000);
    const stale = await t.call(
      t.alpha.token,
      'PATCH',
      url,
      { entries: ['4'] },
      {
        'if-match': etag,
      },
    );
    expect(stale.statusCode).toBe(412);
  });

  test('team delete while it owns a group → 409 naming the DID group', async () => {
    const zeta = t.store.teams.create({ uid: 'zeta', name: 'Zeta' });
    const group = t.store.didGroups.create({ teamId: zeta.id, name: 'kept', entries: [] });
    const res = await t.call(t.superToken, 'DELETE', `/api/v1/teams/${zeta.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain(`didGroup ${group.id} (kept)`);
  });

  test('OpenAPI → every operation listed', async () => {
    const doc = (await t.call(undefined, 'GET', '/api/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/api/v1/did-groups']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/did-groups/{id}']!).sort()).toEqual([
      'delete',
      'get',
      'patch',
    ]);
  });
});
