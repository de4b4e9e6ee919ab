import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * Rate tables (spec 03 §5.1–5.4) and the agent ledger (§7.1) over the
 * shared CRUD conventions: roles, team scope, ETag, 409, operation log.
 */

let t: TestApi;
let trunkId: number;
let agentGroupId: number;
let agentId: number;
beforeAll(async () => {
  t = await buildTestApi();
  const trunk = await t.call(t.superToken, 'POST', '/api/v1/trunks', {
    name: 'carrier',
    type: 'ipPeer',
    host: '192.0.2.10',
  });
  trunkId = trunk.json().id;
  const group = await t.call(t.alpha.token, 'POST', '/api/v1/agent-groups', { name: 'Sales' });
  agentGroupId = group.json().id;
  const agent = await t.call(t.alpha.token, 'POST', '/api/v1/agents', {
    agentNo: '8001',
    accountId: t.alpha.adminId,
    password: 'agent-secret-1',
  });
  expect(agent.statusCode, agent.body).toBe(201);
  agentId = agent.json().id;
});
afterAll(async () => t.close());

describe('/api/v1/system-rates (5.1)', () => {
  test('5.1(a) a superadmin creates, reads with an ETag and patches a system rate', async () => {
    const created = await t.call(t.superToken, 'POST', '/api/v1/system-rates', {
      prefix: '00',
      billingCycleSec: 60,
      ratePerMinuteE4: 30_000,
      trunkId,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      prefix: '00',
      numberLength: 0,
      connectFeeE4: 0,
      status: 'enabled',
      trunkId,
    });
    const id = created.json().id as number;
    const got = await t.call(t.superToken, 'GET', `/api/v1/system-rates/${id}`);
    const stale = await t.call(
      t.superToken,
      'PATCH',
      `/api/v1/system-rates/${id}`,
      { ratePerMinuteE4: 1 },
      { 'if-match': '"nope"' },
    );
    expect(stale.statusCode).toBe(412);
    const patched = await t.call(
      t.superToken,
      'PATCH',
      `/api/v1/system-rates/${id}`,
      { ratePerMinuteE4: 25_000 },
      { 'if-match': got.headers.etag as string },
    );
    expect(patched.json().ratePerMinuteE4).toBe(25_000);
    const log = t.store.operationLogs.list({ limit: 5 });
    expect(log.some((row) => row.resource === 'system-rates')).toBe(true);
  });

  test('5.1(a) a team admin → 403; a bad prefix or a zero cycle → 400', async () => {
    const list = await t.call(t.alpha.token, 'GET', '/api/v1/system-rates');
    expect(list.statusCode).toBe(403);
    const bad = await t.call(t.superToken, 'POST', '/api/v1/system-rates', {
      prefix: 'abc',
      billingCycleSec: 60,
    });
    expect(bad.statusCode).toBe(400);
    const zero = await t.call(t.superToken, 'POST', '/api/v1/system-rates', {
      prefix: 'default',
      billingCycleSec: 0,
    });
    expect(zero.statusCode).toBe(400);
  });

  test('delete a trunk a rate names → 409', async () => {
    const res = await t.call(t.superToken, 'DELETE', `/api/v1/trunks/${trunkId}`);
    expect(res.statusCode).toBe(409);
  });
});

describe('/api/v1/team-rates (5.2)', () => {
  test('R7 a team admin reads its own and the every-team rates, not another team’s, writes none', async () => {
    const every = await t.call(t.superToken, 'POST', '/api/v1/team-rates', {
      prefix: 'default',
      billingCycleSec: 60,
    });
    expect(every.statusCode, every.body).toBe(201);
    expect(every.json().teamId).toBeNull();
    const beta = await t.call(t.superToken, 'POST', '/api/v1/team-rates', {
      teamId: t.beta.team.id,
      prefix: '0',
      billingCycleSec: 60,
    });
    const list = await t.call(t.alpha.token, 'GET', '/api/v1/team-rates');
    const ids = (list.json().items as Array<{ id: number }>).map((r) => r.id);
    expect(ids).toContain(every.json().id);
    expect(ids).not.toContain(beta.json().id);
    const foreign = await t.call(t.alpha.token, 'GET', `/api/v1/team-rates/${beta.json().id}`);
    expect(foreign.statusCode).toBe(404);
    const write = await t.call(t.alpha.token, 'POST', '/api/v1/team-rates', {
      prefix: '0',
      billingCycleSec: 60,
    });
    expect(write.statusCode).toBe(403);
  });
});

