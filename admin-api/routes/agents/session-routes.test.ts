import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../core/index.ts';
import type { AgentSession } from '../../../core/index.ts';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import type { AgentRuntime, AgentSignIn } from '../../admin-api-deps.ts';
import { buildTestApi, type TestApi } from '../../test-api.ts';

/**
 * A runtime with the port's shape over the store's agents (the real one,
 * pbx/agents, is tested there; admin-api may not import pbx/).
 */
class FakeAgentRuntime implements AgentRuntime {
  readonly sessions = new Map<number, AgentSession>();
  lastSignIn: AgentSignIn | undefined;
  constructor(private readonly api: () => TestApi) {}
  session = (id: number) => this.sessions.get(id);
  sessionAtPhone = () => undefined;
  list = (teamId?: number) =>
    [...this.sessions.values()].filter((s) => teamId === undefined || s.teamId === teamId);
  signIn = (agentId: number, request: AgentSignIn) => {
    const agent = this.api().store.agents.find(agentId)!;
    if (agent.status !== 'enabled') throw new ConflictError('ERR_AGENT_DISABLED', 'AGT-5');
    this.lastSignIn = request;
    const session: AgentSession = {
      agentId,
      teamId: agent.teamId,
      agentNo: agent.agentNo,
      phone: { kind: 'extension', number: request.phone ?? agent.targetNumber ?? '' },
      workMode: request.workMode ?? 'all',
      activity: 'idle',
      groupIds: request.groupIds ?? [],
      since: 1,
    };
    this.sessions.set(agentId, session);
    return session;
  };
  signOut = (agentId: number) => {
    if (!this.sessions.delete(agentId)) throw new ConflictError('ERR_AGENT_NOT_SIGNED_IN', 'no');
  };
  pause = (agentId: number, reason: string) => this.#set(agentId, 'paused', reason);
  resume = (agentId: number) => this.#set(agentId, 'idle', undefined);
  endWrapUp = (agentId: number) => this.#set(agentId, 'idle', undefined);
  callOf = () => undefined;
  clearCall = (agentId: number) => this.#set(agentId, 'idle', undefined);
  #set(agentId: number, activity: AgentSession['activity'], pauseReason: string | undefined) {
    const s = this.sessions.get(agentId);
    if (s === undefined) throw new ConflictError('ERR_AGENT_NOT_SIGNED_IN', 'no');
    const next = { ...s, activity, pauseReason };
    this.sessions.set(agentId, next);
    return next;
  }
}

/** scrypt is slow on purpose: one hash serves every seeded row. */
const HASH = hashPasswordSync('pw-123456');

let api: TestApi;
let runtime: FakeAgentRuntime;
let alphaAgent: number;
let betaAgent: number;

beforeEach(async () => {
  runtime = new FakeAgentRuntime(() => api);
  api = await buildTestApi(undefined, { agents: runtime });
  const make = (teamId: number, agentNo: string, status: 'enabled' | 'disabled' = 'enabled') => {
    const account = api.store.accounts.create({
      teamId,
      username: `u${agentNo}`,
      accountType: 'user',
      passwordHash: HASH,
    });
    return api.store.agents.create({
      teamId,
      accountId: account.id,
      agentNo,
      passwordHash: HASH,
      targetNumber: '2001',
      status,
    }).id;
  };
  alphaAgent = make(api.alpha.team.id, '8001');
  betaAgent = make(api.beta.team.id, '9001');
});
afterEach(async () => api.close());

