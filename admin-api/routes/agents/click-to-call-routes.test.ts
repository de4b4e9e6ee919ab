import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { err, ok } from '../../../core/index.ts';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import type { ClickToCallControl } from '../../admin-api-deps.ts';
import { buildTestApi, type TestApi } from '../../test-api.ts';

/* POST /api/v1/agents/:id/call (AGT-4) over a scripted ClickToCallControl. */

let t: TestApi;
const placed: Array<{ agentId: number; number: string }> = [];
const control: ClickToCallControl = {
  call(agentId, number) {
    if (number === '403') {
      return err({ code: 'ERR_CLICK_TO_CALL_FORBIDDEN', status: 403, message: 'no' });
    }
    placed.push({ agentId, number });
    return ok({ callId: `call-${placed.length}`, autoAnswer: true });
  },
};

function agentOf(teamId: number): number {
  const accountId = t.store.accounts.create({
    teamId,
    username: `c2c${teamId}`,
    accountType: 'user',
    passwordHash: hashPasswordSync('x-password'),
  }).id;
  return t.store.agents.create({
    teamId,
    accountId,
    agentNo: '81',
    passwordHash: hashPasswordSync('x-password'),
    targetNumber: '1000',
  }).id;
}

beforeAll(async () => {
  t = await buildTestApi(undefined, { clickToCall: control });
});
afterAll(async () => t.close());

describe('POST /api/v1/agents/:id/call', () => {
  test('AGT-4 a team admin calls for its agent → 202 with the call id; the operation log has it', async () => {
    const id = agentOf(t.alpha.team.id);
    const res = await t.call(t.alpha.token, 'POST', `/api/v1/agents/${id}/call`, {
      number: '95551234',
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ callId: 'call-1', autoAnswer: true });
    expect(placed).toEqual([{ agentId: id, number: '95551234' }]);
    const log = await t.call(t.alpha.token, 'GET', '/api/v1/operation-logs?resource=agent-calls');
    expect(log.body).toContain('clickToCall');
  });

  test('AGT-4 another team’s agent → 404, nothing placed', async () => {
    const id = agentOf(t.beta.team.id);
    const before = placed.length;
    const res = await t.call(t.alpha.token, 'POST', `/api/v1/agents/${id}/call`, { number: '1' });
    expect(res.statusCode).toBe(404);
    expect(placed).toHaveLength(before);
  });

  test('AGT-4 a number with letters or an unknown field → 400', async () => {
    const id = t.store.agents.list(t.alpha.team.id)[0]!.id;
    const url = `/api/v1/agents/${id}/call`;
    expect((await t.call(t.alpha.token, 'POST', url, { number: 'abc' })).statusCode).toBe(400);
    const extra = await t.call(t.alpha.token, 'POST', url, { number: '1', x: 1 });
    expect(extra.statusCode).toBe(400);
  });

  test('AGT-4 the control refuses → its status and code', async () => {
    const id = t.store.agents.list(t.alpha.team.id)[0]!.id;
    const res = await t.call(t.alpha.token, 'POST', `/api/v1/agents/${id}/call`, {
      number: '403',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'ERR_CLICK_TO_CALL_FORBIDDEN' });
  });
});
