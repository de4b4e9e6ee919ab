/*
 * D64 on a real call: queue 8330 has agent 2002 (phone 1001) signed in.
 * 1000 calls the queue, the agent answers, talks and hangs up: the
 * queue call's CDR names the agent and when the member answered, the
 * inputs of the agent inbound credit (5.4; the credit itself is tested
 * over both SQLite files in app-billing.test.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCdrStore } from '../../core/cdr-store/index.ts';
import { hashPassword } from '../../core/config-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.0.148';
const PHONES = '127.0.0.149';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('D64 the member who took a queue call reaches its CDR', () => {
  let ts: TestSwitch;
  let caller: SipPhone;
  let agentPhone: SipPhone;
  let agentId: number;
  let agentGroupId: number;
  let agentExtensionId: number;
  let callerExtensionId: number;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 36480, max: 36499 } },
      { media: undefined },
    );
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    const queue = store.queues.create({ teamId, number: '8330', name: 'member cdr' });
    agentExtensionId = store.internalNumbers.lookup(teamId, '1001')!.ownerId!;
    callerExtensionId = store.internalNumbers.lookup(teamId, '1000')!.ownerId!;
    agentId = store.agents.create({
      teamId,
      accountId: store.extensions.find(agentExtensionId)!.accountId,
      agentNo: '2002',
      passwordHash: await hashPassword('agent-2002-pw'),
      targetNumber: '1001',
    }).id;
    agentGroupId = store.agentGroups.create({
      teamId,
      name: 'cdr agents',
      queueId: queue.id,
      members: [{ agentId }],
    }).id;
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
    const token = (login.json() as { token: string }).token;
    const signIn = await ts.sw.http().inject({
      method: 'POST',
      url: `/api/v1/agents/${agentId}/sign-in`,
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    });
    expect(signIn.statusCode, signIn.body).toBeLessThan(300);
  });

  afterAll(async () => {
    caller?.stop();
    agentPhone?.stop();
    await ts?.stop();
  });

  test('D64 agent answers a queue call and hangs up → CDR has the agent and the member answer time; CDR-1 its leg row names the agent and its group', async () => {
    const call = caller.call('8330', sdp(PHONES, 6100));
    expect((await call.final).status).toBe(200);
    const inc = await agentPhone.next('INVITE', 5000);
    const agentDialog = agentPhone.answer(inc, sdp(PHONES, 6000));
    expect(agentDialog).toBeDefined();
    await sleep(500);
    expect((await agentPhone.inDialog(agentDialog!, 'BYE')).status).toBe(200);
    caller.respond(await caller.next('BYE', 5000), 200);
    await sleep(200);
    const cdrs = openCdrStore(ts.dataDir);
    try {
      const row = cdrs.list({ limit: 10 }).find((r) => r.calledNumber === '8330');
      expect(row).toMatchObject({
        result: 'answered',
        // An internal caller's CDR stays its own account's (ACC-2).
        extensionId: callerExtensionId,
        agentId,
      });
      expect(row!.memberAnsweredAtMs).toBeGreaterThanOrEqual(row!.answeredAtMs!);
      expect(row!.memberAnsweredAtMs).toBeLessThanOrEqual(row!.endedAtMs!);
      // CDR-1: the agent's leg is a row of the call, with 坐席工号 and 坐席组.
      expect(cdrs.legs(row!.callId)).toEqual([
        expect.objectContaining({
          calledNumber: '1001',
          purpose: 'queue',
          agentId,
          agentNo: '2002',
          agentGroupId,
          result: 'answered',
        }),
      ]);
    } finally {
      cdrs.close();
    }
  });
});
