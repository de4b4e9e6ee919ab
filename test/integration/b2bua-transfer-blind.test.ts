import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Dialog } from '../../signaling/dialog/index.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp, type Incoming, type OutgoingCall } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.171';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const m = new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv);
  return m![1]!;
}

describe('B2BUA: blind transfer with REFER (RFC 3515) over real UDP', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    alice = new SipPhone('127.0.0.172', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.173', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carol = new SipPhone('127.0.0.174', '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
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

  test('REFER from the callee → 202, NOTIFY 100, target rings, NOTIFY 200, BYE to the transferor, caller re-INVITEd to the target', async () => {
    const { call, bobDialog } = await answeredCall();
    expect((await bob.refer(bobDialog, '<sip:1002@demo.local>')).status).toBe(202);
    const trying = await notifyTo(bob);
    // RFC 3515 §2.4.4: Event refer, a sipfrag body, subscription active.
    expect(trying.request.getHeader('Event')).toBe('refer');
    expect(trying.request.getHeader('Content-Type')).toMatch(/^message\/sipfrag/);
    expect(trying.request.body.toString()).toBe('SIP/2.0 100 Trying\r\n');
    expect(trying.request.getHeader('Subscription-State')).toMatch(/^active/);
    expect(trying.request.callId()).toBe(bobDialog.callId);

    const inc = await carol.next('INVITE');
    // The target sees the transferee as the caller, with its media address.
    expect(inc.request.getHeader('From')).toMatch(/^<sip:1000@demo\.local>;tag=/);
    expect(inc.request.getHeader('To')).toBe('<sip:1002@demo.local>');
    expect(inc.request.body.toString()).toContain('c=IN IP4 192.0.2.10');
    carol.respond(inc, 180, 'carol-tag');
    expect((await notifyTo(bob)).request.body.toString()).toBe('SIP/2.0 180 Ringing\r\n');
    carol.answer(inc, sdp('192.0.2.30', 6000));

    const done = await notifyTo(bob);
    expect(done.request.body.toString()).toBe('SIP/2.0 200 OK\r\n');
    expect(done.request.getHeader('Subscription-State')).toMatch(/^terminated/);
    bob.respond(await bob.next('BYE'), 200);

    const reinvite = await alice.next('INVITE');
    expect(reinvite.request.callId()).toBe(call.invite.callId());
    expect(reinvite.request.body.toString()).toContain('c=IN IP4 192.0.2.30');
    call.dialog!.receiveRequest(reinvite.request);
    const acksBefore = alice.acks.length;
    alice.answer(reinvite, sdp('192.0.2.10', 4000));
    expect(await alice.waitFor(() => alice.acks[acksBefore])).toBeDefined();

    expect(b2bua().calls.size).toBe(1);
    await hangUp(call, carol);
  });

  test('transfer to an extension with no registration → NOTIFY 480, the call stays up', async () => {
    const { call, bobDialog } = await answeredCall();
    expect((await bob.refer(bobDialog, '<sip:1003@demo.local>')).status).toBe(202);
    expect((await notifyTo(bob)).request.body.toString()).toBe('SIP/2.0 100 Trying\r\n');
    const failed = await notifyTo(bob);
    expect(failed.request.body.toString()).toBe('SIP/2.0 480 Temporarily Unavailable\r\n');
    expect(failed.request.getHeader('Subscription-State')).toMatch(/^terminated/);
    await hangUp(call, bob);
  });

  test('target busy (486) → NOTIFY 486; a second transfer then succeeds', async () => {
    const { call, bobDialog } = await answeredCall();
    expect((await bob.refer(bobDialog, '<sip:1002@demo.local>')).status).toBe(202);
    await notifyTo(bob);
    carol.answer(await carol.next('INVITE'), '', 486);
    expect((await notifyTo(bob)).request.body.toString()).toBe('SIP/2.0 486 Busy Here\r\n');

    expect((await bob.refer(bobDialog, '<sip:1002@demo.local>')).status).toBe(202);
    await notifyTo(bob);
    carol.answer(await carol.next('INVITE'), sdp('192.0.2.30', 6000));
    expect((await notifyTo(bob)).request.body.toString()).toBe('SIP/2.0 200 OK\r\n');
    bob.respond(await bob.next('BYE'), 200);
    const reinvite = await alice.next('INVITE');
    call.dialog!.receiveRequest(reinvite.request);
    alice.answer(reinvite, sdp('192.0.2.10', 4000));
    await hangUp(call, carol);
  });

  test('transferor sends its own BYE after NOTIFY 200 → 200, only its leg ends, caller and target stay joined', async () => {
    const { call, bobDialog } = await answeredCall();
    expect((await bob.refer(bobDialog, '<sip:1002@demo.local>')).status).toBe(202);
    await notifyTo(bob);
    carol.answer(await carol.next('INVITE'), sdp('192.0.2.30', 6000));
    expect((await notifyTo(bob)).request.body.toString()).toBe('SIP/2.0 200 OK\r\n');
    // RFC 5589 §6: the transferor may hang up itself; BYEs may cross.
    const ownBye = bob.inDialog(bobDialog, 'BYE');
    const ours = await bob.next('BYE');
    bob.respond(ours, 200);
    expect([200, 481]).toContain((await ownBye).status);
    const reinvite = await alice.next('INVITE');
    call.dialog!.receiveRequest(reinvite.request);
    alice.answer(reinvite, sdp('192.0.2.10', 4000));
    expect(b2bua().calls.size).toBe(1);
    await hangUp(call, carol);
  });

  test('caller hangs up while the target rings → the target gets CANCEL, the transferor BYE', async () => {
    const { call, bobDialog } = await answeredCall();
    expect((await bob.refer(bobDialog, '<sip:1002@demo.local>')).status).toBe(202);
    await notifyTo(bob);
    const inc = await carol.next('INVITE');
    carol.respond(inc, 180, 'carol-tag');
    await notifyTo(bob);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
    const cancel = await carol.next('CANCEL');
    carol.respond(cancel, 200);
    carol.respond(inc, 487, 'carol-tag');
    expect(b2bua().calls.size).toBe(0);
    expect(b2bua().dialogCount).toBe(0);
  });

  test('REFER refused: from the caller → 403, no Refer-To → 400, unknown dialog → 481', async () => {
    const { call, bobDialog } = await answeredCall();
    expect((await alice.refer(call.dialog!, '<sip:1002@demo.local>')).status).toBe(403);
    expect((await bob.refer(bobDialog, 'not a uri')).status).toBe(400);
    await hangUp(call, bob);
    expect((await alice.refer(call.dialog!, '<sip:1002@demo.local>')).status).toBe(481);
    expect(carol.incoming).toEqual([]);
  });
});
