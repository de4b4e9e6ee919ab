import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { FakeMediaControl } from '../fakes/fake-media-control.ts';
import { startDemoSwitch, type DemoSwitch } from '../helpers/demo-switch.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

/*
 * Call rules of issue 7 (D48) over real UDP, with the demo team: the
 * credit gate on chargeable calls (TM-7, FIN-3) and external extensions
 * reached through DIDs, inbound routes and ring groups (EXT-15). The demo
 * routes 9… to the carrier trunk with the 9 stripped, and DID 5550100 to
 * extension 1000. Last, on a second switch (same address, started after
 * the first stopped) over FakeMediaControl: IVR keys in the CDR (CDR-6).
 */

const SWITCH = '127.0.0.41';
const CARRIER = '127.0.0.42';
const ALICE = '127.0.0.43';
const BOB = '127.0.0.48';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const m = new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv);
  return m![1]!;
}

describe('call rules over real UDP (D48)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carrier: SipPhone;
  let teamId: number;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, demoTrunk: { host: CARRIER, port: 5060 } },
      { media: undefined },
    );
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone(BOB, '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carrier = new SipPhone(CARRIER, 'carrier', 'unused', SWITCH, 'carrier.example');
    await Promise.all([alice, bob, carrier].map((p) => p.start()));
    expect(await alice.register()).toBe(200);
    expect(await bob.register()).toBe(200);
    teamId = ts.sw.store().teams.findByUid('demo')!.id;
  });
  afterAll(async () => {
    for (const p of [alice, bob, carrier]) p.stop();
    await ts.stop();
  });
  beforeEach(() => {
    for (const p of [alice, bob, carrier]) p.incoming.length = 0;
  });

  describe('TM-7 prepaid credit', () => {
    afterAll(() => {
      ts.sw.store().teams.update(teamId, { paymentMode: 'unlimited', creditLimitE4: 0 });
    });

    test('TM-7 a prepaid team at its credit limit → 1000 dialling 95551234 gets 403 Credit Limit Reached, no trunk is tried', async () => {
      ts.sw.store().teams.update(teamId, { paymentMode: 'prepaid', creditLimitE4: 0 });
      const refused = await alice.call('95551234', sdp('192.0.2.10', 4000)).final;
      expect(refused.status).toBe(403);
      expect(refused.reason).toBe('Credit Limit Reached');
      expect(carrier.incoming).toEqual([]);
    });

    test('TM-7 (A1-2) the same team out of credit → an internal call 1000 → 1001 still rings', async () => {
      const call = alice.call('1001', sdp('192.0.2.10', 4000));
      const inc = await bob.next('INVITE', 5000);
      bob.respond(inc, 486);
      expect((await call.final).status).toBe(486);
    });

    test('TM-7 (A1-2) the same team out of credit → a carrier call to DID 5550100 still rings 1000', async () => {
      const call = carrier.call('5550100', sdp('198.51.100.7', 6000), { isAuthenticated: false });
      const inc = await alice.next('INVITE', 5000);
      alice.respond(inc, 486);
      expect((await call.final).status).toBe(486);
    });

    test('FIN-3 a recharge above the limit → the next outbound call goes out to the carrier', async () => {
      const store = ts.sw.store();
      store.finance.adjustTeam({ teamId, type: 'recharge', amountE4: 100_000 });
      const call = alice.call('95551234', sdp('192.0.2.10', 4000));
      const inc = await carrier.next('INVITE', 5000);
      expect(inc.request.requestUri).toBe(`sip:5551234@${CARRIER}:5060`);
      carrier.respond(inc, 486);
      expect((await call.final).status).toBe(486);
      // A deduction back over the limit closes the gate again (FIN-1).
      store.finance.adjustTeam({ teamId, type: 'deduction', amountE4: 100_000 });
      expect((await alice.call('95551234', sdp('192.0.2.10', 4000)).final).status).toBe(403);
    });
  });

  describe('EXT-15 external extensions beyond direct dialling', () => {
    let externalId: number;
    beforeAll(() => {
      const store = ts.sw.store();
      // The demo team is at its extension quota: 1050 becomes external.
      externalId = store.internalNumbers.lookup(teamId, '1050')!.ownerId!;
      store.extensions.update(externalId, { deviceType: 'external', externalNumber: '95557777' });
    });

    test('EXT-15 a DID bound to external extension 1050 → the carrier is dialled at 5557777', async () => {
      const store = ts.sw.store();
      const did = store.dids.create({
        teamId,
        number: '5550500',
        destinationType: 'extension',
        destinationId: externalId,
      });
      try {
        const call = carrier.call('5550500', sdp('198.51.100.7', 6000), { isAuthenticated: false });
        const out = await carrier.next('INVITE', 5000);
        expect(out.request.requestUri).toBe(`sip:5557777@${CARRIER}:5060`);
        carrier.respond(out, 486);
        expect((await call.final).status).toBeGreaterThanOrEqual(400);
      } finally {
        store.dids.delete(did.id);
      }
    });

    test('EXT-15 an inbound route to external extension 1050 → the carrier is dialled at 5557777', async () => {
      const store = ts.sw.store();
      const did = store.dids.create({ teamId, number: '5550600', destinationType: 'extension' });
      const route = store.inboundRoutes.create({
        teamId,
        name: 'to the mobile',
        didId: did.id,
        destinationType: 'extension',
        destinationId: externalId,
      });
      try {
        const call = carrier.call('5550600', sdp('198.51.100.7', 6000), { isAuthenticated: false });
        const out = await carrier.next('INVITE', 5000);
        expect(out.request.requestUri).toBe(`sip:5557777@${CARRIER}:5060`);
        carrier.respond(out, 486);
        expect((await call.final).status).toBeGreaterThanOrEqual(400);
      } finally {
        store.inboundRoutes.delete(route.id);
        store.dids.delete(did.id);
      }
    });

    test('EXT-15 a ring group of 1001 and external 1050 → both ring; the carrier answers and 1001 is cancelled', async () => {
      const store = ts.sw.store();
      const bobId = store.internalNumbers.lookup(teamId, '1001')!.ownerId!;
      const group = store.ringGroups.create({
        teamId,
        name: 'desk and mobile',
        internalNumber: '611',
        extensionIds: [bobId, externalId],
      });
      try {
        const call = alice.call('611', sdp('192.0.2.10', 4000));
        const [atBob, out] = await Promise.all([
          bob.next('INVITE', 5000),
          carrier.next('INVITE', 5000),
        ]);
        expect(atBob.request.requestUri).toContain('1001@');
        expect(out.request.requestUri).toBe(`sip:5557777@${CARRIER}:5060`);
        carrier.answer(out, sdp(CARRIER, 6000));
        expect((await call.final).status).toBe(200);
        const cancel = await bob.next('CANCEL', 5000);
        bob.respond(cancel, 200);
        bob.respond(atBob, 487);
        const bye = alice.inDialog(call.dialog!, 'BYE');
        carrier.respond(await carrier.next('BYE', 5000), 200);
        expect((await bye).status).toBe(200);
      } finally {
        store.ringGroups.delete(group.id);
      }
    });
  });
});

