/*
 * GRP-14 / spec 04 R15.2-1 on a real call: agent 2002 (phone 1001) rings
 * for a caller of queue 8331. While that call is up, its call data is not
 * erroneous: DELETE /agents/:id/stale-call is 409 ERR_CALL_IN_PROGRESS
 * (the queue's call id is the one GET /calls lists). Once the call is
 * over, the agent has no call data left to clear (404).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword } from '../../core/config-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.0.152';
const PHONES = '127.0.0.153';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GRP-14 erroneous call data against a live queue call', () => {
  let ts: TestSwitch;
  let caller: SipPhone;
  let agentPhone: SipPhone;
  let agentId: number;
  let token = '';

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    ts.sw.http().inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 37150, max: 37169 } },
      { media: undefined },
    );
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    const queue = store.queues.create({ teamId, number: '8331', name: 'stale' });
    const extensionId = store.internalNumbers.lookup(teamId, '1001')!.ownerId!;
    agentId = store.agents.create({
      teamId,
      accountId: store.extensions.find(extensionId)!.accountId,
      agentNo: '2002',
      passwordHash: await hashPassword('agent-2002-pw'),
      targetNumber: '1001',
    }).id;
    store.agentGroups.create({
      teamId,
      name: 'stale agents',
      queueId: queue.id,
      members: [{ agentId, canDeleteErrorCallData: true }],
    });
    caller = new SipPhone(PHONES, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    agentPhone = new SipPhone(PHONES, '1001', demoPassword(ts.dataDir, '1001'), SWITCH, undefined, {
      port: 5062,
    });
    await Promise.all([caller.start(), agentPhone.start()]);
    expect(await agentPhone.register()).toBe(200);
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
    const signIn = await api('POST', `/api/v1/agents/${agentId}/sign-in`, {});
    expect(signIn.statusCode, signIn.body).toBeLessThan(300);
  });

  afterAll(async () => {
    caller?.stop();
    agentPhone?.stop();
    await ts?.stop();
  });

  test('R15.2-1 the agent rings for a live queue call → 409 ERR_CALL_IN_PROGRESS; after the call → 404', async () => {
    const call = caller.call('8331', sdp(PHONES, 6100));
    expect((await call.final).status).toBe(200);
    const inc = await agentPhone.next('INVITE', 5000);
    const session = await api('GET', `/api/v1/agents/${agentId}/session`);
    expect(session.json()).toMatchObject({ activity: 'ringing' });
    const refused = await api('DELETE', `/api/v1/agents/${agentId}/stale-call`);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'ERR_CALL_IN_PROGRESS' });
    const agentDialog = agentPhone.answer(inc, sdp(PHONES, 6000));
    expect(agentDialog).toBeDefined();
    await sleep(300);
    expect((await agentPhone.inDialog(agentDialog!, 'BYE')).status).toBe(200);
    caller.respond(await caller.next('BYE', 5000), 200);
    await sleep(200);
    const after = await api('DELETE', `/api/v1/agents/${agentId}/stale-call`);
    expect(after.statusCode, after.body).toBe(404);
  });
});
