import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ok } from '../../../core/index.ts';
import type { AgentSession } from '../../../core/index.ts';
import { openCdrStore, type CdrStore, type NewCdrRecord } from '../../../core/cdr-store/index.ts';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import type { AgentRuntime, ClickToCallControl } from '../../admin-api-deps.ts';
import { buildTestApi, type TestApi } from '../../test-api.ts';

/*
 * AGT-8 agent logins and what their tokens may do (TM-9 workspace, TM-10
 * call records and recordings), over the real auth hook and routes.
 */

const API_PASSWORD = 'agent-api-pass';
const HASH = hashPasswordSync(API_PASSWORD);

let t: TestApi;
let cdrs: CdrStore;
const sessions = new Map<number, AgentSession>();
const placed: Array<{ agentId: number; number: string }> = [];

/** A runtime with the port's shape; the real one (pbx/agents) is tested there. */
const runtime: AgentRuntime = {
  session: (id) => sessions.get(id),
  sessionAtPhone: () => undefined,
  list: () => [...sessions.values()],
  signIn: (agentId) => {
    const agent = t.store.agents.find(agentId)!;
    const session: AgentSession = {
      agentId,
      teamId: agent.teamId,
      agentNo: agent.agentNo,
      phone: { kind: 'extension', number: agent.targetNumber ?? '' },
      workMode: 'all',
      activity: 'idle',
      groupIds: [],
      since: 1,
    };
    sessions.set(agentId, session);
    return session;
  },
  signOut: (agentId) => void sessions.delete(agentId),
  pause: (agentId) => sessions.get(agentId)!,
  resume: (agentId) => sessions.get(agentId)!,
  endWrapUp: (agentId) => sessions.get(agentId)!,
  callOf: () => undefined,
  clearCall: (agentId) => sessions.get(agentId)!,
};
const clickToCall: ClickToCallControl = {
  call(agentId, number) {
    placed.push({ agentId, number });
    return ok({ callId: `c2c-${placed.length}`, autoAnswer: false });
  },
};

/** Seeds an agent with an apiPassword, its account and its extension. */
function seedAgent(teamId: number, agentNo: string, extension: string): number {
  const account = t.store.accounts.create({
    teamId,
    username: `owner${agentNo}`,
    accountType: 'user',
    passwordHash: HASH,
  });
  t.store.extensions.create({ teamId, accountId: account.id, internalNumber: extension });
  const id = t.store.agents.create({
    teamId,
    accountId: account.id,
    agentNo,
    passwordHash: HASH,
    targetNumber: extension,
  }).id;
  t.store.agents.setApiPasswordHash(id, HASH);
  return id;
}

function cdr(
  callId: string,
  teamId: number,
  extensionNumber: string,
  path: string | null,
  agentId: number | null = null,
) {
  const extensionId = t.store.extensions.findByNumber(teamId, extensionNumber)!.id;
  const row: NewCdrRecord = {
    callId,
    teamId,
    callType: 'internal',
    callerNumber: extensionNumber,
    callerName: null,
    calledNumber: '1999',
    did: null,
    extensionId,
    trunkId: null,
    startedAtMs: Date.UTC(2026, 10, 25, 9) + callId.length,
    answeredAtMs: null,
    endedAtMs: null,
    totalDurationSec: 0,
    billableDurationSec: 0,
    result: 'answered',
    hangupCause: 16,
    hangupSide: 'caller',
    sipStatus: null,
    codec: 'PCMU',
    mos: null,
    recordingPath: path,
    ivrInput: null,
    ivrDurationMs: null,
    agentId,
  };
  cdrs.insert(row);
}

async function agentLogin(team: string, agentNo: string, apiPassword = API_PASSWORD) {
  return t.call(undefined, 'POST', '/api/v1/auth/agent-login', { team, agentNo, apiPassword });
}

async function tokenOf(team: string, agentNo: string): Promise<string> {
  const res = await agentLogin(team, agentNo);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { token: string }).token;
}

let me: number;
let colleague: number;
let stranger: number;
let token: string;

beforeAll(async () => {
  cdrs = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-agent-auth-')));
  t = await buildTestApi(undefined, { agents: runtime, clickToCall, cdrs });
  me = seedAgent(t.alpha.team.id, '801', '3001');
  colleague = seedAgent(t.alpha.team.id, '802', '3002');
  stranger = seedAgent(t.beta.team.id, '801', '3001');
  const recordingsDir = join(dirname(t.store.path), 'recordings');
  for (const [callId, teamId, ext] of [
    ['mine', t.alpha.team.id, '3001'],
    ['colleague', t.alpha.team.id, '3002'],
    ['beta', t.beta.team.id, '3001'],
  ] as const) {
    const path = `${teamId}/${callId}.wav`;
    mkdirSync(dirname(join(recordingsDir, path)), { recursive: true });
    writeFileSync(join(recordingsDir, path), Buffer.from('RIFF'));
    cdr(callId, teamId, ext, path);
  }
  // D64: a queue call the agent took while signed in at a colleague's
  // extension, and one taken at its own extension by the colleague.
  cdr('queue-mine', t.alpha.team.id, '3002', `${t.alpha.team.id}/mine.wav`, me);
  cdr('before-me', t.alpha.team.id, '3001', `${t.alpha.team.id}/mine.wav`, colleague);
  token = await tokenOf('alpha', '801');
});
afterAll(async () => {
  await t.close();
  cdrs.close();
});

