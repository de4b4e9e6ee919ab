import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { buildTestApi } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/*
 * Numbered rules of spec 01 and 02 (issue 7) that the admin API enforces
 * and no other test names: account identity (AC-2), ring-group membership
 * (RGM-3), DIDs shared by inbound routes (IR-10) and work-hour packages
 * bound to their team (WT-6, P-3).
 */

let t: TestApi;
let accountId: number;
let number = 3000;

beforeAll(async () => {
  t = await buildTestApi();
  accountId = t.store.accounts.create({
    teamId: t.alpha.team.id,
    username: 'ruleowner',
    accountType: 'user',
    passwordHash: hashPasswordSync('x-password'),
  }).id;
});
afterAll(async () => t.close());

const next = () => String(++number);

async function post(path: string, body: Record<string, unknown>, token = t.alpha.token) {
  const res = await t.call(token, 'POST', `/api/v1/${path}`, body);
  return { res, id: (res.json() as { id: number }).id };
}

function extension(): number {
  return t.store.extensions.create({ teamId: t.alpha.team.id, accountId, internalNumber: next() })
    .id;
}

describe('accounts (spec 01 §1.3)', () => {
  test('AC-2: POST → the account number is generated; PATCH naming id or accountNo → 400, unchanged', async () => {
    const created = await post('accounts', {
      username: 'numbered',
      accountType: 'teamAdmin',
      password: 'pw-account-2',
    });
    expect(created.res.statusCode, created.res.body).toBe(201);
    expect(created.id).toBeGreaterThan(0);
    const given = await post('accounts', {
      id: 999_999,
      username: 'chosen',
      accountType: 'teamAdmin',
      password: 'pw-account-2',
    });
    expect(given.res.statusCode).toBe(400);
    for (const body of [{ id: 999_999 }, { accountNo: '999999' }]) {
      const res = await t.call(t.alpha.token, 'PATCH', `/api/v1/accounts/${created.id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const after = await t.call(t.alpha.token, 'GET', `/api/v1/accounts/${created.id}`);
    expect(after.json()).toMatchObject({ id: created.id, username: 'numbered' });
    expect(t.store.accounts.find(999_999)).toBeUndefined();
  });
});

describe('ring-group members (spec 01 §2.4)', () => {
  test('RGM-3: one extension in two ring groups → both 201; twice in one group → 400', async () => {
    const shared = extension();
    const first = await post('ring-groups', {
      name: 'sales',
      internalNumber: next(),
      extensionIds: [shared],
    });
    const second = await post('ring-groups', {
      name: 'support',
      internalNumber: next(),
      extensionIds: [shared, extension()],
    });
    expect([first.res.statusCode, second.res.statusCode]).toEqual([201, 201]);
    const twice = await post('ring-groups', {
      name: 'twice',
      internalNumber: next(),
      extensionIds: [shared, shared],
    });
    expect(twice.res.statusCode).toBe(400);
    expect(twice.res.json().issues[0].field).toBe('extensionIds');
  });
});

describe('inbound routes (spec 02 §3.6)', () => {
  test('IR-10: a DID already used by a route → a second route on it is accepted (only a UI warning)', async () => {
    const did = await post('dids', {
      number: '+390255500777',
      destinationType: 'extension',
      destinationId: extension(),
    });
    expect(did.res.statusCode, did.res.body).toBe(201);
    const one = await post('inbound-routes', {
      name: 'one',
      didId: did.id,
      destinationType: 'end',
    });
    const two = await post('inbound-routes', {
      name: 'two',
      didId: did.id,
      destinationType: 'end',
    });
    expect([one.res.statusCode, two.res.statusCode]).toEqual([201, 201]);
  });
});

describe('work-hour packages (spec 02 §3.2, §3.3)', () => {
  const interval = { name: 'day', startTime: '09:00', endTime: '17:59' };

  test('WT-6/P-3: a package is created in the caller’s team; PATCH teamId → 400, the team stays', async () => {
    const { res, id } = await post('work-hours', { name: 'Alpha hours', intervals: [interval] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().teamId).toBe(t.alpha.team.id);
    const moved = await t.call(t.alpha.token, 'PATCH', `/api/v1/work-hours/${id}`, {
      teamId: t.beta.team.id,
    });
    expect(moved.statusCode).toBe(400);
    expect(t.store.workHours.find(id)?.teamId).toBe(t.alpha.team.id);
  });

  test('WT-6: another team’s admin cannot read or change the package → 404', async () => {
    const { id } = await post('work-hours', { name: 'Alpha only', intervals: [interval] });
    const read = await t.call(t.beta.token, 'GET', `/api/v1/work-hours/${id}`);
    const write = await t.call(t.beta.token, 'PATCH', `/api/v1/work-hours/${id}`, {
      intervals: [interval],
    });
    expect([read.statusCode, write.statusCode]).toEqual([404, 404]);
  });
});
