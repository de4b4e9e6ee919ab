import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.186';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const m = new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv);
  return m![1]!;
}

describe('B2BUA: reliable provisional responses (RFC 3262, PRACK) over real UDP', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    alice = new SipPhone('127.0.0.187', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.188', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carol = new SipPhone('127.0.0.189', '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
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

  test('callee sends 180 with Require: 100rel → PRACK with RAck, 180 relayed to the caller; BYE CSeq follows the PRACK', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    // The switch offers reliability to the callee (RFC 3262 §4).
    expect(inc.request.getHeaderValues('Supported')).toContain('100rel');
    bob.reliable(inc, 180, 'bob-tag', 7);
    const prack = await bob.next('PRACK');
    expect(prack.request.getHeader('RAck')).toBe(`7 ${inc.request.cseq()!.seq} INVITE`);
    expect(prack.request.toTag()).toBe('bob-tag');
    expect(prack.request.callId()).toBe(inc.request.callId());
    bob.respond(prack, 200);
    expect(await alice.waitFor(() => call.responses.find((r) => r.status === 180))).toBeDefined();

    // A retransmission (same RSeq) is neither PRACKed again nor relayed.
    bob.reliable(inc, 180, 'bob-tag', 7);
    bob.answer(inc, sdp('192.0.2.20', 5000), 200, 'bob-tag');
    expect((await call.final).status).toBe(200);
    expect(bob.incoming.filter((i) => i.request.method === 'PRACK')).toEqual([]);
    expect(call.responses.filter((r) => r.status === 180)).toHaveLength(1);

    const bye = alice.inDialog(call.dialog!, 'BYE');
    const byeIn = await bob.next('BYE');
    expect(byeIn.request.cseq()!.seq).toBeGreaterThan(prack.request.cseq()!.seq);
    bob.respond(byeIn, 200);
    expect((await bye).status).toBe(200);
    expect(b2bua().calls.size).toBe(0);
  });

  test('two reliable provisionals (183, then 180) → each PRACKed with its RSeq', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    bob.reliable(inc, 183, 'bob-tag', 1);
    const first = await bob.next('PRACK');
    bob.respond(first, 200);
    bob.reliable(inc, 180, 'bob-tag', 2);
    const second = await bob.next('PRACK');
    bob.respond(second, 200);
    expect(first.request.getHeader('RAck')).toMatch(/^1 /);
    expect(second.request.getHeader('RAck')).toMatch(/^2 /);
    expect(second.request.cseq()!.seq).toBeGreaterThan(first.request.cseq()!.seq);
    bob.answer(inc, sdp('192.0.2.20', 5000), 200, 'bob-tag');
    expect((await call.final).status).toBe(200);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
  });
});
