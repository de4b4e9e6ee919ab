import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { buildTestApi, parseCsv, type TestApi } from '../../test-api.ts';

/*
 * The search panels' fields naming another table's row (D102): teamName
 * (团队名称) and username (用户名) on the lists whose rows hold teamId or
 * accountId, resolved to ids; in SQL for one id, in memory for several.
 */
let t: TestApi;
let twinTeamId: number;

/** Creates account `username` of `teamId` with extensions of the given numbers. */
function seedExtensions(teamId: number, username: string, numbers: string[]): number {
  const account = t.store.accounts.create({
    teamId,
    username,
    accountType: 'user',
    passwordHash: hashPasswordSync('name-filter-pw-1'),
  });
  for (const internalNumber of numbers) {
    t.store.extensions.create({ teamId, accountId: account.id, internalNumber });
  }
  return account.id;
}

beforeAll(async () => {
  t = await buildTestApi();
  seedExtensions(t.alpha.team.id, 'sales', ['2001', '2002']);
  seedExtensions(t.alpha.team.id, 'support', ['2003']);
  seedExtensions(t.beta.team.id, 'sales', ['3001']);
  // A third team with beta's name: team names need not be unique.
  const twin = t.store.teams.create({
    uid: 'twin',
    name: t.beta.team.name,
    sipDomain: 'twin.example.com',
    maxExtensions: 10,
    maxAccounts: 5,
  });
  twinTeamId = twin.id;
  seedExtensions(twin.id, 'sales', ['4001']);
});
afterAll(async () => t.close());

async function numbers(token: string, query: string): Promise<string[]> {
  const res = await t.call(token, 'GET', `/api/v1/extensions?sort=internalNumber&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: Array<{ internalNumber: string }> }).items.map(
    (e) => e.internalNumber,
  );
}

const q = (value: string) => encodeURIComponent(value);

describe('search by another table’s name (D102)', () => {
  test('username (用户名) → the extensions of that account of the caller’s team', async () => {
    expect(await numbers(t.alpha.token, 'username=sales')).toEqual(['2001', '2002']);
    expect(await numbers(t.alpha.token, 'username=support&internalNumber=2003')).toEqual(['2003']);
    expect(await numbers(t.beta.token, 'username=sales')).toEqual(['3001']);
    expect(await numbers(t.alpha.token, 'username=nobody')).toEqual([]);
  });

  test('the superadmin: username over every team; with teamId, of that team only', async () => {
    expect(await numbers(t.superToken, 'username=sales')).toEqual(['2001', '2002', '3001', '4001']);
    expect(await numbers(t.superToken, `username=sales&teamId=${t.beta.team.id}`)).toEqual([
      '3001',
    ]);
  });

  test('teamName (团队名称) → that team’s rows; a name two teams share → both; paged with a cursor', async () => {
    expect(await numbers(t.superToken, `teamName=${q(t.alpha.team.name)}`)).toEqual([
      '2001',
      '2002',
      '2003',
    ]);
    expect(await numbers(t.superToken, `teamName=${q(t.beta.team.name)}`)).toEqual([
      '3001',
      '4001',
    ]);
    const first = await t.call(
      t.superToken,
      'GET',
      `/api/v1/extensions?sort=internalNumber&limit=1&teamName=${q(t.beta.team.name)}`,
    );
    const { nextCursor } = first.json() as { nextCursor: string };
    expect(
      await numbers(t.superToken, `limit=1&teamName=${q(t.beta.team.name)}&cursor=${nextCursor}`),
    ).toEqual(['4001']);
    expect(
      await numbers(t.superToken, `teamName=${q(t.beta.team.name)}&teamId=${twinTeamId}`),
    ).toEqual(['4001']);
  });

  test('a team admin naming another team → nothing of it, whether or not the name exists', async () => {
    expect(await numbers(t.alpha.token, `teamName=${q(t.beta.team.name)}`)).toEqual([]);
    expect(await numbers(t.alpha.token, 'teamName=Nowhere')).toEqual([]);
    expect(await numbers(t.beta.token, `teamName=${q(t.beta.team.name)}`)).toEqual(['3001']);
  });

  test('ring-group members by 振铃组名称, 设备名称 and 内线号码; caller lists by 分机', async () => {
    const team = t.alpha.team.id;
    const [e1, e2] = ['2001', '2002'].map((n) => t.store.extensions.findByNumber(team, n)!);
    t.store.extensions.update(e2!.id, { name: 'front desk' });
    const group = t.store.ringGroups.create({
      teamId: team,
      name: 'sales line',
      internalNumber: '6001',
      extensionIds: [e1!.id, e2!.id],
    });
    t.store.ringGroups.create({
      teamId: t.beta.team.id,
      name: 'sales line',
      internalNumber: '6001',
    });
    const members = async (token: string, query: string) => {
      const res = await t.call(token, 'GET', `/api/v1/ring-group-members?sort=id&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const items = (res.json() as { items: Array<{ ringGroupId: number; extensionId: number }> })
        .items;
      return items.map((m) => [m.ringGroupId, m.extensionId]);
    };
    const line = q('sales line');
    expect(await members(t.alpha.token, `ringGroupName=${line}`)).toEqual([
      [group.id, e1!.id],
      [group.id, e2!.id],
    ]);
    expect(
      await members(t.alpha.token, `ringGroupName=${line}&extensionName=${q('front desk')}`),
    ).toEqual([[group.id, e2!.id]]);
    expect(await members(t.alpha.token, 'extensionNumber=2001')).toEqual([[group.id, e1!.id]]);
    expect(await members(t.beta.token, `ringGroupName=${line}`)).toEqual([]);
    expect(await members(t.superToken, 'extensionNumber=2001&extensionName=x')).toEqual([]);
    const lists = await t.call(t.alpha.token, 'GET', '/api/v1/caller-lists?extensionNumber=2001');
    expect(lists.statusCode, lists.body).toBe(200);
  });

  test('other lists: agents and accounts by teamName, the export too; a list without the field → 400', async () => {
    const accounts = await t.call(
      t.superToken,
      'GET',
      `/api/v1/accounts?teamName=${q(t.alpha.team.name)}&username=sales`,
    );
    expect(accounts.statusCode, accounts.body).toBe(200);
    expect(
      (accounts.json() as { items: Array<{ teamId: number }> }).items.map((a) => a.teamId),
    ).toEqual([t.alpha.team.id]);
    const csv = await t.call(
      t.superToken,
      'GET',
      `/api/v1/extensions/export?sort=internalNumber&username=sales&teamName=${q(t.beta.team.name)}`,
    );
    expect(csv.statusCode, csv.body).toBe(200);
    expect(parseCsv(csv.body)).toHaveLength(3);
    const teams = await t.call(t.superToken, 'GET', '/api/v1/teams?teamName=x');
    expect(teams.statusCode).toBe(400);
    expect(teams.body).toContain('teamName');
    const empty = await t.call(t.alpha.token, 'GET', '/api/v1/extensions?username=');
    expect(empty.statusCode).toBe(400);
  });
});