describe('CDR-6 IVR input and duration in the CDR (D48)', () => {
  const media = new FakeMediaControl();
  let demo: DemoSwitch;

  beforeAll(async () => {
    demo = await startDemoSwitch({ address: SWITCH, carrierAddress: CARRIER, deps: { media } });
    demo.ts.sw.store().ivrFlows.create({
      teamId: demo.teamId,
      name: 'CDR menu',
      internalNumber: '8200',
      actions: [{ action: 'input', maxDigits: 1, timeoutSec: 5 }],
      transitions: [
        { condition: '2', destination: { type: 'hangup', targetId: null, targetValue: null } },
      ],
    });
  });
  afterAll(async () => demo.stop());

  test('CDR-6 1000 calls IVR 8200 and presses 2 (→ hang up) → its CDR has ivrInput "2" and the IVR time', async () => {
    const alice = await demo.phone('1000', ALICE);
    const call = alice.call('8200', sdp('192.0.2.10', 4000));
    expect((await call.final).status).toBe(200);
    const leg = media.calls.findLast((c) => c.legId !== undefined)!;
    media.pressDigit({ callId: leg.callId, legId: leg.legId! }, '2');
    const bye = await alice.next('BYE', 5000);
    alice.respond(bye, 200);
    const http = demo.ts.sw.http();
    const login = await http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    const token = (login.json() as { token: string }).token;
    // The IVR's record is written as its session ends, around the BYE.
    let cdr: Record<string, unknown> | undefined;
    for (let i = 0; i < 40 && cdr === undefined; i++) {
      const res = await http.inject({
        method: 'GET',
        url: `/api/v1/cdrs?teamId=${demo.teamId}`,
        headers: { authorization: `Bearer ${token}` },
      });
      const items = (res.json() as { items: Array<Record<string, unknown>> }).items;
      cdr = items.find((c) => c['calledNumber'] === '8200' && c['ivrInput'] !== null);
      if (cdr === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(cdr).toMatchObject({ ivrInput: '2' });
    expect(cdr?.['ivrDurationMs']).toEqual(expect.any(Number));
  });
});