describe('POST /api/v1/auth/agent-login (AGT-8)', () => {
  test('AGT-8 right team, agentNo and apiPassword → a token acting for that agent', async () => {
    const me_ = await t.call(token, 'GET', '/api/v1/auth/me');
    expect(me_.statusCode, me_.body).toBe(200);
    expect(me_.json()).toMatchObject({
      agentId: me,
      teamId: t.alpha.team.id,
      username: 'agent:801',
    });
  });

  test('AGT-8 wrong password, unknown agent, wrong team, disabled agent → the same 401', async () => {
    const disabled = seedAgent(t.alpha.team.id, '809', '3009');
    t.store.agents.update(disabled, { status: 'disabled' });
    const answers = [
      await agentLogin('alpha', '801', 'wrong-password'),
      await agentLogin('alpha', '899'),
      await agentLogin('gamma', '801'),
      await agentLogin('alpha', '809'),
    ];
    for (const res of answers) expect(res.statusCode).toBe(401);
    expect(new Set(answers.map((r) => r.body)).size).toBe(1);
  });

  test('AGT-8 login and failed login are in the operation log', async () => {
    const res = await t.call(t.alpha.token, 'GET', '/api/v1/operation-logs?resource=agent-auth');
    expect(res.statusCode, res.body).toBe(200);
    const actions = (res.json() as { items: Array<{ action: string }> }).items.map((i) => i.action);
    expect(actions).toContain('login');
    expect(actions).toContain('loginFailed');
  });

  test('AGT-5 disabling the agent ends its token at once → 401', async () => {
    const id = seedAgent(t.alpha.team.id, '808', '3008');
    const own = await tokenOf('alpha', '808');
    t.store.agents.update(id, { status: 'disabled' });
    const res = await t.call(own, 'GET', `/api/v1/agents/${id}/session`);
    expect(res.statusCode).toBe(401);
  });
});

describe('agent token scope (AGT-8, TM-9)', () => {
  test('AGT-8 its own session routes and click-to-call → allowed', async () => {
    const base = `/api/v1/agents/${me}`;
    expect((await t.call(token, 'POST', `${base}/sign-in`, {})).statusCode).toBe(200);
    expect((await t.call(token, 'GET', `${base}/session`)).statusCode).toBe(200);
    expect((await t.call(token, 'POST', `${base}/pause`, { reason: 'x' })).statusCode).toBe(200);
    expect((await t.call(token, 'POST', `${base}/resume`)).statusCode).toBe(200);
    const call = await t.call(token, 'POST', `${base}/call`, { number: '95551234' });
    expect(call.statusCode, call.body).toBe(202);
    expect(placed.at(-1)).toEqual({ agentId: me, number: '95551234' });
    expect((await t.call(token, 'POST', `${base}/sign-out`)).statusCode).toBeLessThan(300);
  });

  test('TM-9 its own workspace → 200 with the team branding', async () => {
    const res = await t.call(token, 'GET', `/api/v1/agents/${me}/workspace`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ agentId: me });
  });

  test('AGT-8 a colleague of the same team → 404 on every agent route', async () => {
    const base = `/api/v1/agents/${colleague}`;
    expect((await t.call(token, 'GET', `${base}/session`)).statusCode).toBe(404);
    expect((await t.call(token, 'GET', `${base}/workspace`)).statusCode).toBe(404);
    expect((await t.call(token, 'POST', `${base}/sign-in`, {})).statusCode).toBe(404);
    const call = await t.call(token, 'POST', `${base}/call`, { number: '1' });
    expect(call.statusCode).toBe(404);
  });

  test('AGT-8 an agent of another team, even with the same agentNo → 404', async () => {
    const res = await t.call(token, 'GET', `/api/v1/agents/${stranger}/workspace`);
    expect(res.statusCode).toBe(404);
  });

  test('AGT-8 any other route → 403', async () => {
    const refused = [
      await t.call(token, 'GET', '/api/v1/agents'),
      await t.call(token, 'GET', `/api/v1/agents/${me}`),
      await t.call(token, 'PATCH', `/api/v1/agents/${me}`, { targetNumber: '3002' }),
      await t.call(token, 'GET', '/api/v1/extensions'),
      await t.call(token, 'GET', '/api/v1/agent-sessions'),
      await t.call(token, 'GET', '/api/v1/recordings'),
      await t.call(token, 'GET', '/api/v1/api-keys'),
    ];
    for (const res of refused) expect(res.statusCode, res.body).toBe(403);
  });
});

