import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

/*
 * T-2 `host=<address>` (D92): an extension with a fixed address is rung
 * there without registering, as Asterisk dials a peer with a static host.
 * Real UDP: 1000 registers and calls 1001, whose phone never registers.
 */
const SWITCH = '127.0.30.1';
const ALICE = '127.0.30.2';
const DESK = '127.0.30.3';

describe('T-2 host=<address>: an extension rung at a fixed address (real UDP, D92)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let desk: SipPhone;
  let deskId: number;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    desk = new SipPhone(DESK, '1001', 'unused', SWITCH, 'demo.local', { port: 5062 });
    await Promise.all([alice.start(), desk.start()]);
    expect(await alice.register()).toBe(200);
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    deskId = store.extensions.findByNumber(teamId, '1001')!.id;
    store.extensions.update(deskId, { details: `host=${DESK}\nport=5062\ndefaultuser=desk` });
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

  test('T-2 host=dynamic (the template’s, after details are cleared) → 1001 is not rung at that address', async () => {
    ts.sw.store().extensions.update(deskId, { details: '' });
    desk.incoming.length = 0;
    const r = await alice.call('1001', sdp('192.0.2.20', 4000)).final;
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(desk.incoming).toEqual([]);
  });
});
