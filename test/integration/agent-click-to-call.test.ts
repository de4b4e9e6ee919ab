import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { hashPassword } from '../../core/config-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp, type Incoming } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

/*
 * Calls to and from agents over real UDP (D55): AGT-4 click-to-call with
 * the GRP-8 auto-answer headers on the wire, and the GRP-5 restriction on
 * an agent's own dialling. Two loopback addresses only: the switch, and
 * one phone that is both extension 1000 (the agent's) and the far end of
 * the demo `carrier` trunk; the Request-URI tells the two legs apart.
 */

const SWITCH = '127.0.0.8';
const PHONE = '127.0.0.75';

/** Polls the async `probe` every 50 ms for up to 3 s. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T | undefined> {
  for (let i = 0; i < 60; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

describe('agent calls over real UDP', () => {
  let ts: TestSwitch;
  let phone: SipPhone;
  let token: string;
  let teamId: number;
  let agentId: number;
  let groupId: number;

  const api = (method: 'GET' | 'POST' | 'DELETE' | 'PATCH', url: string, payload?: object) =>
    ts.sw.http().inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });

  /** The next INVITE whose Request-URI names `user`. */
  const inviteTo = async (user: string): Promise<Incoming> => {
    const inc = await phone.next('INVITE', 5000);
    expect(inc.request.requestUri).toContain(`sip:${user}@`);
    return inc;
  };

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, demoTrunk: { host: PHONE, port: 5060 }, rtpPorts: { min: 38800, max: 38849 } },
      { media: undefined },
    );
    phone = new SipPhone(PHONE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    await phone.start();
    expect(await phone.register()).toBe(200);
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
    const store = ts.sw.store();
    teamId = store.teams.findByUid('demo')!.id;
    // The phone shares its address and port with the carrier: a trunk known
    // by its address alone would claim the phone's own INVITEs (TRK-3), so
    // the carrier's INVITEs must carry its credentials (insecure without
    // invite, T-2, D91); the phone answers that challenge as extension 1000.
    const carrier = store.trunks.findByName(teamId, 'carrier')!;
    store.trunks.update(carrier.id, {
      type: 'registration',
      username: 'switch',
      secret: 'carrier-pw',
      register: false,
      details: 'insecure=port',
    });
    const extension = store.extensions.findByNumber(teamId, '1000')!;
    agentId = store.agents.create({
      teamId,
      accountId: extension.accountId,
      agentNo: '81',
      passwordHash: await hashPassword('agent-81-pw'),
      targetNumber: '1000',
      extensionMode: 'fixed',
    }).id;
    // autoAnswerClickToDial defaults to true (spec §1.6).
    groupId = store.agentGroups.create({ teamId, name: 'c2c', members: [{ agentId }] }).id;
  });
  afterAll(async () => {
    phone?.stop();
    await ts?.stop();
  });
  beforeEach(() => {
    phone.incoming.length = 0;
  });

  test('AGT-4 GRP-8 the agent’s phone answers → the callee rings, both are listed and recorded', async () => {
    const placed = await api('POST', `/api/v1/agents/${agentId}/call`, { number: '95551234' });
    expect(placed.statusCode).toBe(202);
    const { callId, autoAnswer } = placed.json() as { callId: string; autoAnswer: boolean };
    expect(autoAnswer).toBe(true);
    const legA = await inviteTo('1000');
    // GRP-8 on the wire: both auto-answer requests phones honour.
    expect(legA.request.getHeader('Call-Info')).toMatch(/^<sip:[^>]+>;answer-after=0$/);
    expect(legA.request.getHeader('Alert-Info')).toBe('<http://localhost>;info=alert-autoanswer');
    expect(phone.incoming.filter((i) => i.request.method === 'INVITE')).toEqual([]);
    phone.answer(legA, sdp('192.0.2.10', 4000));
    const legB = await inviteTo('5551234');
    expect(legB.request.getHeader('Call-Info')).toBeUndefined();
    phone.answer(legB, sdp('192.0.2.20', 4100));
    const listed = await eventually(async () => {
      const items = (
        (await api('GET', `/api/v1/calls?teamId=${teamId}`)).json() as {
          items: Array<{ id: string; state: string }>;
        }
      ).items;
      return items.find((c) => c.id === callId && c.state === 'answered');
    });
    expect(listed).toBeDefined();
    expect((await api('DELETE', `/api/v1/calls/${callId}`)).statusCode).toBeLessThan(300);
    phone.respond(await phone.next('BYE', 5000), 200);
    phone.respond(await phone.next('BYE', 5000), 200);
    const cdr = await eventually(async () => {
      const { items } = (await api('GET', `/api/v1/cdrs?teamId=${teamId}`)).json() as {
        items: Array<{ id: string; result: string; calledNumber: string }>;
      };
      return items.find((r) => r.id === callId && r.result !== 'incomplete');
    });
    expect(cdr).toMatchObject({ result: 'answered', calledNumber: '95551234' });
  });

  test('GRP-6 a signed-in agent’s click-to-call ends → wrap-up of its group’s afterAnswered mode (spec 05 §28.3, D96)', async () => {
    const store = ts.sw.store();
    store.agentGroups.update(groupId, { wrapUpMode: 'afterAnswered' });
    expect((await api('POST', `/api/v1/agents/${agentId}/sign-in`, {})).statusCode).toBe(200);
    try {
      const placed = await api('POST', `/api/v1/agents/${agentId}/call`, { number: '95551234' });
      expect(placed.statusCode).toBe(202);
      const { callId } = placed.json() as { callId: string };
      phone.answer(await inviteTo('1000'), sdp('192.0.2.10', 4000));
      phone.answer(await inviteTo('5551234'), sdp('192.0.2.20', 4100));
      await eventually(async () => {
        const items = (
          (await api('GET', `/api/v1/calls?teamId=${teamId}`)).json() as {
            items: Array<{ id: string; state: string }>;
          }
        ).items;
        return items.find((c) => c.id === callId && c.state === 'answered');
      });
      expect((await api('DELETE', `/api/v1/calls/${callId}`)).statusCode).toBeLessThan(300);
      phone.respond(await phone.next('BYE', 5000), 200);
      phone.respond(await phone.next('BYE', 5000), 200);
      const session = await eventually(async () => {
        const res = await api('GET', `/api/v1/agents/${agentId}/session`);
        const body = res.json() as { activity: string };
        return body.activity === 'wrapUp' ? body : undefined;
      });
      expect(session).toMatchObject({ activity: 'wrapUp' });
      const ended = await api('POST', `/api/v1/agents/${agentId}/end-wrap-up`);
      expect(ended.json()).toMatchObject({ activity: 'idle' });
    } finally {
      await api('POST', `/api/v1/agents/${agentId}/sign-out`);
      store.agentGroups.update(groupId, { wrapUpMode: 'off' });
    }
  });

  test('AGT-4 the agent’s phone is busy → the callee never gets an INVITE', async () => {
    const placed = await api('POST', `/api/v1/agents/${agentId}/call`, { number: '95551234' });
    expect(placed.statusCode).toBe(202);
    phone.respond(await inviteTo('1000'), 486);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(phone.incoming.filter((i) => i.request.method === 'INVITE')).toEqual([]);
  });

  test('AGT-5 a disabled agent → 409 ERR_AGENT_DISABLED, nothing rings', async () => {
    ts.sw.store().agents.update(agentId, { status: 'disabled' });
    try {
      const refused = await api('POST', `/api/v1/agents/${agentId}/call`, { number: '95551234' });
      expect(refused.statusCode).toBe(409);
      expect((refused.json() as { code: string }).code).toBe('ERR_AGENT_DISABLED');
      expect(phone.incoming).toEqual([]);
    } finally {
      ts.sw.store().agents.update(agentId, { status: 'enabled' });
    }
  });

  test('GRP-5 a restricted agent signed in at 1000 → 403 for a new number, a past contact goes out', async () => {
    const store = ts.sw.store();
    store.agentGroups.update(groupId, { outboundAttribute: 'restricted' });
    expect((await api('POST', `/api/v1/agents/${agentId}/sign-in`, {})).statusCode).toBe(200);
    try {
      const refused = await phone.call('95550000', sdp('192.0.2.10', 4000)).final;
      expect(refused.status).toBe(403);
      expect(refused.reason).toBe('Number Not In Agent Contacts');
      // 95551234 is in the CDRs of 1000 since the first test.
      const call = phone.call('95551234', sdp('192.0.2.10', 4000));
      phone.respond(await inviteTo('5551234'), 486);
      expect((await call.final).status).toBe(486);
    } finally {
      await api('POST', `/api/v1/agents/${agentId}/sign-out`);
      store.agentGroups.update(groupId, { outboundAttribute: 'unrestricted' });
    }
  });
});
