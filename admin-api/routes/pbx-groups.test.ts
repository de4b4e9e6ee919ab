import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync, verifyPassword } from '../../core/config-store/index.ts';
import type { Agent } from '../../core/config-store/index.ts';
import { buildTestApi } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/*
 * Rules of account groups (spec 01 §1.4), agents (§1.5) and agent groups
 * (§1.6) as the admin API enforces them.
 */

let t: TestApi;
const hash = hashPasswordSync('x-password');
let serial = 0;

beforeAll(async () => {
  t = await buildTestApi();
});
afterAll(async () => t.close());

/** A fresh user account in the team. */
function account(teamId: number): number {
  return t.store.accounts.create({
    teamId,
    username: `user${++serial}`,
    accountType: 'user',
    passwordHash: hash,
  }).id;
}

async function post(token: string, path: string, body: Record<string, unknown>) {
  const res = await t.call(token, 'POST', `/api/v1/${path}`, body);
  return { res, id: (res.json() as { id: number }).id };
}

describe('/api/v1/account-groups', () => {
  test('POST with members → 201; isGroupAdmin defaults to false; PATCH members replaces the list', async () => {
    const [a, b] = [account(t.alpha.team.id), account(t.alpha.team.id)];
    const { res, id } = await post(t.alpha.token, 'account-groups', {
      name: 'Managers',
      members: [{ accountId: a, isGroupAdmin: true }, { accountId: b }],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().members).toEqual([
      { accountId: a, isGroupAdmin: true },
      { accountId: b, isGroupAdmin: false },
    ]);
    const patched = await t.call(t.alpha.token, 'PATCH', `/api/v1/account-groups/${id}`, {
      members: [{ accountId: b }],
    });
    expect(patched.json().members).toEqual([{ accountId: b, isGroupAdmin: false }]);
  });

  test('AG-1: a member of another team or no account at all → 400 naming members, alike', async () => {
    const foreign = account(t.beta.team.id);
    for (const accountId of [foreign, 999_999]) {
      const { res } = await post(t.alpha.token, 'account-groups', {
        name: `g${++serial}`,
        members: [{ accountId }],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        code: 'ERR_VALIDATION',
        message: `no account ${accountId} in this team`,
        issues: [{ field: 'members', message: `no account ${accountId} in this team` }],
      });
    }
  });

  test('AG-6: an account already in another group → 409 ERR_ACCOUNT_IN_GROUP; free again once that group is deleted', async () => {
    const a = account(t.alpha.team.id);
    const first = await post(t.alpha.token, 'account-groups', {
      name: `g${++serial}`,
      members: [{ accountId: a }],
    });
    const second = await post(t.alpha.token, 'account-groups', {
      name: `g${++serial}`,
      members: [{ accountId: a }],
    });
    expect(second.res.statusCode).toBe(409);
    expect(second.res.json()).toMatchObject({
      code: 'ERR_ACCOUNT_IN_GROUP',
      issues: [{ field: 'members' }],
    });
    const dup = await post(t.alpha.token, 'account-groups', {
      name: `g${++serial}`,
      members: [{ accountId: account(t.alpha.team.id) }, { accountId: a }, { accountId: a }],
    });
    expect(dup.res.statusCode).toBe(400);
    const deleteAccount = await t.call(t.alpha.token, 'DELETE', `/api/v1/accounts/${a}`);
    expect(deleteAccount.statusCode).toBe(409);
    expect(deleteAccount.json().message).toContain(`used by accountGroup ${first.id}`);
    await t.call(t.alpha.token, 'DELETE', `/api/v1/account-groups/${first.id}`);
    const retry = await post(t.alpha.token, 'account-groups', {
      name: `g${++serial}`,
      members: [{ accountId: a }],
    });
    expect(retry.res.statusCode).toBe(201);
  });

  test('POST with a name the team already uses → 409 ERR_NAME_TAKEN; trunk of another team → 400', async () => {
    await post(t.alpha.token, 'account-groups', { name: 'Twice' });
    const again = await post(t.alpha.token, 'account-groups', { name: 'Twice' });
    expect(again.res.json()).toMatchObject({ code: 'ERR_NAME_TAKEN', issues: [{ field: 'name' }] });
    const trunk = t.store.trunks.create({
      teamId: t.beta.team.id,
      name: 'beta-only',
      type: 'ipPeer',
      host: 'gw.example.net',
    });
    const bad = await post(t.alpha.token, 'account-groups', { name: 'T', trunkId: trunk.id });
    expect(bad.res.json()).toMatchObject({
      code: 'ERR_VALIDATION',
      issues: [{ field: 'trunkId' }],
    });
  });
});

describe('/api/v1/agents', () => {
  test('AGT-1: agentNo not digits → 400; taken in the team → 409 ERR_AGENT_NO_TAKEN; free in another team → 201', async () => {
    const accountId = account(t.alpha.team.id);
    const body = { accountId, agentNo: '8101', password: 'agent-pw' };
    const letters = await post(t.alpha.token, 'agents', { ...body, agentNo: '81a' });
    expect(letters.res.statusCode).toBe(400);
    expect(letters.res.json().issues).toEqual([
      { field: 'body.agentNo', message: 'digits (AGT-1)' },
    ]);
    expect((await post(t.alpha.token, 'agents', body)).res.statusCode).toBe(201);
    const taken = await post(t.alpha.token, 'agents', body);
    expect(taken.res.statusCode).toBe(409);
    expect(taken.res.json()).toMatchObject({
      code: 'ERR_AGENT_NO_TAKEN',
      issues: [{ field: 'agentNo' }],
    });
    const beta = await post(t.beta.token, 'agents', {
      ...body,
      accountId: account(t.beta.team.id),
    });
    expect(beta.res.statusCode).toBe(201);
  });

  test('AGT-1 quota: creation beyond the team maxAgents → 409 ERR_QUOTA_EXCEEDED, nothing created', async () => {
    const gamma = t.store.teams.create({ uid: 'gamma', name: 'Gamma', maxAgents: 2 });
    const accountId = account(gamma.id);
    for (const agentNo of ['1', '2']) {
      t.store.agents.create({ teamId: gamma.id, accountId, agentNo, passwordHash: hash });
    }
    const res = await t.call(t.superToken, 'POST', '/api/v1/agents', {
      teamId: gamma.id,
      accountId,
      agentNo: '3',
      password: 'agent-pw',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ERR_QUOTA_EXCEEDED');
    expect(t.store.agents.list(gamma.id)).toHaveLength(2);
  });

  test('password is write-only: stored as scrypt, redacted in the operation log', async () => {
    const { res, id } = await post(t.alpha.token, 'agents', {
      accountId: account(t.alpha.team.id),
      agentNo: '8102',
      password: 'agent-secret-1',
    });
    expect(res.json()).not.toHaveProperty('password');
    expect(res.json()).not.toHaveProperty('passwordHash');
    expect(await verifyPassword('agent-secret-1', t.store.agents.getPasswordHash(id))).toBe(true);
    const log = await t.call(
      t.alpha.token,
      'GET',
      '/api/v1/operation-logs?resource=agents&limit=1',
    );
    expect(log.json().items[0]).toMatchObject({
      action: 'create',
      objectId: String(id),
      detail: { values: { agentNo: '8102', password: '***' } },
    });
  });

  test('DELETE of an account with an agent, or of an agent in a group → 409 ERR_IN_USE naming it', async () => {
    const accountId = account(t.alpha.team.id);
    const agent = await post(t.alpha.token, 'agents', {
      accountId,
      agentNo: '8103',
      password: 'agent-pw',
    });
    const group = await post(t.alpha.token, 'agent-groups', {
      name: 'Holders',
      members: [{ agentId: agent.id }],
    });
    const delAccount = await t.call(t.alpha.token, 'DELETE', `/api/v1/accounts/${accountId}`);
    expect(delAccount.json()).toMatchObject({
      code: 'ERR_IN_USE',
      message: expect.stringContaining(`used by agent ${agent.id} (8103)`),
    });
    const delAgent = await t.call(t.alpha.token, 'DELETE', `/api/v1/agents/${agent.id}`);
    expect(delAgent.statusCode).toBe(409);
    expect(delAgent.json().message).toContain(`used by agentGroup ${group.id} (Holders)`);
  });
});

describe('/api/v1/agent-groups', () => {
  test('POST → spec defaults (selfSelect, wrap-up off, click-to-dial auto-answer); members default to priority 20, static', async () => {
    const [agent, other] = ['8201', '8202'].map((agentNo) =>
      t.store.agents.create({
        teamId: t.alpha.team.id,
        accountId: account(t.alpha.team.id),
        agentNo,
        passwordHash: hash,
      }),
    ) as [Agent, Agent];
    const { res } = await post(t.alpha.token, 'agent-groups', {
      name: 'Defaults',
      members: [
        { agentId: agent.id },
        {
          agentId: other.id,
          priority: 5,
          membershipType: 'dynamic',
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      workMode: 'selfSelect',
      outboundAttribute: 'unrestricted',
      allowExternalTransfer: true,
      wrapUpMode: 'off',
      wrapUpAutoEndSec: 0,
      autoAnswerQueue: false,
      autoAnswerPredictive: false,
      autoAnswerClickToDial: true,
      queueId: null,
    });
    expect(res.json().members[0]).toEqual({
      agentId: agent.id,
      priority: 20,
      isGroupAdmin: false,
      membershipType: 'static',
      workMode: null,
      outboundAttribute: null,
      canDeleteErrorCallData: false,
    });
    expect(res.json().members[1]).toMatchObject({ priority: 5, membershipType: 'dynamic' });
  });

  test('GRP-5 / GRP-14 member outboundAttribute and canDeleteErrorCallData → stored, read back (also in GET /agents/:id/agent-groups), PATCH replaces; a bad value → 400 naming the field', async () => {
    // The team's account quota is used up by now: an agent made above.
    const agent = t.store.agents.list(t.alpha.team.id).at(-1)!;
    const { res } = await post(t.alpha.token, 'agent-groups', {
      name: 'Member rules',
      outboundAttribute: 'unrestricted',
      members: [
        { agentId: agent.id, outboundAttribute: 'restricted', canDeleteErrorCallData: true },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    expect(res.json().members[0]).toMatchObject({
      outboundAttribute: 'restricted',
      canDeleteErrorCallData: true,
    });
    const read = await t.call(t.alpha.token, 'GET', `/api/v1/agent-groups/${id}`);
    expect(read.json().members[0]).toMatchObject({
      outboundAttribute: 'restricted',
      canDeleteErrorCallData: true,
    });
    const patched = await t.call(t.alpha.token, 'PATCH', `/api/v1/agent-groups/${id}`, {
      members: [{ agentId: agent.id, outboundAttribute: null }],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().members[0]).toMatchObject({
      outboundAttribute: null,
      canDeleteErrorCallData: false,
    });
    // §1.5 查看坐席组: the agent's groups with its own member fields.
    const memberships = await t.call(
      t.alpha.token,
      'GET',
      `/api/v1/agents/${agent.id}/agent-groups`,
    );
    expect(memberships.statusCode, memberships.body).toBe(200);
    expect(memberships.json().items).toContainEqual(
      expect.objectContaining({ groupId: id, groupName: 'Member rules', outboundAttribute: null }),
    );
    const foreign = await t.call(t.beta.token, 'GET', `/api/v1/agents/${agent.id}/agent-groups`);
    expect(foreign.statusCode).toBe(404);
    const bad = await t.call(t.alpha.token, 'PATCH', `/api/v1/agent-groups/${id}`, {
      members: [{ agentId: agent.id, outboundAttribute: 'sometimes' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('body.members.0.outboundAttribute');
  });

  test('GRP-11 mediaAccess: idleAndMedia by default, unlimited kept; a bad value → 400 naming the field', async () => {
    const { res, id } = await post(t.alpha.token, 'agent-groups', { name: 'Media rules' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mediaAccess).toBe('idleAndMedia');
    const patched = await t.call(t.alpha.token, 'PATCH', `/api/v1/agent-groups/${id}`, {
      mediaAccess: 'unlimited',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().mediaAccess).toBe('unlimited');
    expect(t.store.agentGroups.find(id)?.mediaAccess).toBe('unlimited');
    const bad = await t.call(t.alpha.token, 'PATCH', `/api/v1/agent-groups/${id}`, {
      mediaAccess: 'always',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('body.mediaAccess');
    expect(t.store.agentGroups.find(id)?.mediaAccess).toBe('unlimited');
  });

  test('a foreign agent or queue → 400 naming the field; a queue bound to a group cannot be deleted (409)', async () => {
    const betaAgent = t.store.agents.create({
      teamId: t.beta.team.id,
      accountId: account(t.beta.team.id),
      agentNo: '8301',
      passwordHash: hash,
    });
    const betaQueue = t.store.queues.create({ teamId: t.beta.team.id, number: '801', name: 'B' });
    const badAgent = await post(t.alpha.token, 'agent-groups', {
      name: 'x1',
      members: [{ agentId: betaAgent.id }],
    });
    expect(badAgent.res.json().issues).toEqual([
      { field: 'members', message: `no agent ${betaAgent.id} in this team` },
    ]);
    const badQueue = await post(t.alpha.token, 'agent-groups', {
      name: 'x2',
      queueId: betaQueue.id,
    });
    expect(badQueue.res.json().issues).toEqual([
      { field: 'queueId', message: `no queue ${betaQueue.id} in this team` },
    ]);
    const queue = await post(t.alpha.token, 'queues', { number: '802', name: 'Bound' });
    const group = await post(t.alpha.token, 'agent-groups', { name: 'Bound', queueId: queue.id });
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/queues/${queue.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().message).toContain(`used by agentGroup ${group.id} (Bound)`);
  });
});
