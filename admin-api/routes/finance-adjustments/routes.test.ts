import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * Team finance (spec 01 §1.11): recharges and deductions move the team's
 * current fees (FIN-1), only a superadmin makes them (FIN-2), and the
 * rows are an audit trail (FIN-4).
 */

let t: TestApi;
beforeAll(async () => {
  t = await buildTestApi();
});
afterAll(async () => t.close());

const adjust = (body: Record<string, unknown>, token = t.superToken) =>
  t.call(token, 'POST', '/api/v1/finance-adjustments', body);

describe('/api/v1/finance-adjustments (FIN-1, FIN-2, FIN-4)', () => {
  test('FIN-1 a deduction of 20 then a recharge of 65 → current fees 20 then −45, balanceBefore kept', async () => {
    const teamId = t.alpha.team.id;
    const first = await adjust({ teamId, type: 'deduction', amountE4: 200_000, method: 'cash' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      type: 'deduction',
      amountE4: 200_000,
      balanceBeforeE4: 0,
    });
    const second = await adjust({ teamId, amountE4: 650_000, receiptNo: 'R-1', remark: 'wire' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({
      type: 'recharge',
      method: 'other',
      receiptNo: 'R-1',
      balanceBeforeE4: 200_000,
    });
    const team = await t.call(t.superToken, 'GET', `/api/v1/teams/${teamId}`);
    expect(team.json().currentFeesE4).toBe(-450_000);
  });

  test('FIN-2 POST by a team admin → 403; zero amount → 400; unknown team → 404', async () => {
    const teamId = t.alpha.team.id;
    expect((await adjust({ teamId, amountE4: 1 }, t.alpha.token)).statusCode).toBe(403);
    expect((await adjust({ teamId, amountE4: 0 })).statusCode).toBe(400);
    expect((await adjust({ teamId: 9999, amountE4: 1 })).statusCode).toBe(404);
  });

  test('FIN-4 GET by a team admin → only its team, newest first; another team named → 403', async () => {
    await adjust({ teamId: t.beta.team.id, amountE4: 10 });
    const own = await t.call(t.alpha.token, 'GET', '/api/v1/finance-adjustments');
    expect(own.statusCode, own.body).toBe(200);
    const items = own.json().items as Array<{ teamId: number; type: string }>;
    expect(items.map((i) => i.type)).toEqual(['recharge', 'deduction']);
    expect(items.every((i) => i.teamId === t.alpha.team.id)).toBe(true);
    const other = `/api/v1/finance-adjustments?teamId=${t.beta.team.id}`;
    expect((await t.call(t.alpha.token, 'GET', other)).statusCode).toBe(403);
  });

  test('FIN-1 PATCH /teams/:id with currentFeesE4 → 400 (fees move only by adjustments)', async () => {
    const res = await t.call(t.superToken, 'PATCH', `/api/v1/teams/${t.alpha.team.id}`, {
      currentFeesE4: 0,
    });
    expect(res.statusCode).toBe(400);
  });

  test('FIN-2 a team admin recharges its own account → the account’s fees move, not the team’s', async () => {
    const before = t.store.teams.find(t.alpha.team.id)!.currentFeesE4;
    const res = await adjust(
      { accountId: t.alpha.adminId, type: 'recharge', amountE4: 30_000 },
      t.alpha.token,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      teamId: t.alpha.team.id,
      accountId: t.alpha.adminId,
      balanceBeforeE4: 0,
    });
    expect(t.store.accounts.find(t.alpha.adminId)!.currentFeesE4).toBe(-30_000);
    expect(t.store.teams.find(t.alpha.team.id)!.currentFeesE4).toBe(before);
    const account = await t.call(t.alpha.token, 'GET', `/api/v1/accounts/${t.alpha.adminId}`);
    expect(account.json().currentFeesE4).toBe(-30_000);
    const list = await t.call(
      t.alpha.token,
      'GET',
      `/api/v1/finance-adjustments?accountId=${t.alpha.adminId}`,
    );
    expect(list.json().items).toHaveLength(1);
  });

  test('FIN-2 another team’s account → 404; both teamId and accountId → 400', async () => {
    const foreign = await adjust({ accountId: t.beta.adminId, amountE4: 1 }, t.alpha.token);
    expect(foreign.statusCode).toBe(404);
    const both = await adjust({ teamId: t.alpha.team.id, accountId: t.alpha.adminId, amountE4: 1 });
    expect(both.statusCode).toBe(400);
  });
});
