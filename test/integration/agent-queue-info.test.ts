/*
 * GRP-10 坐席显示排队信息 on a real queue: agent 2010 (phone 1001) is in
 * group "info" (showQueueInfo on, queue 8341) and group "quiet" (flag off,
 * queue 8342). It signs in and pauses, so 1000's call to 8341 waits in
 * line. GET /agents/:id/queue-info, with the agent's own token, shows
 * queue 8341 with one caller waiting and one paused agent, and nothing of
 * 8342; once the caller hangs up nobody waits. Another agent's id is 404.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword } from '../../core/config-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.0.244';
const PHONES = '127.0.0.245';
const AGENT_API_PASSWORD = 'agent-2010-api-pw';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GRP-10 queue information for agents, on a live queue', () => {
  let ts: TestSwitch;
  let caller: SipPhone;
  let agentId: number;
  let otherAgentId: number;
  let infoQueueId: number;
  let infoGroupId: number;
  let agentToken = '';

  const api = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    ts.sw.http().inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 38900, max: 38919 } },
      { media: undefined },
    );
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    const info = store.queues.create({ teamId, number: '8341', name: 'info', maxWaitTimeSec: 60 });
    const quiet = store.queues.create({ teamId, number: '8342', name: 'quiet' });
    infoQueueId = info.id;
    const accountId = store.extensions.find(
      store.internalNumbers.lookup(teamId, '1001')!.ownerId!,
    )!.accountId;
    const passwordHash = await hashPassword('agent-2010-pw');
    agentId = store.agents.create({ teamId, accountId, agentNo: '2010', passwordHash }).id;
    store.agents.setApiPasswordHash(agentId, await hashPassword(AGENT_API_PASSWORD));
    otherAgentId = store.agents.create({ teamId, accountId, agentNo: '2011', passwordHash }).id;
    infoGroupId = store.agentGroups.create({
      teamId,
      name: 'info',
      queueId: info.id,
      showQueueInfo: true,
      members: [{ agentId }, { agentId: otherAgentId }],
    }).id;
    store.agentGroups.create({
      teamId,
      name: 'quiet',
      queueId: quiet.id,
      members: [{ agentId }],
    });
    caller = new SipPhone(PHONES, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    await caller.start();
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/agent-login',
      payload: { team: 'demo', agentNo: '2010', apiPassword: AGENT_API_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    agentToken = (login.json() as { token: string }).token;
    const signIn = await api(agentToken, 'POST', `/api/v1/agents/${agentId}/sign-in`, {
      phone: '1001',
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const pause = await api(agentToken, 'POST', `/api/v1/agents/${agentId}/pause`, {
      reason: 'lunch',
    });
    expect(pause.statusCode, pause.body).toBe(200);
  });

  afterAll(async () => {
    caller?.stop();
    await ts?.stop();
  });

  const queueInfo = async () => {
    const res = await api(agentToken, 'GET', `/api/v1/agents/${agentId}/queue-info`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { queues: Array<Record<string, unknown>> };
  };

  test('GRP-10 a caller waits in the agent’s showQueueInfo queue → listed with the paused agent; the other queue not', async () => {
    expect((await queueInfo()).queues).toEqual([
      expect.objectContaining({ queueId: infoQueueId, waiting: 0, talking: 0 }),
    ]);
    const call = caller.call('8341', sdp(PHONES, 6200));
    expect((await call.final).status).toBe(200);
    await sleep(1200);
    const during = await queueInfo();
    expect(during.queues).toEqual([
      {
        queueId: infoQueueId,
        name: 'info',
        number: '8341',
        groupIds: [infoGroupId],
        waiting: 1,
        longestWaitSec: expect.any(Number),
        talking: 0,
        agents: { signedIn: 1, idle: 0, ringing: 0, busy: 0, wrapUp: 0, paused: 1 },
      },
    ]);
    expect(during.queues[0]!['longestWaitSec']).toBeGreaterThanOrEqual(1);
    expect((await caller.inDialog(call.dialog!, 'BYE')).status).toBe(200);
    await sleep(200);
    expect((await queueInfo()).queues[0]).toMatchObject({ waiting: 0, longestWaitSec: 0 });
  });

  test('GRP-10 an agent token asking for another agent’s queue information → 404', async () => {
    const res = await api(agentToken, 'GET', `/api/v1/agents/${otherAgentId}/queue-info`);
    expect(res.statusCode).toBe(404);
  });
});
