import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { buildTestApi, TEST_PASSWORD } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * DID-4 single-DID warning: binding a DID to an extension whose account
 * already has one succeeds with a warning naming the other DID, and the
 * account check answers the same question before saving.
 */

let t: TestApi;
let ext: { first: number; second: number; other: number; beta: number };

beforeAll(async () => {
  t = await buildTestApi();
  const teamId = t.alpha.team.id;
  const account = (username: string, team = teamId) =>
    t.store.accounts.create({
      teamId: team,
      username,
      accountType: 'user',
      passwordHash: hashPasswordSync(TEST_PASSWORD),
    }).id;
  const owner = account('didowner');
  const colleague = account('didcolleague');
  const mk = (accountId: number, internalNumber: string, team = teamId) =>
    t.store.extensions.create({ teamId: team, accountId, internalNumber }).id;
  ext = {
    first: mk(owner, '300'),
    second: mk(owner, '301'),
    other: mk(colleague, '302'),
    beta: mk(account('betaowner', t.beta.team.id), '300', t.beta.team.id),
  };
});
afterAll(async () => t.close());

const postDid = (number: string, destinationId: number | null) =>
  t.call(t.alpha.token, 'POST', '/api/v1/dids', {
    number,
    destinationType: 'extension',
    destinationId,
  });
const check = (query: string, token = t.alpha.token) =>
  t.call(token, 'GET', `/api/v1/dids/account-check?${query}`);

describe('DID-4 single-DID warning', () => {
  test('DID-4 GET /dids/account-check for an account with no DID → isAccountFree, no warnings', async () => {
    const res = await check(`extensionId=${ext.first}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ isAccountFree: true, warnings: [] });
  });

  test('DID-4 POST a first DID → 201 without warnings; a second on another extension of the account → 201 with a warning naming 87212990', async () => {
    const first = await postDid('87212990', ext.first);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().warnings).toBeUndefined();
    const second = await postDid('87212991', ext.second);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().warnings).toEqual([
      expect.objectContaining({
        code: 'DID_ACCOUNT_HAS_DID',
        did: '87212990',
        didId: first.json().id,
      }),
    ]);
    expect(t.store.dids.findByNumber('87212991')?.destinationId).toBe(ext.second);
  });

  test('DID-4 GET /dids/account-check → both DIDs as warnings; with didId the edited one is left out', async () => {
    const all = await check(`extensionId=${ext.first}`);
    expect(all.json().isAccountFree).toBe(false);
    expect(all.json().warnings.map((w: { did: string }) => w.did)).toEqual([
      '87212990',
      '87212991',
    ]);
    const editing = t.store.dids.findByNumber('87212991')!.id;
    const rest = await check(`extensionId=${ext.first}&didId=${editing}`);
    expect(rest.json().warnings.map((w: { did: string }) => w.did)).toEqual(['87212990']);
  });

  test('DID-4 PATCH a DID onto a colleague’s extension → no warning; a PATCH not touching the binding → no warning', async () => {
    const id = t.store.dids.findByNumber('87212991')!.id;
    const moved = await t.call(t.alpha.token, 'PATCH', `/api/v1/dids/${id}`, {
      destinationId: ext.other,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().warnings).toBeUndefined();
    const back = await t.call(t.alpha.token, 'PATCH', `/api/v1/dids/${id}`, {
      destinationId: ext.first,
    });
    expect(back.json().warnings.map((w: { did: string }) => w.did)).toEqual(['87212990']);
    const remark = await t.call(t.alpha.token, 'PATCH', `/api/v1/dids/${id}`, { remark: 'x' });
    expect(remark.json().warnings).toBeUndefined();
  });

  test('DID-4 GET /dids/account-check for another team’s extension → 404; an unknown one → 404', async () => {
    expect((await check(`extensionId=${ext.beta}`)).statusCode).toBe(404);
    expect((await check('extensionId=99999')).statusCode).toBe(404);
    expect((await check(`extensionId=${ext.beta}`, t.superToken)).statusCode).toBe(200);
  });
});
