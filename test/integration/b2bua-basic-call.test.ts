import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.91';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const m = new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv);
  return m![1]!;
}

describe('B2BUA: calls between demo extensions over real UDP', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let bob2: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    alice = new SipPhone('127.0.0.92', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.93', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    bob2 = new SipPhone('127.0.0.94', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await Promise.all([alice.start(), bob.start(), bob2.start()]);
    expect(await alice.register()).toBe(200);
    expect(await bob.register()).toBe(200);
  });
  afterAll(async () => {
    for (const p of [alice, bob, bob2]) p.stop();
    await ts.stop();
  });
  beforeEach(() => {
    for (const p of [alice, bob, bob2]) p.incoming.length = 0;
  });

  const calls = () => ts.sw.sip().b2bua!.calls;
  const teamId = () => ts.sw.store().teams.findByUid('demo')!.id;

  test('1000 calls 1001 → ringing, answer, ACK both ways, BYE from the caller ends both legs', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    // Leg B is a new dialog: own Call-ID, From the caller at the team domain.
    expect(inc.request.callId()).not.toBe(call.invite.callId());
    expect(inc.request.getHeader('From')).toMatch(/^<sip:1000@demo\.local>;tag=/);
    expect(inc.request.getHeader('To')).toBe('<sip:1001@demo.local>');
    expect(inc.request.maxForwards()).toBe(69);
    expect(inc.request.body.toString()).toContain('c=IN IP4 192.0.2.10');
    bob.respond(inc, 180, 'bob-tag');
    await alice.waitFor(() => call.responses.find((r) => r.status === 180));
    expect(calls().list(teamId())).toMatchObject([
      { callerNumber: '1000', calleeNumber: '1001', state: 'ringing' },
    ]);
    const bobDialog = bob.answer(inc, sdp('192.0.2.20', 5000))!;
    const ok = await call.final;
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toContain('c=IN IP4 192.0.2.20');
    expect(await bob.waitFor(() => bob.acks[0])).toBeDefined();
    expect(calls().list(teamId())[0]?.state).toBe('answered');
    const byeResponse = alice.inDialog(call.dialog!, 'BYE');
    const bye = await bob.next('BYE');
    expect(bye.request.callId()).toBe(bobDialog.callId);
    bob.respond(bye, 200);
    expect((await byeResponse).status).toBe(200);
    expect(calls().list(teamId())).toEqual([]);
    expect(ts.sw.sip().b2bua!.dialogCount).toBe(0);
  });

  test('an ended call is not held while its transactions linger 32 s (RFC 6026 §7)', async () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    const bobDialog = bob.answer(inc, sdp('192.0.2.20', 5000))!;
    expect((await call.final).status).toBe(200);
    await bob.waitFor(() => bob.acks.at(-1));
    const ref = new WeakRef([...calls().values()][0]!);
    const byeResponse = bob.inDialog(bobDialog, 'BYE');
    alice.respond(await alice.next('BYE'), 200);
    expect((await byeResponse).status).toBe(200);
    await alice.waitFor(() => (calls().size === 0 ? true : undefined));
    // The call's last callbacks (CDR, media close) may still run for a moment
    // on a loaded machine; the transactions linger 32 s, far beyond this.
    for (let i = 0; i < 20 && ref.deref() !== undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      collectGarbage();
    }
    expect(ref.deref()).toBeUndefined();
  });

  test('BYE from the callee → 200 to it and BYE to the caller', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    const bobDialog = bob.answer(inc, sdp('192.0.2.20', 5000))!;
    expect((await call.final).status).toBe(200);
    await bob.waitFor(() => bob.acks.at(-1));
    const byeResponse = bob.inDialog(bobDialog, 'BYE');
    const bye = await alice.next('BYE');
    alice.respond(bye, 200);
    expect((await byeResponse).status).toBe(200);
    expect(calls().size).toBe(0);
  });

  test('callee busy (486) → 486 to the caller', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    bob.answer(await bob.next('INVITE'), '', 486);
    expect((await call.final).status).toBe(486);
    expect(calls().size).toBe(0);
  });

  test('callee not registered → 480; unknown number → 404', async () => {
    expect((await alice.call('1002', sdp('192.0.2.10', 4000)).final).status).toBe(480);
    expect((await alice.call('1999', sdp('192.0.2.10', 4000)).final).status).toBe(404);
  });

  test('INVITE without credentials → 401 with a challenge; wrong password → 401 again', async () => {
    const unauth = await alice.call('1001', sdp('192.0.2.10', 4000), { isAuthenticated: false })
      .final;
    expect(unauth.status).toBe(401);
    expect(unauth.getHeader('WWW-Authenticate')).toMatch(/^Digest realm="demo\.local"/);
    const mallory = new SipPhone('127.0.0.95', '1000', 'not-the-password', SWITCH);
    await mallory.start();
    try {
      expect((await mallory.call('1001', sdp('192.0.2.66', 4000)).final).status).toBe(401);
    } finally {
      mallory.stop();
    }
    expect(bob.incoming).toEqual([]);
  });

  test('CANCEL before answer → 200 to the CANCEL, 487 to the caller, CANCEL to the callee', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    bob.respond(inc, 180, 'bob-tag');
    await alice.waitFor(() => call.responses.find((r) => r.status === 180));
    expect((await alice.cancel(call)).status).toBe(200);
    expect((await call.final).status).toBe(487);
    const cancel = await bob.next('CANCEL');
    bob.respond(cancel, 200);
    bob.respond(inc, 487, 'bob-tag');
    expect(calls().size).toBe(0);
  });

  test('CANCEL crossing the callee’s 200 → caller gets 487, callee gets ACK then BYE', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    bob.respond(inc, 180, 'bob-tag');
    await alice.waitFor(() => call.responses.find((r) => r.status === 180));
    expect((await alice.cancel(call)).status).toBe(200);
    await bob.next('CANCEL');
    // The callee answers as if the CANCEL had not arrived yet.
    const acksBefore = bob.acks.length;
    bob.answer(inc, sdp('192.0.2.20', 5000));
    expect((await call.final).status).toBe(487);
    expect(await bob.waitFor(() => bob.acks[acksBefore])).toBeDefined();
    const bye = await bob.next('BYE');
    bob.respond(bye, 200);
    expect(calls().size).toBe(0);
  });

  test('re-INVITE for hold from the caller → relayed with a=sendonly, answer a=recvonly back', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    const bobDialog = bob.answer(inc, sdp('192.0.2.20', 5000))!;
    expect((await call.final).status).toBe(200);
    const hold = alice.inDialog(call.dialog!, 'INVITE', sdp('192.0.2.10', 4000, 'sendonly'));
    const reinvite = await bob.next('INVITE');
    expect(reinvite.request.toTag()).toBe(bobDialog.localTag);
    expect(reinvite.request.body.toString()).toContain('a=sendonly');
    bobDialog.receiveRequest(reinvite.request);
    bob.answer(reinvite, sdp('192.0.2.20', 5000, 'recvonly'));
    const held = await hold;
    expect(held.status).toBe(200);
    expect(held.body.toString()).toContain('a=recvonly');
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
  });

  test('UPDATE for hold from the callee (RFC 3311) → re-INVITE to the caller, 200 with the answer to the UPDATE', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    const inc = await bob.next('INVITE');
    const bobDialog = bob.answer(inc, sdp('192.0.2.20', 5000))!;
    expect((await call.final).status).toBe(200);
    const update = bob.inDialog(bobDialog, 'UPDATE', sdp('192.0.2.20', 5000, 'sendonly'));
    const reinvite = await alice.next('INVITE');
    expect(reinvite.request.body.toString()).toContain('a=sendonly');
    call.dialog!.receiveRequest(reinvite.request);
    alice.answer(reinvite, sdp('192.0.2.10', 4000, 'recvonly'));
    const held = await update;
    expect(held.status).toBe(200);
    expect(held.body.toString()).toContain('a=recvonly');
    const stray = bob.inDialog(bobDialog, 'UPDATE', sdp('192.0.2.20', 5000));
    const resumed = await alice.next('INVITE');
    call.dialog!.receiveRequest(resumed.request);
    alice.answer(resumed, sdp('192.0.2.10', 4000));
    expect((await stray).status).toBe(200);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
  });

  test('two contacts of 1001 → both ring, the first 200 wins, the other is cancelled', async () => {
    expect(await bob2.register()).toBe(200);
    try {
      const call = alice.call('1001', sdp('192.0.2.10', 4000));
      const [one, two] = await Promise.all([bob.next('INVITE'), bob2.next('INVITE')]);
      bob.respond(one, 180, 'bob-tag');
      bob2.respond(two, 180, 'bob2-tag');
      await alice.waitFor(() => call.responses.find((r) => r.status === 180));
      const bob2Dialog = bob2.answer(two, sdp('192.0.2.30', 6000))!;
      expect((await call.final).status).toBe(200);
      const cancel = await bob.next('CANCEL');
      bob.respond(cancel, 200);
      bob.respond(one, 487, 'bob-tag');
      const bye = bob2.inDialog(bob2Dialog, 'BYE');
      alice.respond(await alice.next('BYE'), 200);
      expect((await bye).status).toBe(200);
    } finally {
      expect(await bob2.register(0)).toBe(200);
    }
  });

  test('admin hangup of an answered call → BYE on both legs; list is empty after', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    bob.answer(await bob.next('INVITE'), sdp('192.0.2.20', 5000));
    expect((await call.final).status).toBe(200);
    const [active] = calls().list(teamId());
    expect(calls().hangup(active!.callId)).toBe(true);
    alice.respond(await alice.next('BYE'), 200);
    bob.respond(await bob.next('BYE'), 200);
    expect(calls().list(teamId())).toEqual([]);
    expect(calls().hangup(active!.callId)).toBe(false);
  });
});
