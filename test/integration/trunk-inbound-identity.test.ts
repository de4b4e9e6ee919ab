import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp, type OutgoingCall } from '../helpers/sip-phone.ts';

/*
 * Which trunk a call comes from (TRK-3) for registration trunks, and how
 * a trunk's `insecure` (T-2) narrows it, with real UDP: scripted carriers
 * call the switch and extension 1000 rings (D91).
 */
const SWITCH = '127.0.29.1';
const ALICE = '127.0.29.2';
/** One carrier host with two accounts: two registration trunks. */
const CARRIER = '127.0.29.3';
const STRANGER = '127.0.29.4';
/** A carrier whose trunk has `insecure=port`: its INVITEs are challenged. */
const STRICT = '127.0.29.5';
/** A carrier whose trunk has `insecure=invite`: only its port 5070 counts. */
const PORTED = '127.0.29.6';

describe('trunk identity of inbound calls: registration trunks and insecure (real UDP, D91)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  const trunkIds: Record<string, number> = {};
  const carriers: SipPhone[] = [];

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    await alice.start();
    expect(await alice.register()).toBe(200);
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    const trunk = (name: string, host: string, username: string, details = '', port = 5060) => {
      trunkIds[name] = store.trunks.create({
        teamId,
        name,
        type: 'registration',
        host,
        port,
        username,
        secret: `${name}-secret`,
        register: false,
        details,
      }).id;
    };
    trunk('acct-a', CARRIER, 'acct-a');
    trunk('acct-b', CARRIER, 'acct-b');
    trunk('strict', STRICT, 'strict-user', 'insecure=port');
    trunk('ported', PORTED, 'ported-user', 'insecure=invite', 5070);
  });
  afterAll(async () => {
    for (const p of [alice, ...carriers]) p.stop();
    await ts?.stop();
  });
  beforeEach(() => {
    alice.incoming.length = 0;
  });

  const b2bua = () => ts.sw.sip().b2bua!;
  const carrier = async (address: string, user: string, password = 'unused', port = 5060) => {
    const phone = new SipPhone(address, user, password, SWITCH, SWITCH, { port });
    await phone.start();
    carriers.push(phone);
    return phone;
  };

  /** Alice answers the call ringing her; the carrier hangs up; the trunk it was on. */
  async function answerAndHangUp(from: SipPhone, call: OutgoingCall): Promise<number | undefined> {
    const inc = await alice.next('INVITE');
    alice.answer(inc, sdp('192.0.2.10', 4000));
    expect((await call.final).status).toBe(200);
    const trunkId = [...b2bua().calls.values()][0]?.parties.trunkId;
    const bye = from.inDialog(call.dialog!, 'BYE');
    alice.respond(await alice.next('BYE'), 200);
    expect((await bye).status).toBe(200);
    return trunkId;
  }

  test('TRK-3 a registration trunk’s carrier calls our contact user with the DID in To → no challenge, that account’s trunk, the DID rings', async () => {
    const phone = await carrier(CARRIER, '15557770000');
    const call = phone.call('5550100', sdp('198.51.100.7', 6000), {
      isAuthenticated: false,
      requestUser: 'acct-b',
    });
    expect(await answerAndHangUp(phone, call)).toBe(trunkIds['acct-b']);
    expect(call.responses.some((r) => r.status === 401)).toBe(false);
  });

  test('TRK-3 the same carrier with the DID in the Request-URI → the first of its trunks', async () => {
    const phone = carriers[0]!;
    const call = phone.call('5550100', sdp('198.51.100.7', 6000), { isAuthenticated: false });
    expect(await answerAndHangUp(phone, call)).toBe(trunkIds['acct-a']);
  });

  test('TRK-3 another source calling a registration trunk’s contact user → 401, nothing rings', async () => {
    const stranger = await carrier(STRANGER, '15557770000');
    const call = stranger.call('5550100', sdp('198.51.100.66', 6000), {
      isAuthenticated: false,
      requestUser: 'acct-a',
    });
    expect((await call.final).status).toBe(401);
    expect(alice.incoming).toEqual([]);
  });

  test('T-2 insecure=port (no invite) → the carrier’s INVITE is challenged; with the trunk’s credentials it rings', async () => {
    const phone = await carrier(STRICT, 'strict-user', 'strict-secret');
    const call = phone.call('5550100', sdp('198.51.100.8', 6000));
    expect(await answerAndHangUp(phone, call)).toBe(trunkIds['strict']);
    expect(call.responses.map((r) => r.status)).toContain(401);
  });

  test('T-2 insecure=port (no invite) with a wrong secret → 401 again, nothing rings', async () => {
    const phone = await carrier(STRICT, 'strict-user', 'wrong', 5062);
    const r = await phone.call('5550100', sdp('198.51.100.8', 6000)).final;
    expect(r.status).toBe(401);
    expect(alice.incoming).toEqual([]);
  });

  test('T-2 insecure=invite (no port) → only the trunk’s port counts: from 5060 → 401, from 5070 → rings', async () => {
    const wrongPort = await carrier(PORTED, '15557770000');
    const refused = wrongPort.call('5550100', sdp('198.51.100.9', 6000), {
      isAuthenticated: false,
    });
    expect((await refused.final).status).toBe(401);
    const rightPort = await carrier(PORTED, '15557770000', 'unused', 5070);
    const call = rightPort.call('5550100', sdp('198.51.100.9', 6000), { isAuthenticated: false });
    expect(await answerAndHangUp(rightPort, call)).toBe(trunkIds['ported']);
  });
});
