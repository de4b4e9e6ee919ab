/*
 * Extensions on calls as ring groups, queues and busy lamps see them
 * (D81), on real calls:
 * - RG-2 空闲振铃: ring group 640 (idle) lists 1001, 1002 and 1003; 1002
 *   talks with 1004 and 1003 is not registered, so 1000's call rings 1001
 *   only. Once 1002 hangs up, the next call rings 1001 and 1002.
 * - BLF: 1004 watches 1001, which the ring group rings: the lamp goes
 *   early (with the caller), confirmed and terminated, though the leg is
 *   one the switch placed rather than a call to 1001.
 * - Queue members: agent 2050 (phone 1005) is signed in and idle, but its
 *   phone talks with 1006; 1000's call to queue 8351 waits. As soon as
 *   1006 hangs up, the queue rings 1005.
 * - Agent sessions (D87): while 1005 calls 1006 directly, agent 2050's
 *   session reads busy; idle again after. While 1006 calls 1005 (D97), it
 *   reads ringing until 1005 answers, then busy.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword } from '../../core/config-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp, type Incoming } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.22.1';
const phoneAddress = (n: number) => `127.0.22.${n + 2}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('extensions on calls: ring groups, queues and busy lamps (D81)', () => {
  let ts: TestSwitch;
  const phones = new Map<string, SipPhone>();
  const phone = (number: string) => phones.get(number)!;
  let teamId: number;
  let token = '';

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 36700, max: 36759 } },
      { media: undefined },
    );
    const numbers = ['1000', '1001', '1002', '1003', '1004', '1005', '1006'];
    numbers.forEach((n, i) =>
      phones.set(n, new SipPhone(phoneAddress(i), n, demoPassword(ts.dataDir, n), SWITCH)),
    );
    await Promise.all([...phones.values()].map((p) => p.start()));
    for (const n of ['1001', '1002', '1004', '1005', '1006']) {
      expect(await phone(n).register()).toBe(200);
    }
    const store = ts.sw.store();
    teamId = store.teams.findByUid('demo')!.id;
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
  });

  afterAll(async () => {
    for (const p of phones.values()) p.stop();
    await ts?.stop();
  });

  const extensionId = (n: string) => ts.sw.store().internalNumbers.lookup(teamId, n)!.ownerId!;

  /** `from` calls `to`, which answers: both dialogs. */
  async function talk(from: string, to: string, port: number) {
    const call = phone(from).call(to, sdp(phone(from).address, port));
    const inc = await phone(to).next('INVITE', 5000);
    const callee = phone(to).answer(inc, sdp(phone(to).address, port + 2))!;
    expect((await call.final).status).toBe(200);
    return { caller: call.dialog!, callee };
  }

  /** `from` hangs up dialog `dialog`; `to` answers the BYE. */
  async function hangUp(from: string, dialog: Parameters<SipPhone['inDialog']>[0], to: string) {
    const bye = phone(from).inDialog(dialog, 'BYE');
    phone(to).respond(await phone(to).next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);
  }

  const invitesTo = (n: string) => phone(n).incoming.filter((m) => m.request.method === 'INVITE');

  test('RG-2 idle: a member on a call and an unregistered member are not rung; the member rings again once its call ends', async () => {
    ts.sw.store().ringGroups.create({
      teamId,
      name: 'idle desk',
      internalNumber: '640',
      strategy: 'idle',
      ringTimeSec: 20,
      extensionIds: [extensionId('1001'), extensionId('1002'), extensionId('1003')],
    });
    const direct = await talk('1004', '1002', 6000);

    const first = phone('1000').call('640', sdp(phone('1000').address, 6010));
    const ringing = await phone('1001').next('INVITE', 5000);
    await sleep(300);
    expect(invitesTo('1002')).toEqual([]);
    expect(invitesTo('1003')).toEqual([]);
    const member = phone('1001').answer(ringing, sdp(phone('1001').address, 6012))!;
    expect((await first.final).status).toBe(200);
    await hangUp('1001', member, '1000');

    await hangUp('1004', direct.caller, '1002');
    await sleep(100);
    const second = phone('1000').call('640', sdp(phone('1000').address, 6020));
    const rung = await Promise.all([phone('1001').next('INVITE'), phone('1002').next('INVITE')]);
    const answered = phone('1002').answer(rung[1], sdp(phone('1002').address, 6022))!;
    expect((await second.final).status).toBe(200);
    const cancel = await phone('1001').next('CANCEL', 5000);
    phone('1001').respond(cancel, 200);
    // RFC 3326 §2: the member's phone does not list the call as missed (D85).
    expect(cancel.request.getHeader('Reason')).toBe(
      'SIP;cause=200;text="Call completed elsewhere"',
    );
    await hangUp('1002', answered, '1000');
  });

  test('BLF-1 a watched extension rung by a ring group → early with the caller, confirmed, terminated', async () => {
    const watcher = phone('1004');
    const notified = async (): Promise<{ states: string[]; body: string }> => {
      const inc: Incoming = await watcher.next('NOTIFY', 5000);
      watcher.respond(inc, 200);
      const body = inc.request.body.toString();
      return { states: [...body.matchAll(/<state>(\w+)<\/state>/g)].map((m) => m[1]!), body };
    };
    const sub = await watcher.subscribe('1001', 'dialog');
    expect(sub.response.status).toBe(200);
    expect((await notified()).states).toEqual([]);

    const call = phone('1000').call('640', sdp(phone('1000').address, 6030));
    const inc = await phone('1001').next('INVITE', 5000);
    const early = await notified();
    expect(early.states).toEqual(['early']);
    expect(early.body).toContain('<remote><identity>sip:1000@');
    const member = phone('1001').answer(inc, sdp(phone('1001').address, 6032))!;
    expect((await call.final).status).toBe(200);
    expect((await notified()).states).toEqual(['confirmed']);
    await hangUp('1001', member, '1000');
    expect((await notified()).states).toEqual(['terminated']);
  });

  test('Q-2 a signed-in agent whose phone is on a direct call is not offered the queue caller; rung once that call ends', async () => {
    const store = ts.sw.store();
    const queue = store.queues.create({ teamId, number: '8351', name: 'presence' });
    const agentId = store.agents.create({
      teamId,
      accountId: store.extensions.find(extensionId('1005'))!.accountId,
      agentNo: '2050',
      passwordHash: await hashPassword('agent-2050-pw'),
      targetNumber: '1005',
    }).id;
    store.agentGroups.create({
      teamId,
      name: 'presence',
      queueId: queue.id,
      members: [{ agentId }],
    });
    const signIn = await ts.sw.http().inject({
      method: 'POST',
      url: `/api/v1/agents/${agentId}/sign-in`,
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    });
    expect(signIn.statusCode, signIn.body).toBeLessThan(300);
    const direct = await talk('1006', '1005', 6040);

    const caller = phone('1000').call('8351', sdp(phone('1000').address, 6050));
    expect((await caller.final).status).toBe(200);
    await sleep(1500);
    expect(invitesTo('1005')).toEqual([]);

    await hangUp('1006', direct.caller, '1005');
    const offered = await phone('1005').next('INVITE', 2000);
    const agentLeg = phone('1005').answer(offered, sdp(phone('1005').address, 6052))!;
    await sleep(200);
    await hangUp('1005', agentLeg, '1000');
  });

  test('D87 D97 the signed-in agent at 1005 calls 1006 directly → its session reads busy, idle again after; called → ringing, then busy', async () => {
    const agentId = ts.sw
      .store()
      .agents.list(teamId)
      .find((a) => a.agentNo === '2050')!.id;
    const session = async () => {
      const res = await ts.sw.http().inject({
        method: 'GET',
        url: `/api/v1/agents/${agentId}/session`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { activity: string };
    };
    await sleep(100);
    expect((await session()).activity).toBe('idle');
    const direct = await talk('1005', '1006', 6060);
    expect((await session()).activity).toBe('busy');
    await hangUp('1005', direct.caller, '1006');
    await sleep(100);
    expect((await session()).activity).toBe('idle');

    // D97: a direct call ringing the agent's phone reads ringing, then busy once answered.
    const call = phone('1006').call('1005', sdp(phone('1006').address, 6070));
    const inc = await phone('1005').next('INVITE', 5000);
    expect((await session()).activity).toBe('ringing');
    const callee = phone('1005').answer(inc, sdp(phone('1005').address, 6072))!;
    expect((await call.final).status).toBe(200);
    expect((await session()).activity).toBe('busy');
    await hangUp('1005', callee, '1006');
    await sleep(100);
    expect((await session()).activity).toBe('idle');
  });
});
