import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { buildTestApi, type TestApi } from '../../test-api.ts';

/*
 * The search panels' yes/no filters and date ranges (spec 01/02 §0: 起始时间–结束时间):
 * createdFrom/createdTo and updatedFrom/updatedTo on every list whose
 * entity has the time field, in SQL (extensions, JSON pages), in memory
 * (voice files, API keys) and on cursor pages alike.
 */
let t: TestApi;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

beforeAll(async () => {
  t = await buildTestApi();
  const owner = t.store.accounts.create({
    teamId: t.alpha.team.id,
    username: 'rangeowner',
    accountType: 'user',
    passwordHash: hashPasswordSync('range-owner-pw-1'),
  });
  // Extensions 2001…2005 created at minutes 1…5; 2003 updated at minute 9.
  for (let day = 1; day <= 5; day++) {
    t.clock.tick(Date.parse(at(day)) - t.clock.now());
    t.store.extensions.create({
      teamId: t.alpha.team.id,
      accountId: owner.id,
      internalNumber: String(2000 + day),
      dnd: day === 4,
    });
  }
  t.clock.tick(Date.parse(at(9)) - t.clock.now());
  const third = t.store.extensions.findByNumber(t.alpha.team.id, '2003')!;
  t.store.extensions.update(third.id, { name: 'moved' });
});
afterAll(async () => t.close());

