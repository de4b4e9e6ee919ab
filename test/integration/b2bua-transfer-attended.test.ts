import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Dialog } from '../../signaling/dialog/index.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp, type Incoming, type OutgoingCall } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.176';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const m = new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv);
  return m![1]!;
}

describe('B2BUA: attended transfer with REFER and Replaces (RFC 5589 §7, RFC 3891) over real UDP', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    alice = new SipPhone('127.0.0.177', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.178', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carol = new SipPhone('127.0.0.179', '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
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

  /** 1000 calls 1001, which answers: the caller's call and the callee's dialog. */
  async function answeredCall(): Promise<{ call: OutgoingCall; bobDialog: Dialog }> {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const bobDialog = bob.answer(await bob.next('INVITE'), sdp('192.0.2.20', 5000))!;
    expect((await call.final).status).toBe(200);
    await bob.waitFor(() => bob.acks.at(-1));
    return { call, bobDialog };
  }

  /** The next NOTIFY to `phone`, answered 200. */
  async function notifyTo(phone: SipPhone): Promise<Incoming> {
    const n = await phone.next('NOTIFY');
    phone.respond(n, 200);
    return n;
  }

  /** Hangs up from the caller and checks that `callee` gets the BYE. */
  async function hangUp(call: OutgoingCall, callee: SipPhone): Promise<void> {
    const bye = alice.inDialog(call.dialog!, 'BYE');
    callee.respond(await callee.next('BYE'), 200);
    expect((await bye).status).toBe(200);
    expect(b2bua().calls.size).toBe(0);
    expect(b2bua().dialogCount).toBe(0);
  }

  /** 1001 calls 1002 (the consultation), which answers: both dialogs. */
  async function consultation(): Promise<{ consult: OutgoingCall; carolDialog: Dialog }> {
    const consult = bob.call('1002', sdp('192.0.2.21', 5002));
    const carolDialog = carol.answer(await carol.next('INVITE'), sdp('192.0.2.30', 6000))!;
    expect((await consult.final).status).toBe(200);
    return { consult, carolDialog };
  }

  /** A Refer-To with Replaces naming `d` as its peer (the switch) sees it. */
  function replacing(d: Dialog): string {
    const value = `${d.callId};to-tag=${d.remoteTag};from-tag=${d.localTag}`;
    return `<sip:1002@demo.local?Replaces=${encodeURIComponent(value)}>`;
  }

  /** The caller and the target are re-INVITEd to each other; returns the caller's offer. */
  async function reconnected(call: OutgoingCall, carolDialog: Dialog): Promise<void> {
    const toAlice = await alice.next('INVITE');
    expect(toAlice.request.callId()).toBe(call.invite.callId());
    expect(toAlice.request.body.toString()).toContain('c=IN IP4 192.0.2.30');
    call.dialog!.receiveRequest(toAlice.request);
    alice.answer(toAlice, sdp('192.0.2.10', 4000));
    const toCarol = await carol.next('INVITE');
    expect(toCarol.request.callId()).toBe(carolDialog.callId);
    expect(toCarol.request.body.toString()).toContain('c=IN IP4 192.0.2.10');
    carolDialog.receiveRequest(toCarol.request);
    carol.answer(toCarol, sdp('192.0.2.30', 6000));
  }

  test('REFER in the first call naming the consultation → NOTIFY 200, BYE to both transferor legs, caller and target joined', async () => {
    const { call, bobDialog } = await answeredCall();
    const { consult, carolDialog } = await consultation();
    expect(b2bua().calls.size).toBe(2);
    expect((await bob.refer(bobDialog, replacing(consult.dialog!))).status).toBe(202);
    expect((await notifyTo(bob)).request.body.toString()).toBe('SIP/2.0 100 Trying\r\n');
    const done = await notifyTo(bob);
    expect(done.request.body.toString()).toBe('SIP/2.0 200 OK\r\n');
    expect(done.request.getHeader('Subscription-State')).toMatch(/^terminated/);
    const byes = [await bob.next('BYE'), await bob.next('BYE')];
    for (const b of byes) bob.respond(b, 200);
    expect(byes.map((b) => b.request.callId()).sort()).toEqual(
      [bobDialog.callId, consult.dialog!.callId].sort(),
    );
    await reconnected(call, carolDialog);
    expect(b2bua().calls.size).toBe(1);
    await hangUp(call, carol);
  });

  test('REFER in the consultation naming the first call → the same join', async () => {
    const { call, bobDialog } = await answeredCall();
    const { consult, carolDialog } = await consultation();
    expect((await bob.refer(consult.dialog!, replacing(bobDialog))).status).toBe(202);
    expect((await notifyTo(bob)).request.body.toString()).toBe('SIP/2.0 100 Trying\r\n');
    expect((await notifyTo(bob)).request.body.toString()).toBe('SIP/2.0 200 OK\r\n');
    for (const b of [await bob.next('BYE'), await bob.next('BYE')]) bob.respond(b, 200);
    await reconnected(call, carolDialog);
    await hangUp(call, carol);
  });

  test('Replaces naming no dialog → 202, NOTIFY 481, the call stays up; without tags → 400', async () => {
    const { call, bobDialog } = await answeredCall();
    const ghost = `<sip:1002@demo.local?Replaces=${encodeURIComponent('nope;to-tag=1;from-tag=2')}>`;
    expect((await bob.refer(bobDialog, ghost)).status).toBe(202);
    await notifyTo(bob);
    const failed = await notifyTo(bob);
    expect(failed.request.body.toString()).toBe('SIP/2.0 481 Call/Transaction Does Not Exist\r\n');
    const bad = `<sip:1002@demo.local?Replaces=${encodeURIComponent('nope;to-tag=1')}>`;
    expect((await bob.refer(bobDialog, bad)).status).toBe(400);
    await hangUp(call, bob);
  });
});