describe('agent session routes', () => {
  it('POST /agents/:id/sign-in → 200 session, source IP passed, operation logged', async () => {
    const res = await api.call(api.alpha.token, 'POST', `/api/v1/agents/${alphaAgent}/sign-in`, {
      workMode: 'inbound',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      agentId: alphaAgent,
      workMode: 'inbound',
      activity: 'idle',
    });
    expect(runtime.lastSignIn?.sourceIp).toBe('127.0.0.1');
    const logs = api.store.operationLogs.list({ resource: 'agent-sessions', limit: 10 });
    expect(JSON.stringify(logs)).toContain('signIn');
  });

  it('AGT-5: POST /agents/:id/sign-in for a disabled agent → 409 ERR_AGENT_DISABLED', async () => {
    api.store.agents.update(alphaAgent, { status: 'disabled' });
    const res = await api.call(api.alpha.token, 'POST', `/api/v1/agents/${alphaAgent}/sign-in`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ERR_AGENT_DISABLED');
  });

  it('pause, resume, end-wrap-up, session, sign-out → the runtime follows', async () => {
    const base = `/api/v1/agents/${alphaAgent}`;
    const t = api.alpha.token;
    expect((await api.call(t, 'GET', `${base}/session`)).statusCode).toBe(404);
    await api.call(t, 'POST', `${base}/sign-in`, {});
    const paused = await api.call(t, 'POST', `${base}/pause`, { reason: 'lunch' });
    expect(paused.json()).toMatchObject({ activity: 'paused', pauseReason: 'lunch' });
    expect((await api.call(t, 'POST', `${base}/pause`, {})).statusCode).toBe(400);
    expect((await api.call(t, 'POST', `${base}/resume`)).json().activity).toBe('idle');
    expect((await api.call(t, 'POST', `${base}/end-wrap-up`)).statusCode).toBe(200);
    expect((await api.call(t, 'GET', `${base}/session`)).json().agentId).toBe(alphaAgent);
    expect((await api.call(t, 'POST', `${base}/sign-out`)).statusCode).toBe(204);
    const again = await api.call(t, 'POST', `${base}/sign-out`);
    expect([again.statusCode, again.json().code]).toEqual([409, 'ERR_AGENT_NOT_SIGNED_IN']);
  });

  it('team isolation: another team’s agent → 404 on every route; the list shows only own', async () => {
    await api.call(api.beta.token, 'POST', `/api/v1/agents/${betaAgent}/sign-in`, {});
    await api.call(api.alpha.token, 'POST', `/api/v1/agents/${alphaAgent}/sign-in`, {});
    for (const path of ['sign-in', 'sign-out', 'resume', 'end-wrap-up']) {
      const res = await api.call(api.alpha.token, 'POST', `/api/v1/agents/${betaAgent}/${path}`);
      expect(res.statusCode, path).toBe(path === 'sign-in' ? 400 : 404);
    }
    const res = await api.call(api.alpha.token, 'POST', `/api/v1/agents/${betaAgent}/sign-in`, {});
    expect(res.statusCode).toBe(404);
    expect(
      (await api.call(api.alpha.token, 'GET', `/api/v1/agents/${betaAgent}/session`)).statusCode,
    ).toBe(404);
    const list = await api.call(api.alpha.token, 'GET', '/api/v1/agent-sessions');
    expect(list.json().items.map((s: AgentSession) => s.agentId)).toEqual([alphaAgent]);
    const all = await api.call(api.superToken, 'GET', '/api/v1/agent-sessions');
    expect(all.json().items).toHaveLength(2);
    const other = await api.call(
      api.alpha.token,
      'GET',
      `/api/v1/agent-sessions?teamId=${api.beta.team.id}`,
    );
    expect(other.statusCode).toBe(403);
  });

  it('GET /agent-sessions?activity=paused&groupId → filtered', async () => {
    await api.call(api.alpha.token, 'POST', `/api/v1/agents/${alphaAgent}/sign-in`, {
      groupIds: [4],
    });
    const t = api.alpha.token;
    expect(
      (await api.call(t, 'GET', '/api/v1/agent-sessions?activity=paused')).json().items,
    ).toEqual([]);
    expect(
      (await api.call(t, 'GET', '/api/v1/agent-sessions?groupId=4')).json().items,
    ).toHaveLength(1);
    expect((await api.call(t, 'GET', '/api/v1/agent-sessions?groupId=5')).json().items).toEqual([]);
  });

  it('OpenAPI → documents every agent session route', async () => {
    const doc = (await api.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const p of ['sign-in', 'sign-out', 'pause', 'resume', 'end-wrap-up']) {
      expect(doc.paths[`/api/v1/agents/{id}/${p}`]?.post, p).toBeDefined();
    }
    expect(doc.paths['/api/v1/agents/{id}/session']?.get).toBeDefined();
    expect(doc.paths['/api/v1/agent-sessions']?.get).toBeDefined();
  });

  it('TM-9, GRP-13: GET /agents/:id/workspace → team branding and group flags; other team 404', async () => {
    api.store.teams.update(api.alpha.team.id, {
      displayName: 'Acme',
      logoUrl: 'https://x.test/l.png',
    });
    const g = api.store.agentGroups.create({
      teamId: api.alpha.team.id,
      name: 'First line',
      workLink: 'https://crm.test/',
      sendLoginInfo: true,
      members: [{ agentId: alphaAgent }],
    });
    const res = await api.call(api.alpha.token, 'GET', `/api/v1/agents/${alphaAgent}/workspace`);
    expect(res.json()).toEqual({
      agentId: alphaAgent,
      agentNo: '8001',
      team: { displayName: 'Acme', logoUrl: 'https://x.test/l.png', defaultLanguage: 'zh-CN' },
      groups: [
        {
          id: g.id,
          name: 'First line',
          showQueueInfo: false,
          workLink: 'https://crm.test/',
          sendLoginInfo: true,
          defaultShowInboundCenter: false,
        },
      ],
    });
    const other = await api.call(api.alpha.token, 'GET', `/api/v1/agents/${betaAgent}/workspace`);
    expect(other.statusCode).toBe(404);
  });
});
