import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

/*
 * TRK-12 cascade trunks over real UDP: two switches, A and B, each with a
 * cascade trunk to the other. An extension of A dials 8 + an internal
 * number of B; B rings its extension as an internal call, and B's phone
 * sees A's internal number (D58). Phones sit on the switches' addresses
 * with their own port, as only two loopback addresses are given.
 */

const A = '127.0.0.233';
const B = '127.0.0.234';
const PHONE_PORT = 5070;
/** A scripted cascaded peer, to read the INVITE A sends. */
const PROBE_PORT = 5080;

describe('TRK-12 cascade trunks between two switches', () => {
  let a: TestSwitch;
  let b: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let probe: SipPhone;
  let teamA = 0;

  async function adminToken(ts: TestSwitch): Promise<string> {
    const res = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    return (res.json() as { token: string }).token;
  }

  /** Creates a cascade trunk through the API, as an admin would. */
  async function cascadeTrunk(ts: TestSwitch, teamId: number, name: string, port: number) {
    const peer = ts === a ? B : A;
    const res = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/trunks',
      headers: { authorization: `Bearer ${await adminToken(ts)}` },
      payload: { teamId, name, type: 'ipPeer', host: peer, port, cascade: true, cascadeHost: peer },
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: number }).id;
  }

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startTestSwitch(A, { demo: true }),
      startTestSwitch(B, { demo: true }),
    ]);
    const ports = { port: PHONE_PORT };
    alice = new SipPhone(A, '1000', demoPassword(a.dataDir, '1000'), A, 'demo.local', ports);
    bob = new SipPhone(B, '1001', demoPassword(b.dataDir, '1001'), B, 'demo.local', ports);
    probe = new SipPhone(B, 'peer', 'unused', A, 'peer.example', { port: PROBE_PORT });
    await Promise.all([alice.start(), bob.start(), probe.start()]);
    expect(await alice.register()).toBe(200);
    expect(await bob.register()).toBe(200);
    teamA = a.sw.store().teams.findByUid('demo')!.id;
    const teamB = b.sw.store().teams.findByUid('demo')!.id;
    const toB = await cascadeTrunk(a, teamA, 'to-b', 5060);
    const toProbe = await cascadeTrunk(a, teamA, 'to-probe', PROBE_PORT);
    await cascadeTrunk(b, teamB, 'from-a', 5060);
    const route = (name: string, prefix: string, trunkId: number) =>
      a.sw.store().outboundRoutes.create({
        teamId: teamA,
        name,
        numberPrefix: prefix,
        stripDigits: 1,
        trunkId,
      });
    route('cascade-b', '8', toB);
    // The demo team's dial-9 route is 9; the probe is behind 7.
    route('cascade-probe', '7', toProbe);
  }, 60_000);
  afterAll(async () => {
    for (const p of [alice, bob, probe]) p.stop();
    await Promise.all([a.stop(), b.stop()]);
  });
  beforeEach(() => {
    for (const p of [alice, bob, probe]) p.incoming.length = 0;
  });

  test('TRK-12: A’s 1000 dials 81001 → B’s 1001 rings, sees From 1000; answer and BYE work', async () => {
    const call = alice.call('81001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    expect(inc.request.from()?.uri).toMatchObject({ user: '1000' });
    expect(inc.request.uri()).toMatchObject({ user: '1001' });
    bob.respond(inc, 180, 'bob-tag');
    bob.answer(inc, sdp('192.0.2.20', 5000));
    expect((await call.final).status).toBe(200);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
  });

  test('TRK-12: a number that is not internal on B → 404, B’s DIDs and outbound routes are not used', async () => {
    const call = alice.call('8999', sdp('192.0.2.10', 4000));
    expect((await call.final).status).toBe(404);
  });

  test('TRK-12: the INVITE over a cascade trunk asserts the internal number and the agent (RFC 3325)', async () => {
    const store = a.sw.store();
    const account = store.extensions.list(teamA).find((e) => e.internalNumber === '1000')!;
    store.agents.create({
      teamId: teamA,
      accountId: account.accountId,
      agentNo: '8001',
      passwordHash: hashPasswordSync('agent-password'),
      targetNumber: '1000',
    });
    const call = alice.call('71234', sdp('192.0.2.10', 4000));
    const inc = await probe.next('INVITE');
    expect(inc.request.uri()).toMatchObject({ user: '1234' });
    expect(inc.request.from()?.uri).toMatchObject({ user: '1000' });
    expect(inc.request.getHeader('P-Asserted-Identity')).toMatch(/<sip:1000@/);
    expect(inc.request.getHeader('X-Switchyard-Agent')).toBe('8001');
    probe.respond(inc, 486);
    expect((await call.final).status).toBe(486);
  });

  test('TRK-12: POST /trunks cascade without a team (system-wide) → 400 naming cascade', async () => {
    const res = await a.sw.http().inject({
      method: 'POST',
      url: '/api/v1/trunks',
      headers: { authorization: `Bearer ${await adminToken(a)}` },
      payload: { name: 'shared-cascade', type: 'ipPeer', host: B, cascade: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('cascade');
  });
});
