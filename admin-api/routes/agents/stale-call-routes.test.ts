import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ConflictError } from '../../../core/index.ts';
import type { AgentSession } from '../../../core/index.ts';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import type { AgentCallView, AgentRuntime, CallsControl } from '../../admin-api-deps.ts';
import { buildTestApi, type TestApi } from '../../test-api.ts';
import { STALE_CALL_MIN_AGE_MS } from './stale-call-routes.ts';

/*
 * GRP-14 erroneous call data (spec 04 §15.2): who may clear an agent's
 * stuck queue call, and when (R15.2-1), over the real auth hook, agent
 * tokens and operation log; the runtime and the calls are fakes with the
 * ports' shape (admin-api may not import pbx/).
 */

const PASSWORD = 'agent-api-pass';
const HASH = hashPasswordSync(PASSWORD);

let t: TestApi;
const sessions = new Map<number, AgentSession>();
const callsOf = new Map<number, AgentCallView>();
const liveCalls = new Set<string>();

const session = (agentId: number): AgentSession => ({
  agentId,
  teamId: t.store.agents.find(agentId)!.teamId,
  agentNo: t.store.agents.find(agentId)!.agentNo,
  phone: { kind: 'extension', number: '3000' },
  workMode: 'all',
  activity: 'idle',
  groupIds: [],
  since: 1,
});
const runtime: AgentRuntime = {
  session: (id) => sessions.get(id),
  sessionAtPhone: () => undefined,
  list: () => [...sessions.values()],
  signIn: (id) => session(id),
  signOut: () => undefined,
  pause: (id) => session(id),
  resume: (id) => session(id),
  endWrapUp: (id) => session(id),
  callOf: (id) => callsOf.get(id),
  clearCall: (id, callId) => {
    if (!sessions.has(id)) throw new ConflictError('ERR_AGENT_NOT_SIGNED_IN', 'no');
    if (callsOf.get(id)?.callId === callId) callsOf.delete(id);
    return sessions.get(id)!;
  },
};
const calls: CallsControl = {
  list: () => [],
  teamOf: (callId) => (liveCalls.has(callId) ? 1 : undefined),
  hangup: () => false,
};

function seedAgent(teamId: number, agentNo: string): number {
  const account = t.store.accounts.create({
    teamId,
    username: `owner${agentNo}`,
    accountType: 'user',
    passwordHash: HASH,
  });
  const id = t.store.agents.create({
    teamId,
    accountId: account.id,
    agentNo,
    passwordHash: HASH,
  }).id;
  t.store.agents.setApiPasswordHash(id, HASH);
  return id;
}

async function tokenOf(team: string, agentNo: string): Promise<string> {
  const res = await t.call(undefined, 'POST', '/api/v1/auth/agent-login', {
    team,
    agentNo,
    apiPassword: PASSWORD,
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { token: string }).token;
}

/** Agent `id` is stuck on call `callId`, offered `ageMs` ago. */
function stuck(id: number, callId: string, ageMs = STALE_CALL_MIN_AGE_MS) {
  sessions.set(id, { ...session(id), activity: 'busy' });
  callsOf.set(id, { kind: 'busy', queueId: 5, callId, sinceMs: t.clock.now() - ageMs });
}

const clear = (token: string, id: number) =>
  t.call(token, 'DELETE', `/api/v1/agents/${id}/stale-call`);

let plain: number;
let allowed: number;
let groupAdmin: number;
let outsider: number;
let stranger: number;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApi(undefined, { agents: runtime, calls });
  const team = t.alpha.team.id;
  [plain, allowed, groupAdmin, outsider] = ['801', '802', '803', '804'].map((no) =>
    seedAgent(team, no),
  ) as [number, number, number, number];
  stranger = seedAgent(t.beta.team.id, '801');
  t.store.agentGroups.create({
    teamId: team,
    name: 'Support',
    members: [
      { agentId: plain },
      { agentId: allowed, canDeleteErrorCallData: true },
      { agentId: groupAdmin, isGroupAdmin: true },
    ],
  });
  t.store.agentGroups.create({ teamId: team, name: 'Other', members: [{ agentId: outsider }] });
  for (const no of ['801', '802', '803', '804']) tokens[no] = await tokenOf('alpha', no);
});
afterAll(async () => t.close());
beforeEach(() => {
  sessions.clear();
  callsOf.clear();
  liveCalls.clear();
});

describe('DELETE /api/v1/agents/:id/stale-call (GRP-14, spec 04 §15.2)', () => {
  test('GRP-14 an agent without canDeleteErrorCallData → 403, its call data kept', async () => {
    stuck(plain, 'c1');
    const res = await clear(tokens['801']!, plain);
    expect(res.statusCode, res.body).toBe(403);
    expect(callsOf.get(plain)?.callId).toBe('c1');
  });

  test('GRP-14 an agent with canDeleteErrorCallData → its own stale call cleared, 200, logged', async () => {
    stuck(allowed, 'c2');
    const res = await clear(tokens['802']!, allowed);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ agentId: allowed });
    expect(callsOf.has(allowed)).toBe(false);
    const log = await t.call(
      t.alpha.token,
      'GET',
      '/api/v1/operation-logs?resource=agent-sessions',
    );
    const rows = (log.json() as { items: Array<{ objectId: string; detail: unknown }> }).items;
    expect(rows.find((r) => r.objectId === String(allowed))?.detail).toMatchObject({
      op: 'clearStaleCall',
      callId: 'c2',
      by: 'self',
    });
  });

  test('GRP-14 the group admin → a member’s call data cleared; an agent of another group → 404', async () => {
    stuck(plain, 'c3');
    stuck(outsider, 'c4');
    expect((await clear(tokens['803']!, plain)).statusCode).toBe(200);
    expect(callsOf.has(plain)).toBe(false);
    expect((await clear(tokens['803']!, outsider)).statusCode).toBe(404);
    expect(callsOf.has(outsider)).toBe(true);
  });

  test('GRP-14 an agent that is no group admin, for a colleague → 404 even with the flag', async () => {
    stuck(plain, 'c5');
    expect((await clear(tokens['802']!, plain)).statusCode).toBe(404);
    expect((await clear(tokens['804']!, plain)).statusCode).toBe(404);
    expect(callsOf.has(plain)).toBe(true);
  });

  test('GRP-14 a team admin → any agent of its team; another team’s agent → 404', async () => {
    stuck(plain, 'c6');
    stuck(stranger, 'c7');
    expect((await clear(t.alpha.token, plain)).statusCode).toBe(200);
    expect((await clear(t.alpha.token, stranger)).statusCode).toBe(404);
    expect(callsOf.has(stranger)).toBe(true);
  });

  test('R15.2-1 the call still in progress → 409 ERR_CALL_IN_PROGRESS; younger than a minute → 409 ERR_CALL_DATA_TOO_RECENT; none → 404', async () => {
    stuck(allowed, 'live');
    liveCalls.add('live');
    const live = await clear(tokens['802']!, allowed);
    expect(live.statusCode).toBe(409);
    expect(live.json()).toMatchObject({ code: 'ERR_CALL_IN_PROGRESS' });
    stuck(allowed, 'fresh', STALE_CALL_MIN_AGE_MS - 1000);
    const fresh = await clear(tokens['802']!, allowed);
    expect(fresh.statusCode).toBe(409);
    expect(fresh.json()).toMatchObject({ code: 'ERR_CALL_DATA_TOO_RECENT' });
    expect(callsOf.get(allowed)?.callId).toBe('fresh');
    callsOf.clear();
    expect((await clear(tokens['802']!, allowed)).statusCode).toBe(404);
  });
});
