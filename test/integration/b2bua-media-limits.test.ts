import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { FakeMediaControl } from '../fakes/fake-media-control.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.101';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const line = csv.split('\n').find((l) => l.startsWith(`${number};`))!;
  return /password=([^\]]+)\]/.exec(line)![1]!;
}

describe('B2BUA: media control, glare, limits and loops', () => {
  const media = new FakeMediaControl();
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true }, { media });
    alice = new SipPhone('127.0.0.102', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.103', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await Promise.all([alice.start(), bob.start()]);
    expect(await alice.register()).toBe(200);
    expect(await bob.register()).toBe(200);
  });
  afterAll(async () => {
    alice.stop();
    bob.stop();
    await ts.stop();
  });
  beforeEach(() => {
    alice.incoming.length = 0;
    bob.incoming.length = 0;
    media.calls.length = 0;
  });

  const b2bua = () => ts.sw.sip().b2bua!;

  test('SDP goes through MediaControl: offer on A, answer on B, update on hold, delete at the end', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    const bobDialog = bob.answer(inc, sdp('192.0.2.20', 5000))!;
    expect((await call.final).status).toBe(200);
    const hold = alice.inDialog(call.dialog!, 'INVITE', sdp('192.0.2.10', 4000, 'sendonly'));
    const reinvite = await bob.next('INVITE');
    bobDialog.receiveRequest(reinvite.request);
    bob.answer(reinvite, sdp('192.0.2.20', 5000, 'recvonly'));
    expect((await hold).status).toBe(200);
    const bye = bob.inDialog(bobDialog, 'BYE');
    alice.respond(await alice.next('BYE'), 200);
    expect((await bye).status).toBe(200);
    const ops = media.calls.map((c) => `${c.op}:${c.legId ?? '*'}`);
    expect(ops).toEqual(['offer:a', 'answer:b', 'update:a', 'answer:b', 'delete:*']);
    expect(new Set(media.calls.map((c) => c.callId)).size).toBe(1);
  });

  test('media refuses the offer → 488 to the caller, callee never rung', async () => {
    media.refuseNext = true;
    expect((await alice.call('1001', sdp('192.0.2.10', 4000)).final).status).toBe(488);
    expect(bob.incoming).toEqual([]);
  });

  test('re-INVITEs crossing (glare) → 491 to the second one, the first goes through', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const bobDialog = bob.answer(await bob.next('INVITE'), sdp('192.0.2.20', 5000))!;
    expect((await call.final).status).toBe(200);
    const fromAlice = alice.inDialog(call.dialog!, 'INVITE', sdp('192.0.2.10', 4000, 'sendonly'));
    const relayed = await bob.next('INVITE');
    // Bob re-INVITEs before answering: §14.2 glare.
    const fromBob = await bob.inDialog(bobDialog, 'INVITE', sdp('192.0.2.20', 5000, 'sendonly'));
    expect(fromBob.status).toBe(491);
    bobDialog.receiveRequest(relayed.request);
    bob.answer(relayed, sdp('192.0.2.20', 5000, 'recvonly'));
    expect((await fromAlice).status).toBe(200);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
  });

  test('in-dialog OPTIONS → 200', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    bob.answer(await bob.next('INVITE'), sdp('192.0.2.20', 5000));
    expect((await call.final).status).toBe(200);
    expect((await alice.inDialog(call.dialog!, 'OPTIONS')).status).toBe(200);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
  });

  test('a third concurrent call of 1000 (limit 2) → 486 without ringing anyone', async () => {
    const first = alice.call('1001', sdp('192.0.2.10', 4000));
    const second = alice.call('1001', sdp('192.0.2.10', 4002));
    const [one, two] = [await bob.next('INVITE'), await bob.next('INVITE')];
    expect(b2bua().calls.countFor(ts.sw.store().teams.findByUid('demo')!.id, '1000')).toBe(2);
    expect((await alice.call('1001', sdp('192.0.2.10', 4004)).final).status).toBe(486);
    expect(bob.incoming.filter((i) => i.request.method === 'INVITE')).toEqual([]);
    bob.answer(one, '', 486);
    bob.answer(two, '', 603);
    expect((await first.final).status).toBe(486);
    expect((await second.final).status).toBe(603);
    expect(b2bua().calls.size).toBe(0);
  });

  test('Max-Forwards 0 → 483; in-dialog request for an unknown dialog → 481', async () => {
    const looped = alice.call('1001', sdp('192.0.2.10', 4000), { maxForwards: 0 });
    expect((await looped.final).status).toBe(483);
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const bobDialog = bob.answer(await bob.next('INVITE'), sdp('192.0.2.20', 5000))!;
    expect((await call.final).status).toBe(200);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
    expect((await alice.inDialog(call.dialog!, 'BYE')).status).toBe(481);
    expect((await bob.inDialog(bobDialog, 'INVITE', sdp('192.0.2.20', 5000))).status).toBe(481);
  });
});
