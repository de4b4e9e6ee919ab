import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyPassword } from '../../../core/config-store/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * Quick setup (spec 01 §1.9): N accounts, extensions and agents in one
 * call, numbered and passworded as QS-1/QS-3 say, all or nothing (QS-4).
 */

let t: TestApi;
beforeAll(async () => {
  t = await buildTestApi();
});
afterAll(() => t.close());

interface Item {
  username: string | null;
  userPassword: string | null;
  extensionNumber: string | null;
  extensionPassword: string | null;
  agentNo: string | null;
  agentPassword: string | null;
}
interface Result {
  isPreview: boolean;
  items: Item[];
  accountIds: number[];
  extensionIds: number[];
  agentIds: number[];
  csv: string;
}

const setup = (token: string, body: Record<string, unknown>) =>
  t.call(token, 'POST', '/api/v1/quick-setup', body);

describe('POST /api/v1/quick-setup', () => {
  test('QS-1/QS-2/QS-3: 3 agents with extensions → astercc0…2, 5000…5002, agents 7000…7002, prefixed passwords that work', async () => {
    const res = await setup(t.alpha.token, {
      count: 3,
      usernamePrefix: 'astercc',
      startExtension: '5000',
      startAgentNo: '7000',
      passwordPrefix: 'temp',
      passwordLength: 10,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as Result;
    expect(body.isPreview).toBe(false);
    expect(body.items.map((i) => [i.username, i.extensionNumber, i.agentNo])).toEqual([
      ['astercc0', '5000', '7000'],
      ['astercc1', '5001', '7001'],
      ['astercc2', '5002', '7002'],
    ]);
    for (const item of body.items) {
      expect(item.userPassword).toMatch(/^temp[A-Za-z0-9]{6}$/);
      expect(item.extensionPassword).toMatch(/^temp[A-Za-z0-9]{6}$/);
      // Agents sign in from a keypad: digits only, the letter prefix left out.
      expect(item.agentPassword).toMatch(/^[0-9]{10}$/);
    }
    expect(new Set(body.items.map((i) => i.userPassword)).size).toBe(3);
    const store = t.store;
    const team = t.alpha.team.id;
    const account = store.accounts.findByUsername(team, 'astercc1')!;
    expect(account).toMatchObject({ accountType: 'user', teamId: team });
    expect(store.roles.roleOf(account.id)?.builtin).toBe('agent');
    const ext = store.extensions.findByNumber(team, '5001')!;
    expect(ext).toMatchObject({ accountId: account.id, ringTimeoutSec: 45 });
    expect(store.extensions.getSipSecret(ext.id)).toBe(body.items[1]!.extensionPassword);
    const agent = store.agents.findByAgentNo(team, '7001')!;
    expect(agent).toMatchObject({ accountId: account.id, targetNumber: '5001' });
    expect(
      await verifyPassword(
        body.items[1]!.userPassword!,
        t.store.accounts.getPasswordHash(account.id),
      ),
    ).toBe(true);
    expect(body.csv.split('\r\n')[0]).toBe(
      'extensionNumber,extensionPassword,agentNo,agentPassword,username,userPassword,email',
    );
    expect(body.csv.split('\r\n')[2]).toBe(
      `5001,${body.items[1]!.extensionPassword},7001,${body.items[1]!.agentPassword},astercc1,${body.items[1]!.userPassword},`,
    );
  });

  test('QS-2: items for an existing account → extensions only under it, no account made', async () => {
    const owner = t.store.accounts.findByUsername(t.alpha.team.id, 'astercc0')!;
    const before = t.store.accounts.list(t.alpha.team.id).length;
    const res = await setup(t.alpha.token, {
      accountId: owner.id,
      target: 'extensions',
      count: 2,
      startExtension: '5100',
      random: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as Result;
    expect(body.items.map((i) => [i.username, i.extensionNumber, i.agentNo])).toEqual([
      [null, '5100', null],
      [null, '5101', null],
    ]);
    expect(body.items[0]!.extensionPassword).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(body.accountIds).toEqual([]);
    expect(t.store.accounts.list(t.alpha.team.id)).toHaveLength(before);
    expect(t.store.extensions.findByNumber(t.alpha.team.id, '5101')?.accountId).toBe(owner.id);
  });

  test('QS-4: one clashing number → 409 naming it and nothing of the batch is written', async () => {
    const accounts = t.store.accounts.list(t.alpha.team.id).length;
    const res = await setup(t.alpha.token, {
      count: 3,
      usernamePrefix: 'batch',
      startExtension: '4999',
      startAgentNo: '8000',
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.body).toContain('5000');
    expect(t.store.accounts.list(t.alpha.team.id)).toHaveLength(accounts);
    expect(t.store.accounts.findByUsername(t.alpha.team.id, 'batch0')).toBeUndefined();
    expect(t.store.agents.findByAgentNo(t.alpha.team.id, '8000')).toBeUndefined();
  });

  test('QS preview: preview true → the items and the same clash check, nothing written', async () => {
    const ok = await setup(t.alpha.token, {
      preview: true,
      count: 2,
      usernamePrefix: 'seen',
      startExtension: '6000',
      startAgentNo: '9000',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as Result).isPreview).toBe(true);
    expect((ok.json() as Result).items.map((i) => i.username)).toEqual(['seen0', 'seen1']);
    expect(t.store.accounts.findByUsername(t.alpha.team.id, 'seen0')).toBeUndefined();
    expect(t.store.extensions.findByNumber(t.alpha.team.id, '6000')).toBeUndefined();
    const clash = await setup(t.alpha.token, {
      preview: true,
      count: 1,
      usernamePrefix: 'astercc',
      startExtension: '6100',
      startAgentNo: '9100',
    });
    expect(clash.statusCode).toBe(409);
  });

  test('bad bodies → 400 naming the field: missing start number, short random part, unknown field, count 0', async () => {
    const field = async (body: Record<string, unknown>) => {
      const res = await setup(t.alpha.token, body);
      expect(res.statusCode, res.body).toBe(400);
      return (res.json() as { issues: Array<{ field: string }> }).issues[0]!.field;
    };
    expect(await field({ count: 1, usernamePrefix: 'x', startAgentNo: '1' })).toBe(
      'startExtension',
    );
    expect(
      await field({
        count: 1,
        usernamePrefix: 'x',
        startExtension: '7700',
        startAgentNo: '1',
        passwordPrefix: 'abcdefghij',
        passwordLength: 12,
      }),
    ).toBe('passwordLength');
    expect(await field({ count: 1, startExtension: '7700', startAgentNo: '1' })).toBe(
      'usernamePrefix',
    );
    expect(await field({ count: 0, usernamePrefix: 'x', startExtension: '1' })).toBe('body.count');
    expect(
      await field({
        count: 1,
        usernamePrefix: 'x',
        startExtension: '1',
        startAgentNo: '1',
        pin: 1,
      }),
    ).toMatch(/pin|body/);
  });

  test('TM-2: a batch past the team’s extension quota → refused, nothing written', async () => {
    t.store.teams.update(t.beta.team.id, { maxExtensions: 1 });
    const res = await setup(t.beta.token, {
      count: 2,
      target: 'extensions',
      usernamePrefix: 'quota',
      startExtension: '3000',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(t.store.accounts.findByUsername(t.beta.team.id, 'quota0')).toBeUndefined();
    t.store.teams.update(t.beta.team.id, { maxExtensions: 1000 });
  });

  test('cross-tenant: a team admin naming another team → 403; another team’s account → 404 or 400', async () => {
    const res = await setup(t.beta.token, {
      teamId: t.alpha.team.id,
      count: 1,
      usernamePrefix: 'spy',
      startExtension: '3100',
      startAgentNo: '3100',
    });
    expect(res.statusCode).toBe(403);
    const owner = t.store.accounts.findByUsername(t.alpha.team.id, 'astercc0')!;
    const foreign = await setup(t.beta.token, {
      accountId: owner.id,
      target: 'extensions',
      count: 1,
      startExtension: '3200',
    });
    expect([400, 404]).toContain(foreign.statusCode);
    expect(t.store.extensions.findByNumber(t.alpha.team.id, '3200')).toBeUndefined();
    expect(t.store.extensions.findByNumber(t.beta.team.id, '3200')).toBeUndefined();
  });

  test('the write is in the operation log without any password', async () => {
    const log = t.store.operationLogs.list({
      teamId: t.alpha.team.id,
      resource: 'quick-setup',
      limit: 10,
    });
    expect(log.length).toBeGreaterThan(0);
    expect(JSON.stringify(log)).not.toMatch(/temp[A-Za-z0-9]{6}/);
  });
});
