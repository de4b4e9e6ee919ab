import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

/*
 * TRK-12 over real UDP: the agent named on a cascade trunk is the one
 * signed in at the calling phone now, else the one linked to it (D58).
 * One switch on A; a scripted cascaded peer on B reads the INVITEs.
 */

const A = '127.0.0.150';
const B = '127.0.0.151';
const PHONE_PORT = 5070;
const PROBE_PORT = 5080;

describe('TRK-12 cascade trunks name the signed-in agent', () => {
  let a: TestSwitch;
  let alice: SipPhone;
  let probe: SipPhone;
  let token = '';
  let hotDesk = 0;

  async function api(method: 'POST' | 'GET', url: string, payload?: object) {
    return a.sw.http().inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });
  }

  /** Alice dials out over the cascade trunk; returns the agent header the peer saw. */
  async function agentHeaderOfCall(): Promise<string | undefined> {
    const call = alice.call('71234', sdp('192.0.2.10', 4000));
    const inc = await probe.next('INVITE');
    const header = inc.request.getHeader('X-Switchyard-Agent');
    probe.respond(inc, 486);
    expect((await call.final).status).toBe(486);
    return header;
  }

  beforeAll(async () => {
    a = await startTestSwitch(A, { demo: true });
    alice = new SipPhone(A, '1000', demoPassword(a.dataDir, '1000'), A, 'demo.local', {
      port: PHONE_PORT,
    });
    probe = new SipPhone(B, 'peer', 'unused', A, 'peer.example', { port: PROBE_PORT });
    await Promise.all([alice.start(), probe.start()]);
    expect(await alice.register()).toBe(200);
    const login = await a.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
    const store = a.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    const trunk = await api('POST', '/api/v1/trunks', {
      teamId,
      name: 'to-probe',
      type: 'ipPeer',
      host: B,
      port: PROBE_PORT,
      cascade: true,
      cascadeHost: B,
    });
    expect(trunk.statusCode, trunk.body).toBe(201);
    store.outboundRoutes.create({
      teamId,
      name: 'cascade-probe',
      numberPrefix: '7',
      stripDigits: 1,
      trunkId: (trunk.json() as { id: number }).id,
    });
    const extensions = store.extensions.list(teamId);
    const accountOf = (n: string) => extensions.find((e) => e.internalNumber === n)!.accountId!;
    // 8001 is linked to 1000; 8002 belongs to 1001's account and picks its phone.
    store.agents.create({
      teamId,
      accountId: accountOf('1000'),
      agentNo: '8001',
      passwordHash: hashPasswordSync('agent-password'),
      targetNumber: '1000',
    });
    hotDesk = store.agents.create({
      teamId,
      accountId: accountOf('1001'),
      agentNo: '8002',
      passwordHash: hashPasswordSync('agent-password'),
      targetNumber: '1001',
      extensionMode: 'selfSelect',
    }).id;
  }, 60_000);
  afterAll(async () => {
    for (const p of [alice, probe]) p.stop();
    await a.stop();
  });

  test('TRK-12 no agent signed in at 1000 → the agent linked to it (8001)', async () => {
    expect(await agentHeaderOfCall()).toBe('8001');
  });

  test('TRK-12 agent 8002 signed in at 1000 → 8002; signed out again → 8001', async () => {
    const signIn = await api('POST', `/api/v1/agents/${hotDesk}/sign-in`, { phone: '1000' });
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect(signIn.json()).toMatchObject({ phone: { kind: 'extension', number: '1000' } });
    expect(await agentHeaderOfCall()).toBe('8002');
    const signOut = await api('POST', `/api/v1/agents/${hotDesk}/sign-out`);
    expect(signOut.statusCode, signOut.body).toBeLessThan(300);
    expect(await agentHeaderOfCall()).toBe('8001');
  });
});
