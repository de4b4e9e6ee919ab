/*
 * A caller's leg handed from a B2BUA call to an application (D28): call
 * pickup (*61, EXT-12) takes the call ringing 1001 and connects it to the
 * picker; a callee with a busy forward sends the refused call on to it.
 */

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.51';

describe('B2BUA hands callers over to applications', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 34700, max: 34799 } },
      { media: undefined },
    );
    alice = new SipPhone('127.0.0.52', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.53', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carol = new SipPhone('127.0.0.54', '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
    await Promise.all([alice.start(), bob.start(), carol.start()]);
    expect(await bob.register()).toBe(200);
    expect(await carol.register()).toBe(200);
    const store = ts.sw.store();
    const team = store.teams.findByUid('demo')!;
    for (const n of ['1001', '1002']) {
      const id = store.internalNumbers.lookup(team.id, n)!.ownerId!;
      store.extensions.update(id, { pickupScope: 'team' });
    }
  });
  afterAll(async () => {
    for (const p of [alice, bob, carol]) p.stop();
    await ts.stop();
  });

  test('EXT-12 *61 from 1002 while 1001 rings → 1001 is cancelled, 1000 and 1002 are answered, one CDR for the call', async () => {
    const call = alice.call('1001', sdp('127.0.0.52', 7100));
    const ringing = await bob.next('INVITE', 5000);
    bob.respond(ringing, 180, 'ring-tag');
    const pick = carol.call('*61', sdp('127.0.0.54', 7102));
    expect((await pick.final).status).toBe(200);
    expect((await call.final).status).toBe(200);
    const cancel = await bob.next('CANCEL', 5000);
    bob.respond(cancel, 200);
    expect(cancel.request.getHeader('Reason')).toBe(
      'SIP;cause=200;text="Call completed elsewhere"',
    );
    const bye = alice.inDialog(call.dialog!, 'BYE');
    const carolBye = await carol.next('BYE', 5000);
    carol.respond(carolBye, 200);
    expect((await bye).status).toBe(200);
  });

  test('a busy callee with forwardBusy to 1002 → the call rings 1002 instead', async () => {
    const store = ts.sw.store();
    const team = store.teams.findByUid('demo')!;
    const id = store.internalNumbers.lookup(team.id, '1001')!.ownerId!;
    store.extensions.update(id, { forwardBusy: '1002' });
    const call = alice.call('1001', sdp('127.0.0.52', 7104));
    const first = await bob.next('INVITE', 5000);
    bob.respond(first, 486, 'busy-tag');
    const forwarded = await carol.next('INVITE', 5000);
    carol.answer(forwarded, sdp('127.0.0.54', 7106));
    expect((await call.final).status).toBe(200);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    const carolBye = await carol.next('BYE', 5000);
    carol.respond(carolBye, 200);
    expect((await bye).status).toBe(200);
    store.extensions.update(id, { forwardBusy: null });
  });
});
