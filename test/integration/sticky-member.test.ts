/*
 * Ringing first whoever last answered the caller (D82), on real calls:
 * - RG-5 lastCallFirst: sequential group 650 lists 1011 then 1012. 1000's
 *   first call finds 1011 busy (486) and 1012 answers; its next call rings
 *   1012 first.
 * - Q-13 lastAgentFirst (on by default): queue 8361 (leastrecent) has
 *   agents 2061 (phone 1011, listed first) and 2062 (phone 1012), neither
 *   called yet, so leastrecent would pick 2061. 1012 last answered 1000,
 *   so 1000's queue call rings 1012.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword } from '../../core/config-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.23.1';
const CALLER = '127.0.23.2';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the member who last answered a caller rings first (Q-13, RG-5)', () => {
  let ts: TestSwitch;
  let caller: SipPhone;
  let first: SipPhone;
  let second: SipPhone;
  let teamId: number;
  let token = '';

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 36800, max: 36839 } },
      { media: undefined },
    );
    caller = new SipPhone(CALLER, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    first = new SipPhone('127.0.23.3', '1011', demoPassword(ts.dataDir, '1011'), SWITCH);
    second = new SipPhone('127.0.23.4', '1012', demoPassword(ts.dataDir, '1012'), SWITCH);
    await Promise.all([caller.start(), first.start(), second.start()]);
    expect(await first.register()).toBe(200);
    expect(await second.register()).toBe(200);
    teamId = ts.sw.store().teams.findByUid('demo')!.id;
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
  });

  afterAll(async () => {
    for (const p of [caller, first, second]) p?.stop();
    await ts?.stop();
  });

  const extensionId = (n: string) => ts.sw.store().internalNumbers.lookup(teamId, n)!.ownerId!;

  /** 1000 calls `number`; `member` answers; 1000 hangs up. */
  async function answeredBy(number: string, member: SipPhone, port: number) {
    const call = caller.call(number, sdp(CALLER, port));
    const inc = await member.next('INVITE', 5000);
    member.answer(inc, sdp(member.address, port + 2));
    expect((await call.final).status).toBe(200);
    await sleep(100);
    const bye = caller.inDialog(call.dialog!, 'BYE');
    member.respond(await member.next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);
  }

  test('RG-5 lastCallFirst: the member who answered 1000 last rings first next time', async () => {
    ts.sw.store().ringGroups.create({
      teamId,
      name: 'sticky desk',
      internalNumber: '650',
      strategy: 'sequential',
      ringTimeSec: 20,
      lastCallFirst: true,
      extensionIds: [extensionId('1011'), extensionId('1012')],
    });
    const call = caller.call('650', sdp(CALLER, 6100));
    first.respond(await first.next('INVITE', 5000), 486);
    const inc = await second.next('INVITE', 5000);
    second.answer(inc, sdp(second.address, 6102));
    expect((await call.final).status).toBe(200);
    const bye = caller.inDialog(call.dialog!, 'BYE');
    second.respond(await second.next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);

    await answeredBy('650', second, 6110);
    expect(first.incoming.filter((m) => m.request.method === 'INVITE')).toEqual([]);
  });

  test('Q-13 lastAgentFirst: the agent at the extension that last answered 1000 is offered first', async () => {
    const store = ts.sw.store();
    const queue = store.queues.create({
      teamId,
      number: '8361',
      name: 'sticky',
      strategy: 'leastrecent',
      wrapUpTimeSec: 0,
    });
    expect(queue.lastAgentFirst).toBe(true);
    const passwordHash = await hashPassword('agent-206x-pw');
    const agent = (agentNo: string, phone: string) =>
      store.agents.create({
        teamId,
        accountId: store.extensions.find(extensionId(phone))!.accountId,
        agentNo,
        passwordHash,
        targetNumber: phone,
      }).id;
    const agents = [agent('2061', '1011'), agent('2062', '1012')];
    store.agentGroups.create({
      teamId,
      name: 'sticky',
      queueId: queue.id,
      members: agents.map((agentId) => ({ agentId })),
    });
    for (const id of agents) {
      const signIn = await ts.sw.http().inject({
        method: 'POST',
        url: `/api/v1/agents/${id}/sign-in`,
        headers: { authorization: `Bearer ${token}` },
        payload: {},
      });
      expect(signIn.statusCode, signIn.body).toBeLessThan(300);
    }
    await answeredBy('8361', second, 6120);
    expect(first.incoming.filter((m) => m.request.method === 'INVITE')).toEqual([]);
  });
});
