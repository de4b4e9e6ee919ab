/*
 * Call forwarding on real calls (spec 04 §15.9 *90–*94): 1000 dials
 * *911002, the switch answers, beeps and hangs up, and a call from 1001
 * to 1000 rings 1002 instead, showing 1001 as the caller. *90 clears it
 * and 1000 rings again.
 */

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.240';

describe('feature codes: *91 sets and *90 clears an unconditional forward', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 34600, max: 34699 } },
      { media: undefined },
    );
    alice = new SipPhone('127.0.0.241', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.242', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carol = new SipPhone('127.0.0.243', '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
    await Promise.all([alice.start(), bob.start(), carol.start()]);
    expect(await alice.register()).toBe(200);
    expect(await carol.register()).toBe(200);
  });
  afterAll(async () => {
    alice.stop();
    bob.stop();
    carol.stop();
    await ts.stop();
  });

  const forwardAlways = () => {
    const store = ts.sw.store();
    const team = store.teams.findByUid('demo')!;
    const id = store.internalNumbers.lookup(team.id, '1000')!.ownerId!;
    return store.extensions.find(id)!.forwardAlways;
  };

  async function dialFeature(code: string, port: number): Promise<void> {
    const call = alice.call(code, sdp('127.0.0.241', port));
    expect((await call.final).status).toBe(200);
    const bye = await alice.next('BYE', 5000);
    alice.respond(bye, 200);
  }

  test('*911002 → forwardAlways 1002; a call to 1000 rings 1002 with 1001 as caller; *90 → 1000 rings again', async () => {
    await dialFeature('*911002', 7000);
    expect(forwardAlways()).toBe('1002');

    const forwarded = bob.call('1000', sdp('127.0.0.242', 7002));
    const atCarol = await carol.next('INVITE', 5000);
    expect(atCarol.request.getHeader('From')).toMatch(/^<sip:1001@demo\.local>/);
    carol.respond(atCarol, 486, 'carol-tag');
    expect((await forwarded.final).status).toBe(486);

    await dialFeature('*90', 7004);
    expect(forwardAlways()).toBeNull();
    const direct = bob.call('1000', sdp('127.0.0.242', 7006));
    const atAlice = await alice.next('INVITE', 5000);
    alice.respond(atAlice, 486, 'alice-tag');
    expect((await direct.final).status).toBe(486);
  });

  test('R15.9-1 a disabled *91 is not recognised: *911002 goes on as a number and fails', async () => {
    const store = ts.sw.store();
    const team = store.teams.findByUid('demo')!;
    store.featureCodes.set(team.id, 'forward-always', { enabled: false });
    const call = alice.call('*911002', sdp('127.0.0.241', 7008));
    expect((await call.final).status).toBeGreaterThanOrEqual(400);
    expect(forwardAlways()).toBeNull();
    store.featureCodes.reset(team.id, 'forward-always');
  });
});
