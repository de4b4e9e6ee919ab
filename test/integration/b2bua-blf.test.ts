/*
 * Busy lamp fields (RFC 4235 over RFC 6665, issue 8: "BLF NOTIFYs follow a
 * call through ringing, confirmed and terminated"): 1000 watches 1001;
 * 1002 calls 1001, which rings, answers and hangs up. Each step reaches the
 * watcher as a NOTIFY with the full dialog-info state.
 */

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp, type Incoming } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.228';

describe('BLF: the dialog event package', () => {
  let ts: TestSwitch;
  let watcher: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    watcher = new SipPhone('127.0.0.229', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.230', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carol = new SipPhone('127.0.0.231', '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
    await Promise.all([watcher.start(), bob.start(), carol.start()]);
    expect(await bob.register()).toBe(200);
  });
  afterAll(async () => {
    for (const p of [watcher, bob, carol]) p.stop();
    await ts.stop();
  });

  /** The next NOTIFY, answered 200, with its dialog states in order. */
  async function notified(): Promise<{ inc: Incoming; states: string[]; body: string }> {
    const inc = await watcher.next('NOTIFY', 5000);
    watcher.respond(inc, 200);
    const body = inc.request.body.toString();
    const states = [...body.matchAll(/<state>(\w+)<\/state>/g)].map((m) => m[1]!);
    return { inc, states, body };
  }

  test('BLF-1/BLF-3 1000 watches 1001: idle, then early with the caller, confirmed and terminated as 1002 calls it', async () => {
    const sub = await watcher.subscribe('1001', 'dialog');
    expect(sub.response.status).toBe(200);
    const first = await notified();
    expect(first.inc.request.getHeader('Event')).toBe('dialog');
    expect(first.inc.request.getHeader('Subscription-State')).toMatch(/^active;expires=/);
    expect(first.inc.request.getHeader('Content-Type')).toBe('application/dialog-info+xml');
    expect(first.body).toContain('entity="sip:1001@demo.local"');
    expect(first.states).toEqual([]);

    const call = carol.call('1001', sdp('127.0.0.231', 7000));
    const ringing = await notified();
    expect(ringing.states).toEqual(['early']);
    expect(ringing.body).toContain('direction="recipient"');
    // BLF-3: the ringing state names the caller (RFC 4235 §4.1.6) for directed pickup.
    expect(ringing.body).toContain('<remote><identity>sip:1002@demo.local</identity>');
    // D89: and its dialog as the switch holds it with the caller, for pickup by Replaces.
    expect(ringing.body).toContain(`call-id="${call.invite.callId()}"`);
    expect(ringing.body).toContain(`remote-tag="${call.invite.fromTag()}"`);
    const inc = await bob.next('INVITE');
    const bobDialog = bob.answer(inc, sdp('127.0.0.230', 7002))!;
    expect((await call.final).status).toBe(200);
    const confirmed = await notified();
    expect(confirmed.states).toEqual(['confirmed']);
    expect(confirmed.body).not.toContain('<remote>');
    expect(confirmed.body).not.toContain('call-id=');

    const bye = bob.inDialog(bobDialog, 'BYE');
    const carolBye = await carol.next('BYE');
    carol.respond(carolBye, 200);
    expect((await bye).status).toBe(200);
    const terminated = await notified();
    expect(terminated.states).toEqual(['terminated']);
    const versions = [first, ringing, confirmed, terminated].map((n) =>
      Number(/version="(\d+)"/.exec(n.body)![1]),
    );
    expect(versions).toEqual([0, 1, 2, 3]);

    // A refresh in the subscription's dialog (RFC 6665 §4.1.2.1) → 200 and the state again.
    const refresh = await watcher.inDialog(sub.dialog!, 'SUBSCRIBE');
    expect(refresh.status).toBe(200);
    const again = await notified();
    expect(again.states).toEqual([]);
    expect(ts.sw.sip().b2bua!.blf.size).toBe(1);
  });

  test('SUBSCRIBE to an unknown event package → 489 with Allow-Events', async () => {
    const r = await watcher.subscribe('1001', 'presence');
    expect(r.response.status).toBe(489);
    expect(r.response.getHeader('Allow-Events')).toContain('dialog');
  });

  test('SUBSCRIBE to a number that is no extension of the team → 404', async () => {
    const r = await watcher.subscribe('9999', 'dialog');
    expect(r.response.status).toBe(404);
  });
});