describe('/api/v1/extension-rates (5.3)', () => {
  test('AG-4 a team admin creates a rate for its account group; another team’s group → 400', async () => {
    const group = await t.call(t.alpha.token, 'POST', '/api/v1/account-groups', { name: 'VIP' });
    const created = await t.call(t.alpha.token, 'POST', '/api/v1/extension-rates', {
      prefix: '0',
      billingCycleSec: 60,
      ratePerMinuteE4: 5000,
      accountGroupId: group.json().id,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      teamId: t.alpha.team.id,
      accountGroupId: group.json().id,
    });
    const other = await t.call(t.beta.token, 'POST', '/api/v1/extension-rates', {
      prefix: '0',
      billingCycleSec: 60,
      accountGroupId: group.json().id,
    });
    expect(other.statusCode).toBe(400);
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/account-groups/${group.json().id}`);
    expect(del.statusCode).toBe(409);
  });

  test('5.3(c)1 a system-level rate is read-only to a team admin', async () => {
    const system = await t.call(t.superToken, 'POST', '/api/v1/extension-rates', {
      prefix: 'default',
      billingCycleSec: 60,
    });
    expect(system.json().teamId).toBeNull();
    const res = await t.call(
      t.alpha.token,
      'PATCH',
      `/api/v1/extension-rates/${system.json().id}`,
      {
        status: 'disabled',
      },
    );
    expect(res.statusCode).toBe(403);
  });
});

describe('/api/v1/agent-inbound-rates (5.4) and /api/v1/agent-ledger (7.1)', () => {
  test('5.4(b) a team admin creates a rate for its group and agent; the team is the group’s', async () => {
    const created = await t.call(t.alpha.token, 'POST', '/api/v1/agent-inbound-rates', {
      agentGroupId,
      agentId,
      billingCycleSec: 60,
      connectFeeE4: 30_000,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ teamId: t.alpha.team.id, agentId });
    const viaSuper = await t.call(t.superToken, 'POST', '/api/v1/agent-inbound-rates', {
      agentGroupId,
      billingCycleSec: 60,
    });
    expect(viaSuper.json().teamId).toBe(t.alpha.team.id);
    const foreign = await t.call(t.beta.token, 'POST', '/api/v1/agent-inbound-rates', {
      agentGroupId,
      billingCycleSec: 60,
    });
    expect(foreign.statusCode).toBe(400);
  });

  test('7.1(c)1 add 100 then pay 40 → balances 100 and 60; paying more than the balance → 400', async () => {
    const add = await t.call(t.alpha.token, 'POST', '/api/v1/agent-ledger', {
      agentId,
      type: 'add',
      amountE4: 1_000_000,
    });
    expect(add.statusCode, add.body).toBe(201);
    const pay = await t.call(t.alpha.token, 'POST', '/api/v1/agent-ledger', {
      agentId,
      type: 'pay',
      amountE4: 400_000,
      payMonth: '2026-10',
    });
    expect(pay.json()).toMatchObject({ balanceAfterE4: 600_000, payMonth: '2026-10' });
    const over = await t.call(t.alpha.token, 'POST', '/api/v1/agent-ledger', {
      agentId,
      type: 'pay',
      amountE4: 600_001,
    });
    expect(over.statusCode).toBe(400);
    const list = await t.call(t.alpha.token, 'GET', `/api/v1/agent-ledger?agentId=${agentId}`);
    expect((list.json().items as Array<{ type: string }>).map((r) => r.type)).toEqual([
      'pay',
      'add',
    ]);
  });

  test('7.1(c)4 another team’s admin sees none of the rows and cannot pay the agent', async () => {
    const list = await t.call(t.beta.token, 'GET', '/api/v1/agent-ledger');
    expect(list.json().items).toEqual([]);
    const pay = await t.call(t.beta.token, 'POST', '/api/v1/agent-ledger', {
      agentId,
      type: 'add',
      amountE4: 1,
    });
    expect(pay.statusCode).toBe(404);
  });
});
