/*
 * Call pickup (*61, EXT-12) of calls that ring an extension through a
 * ring group or a queue (D85), on real calls:
 * - ring group 660 rings 1001 for 1000's call; 1002 dials *61: 1001's
 *   phone is cancelled as answered elsewhere, 1002 is answered and talks
 *   with 1000 until 1000 hangs up.
 * - queue 8361 offers 1000 to agent 2060 at 1003; 1002 dials *61 1003:
 *   1003 is cancelled and the queue bridges its caller to 1002.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword } from '../../core/config-store/index.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.26.1';
const phoneAddress = (n: number) => `127.0.26.${n + 2}`;

describe('call pickup of ring-group and queue legs (EXT-12, D85)', () => {
  let ts: TestSwitch;
  const phones = new Map<string, SipPhone>();
  const phone = (number: string) => phones.get(number)!;
  let teamId: number;
  let token = '';

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 36900, max: 36959 } },
      { media: undefined },
    );
    const numbers = ['1000', '1001', '1002', '1003'];
    numbers.forEach((n, i) =>
      phones.set(n, new SipPhone(phoneAddress(i), n, demoPassword(ts.dataDir, n), SWITCH)),
    );
    await Promise.all([...phones.values()].map((p) => p.start()));
    for (const n of ['1001', '1002', '1003']) expect(await phone(n).register()).toBe(200);
    const store = ts.sw.store();
    teamId = store.teams.findByUid('demo')!.id;
    store.extensions.update(extensionId('1002'), { pickupScope: 'team' });
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
  });

  afterAll(async () => {
    for (const p of phones.values()) p.stop();
    await ts?.stop();
  });

  const extensionId = (n: string) => ts.sw.store().internalNumbers.lookup(teamId, n)!.ownerId!;

  /** `picked` is cancelled as answered elsewhere; returns the CANCEL's Reason. */
  async function cancelled(picked: string): Promise<string | undefined> {
    const cancel = await phone(picked).next('CANCEL', 5000);
    phone(picked).respond(cancel, 200);
    return cancel.request.getHeader('Reason');
  }

  test('EXT-12 *61 while a ring group rings 1001 → 1001 cancelled, 1002 talks with the caller', async () => {
    ts.sw.store().ringGroups.create({
      teamId,
      name: 'pickup desk',
      internalNumber: '660',
      strategy: 'ringall',
      ringTimeSec: 20,
      extensionIds: [extensionId('1001')],
    });
    const call = phone('1000').call('660', sdp(phone('1000').address, 6100));
    const ringing = await phone('1001').next('INVITE', 5000);
    phone('1001').respond(ringing, 180, 'rg-ring');

    const pick = phone('1002').call('*61', sdp(phone('1002').address, 6102));
    expect((await pick.final).status).toBe(200);
    expect(await cancelled('1001')).toBe('SIP;cause=200;text="Call completed elsewhere"');
    expect((await call.final).status).toBe(200);

    const bye = phone('1000').inDialog(call.dialog!, 'BYE');
    phone('1002').respond(await phone('1002').next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);
  });

  test('EXT-12 directed *611003 while queue 8361 offers its caller to agent 2060 at 1003 → the queue bridges the caller to 1002', async () => {
    const store = ts.sw.store();
    const queue = store.queues.create({ teamId, number: '8361', name: 'pickup' });
    const agentId = store.agents.create({
      teamId,
      accountId: store.extensions.find(extensionId('1003'))!.accountId,
      agentNo: '2060',
      passwordHash: await hashPassword('agent-2060-pw'),
      targetNumber: '1003',
    }).id;
    store.agentGroups.create({ teamId, name: 'pickup', queueId: queue.id, members: [{ agentId }] });
    const signIn = await ts.sw.http().inject({
      method: 'POST',
      url: `/api/v1/agents/${agentId}/sign-in`,
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    });
    expect(signIn.statusCode, signIn.body).toBeLessThan(300);

    const call = phone('1000').call('8361', sdp(phone('1000').address, 6110));
    expect((await call.final).status).toBe(200);
    const offered = await phone('1003').next('INVITE', 5000);
    phone('1003').respond(offered, 180, 'q-ring');

    const pick = phone('1002').call('*611003', sdp(phone('1002').address, 6112));
    expect((await pick.final).status).toBe(200);
    expect(await cancelled('1003')).toBe('SIP;cause=200;text="Call completed elsewhere"');

    const bye = phone('1002').inDialog(pick.dialog!, 'BYE');
    phone('1000').respond(await phone('1000').next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);
  });

  /** `watcher` subscribes to `number`'s dialogs; each call reads the next NOTIFY body (answered 200). */
  async function watch(watcher: SipPhone, number: string): Promise<() => Promise<string>> {
    const sub = await watcher.subscribe(number, 'dialog');
    expect(sub.response.status).toBe(200);
    return async () => {
      const inc = await watcher.next('NOTIFY', 5000);
      watcher.respond(inc, 200);
      return inc.request.body.toString();
    };
  }

  test('D89 BLF pickup: 1002 watches 1001 ringing and INVITEs with Replaces of the dialog it was shown → it takes the call, 1001 is cancelled', async () => {
    const watcher = phone('1002');
    const notified = await watch(watcher, '1001');
    await notified();
    const call = phone('1000').call('1001', sdp(phone('1000').address, 6130));
    phone('1001').respond(await phone('1001').next('INVITE', 5000), 180, 'blf-ring');
    let body = await notified();
    while (!body.includes('<state>early</state>')) body = await notified();
    // RFC 4235 §4.1: the ringing dialog as the switch holds it with the caller.
    const id = /<dialog [^>]*call-id="([^"]+)" local-tag="([^"]+)" remote-tag="([^"]+)"/.exec(body);
    const [, callId, localTag, remoteTag] = id!;
    expect(callId).toBe(call.invite.callId());
    expect(remoteTag).toBe(call.invite.fromTag());
    const replacing = (toTag: string, port: number, fromTag = remoteTag) =>
      watcher.call('1001', sdp(watcher.address, port), {
        headers: [['Replaces', `${callId};to-tag=${toTag};from-tag=${fromTag};early-only`]],
      });

    // RFC 3891 §3: a dialog that is not there → 481.
    expect((await replacing('not-ours', 6132).final).status).toBe(481);
    // The tags in the other order name the same dialog (phones differ).
    const pick = replacing(remoteTag!, 6134, localTag);
    expect((await pick.final).status).toBe(200);
    expect(await cancelled('1001')).toBe('SIP;cause=200;text="Call completed elsewhere"');
    expect((await call.final).status).toBe(200);
    // Answered now: only an early dialog is replaced here → 486.
    expect((await replacing(localTag!, 6136).final).status).toBe(486);

    const bye = phone('1000').inDialog(call.dialog!, 'BYE');
    watcher.respond(await watcher.next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);
  });

  test('D89 BLF pickup of a ring-group leg: 1001 rings for 662, its lamp shows the caller dialog; 1002 INVITEs 1001 with Replaces → takes the call', async () => {
    ts.sw.store().ringGroups.create({
      teamId,
      name: 'blf desk',
      internalNumber: '662',
      strategy: 'ringall',
      ringTimeSec: 20,
      extensionIds: [extensionId('1001')],
    });
    const watcher = phone('1002');
    const notified = await watch(watcher, '1001');
    let body = await notified();
    const call = phone('1000').call('662', sdp(phone('1000').address, 6140));
    phone('1001').respond(await phone('1001').next('INVITE', 5000), 180, 'rg-blf');
    while (!body.includes('<state>early</state>')) body = await notified();
    const id = /<dialog [^>]*call-id="([^"]+)" local-tag="([^"]+)" remote-tag="([^"]+)"/.exec(body);
    const [, callId, localTag, remoteTag] = id!;
    expect(callId).toBe(call.invite.callId());

    // Addressed to an extension the call does not ring: nothing to replace there → 486.
    const elsewhere = watcher.call('1003', sdp(watcher.address, 6142), {
      headers: [['Replaces', `${callId};to-tag=${localTag};from-tag=${remoteTag}`]],
    });
    expect((await elsewhere.final).status).toBe(486);
    const pick = watcher.call('1001', sdp(watcher.address, 6144), {
      headers: [['Replaces', `${callId};to-tag=${localTag};from-tag=${remoteTag}`]],
    });
    expect((await pick.final).status).toBe(200);
    expect(await cancelled('1001')).toBe('SIP;cause=200;text="Call completed elsewhere"');
    expect((await call.final).status).toBe(200);

    const bye = phone('1000').inDialog(call.dialog!, 'BYE');
    watcher.respond(await watcher.next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);
  });

  test('EXT-12 *61 with nothing ringing in scope → 480', async () => {
    const pick = phone('1002').call('*61', sdp(phone('1002').address, 6120));
    expect((await pick.final).status).toBe(480);
  });
});