async function numbers(query: string): Promise<string[]> {
  const res = await t.call(t.alpha.token, 'GET', `/api/v1/extensions?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: Array<{ internalNumber: string }> }).items.map(
    (e) => e.internalNumber,
  );
}

describe('list date ranges (spec §0 search panels)', () => {
  test('createdFrom/createdTo → rows created within, both ends inclusive', async () => {
    expect(await numbers(`createdFrom=${at(2)}&createdTo=${at(4)}&sort=internalNumber`)).toEqual([
      '2002',
      '2003',
      '2004',
    ]);
    expect(await numbers(`createdFrom=${at(5)}`)).toEqual(['2005']);
  });

  test('updatedFrom → rows changed since; with an equality filter and a cursor page', async () => {
    expect(await numbers(`updatedFrom=${at(6)}`)).toEqual(['2003']);
    expect(await numbers(`updatedTo=${at(6)}&status=enabled&sort=internalNumber`)).toEqual([
      '2001',
      '2002',
      '2004',
      '2005',
    ]);
    const first = await t.call(
      t.alpha.token,
      'GET',
      `/api/v1/extensions?createdFrom=${at(2)}&sort=internalNumber&limit=2`,
    );
    const { items, nextCursor } = first.json() as {
      items: Array<{ internalNumber: string }>;
      nextCursor: string;
    };
    expect(items.map((e) => e.internalNumber)).toEqual(['2002', '2003']);
    expect(
      await numbers(`createdFrom=${at(2)}&sort=internalNumber&limit=2&cursor=${nextCursor}`),
    ).toEqual(['2004', '2005']);
  });

  test('yes/no filters of the search panel: dnd=true / dnd=false; a bad value → 400 naming it', async () => {
    expect(await numbers('dnd=true')).toEqual(['2004']);
    expect(await numbers('dnd=false&sort=internalNumber')).toEqual([
      '2001',
      '2002',
      '2003',
      '2005',
    ]);
    expect(await numbers('dnd=false&name=moved')).toEqual(['2003']);
    const bad = await t.call(t.alpha.token, 'GET', '/api/v1/extensions?dnd=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('dnd');
  });

  test('the search panels of accounts, agents, agent groups, ring groups, members and teams → their new filters select by the field', async () => {
    const recorded = t.store.accounts.create({
      teamId: t.alpha.team.id,
      username: 'recorded',
      accountType: 'user',
      passwordHash: hashPasswordSync('recorded-pw-1'),
      forcedRecording: true,
      roleName: 'sales',
      lastName: 'Lin',
    });
    const list = async (path: string) => {
      const res = await t.call(t.alpha.token, 'GET', `/api/v1/${path}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: Array<Record<string, unknown>> }).items;
    };
    expect((await list('accounts?forcedRecording=true')).map((a) => a['id'])).toEqual([
      recorded.id,
    ]);
    expect((await list('accounts?roleName=sales&lastName=Lin')).map((a) => a['id'])).toEqual([
      recorded.id,
    ]);
    expect(await list('accounts?receiveBillEmail=true')).toEqual([]);
    for (const path of [
      'agents?targetNumber=2001&callerName=x',
      'agent-groups?allowExternalTransfer=false&defaultShowInboundCenter=true',
      'ring-groups?mohClassId=1',
      'ring-group-members?ringCount=5&answerCount=1',
    ]) {
      expect(await list(path)).toEqual([]);
    }
    const teams = await t.call(
      t.superToken,
      'GET',
      `/api/v1/teams?name=${encodeURIComponent(t.alpha.team.name)}`,
    );
    expect((teams.json() as { items: Array<{ id: number }> }).items.map((x) => x.id)).toEqual([
      t.alpha.team.id,
    ]);
  });

  test('the 包含 operator (D101): <field>Contains → rows whose text contains it, ASCII case ignored; in SQL, on cursor pages and in memory', async () => {
    expect(await numbers('internalNumberContains=00&sort=internalNumber')).toEqual([
      '2001',
      '2002',
      '2003',
      '2004',
      '2005',
    ]);
    expect(await numbers('nameContains=OV')).toEqual(['2003']);
    expect(await numbers('internalNumberContains=3&nameContains=mov')).toEqual(['2003']);
    // LIKE's wildcards are literal text here.
    expect(await numbers(`internalNumberContains=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await numbers('internalNumberContains=200_')).toEqual([]);
    // LIKE would end its pattern at a NUL: matched in memory instead (D110).
    expect(await numbers('internalNumberContains=2%00')).toEqual([]);
    expect(await numbers('nameContains=%00%00%00')).toEqual([]);
    const first = await t.call(
      t.alpha.token,
      'GET',
      '/api/v1/extensions?internalNumberContains=200&sort=-internalNumber&limit=3',
    );
    const { nextCursor } = first.json() as { nextCursor: string };
    expect(
      await numbers(`internalNumberContains=200&sort=-internalNumber&limit=3&cursor=${nextCursor}`),
    ).toEqual(['2002', '2001']);
    // Voice files are paged in memory: the same operator there.
    const files = await t.call(t.alpha.token, 'GET', '/api/v1/voice-files?nameContains=x');
    expect(files.statusCode, files.body).toBe(200);
    expect(files.json()).toEqual({ items: [], nextCursor: null });
  });

  test('the 包含 operator (D101) on 说明 and 工作链接 (spec 01 §1.2, §1.4, §1.6): teams, account and agent groups', async () => {
    t.store.teams.update(t.alpha.team.id, { description: 'Hosted for ACME Trading' });
    const teams = await t.call(t.superToken, 'GET', '/api/v1/teams?descriptionContains=acme');
    expect((teams.json() as { items: Array<{ id: number }> }).items.map((x) => x.id)).toEqual([
      t.alpha.team.id,
    ]);
    for (const path of [
      'account-groups?descriptionContains=sales',
      'agent-groups?workLinkContains=crm.example&descriptionContains=x',
    ]) {
      const res = await t.call(t.alpha.token, 'GET', `/api/v1/${path}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ items: [], nextCursor: null });
    }
  });

  test('the 包含 operator (D101): only beside free-text filters; an empty text → 400 naming the key', async () => {
    for (const query of ['dndContains=1', 'statusContains=en', 'internalNumberContains=']) {
      const res = await t.call(t.alpha.token, 'GET', `/api/v1/extensions?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.body).toContain(query.split('=')[0]);
    }
  });

  test('the 空值 operator (D106): <field>Empty=true|false on text and references; in SQL, on cursor pages and in memory', async () => {
    const third = t.store.extensions.findByNumber(t.alpha.team.id, '2003')!;
    t.store.extensions.update(third.id, { callerNumber: '5551234' });
    t.store.extensions.update(third.id, { callerNumber: null });
    expect(await numbers('callerNumberEmpty=false')).toEqual([]);
    t.store.extensions.update(third.id, { callerNumber: '5551234' });
    expect(await numbers('callerNumberEmpty=false')).toEqual(['2003']);
    expect(await numbers('callerNumberEmpty=true&sort=-internalNumber&limit=10')).toEqual([
      '2005',
      '2004',
      '2002',
      '2001',
    ]);
    // Every extension has its default template (T-2).
    expect(await numbers('templateIdEmpty=true')).toEqual([]);
    expect(await numbers('templateIdEmpty=false&nameContains=mov')).toEqual(['2003']);
    const first = await t.call(
      t.alpha.token,
      'GET',
      '/api/v1/extensions?callerNumberEmpty=true&sort=internalNumber&limit=2',
    );
    const { nextCursor } = first.json() as { nextCursor: string };
    expect(
      await numbers(`callerNumberEmpty=true&sort=internalNumber&limit=2&cursor=${nextCursor}`),
    ).toEqual(['2004', '2005']);
    // The creator (D103) is a column too; voice files are paged in memory.
    expect(await numbers('createdByEmpty=true&internalNumber=2001')).toEqual(['2001']);
    const files = await t.call(t.alpha.token, 'GET', '/api/v1/voice-files?nameEmpty=false');
    expect(files.statusCode, files.body).toBe(200);
  });

  test('the > and < operators (D106): <field>Gt/<field>Lt on counts; references and text have none; a bad number → 400 naming the key', async () => {
    const group = t.store.ringGroups.create({
      teamId: t.alpha.team.id,
      name: 'counted',
      internalNumber: '6100',
    });
    const members = t.store.extensions
      .list(t.alpha.team.id)
      .filter((e) => e.internalNumber.startsWith('200'))
      .map((e, i) => {
        const member = t.store.ringGroupMembers.create({
          ringGroupId: group.id,
          extensionId: e.id,
        });
        for (let n = 0; n < i; n++) t.store.ringGroupMembers.countRing(group.id, e.id);
        return member;
      });
    const counts = async (query: string) => {
      const res = await t.call(t.alpha.token, 'GET', `/api/v1/ring-group-members?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: Array<{ ringCount: number }> }).items.map((m) => m.ringCount);
    };
    expect(members).toHaveLength(5);
    expect(await counts(`ringGroupId=${group.id}&ringCountGt=2&sort=ringCount`)).toEqual([3, 4]);
    expect(await counts(`ringGroupId=${group.id}&ringCountGt=0&ringCountLt=3`)).toEqual([1, 2]);
    for (const query of ['ringGroupIdGt=1', 'ringCountEmpty=true', 'ringCountLt=few']) {
      const res = await t.call(t.alpha.token, 'GET', `/api/v1/ring-group-members?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.body).toContain(query.split('=')[0]);
    }
    const bad = await t.call(t.alpha.token, 'GET', '/api/v1/extensions?nameEmpty=perhaps');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('nameEmpty');
  });

  test('a bad time → 400 naming the key; a list without the field has no such key', async () => {
    const bad = await t.call(t.alpha.token, 'GET', '/api/v1/extensions?createdFrom=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('createdFrom');
    const res = await t.call(t.alpha.token, 'GET', `/api/v1/api-keys?createdFrom=${at(1)}`);
    expect(res.statusCode, res.body).toBe(200);
  });
});
