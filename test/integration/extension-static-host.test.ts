import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

/*
 * T-2 `host=<address>` (D92): an extension with a fixed address is rung
 * there without registering, as Asterisk dials a peer with a static host.
 * Real UDP: 1000 registers and calls 1001, whose phone never registers.
 * Qualify (D95): the fixed address is asked OPTIONS like a registered
 * contact, and not rung while it does not answer.
 */
const SWITCH = '127.0.30.1';
const ALICE = '127.0.30.2';
const DESK = '127.0.30.3';
const DESK_DETAILS = `host=${DESK}\nport=5062\ndefaultuser=desk`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('T-2 host=<address>: an extension rung at a fixed address (real UDP, D92)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let desk: SipPhone;
  let deskId: number;
  let token = '';

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    desk = new SipPhone(DESK, '1001', 'unused', SWITCH, 'demo.local', { port: 5062 });
    await Promise.all([alice.start(), desk.start()]);
    expect(await alice.register()).toBe(200);
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    deskId = store.extensions.findByNumber(teamId, '1001')!.id;
    store.extensions.update(deskId, { details: DESK_DETAILS });
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
  });
  afterAll(async () => {
    for (const p of [alice, desk]) p?.stop();
    await ts?.stop();
  });

  test('T-2 1000 calls 1001 (host=127.0.30.3, port=5062, never registered) → INVITE sip:desk@127.0.30.3:5062, answered, BYE', async () => {
    const call = alice.call('1001', sdp('192.0.2.20', 4000));
    const inc = await desk.next('INVITE');
    expect(inc.request.requestUri).toBe(`sip:desk@${DESK}:5062`);
    desk.answer(inc, sdp('192.0.2.21', 4002));
    expect((await call.final).status).toBe(200);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    desk.respond(await desk.next('BYE'), 200);
    expect((await bye).status).toBe(200);
  });

  /** The fixed contact of GET /extensions/:id/registrations once it reads `state`, or as it is at the deadline. */
  async function fixedUntil(state: string, timeoutMs: number): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await ts.sw.http().inject({
        method: 'GET',
        url: `/api/v1/extensions/${deskId}/registrations`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      const contacts = (res.json() as { contacts: Array<Record<string, unknown>> }).contacts;
      const fixed = contacts.find((c) => c['fixed'] === true) ?? {};
      if (fixed['qualify'] === state || Date.now() > deadline) return fixed;
      await sleep(100);
    }
  }

  test('T-2 qualify of a fixed address (D95): OK while it answers OPTIONS; UNREACHABLE is not rung; rung again once it answers', async () => {
    ts.sw.store().extensions.update(deskId, {
      details: `${DESK_DETAILS}\nqualify=300\nqualifyfreq=1`,
    });
    const ok = await fixedUntil('ok', 8000);
    expect(ok).toMatchObject({
      contact: `sip:desk@${DESK}:5062`,
      fixed: true,
      source: `${DESK}:5062`,
      registeredAt: null,
      expiresAt: null,
    });
    expect(ok['display']).toMatch(/^OK \(\d+ ms\)$/);

    desk.answersOptions = false;
    expect(await fixedUntil('unreachable', 8000)).toMatchObject({ display: 'UNREACHABLE' });
    desk.incoming.length = 0;
    const unrung = alice.call('1001', sdp('192.0.2.20', 4000));
    const final = await unrung.final;
    await sleep(200);
    expect(desk.incoming.filter((m) => m.request.method === 'INVITE')).toEqual([]);
    if (final.status === 200) {
      // An extension with no phone may go to its voicemail (VM-1).
      await alice.inDialog(unrung.dialog!, 'BYE');
    } else {
      expect(final.status).toBeGreaterThanOrEqual(400);
    }

    desk.answersOptions = true;
    // The OPTIONS the phone held get no answer; the next ones do.
    expect(await fixedUntil('ok', 8000)).toMatchObject({ qualify: 'ok' });
    desk.incoming.length = 0;
    const rung = alice.call('1001', sdp('192.0.2.20', 4000));
    const inc = await desk.next('INVITE');
    desk.answer(inc, sdp('192.0.2.21', 4002));
    expect((await rung.final).status).toBe(200);
    const bye = alice.inDialog(rung.dialog!, 'BYE');
    desk.respond(await desk.next('BYE'), 200);
    expect((await bye).status).toBe(200);
  });

  test('T-2 host=dynamic (the template’s, after details are cleared) → 1001 is not rung at that address', async () => {
    ts.sw.store().extensions.update(deskId, { details: '' });
    desk.incoming.length = 0;
    const r = await alice.call('1001', sdp('192.0.2.20', 4000)).final;
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(desk.incoming).toEqual([]);
  });
});
