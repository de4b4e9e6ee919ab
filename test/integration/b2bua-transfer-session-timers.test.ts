import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.181';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const m = new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv);
  return m![1]!;
}

describe('B2BUA: session timers (RFC 4028) over real UDP', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    alice = new SipPhone('127.0.0.182', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.183', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carol = new SipPhone('127.0.0.184', '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
    await Promise.all([alice.start(), bob.start(), carol.start()]);
    for (const p of [alice, bob, carol]) expect(await p.register()).toBe(200);
  });
  afterAll(async () => {
    for (const p of [alice, bob, carol]) p.stop();
    await ts.stop();
  });
  beforeEach(() => {
    for (const p of [alice, bob, carol]) p.incoming.length = 0;
  });

  const b2bua = () => ts.sw.sip().b2bua!;

  test('INVITE with Session-Expires below 90 s → 422 with Min-SE: 90, nothing rings', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000), {
      headers: [
        ['Supported', 'timer'],
        ['Session-Expires', '30'],
      ],
    });
    const r = await call.final;
    expect(r.status).toBe(422);
    expect(r.getHeader('Min-SE')).toBe('90');
    expect(bob.incoming).toEqual([]);
    expect(b2bua().calls.size).toBe(0);
  });

  test('caller supports timer → 200 with Session-Expires refresher=uac and Require: timer; its refresh re-INVITE gets Session-Expires back', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000), {
      headers: [
        ['Supported', 'timer'],
        ['Session-Expires', '1800'],
      ],
    });
    const bobDialog = bob.answer(await bob.next('INVITE'), sdp('192.0.2.20', 5000))!;
    const ok = await call.final;
    expect(ok.status).toBe(200);
    expect(ok.getHeader('Session-Expires')).toBe('1800;refresher=uac');
    expect(ok.getHeader('Require')).toBe('timer');
    const refresh = alice.inDialog(call.dialog!, 'INVITE', sdp('192.0.2.10', 4000));
    const relayed = await bob.next('INVITE');
    bobDialog.receiveRequest(relayed.request);
    bob.answer(relayed, sdp('192.0.2.20', 5000));
    const refreshed = await refresh;
    expect(refreshed.status).toBe(200);
    expect(refreshed.getHeader('Session-Expires')).toBe('1800;refresher=uac');
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
  });

  test('caller without timer support → the switch is the refresher (refresher=uas), no Require', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000), {
      headers: [['Session-Expires', '90;refresher=uac']],
    });
    bob.answer(await bob.next('INVITE'), sdp('192.0.2.20', 5000));
    const ok = await call.final;
    expect(ok.getHeader('Session-Expires')).toBe('90;refresher=uas');
    expect(ok.getHeader('Require')).toBeUndefined();
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
    expect(b2bua().calls.size).toBe(0);
  });

  test('INVITE without Session-Expires → no session timer headers in the 200', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    bob.answer(await bob.next('INVITE'), sdp('192.0.2.20', 5000));
    const ok = await call.final;
    expect(ok.getHeader('Session-Expires')).toBeUndefined();
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
  });
});
