/*
 * Call parking on real calls, with busy lamps on its slots (D-entry "call
 * parking", RFC 4235): 1000 watches slot 701; 1002 dials the lot 700 and
 * is parked in 701 (the lamp turns confirmed); 1001 dials 701 and talks to
 * 1002 (the lamp reports terminated). BLF-2: 1000's BLF target group has
 * 1001 only, so watching 1002 is refused with 403.
 */

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.151';

describe('call parking and BLF on its slots', () => {
  let ts: TestSwitch;
  let watcher: SipPhone;
  let retriever: SipPhone;
  let parker: SipPhone;
  let lotId: number;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 33400, max: 33499 } },
      { media: undefined },
    );
    watcher = new SipPhone('127.0.0.152', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    retriever = new SipPhone('127.0.0.153', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    parker = new SipPhone('127.0.0.154', '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
    await Promise.all([watcher.start(), retriever.start(), parker.start()]);
    const store = ts.sw.store();
    const team = store.teams.findByUid('demo')!;
    lotId = store.parkingLots.create({ teamId: team.id, slotCount: 3 }).id;
    const ext = (n: string) => store.internalNumbers.lookup(team.id, n)!.ownerId!;
    store.blfGroups.create({
      teamId: team.id,
      name: 'reception',
      extensionIds: [ext('1001')],
      subscriberIds: [ext('1000')],
    });
  });
  afterAll(async () => {
    for (const p of [watcher, retriever, parker]) p.stop();
    await ts.stop();
  });

  /** The next NOTIFY to the watcher, answered 200, with its dialog states. */
  async function notified(): Promise<{ states: string[]; body: string }> {
    const inc = await watcher.next('NOTIFY', 5000);
    watcher.respond(inc, 200);
    const body = inc.request.body.toString();
    return { states: [...body.matchAll(/<state>(\w+)<\/state>/g)].map((m) => m[1]!), body };
  }

  async function parkedSlots(): Promise<Array<{ slot: string; callerNumber: string }>> {
    const http = ts.sw.http();
    const login = await http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    const token = (login.json() as { token: string }).token;
    const res = await http.inject({
      method: 'GET',
      url: `/api/v1/parking-lots/${lotId}/slots`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Array<{ slot: string; callerNumber: string }> }).items;
  }

  test('1002 dials 700 → parked in 701, lamp confirmed; 1001 dials 701 → bridged, lamp terminated', async () => {
    const sub = await watcher.subscribe('701', 'dialog');
    expect(sub.response.status).toBe(200);
    const idle = await notified();
    expect(idle.body).toContain('entity="sip:701@demo.local"');
    expect(idle.states).toEqual([]);

    const parked = parker.call('700', sdp('127.0.0.154', 7000));
    expect((await parked.final).status).toBe(200);
    expect((await notified()).states).toEqual(['confirmed']);
    expect(await parkedSlots()).toMatchObject([{ slot: '701', callerNumber: '1002' }]);

    const pickup = retriever.call('701', sdp('127.0.0.153', 7002));
    expect((await pickup.final).status).toBe(200);
    expect((await notified()).states).toEqual(['terminated']);
    expect(await parkedSlots()).toEqual([]);

    // The two are bridged: 1001's BYE reaches 1002.
    const bye = retriever.inDialog(pickup.dialog!, 'BYE');
    const parkerBye = await parker.next('BYE', 5000);
    parker.respond(parkerBye, 200);
    expect((await bye).status).toBe(200);
  });

  test('dialling an empty slot → 480; the parked caller hanging up frees its slot', async () => {
    const empty = retriever.call('702', sdp('127.0.0.153', 7004));
    expect((await empty.final).status).toBe(480);

    const parked = parker.call('700', sdp('127.0.0.154', 7006));
    expect((await parked.final).status).toBe(200);
    expect((await notified()).states).toEqual(['confirmed']);
    expect((await parker.inDialog(parked.dialog!, 'BYE')).status).toBe(200);
    expect((await notified()).states).toEqual(['terminated']);
    expect(await parkedSlots()).toEqual([]);
  });

  test('BLF-2: 1000 may watch 1001 (in its BLF target group) but not 1002 → 403', async () => {
    expect((await watcher.subscribe('1002', 'dialog')).response.status).toBe(403);
    const allowed = await watcher.subscribe('1001', 'dialog');
    expect(allowed.response.status).toBe(200);
    expect((await notified()).states).toEqual([]);
  });
});
