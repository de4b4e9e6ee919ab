import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync, verifyPassword } from '../../../core/config-store/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';
import { applyAffix } from './routes.ts';

/*
 * Quick edit (spec 01 §1.10): one change to many items of a team, with
 * prefix/suffix transforms; QE-1 preview, QE-2 all or nothing.
 */

let t: TestApi;
let extIds: number[];
let agentIds: number[];
let accountId: number;
beforeAll(async () => {
  t = await buildTestApi();
  const team = t.alpha.team.id;
  accountId = t.store.accounts.create({
    teamId: team,
    username: 'editme',
    accountType: 'user',
    passwordHash: hashPasswordSync('a long enough password'),
  }).id;
  t.store.roles.assign(accountId, t.store.roles.builtin('agent').id);
  extIds = t.store.extensions
    .createRange({ teamId: team, accountId, firstNumber: 2000, lastNumber: 2002 })
    .map((e) => e.id);
  agentIds = ['300', '301'].map(
    (agentNo) =>
      t.store.agents.create({
        teamId: team,
        accountId,
        agentNo,
        passwordHash: hashPasswordSync('1234'),
      }).id,
  );
});
afterAll(() => t.close());

const edit = (token: string, body: Record<string, unknown>) =>
  t.call(token, 'POST', '/api/v1/quick-edit', body);

describe('applyAffix()', () => {
  test('QE new = prefix + old + suffix; an empty pair leaves the field; null counts as empty', () => {
    expect(applyAffix('1000', { prefix: '8', suffix: '' })).toBe('81000');
    expect(applyAffix('Bob', { prefix: '', suffix: ' (sales)' })).toBe('Bob (sales)');
    expect(applyAffix('x', { prefix: '', suffix: '' })).toBeUndefined();
    expect(applyAffix(null, { prefix: 'N', suffix: '' })).toBe('N');
    expect(applyAffix('x', undefined)).toBeUndefined();
  });
});

describe('POST /api/v1/quick-edit', () => {
  test('QE-1 preview → every item as it would be, nothing written', async () => {
    const res = await edit(t.alpha.token, {
      objectType: 'extensions',
      ids: extIds,
      preview: true,
      changes: { callerName: { prefix: 'Sales ' }, ringTimeoutSec: 33 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { isPreview: boolean; items: Array<Record<string, unknown>> };
    expect(body.isPreview).toBe(true);
    expect(body.items[0]).toMatchObject({
      id: extIds[0],
      callerName: 'Sales ',
      ringTimeoutSec: 33,
    });
    expect(t.store.extensions.find(extIds[0]!)).toMatchObject({
      ringTimeoutSec: 30,
      callerName: null,
    });
  });

  test('QE-2 extensions: affixes, selects and a reset password apply to all, in one log row', async () => {
    const res = await edit(t.alpha.token, {
      objectType: 'extensions',
      ids: extIds,
      changes: {
        internalNumber: { prefix: '8' },
        name: { suffix: ' desk' },
        dnd: true,
        resetPassword: { prefix: 'Reset', suffix: '2026!' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = extIds.map((id) => t.store.extensions.find(id)!);
    expect(rows.map((r) => [r.internalNumber, r.name, r.dnd])).toEqual([
      ['82000', '2000 desk', true],
      ['82001', '2001 desk', true],
      ['82002', '2002 desk', true],
    ]);
    expect(t.store.extensions.getSipSecret(extIds[1]!)).toBe('Reset2026!');
    // The new numbers are dialable: the internal-number namespace moved with them.
    expect(t.store.internalNumbers.lookup(t.alpha.team.id, '82001')?.ownerId).toBe(extIds[1]);
    const log = t.store.operationLogs.list({
      teamId: t.alpha.team.id,
      resource: 'quick-edit/extensions',
      limit: 5,
    });
    expect(log).toHaveLength(1);
    expect(JSON.stringify(log)).not.toContain('Reset2026!');
  });

  test('QE-2 a clash on one item → 409 and no item changed', async () => {
    t.store.extensions.create({ teamId: t.alpha.team.id, accountId, internalNumber: '982001' });
    const res = await edit(t.alpha.token, {
      objectType: 'extensions',
      ids: extIds,
      changes: { internalNumber: { prefix: '9' }, ringTimeoutSec: 50 },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(extIds.map((id) => t.store.extensions.find(id)!.internalNumber)).toEqual([
      '82000',
      '82001',
      '82002',
    ]);
    expect(t.store.extensions.find(extIds[0]!)!.ringTimeoutSec).toBe(30);
  });

  test('QE agents: number prefix and password = prefix + new number + suffix', async () => {
    const res = await edit(t.alpha.token, {
      objectType: 'agents',
      ids: agentIds,
      changes: { agentNo: { prefix: '7' }, resetPassword: { prefix: '00', suffix: '9' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const agent = t.store.agents.find(agentIds[1]!)!;
    expect(agent.agentNo).toBe('7301');
    expect(await verifyPassword('0073019', t.store.agents.getPasswordHash(agent.id)!)).toBe(true);
  });

  test('QE accounts: status, payment mode and role of user accounts', async () => {
    const role = t.store.roles.create({
      teamId: t.alpha.team.id,
      name: 'night shift',
      permissions: {},
    });
    const res = await edit(t.alpha.token, {
      objectType: 'accounts',
      ids: [accountId],
      changes: { status: 'disabled', paymentMode: 'prepaid', roleId: role.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(t.store.accounts.find(accountId)).toMatchObject({
      status: 'disabled',
      paymentMode: 'prepaid',
    });
    expect(t.store.roles.roleOf(accountId)?.id).toBe(role.id);
  });

  test('cross-tenant: another team’s item → 404 and nothing changes; another team named → 403', async () => {
    const res = await edit(t.beta.token, {
      objectType: 'extensions',
      ids: [extIds[0]],
      changes: { dnd: false },
    });
    expect(res.statusCode).toBe(404);
    expect(t.store.extensions.find(extIds[0]!)!.dnd).toBe(true);
    const named = await edit(t.beta.token, {
      teamId: t.alpha.team.id,
      objectType: 'accounts',
      ids: [accountId],
      changes: { status: 'enabled' },
    });
    expect(named.statusCode).toBe(403);
  });

  test('bad bodies → 400 naming the field: unknown change, wrong objectType, empty ids', async () => {
    const unknown = await edit(t.alpha.token, {
      objectType: 'agents',
      ids: agentIds,
      changes: { ringTimeoutSec: 5 },
    });
    expect(unknown.statusCode).toBe(400);
    const type = await edit(t.alpha.token, { objectType: 'trunks', ids: [1], changes: {} });
    expect(type.statusCode).toBe(400);
    const empty = await edit(t.alpha.token, { objectType: 'accounts', ids: [], changes: {} });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toContain('ids');
  });
});
