import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';
import { ListPageCache } from './list-page-cache.ts';

type Page = { items: Array<{ id: number; internalNumber: string; name: string }> };

/** Keeps `body` for `key`: a body is kept from the second read of its key (D107). */
function keep(cache: ListPageCache, key: string, stamp: number, body: string): void {
  cache.set(key, stamp, body);
  cache.set(key, stamp, body);
}

describe('ListPageCache', () => {
  test('set() of a key read once → not kept; read again at the same stamp → kept (D107)', () => {
    let stamp = 1;
    const cache = new ListPageCache(() => stamp);
    cache.set('k', cache.stamp(), 'body');
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', cache.stamp(), 'body');
    expect(cache.get('k')).toBe('body');
    // A key read once at an older stamp counts for nothing at the new one.
    cache.set('j', cache.stamp(), 'J');
    stamp = 2;
    cache.set('j', cache.stamp(), 'J');
    expect(cache.get('j')).toBeUndefined();
  });

  test('get() when the stamp moved since set() → undefined, and the entry is gone', () => {
    let stamp = 1;
    const cache = new ListPageCache(() => stamp);
    keep(cache, 'k', cache.stamp(), 'body');
    expect(cache.get('k')).toBe('body');
    stamp = 2;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.stats).toEqual({ entries: 0, hits: 1, misses: 1 });
  });

  test('set() at a new stamp → the entries of the old stamp are dropped at once', () => {
    let stamp = 1;
    const cache = new ListPageCache(() => stamp);
    keep(cache, 'a', cache.stamp(), 'A');
    keep(cache, 'b', cache.stamp(), 'B');
    stamp = 2;
    keep(cache, 'c', cache.stamp(), 'C');
    expect(cache.stats.entries).toBe(1);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, undefined, 'C']);
  });

  test('set() when full → the least recently used entry goes first', () => {
    const cache = new ListPageCache(() => 0, { maxEntries: 2 });
    keep(cache, 'a', 0, 'A');
    keep(cache, 'b', 0, 'B');
    cache.get('a');
    keep(cache, 'c', 0, 'C');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
  });

  test('set() when the body is larger than maxBodyChars → not kept', () => {
    const cache = new ListPageCache(() => 0, { maxBodyChars: 3 });
    keep(cache, 'a', 0, 'long body');
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('list routes with the page cache', () => {
  let t: TestApi;
  let ownerId: number;

  beforeAll(async () => {
    t = await buildTestApi();
    ownerId = t.store.accounts.create({
      teamId: t.alpha.team.id,
      username: 'cacheowner',
      accountType: 'user',
      passwordHash: hashPasswordSync('x-password'),
    }).id;
    t.store.extensions.create({
      teamId: t.alpha.team.id,
      accountId: ownerId,
      internalNumber: '401',
    });
  });
  afterAll(async () => t.close());

  const list = async (token: string): Promise<Page> => {
    const res = await t.call(token, 'GET', '/api/v1/extensions?limit=50');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.json() as Page;
  };

  test('GET twice, then a write through the API → the second page is the same, the third shows the write', async () => {
    const first = await list(t.alpha.token);
    expect(await list(t.alpha.token)).toEqual(first);
    const created = await t.call(t.alpha.token, 'POST', '/api/v1/extensions', {
      accountId: ownerId,
      internalNumber: '402',
    });
    expect(created.statusCode, created.body).toBe(201);
    const third = await list(t.alpha.token);
    expect(third.items.map((e) => e.internalNumber)).toEqual(['401', '402']);
  });

  test('the same page three times (D107) → read, read and kept, then served from the cache; /metrics counts it', async () => {
    const metric = async (name: string) => {
      const res = await t.call(undefined, 'GET', '/metrics');
      const line = res.body.split('\n').find((l) => l.startsWith(`${name} `));
      return Number(line?.split(' ')[1]);
    };
    const url = '/api/v1/extensions?limit=7';
    const [hits, misses] = [
      await metric('switchyard_admin_list_cache_hits_total'),
      await metric('switchyard_admin_list_cache_misses_total'),
    ];
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push((await t.call(t.alpha.token, 'GET', url)).body);
    expect(new Set(bodies).size).toBe(1);
    expect(await metric('switchyard_admin_list_cache_misses_total')).toBe(misses + 2);
    expect(await metric('switchyard_admin_list_cache_hits_total')).toBe(hits + 1);
    expect(await metric('switchyard_admin_list_cache_entries')).toBeGreaterThanOrEqual(1);
  });

  test('a write straight to the store (not the API) → the next page shows it', async () => {
    await list(t.alpha.token);
    const row = t.store.extensions.list(t.alpha.team.id).find((e) => e.internalNumber === '401')!;
    t.store.extensions.update(row.id, { name: 'renamed at the store' });
    const page = await list(t.alpha.token);
    expect(page.items.find((e) => e.id === row.id)?.name).toBe('renamed at the store');
  });

  test('another team asks the same URL → its own rows, never the cached page of the first', async () => {
    const alpha = await list(t.alpha.token);
    expect(alpha.items.length).toBeGreaterThan(0);
    const beta = await list(t.beta.token);
    const alphaIds = new Set(alpha.items.map((e) => e.id));
    expect(beta.items.some((e) => alphaIds.has(e.id))).toBe(false);
  });
});
