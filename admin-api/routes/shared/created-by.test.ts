import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { withActor } from '../../../core/config-store/index.ts';
import { buildTestApi, parseCsv, type TestApi } from '../../test-api.ts';

/*
 * createdBy (创建者, spec 01/02 §0, D103): the account that created an
 * object, stored on insert, returned by every read and list, and a filter
 * of every list whose objects have it.
 */
let t: TestApi;
let accountId: number;

beforeAll(async () => {
  t = await buildTestApi();
  accountId = t.store.accounts.list(t.alpha.team.id)[0]!.id;
});
afterAll(async () => t.close());

type Row = { id: number; internalNumber: string; createdBy: string | null };

async function list(query: string): Promise<Row[]> {
  const res = await t.call(t.alpha.token, 'GET', `/api/v1/extensions?sort=internalNumber&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: Row[] }).items;
}

describe('createdBy (创建者, D103)', () => {
  test('POST → the creating account’s username, in the response, GET, the list and the export; PATCH keeps it', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/extensions', {
      accountId,
      internalNumber: '7001',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as Row;
    expect(created.createdBy).toBe('adminalpha');
    const got = await t.call(t.alpha.token, 'GET', `/api/v1/extensions/${created.id}`);
    expect(got.json()).toMatchObject({ createdBy: 'adminalpha' });
    const patched = await t.call(t.superToken, 'PATCH', `/api/v1/extensions/${created.id}`, {
      name: 'renamed by root',
    });
    expect(patched.json()).toMatchObject({ createdBy: 'adminalpha' });
    expect(await list('internalNumber=7001')).toEqual([
      expect.objectContaining({ createdBy: 'adminalpha' }),
    ]);
    const csv = await t.call(t.alpha.token, 'GET', '/api/v1/extensions/export?internalNumber=7001');
    const [header, line] = parseCsv(csv.body);
    const column = header!.indexOf('createdBy');
    expect(column).toBeGreaterThan(-1);
    expect(line![column]).toBe('adminalpha');
  });

  test('a bulk range and rows the switch wrote → the batch is the caller’s, the switch’s rows null', async () => {
    const bulk = await t.call(t.alpha.token, 'POST', '/api/v1/extensions/bulk', {
      accountId,
      firstNumber: 7100,
      lastNumber: 7102,
    });
    expect(bulk.statusCode, bulk.body).toBe(201);
    t.store.extensions.create({ teamId: t.alpha.team.id, accountId, internalNumber: '7200' });
    const rows = await list('internalNumberContains=7');
    expect(rows.map((r) => [r.internalNumber, r.createdBy])).toEqual([
      ['7001', 'adminalpha'],
      ['7100', 'adminalpha'],
      ['7101', 'adminalpha'],
      ['7102', 'adminalpha'],
      ['7200', null],
    ]);
  });

  test('rows a PATCH creates (a ring group’s members) → the updater’s', async () => {
    const group = await t.call(t.alpha.token, 'POST', '/api/v1/ring-groups', {
      name: 'desk',
      internalNumber: '7500',
    });
    expect(group.statusCode, group.body).toBe(201);
    const ext = t.store.extensions.findByNumber(t.alpha.team.id, '7001')!;
    const patched = await t.call(t.superToken, 'PATCH', `/api/v1/ring-groups/${group.json().id}`, {
      extensionIds: [ext.id],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const members = t.store.ringGroupMembers.list(t.alpha.team.id);
    expect(members.map((m) => m.createdBy)).toEqual(['root']);
  });

  test('createdBy and createdByContains filter lists (in SQL and on JSON pages); a list of objects without it refuses the key', async () => {
    withActor('importer', () =>
      t.store.extensions.create({ teamId: t.alpha.team.id, accountId, internalNumber: '7300' }),
    );
    expect((await list('createdBy=importer')).map((r) => r.internalNumber)).toEqual(['7300']);
    expect((await list('createdByContains=ALPHA')).length).toBe(4);
    const groups = await t.call(t.alpha.token, 'GET', '/api/v1/ring-groups?createdBy=nobody');
    expect(groups.statusCode, groups.body).toBe(200);
    const keys = await t.call(t.alpha.token, 'GET', '/api/v1/api-keys?createdBy=x');
    expect(keys.statusCode).toBe(400);
    expect(keys.body).toContain('createdBy');
  });
});

describe('withActor()', () => {
  test('nested → the inner name inside, the outer again after; a throw restores it too', () => {
    const seen: Array<string | null> = [];
    withActor('outer', () => {
      withActor('inner', () => {
        const row = t.store.extensions.create({
          teamId: t.alpha.team.id,
          accountId,
          internalNumber: '7399',
        });
        seen.push(row.createdBy);
      });
      expect(() =>
        withActor('failing', () => {
          throw new Error('boom');
        }),
      ).toThrow('boom');
      const row = t.store.extensions.create({
        teamId: t.alpha.team.id,
        accountId,
        internalNumber: '7400',
      });
      seen.push(row.createdBy);
    });
    const after = t.store.extensions.create({
      teamId: t.alpha.team.id,
      accountId,
      internalNumber: '7401',
    });
    expect([...seen, after.createdBy]).toEqual(['inner', 'outer', null]);
  });
});
