/*
 * Feature codes on real calls (spec 04 §15.9, R15.9-1): 1000 dials *67,
 * the switch answers, beeps and hangs up, and 1000 is on DND: a call to
 * it gets 486. *68 turns DND off again and the call rings.
 */

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.224';

describe('feature codes: *67 and *68 switch DND', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 31700, max: 31799 } },
      { media: undefined },
    );
    alice = new SipPhone('127.0.0.225', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.226', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await Promise.all([alice.start(), bob.start()]);
    expect(await alice.register()).toBe(200);
  });
  afterAll(async () => {
    alice.stop();
    bob.stop();
    await ts.stop();
  });

  const dnd = () => {
    const store = ts.sw.store();
    const team = store.teams.findByUid('demo')!;
    return store.extensions.find(store.internalNumbers.lookup(team.id, '1000')!.ownerId!)!.dnd;
  };

  async function dialFeature(code: string): Promise<void> {
    const call = alice.call(code, sdp('127.0.0.225', 7000));
    expect((await call.final).status).toBe(200);
    const bye = await alice.next('BYE', 5000);
    alice.respond(bye, 200);
  }

  test('R15.9-1 *67 → answered, beep, hung up; 1000 on DND so a call to it gets 486 (EXT-8); *68 → rings again', async () => {
    await dialFeature('*67');
    expect(dnd()).toBe(true);
    const refused = bob.call('1000', sdp('127.0.0.226', 7002));
    expect((await refused.final).status).toBe(486);
    await dialFeature('*68');
    expect(dnd()).toBe(false);
    const rings = bob.call('1000', sdp('127.0.0.226', 7004));
    const inc = await alice.next('INVITE', 5000);
    alice.respond(inc, 486, 'busy-tag');
    expect((await rings.final).status).toBe(486);
    expect(inc.request.getHeader('From')).toMatch(/^<sip:1001@demo\.local>/);
  });
});