describe('agent call records (TM-10)', () => {
  const callIds = (body: string) =>
    (JSON.parse(body) as { items: Array<{ id: string }> }).items.map((i) => i.id);
  const audio = (callId: string) => t.call(token, 'GET', `/api/v1/recordings/${callId}/audio`);

  test('TM-10 agentCdrAccess none → 403 on records and recordings', async () => {
    t.store.teams.update(t.alpha.team.id, { agentCdrAccess: 'none' });
    expect((await t.call(token, 'GET', '/api/v1/cdrs')).statusCode).toBe(403);
    expect((await audio('mine')).statusCode).toBe(403);
  });

  test('TM-10 records → its own calls only (named agent, else its extension), even with accountId or agentId; recordings 403', async () => {
    t.store.teams.update(t.alpha.team.id, { agentCdrAccess: 'records' });
    const res = await t.call(token, 'GET', '/api/v1/cdrs');
    expect(res.statusCode, res.body).toBe(200);
    expect(callIds(res.body)).toEqual(['queue-mine', 'mine']);
    const other = t.store.agents.find(colleague)!.accountId;
    const widened = await t.call(token, 'GET', `/api/v1/cdrs?accountId=${other}`);
    expect(callIds(widened.body)).toEqual(['queue-mine', 'mine']);
    const asColleague = await t.call(token, 'GET', `/api/v1/cdrs?agentId=${colleague}`);
    expect(callIds(asColleague.body)).toEqual(['queue-mine', 'mine']);
    expect((await audio('mine')).statusCode).toBe(403);
  });

  test('CDR-1 legs follow the same rule: none → 403; records → its own call 200, a colleague’s 404', async () => {
    const legs = (callId: string) => t.call(token, 'GET', `/api/v1/cdrs/${callId}/legs`);
    t.store.teams.update(t.alpha.team.id, { agentCdrAccess: 'none' });
    expect((await legs('mine')).statusCode).toBe(403);
    t.store.teams.update(t.alpha.team.id, { agentCdrAccess: 'records' });
    expect((await legs('mine')).json()).toEqual({ callId: 'mine', items: [] });
    expect((await legs('colleague')).statusCode).toBe(404);
    expect((await legs('beta')).statusCode).toBe(404);
  });

  test('TM-10 recordings → its own audio 200; a colleague’s or another team’s 404', async () => {
    t.store.teams.update(t.alpha.team.id, { agentCdrAccess: 'recordings' });
    const res = await audio('mine');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect((await audio('colleague')).statusCode).toBe(404);
    expect((await audio('beta')).statusCode).toBe(404);
    // The CDR's agent decides over the extension (D64).
    expect((await audio('queue-mine')).statusCode).toBe(200);
    expect((await audio('before-me')).statusCode).toBe(404);
  });

  test('TM-10 a team admin still sees every call of the team', async () => {
    const res = await t.call(t.alpha.token, 'GET', '/api/v1/cdrs');
    expect(callIds(res.body).sort()).toEqual(['before-me', 'colleague', 'mine', 'queue-mine']);
  });

  test('CDR-4 a team admin filters by agentId → the calls naming that agent; another team’s agent → none', async () => {
    const res = await t.call(t.alpha.token, 'GET', `/api/v1/cdrs?agentId=${colleague}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(callIds(res.body)).toEqual(['before-me']);
    expect(res.json().items[0]).toMatchObject({ agentId: colleague });
    expect(
      callIds((await t.call(t.alpha.token, 'GET', `/api/v1/cdrs?agentId=${me}`)).body),
    ).toEqual(['queue-mine']);
    const foreign = await t.call(t.alpha.token, 'GET', `/api/v1/cdrs?agentId=${stranger}`);
    expect(callIds(foreign.body)).toEqual([]);
  });
});

describe('agent-login rate limit (AGT-8)', () => {
  test('AGT-8 the per-IP login budget is shared with account logins → 429 past it', async () => {
    // The three seeding logins of buildTestApi spend three of the five.
    const limited = await buildTestApi({ loginAttemptsPerMinute: 5 });
    try {
      const attempt = () =>
        limited.call(undefined, 'POST', '/api/v1/auth/agent-login', {
          team: 'alpha',
          agentNo: '801',
          apiPassword: 'wrong-password',
        });
      expect((await attempt()).statusCode).toBe(401);
      expect((await attempt()).statusCode).toBe(401);
      const res = await attempt();
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});
