import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.191';
const CARRIER = '127.0.0.192';
const ALICE = '127.0.0.193';
const BOB = '127.0.0.194';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const m = new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv);
  return m![1]!;
}

describe('routing: inbound routes and caller lists over real UDP', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carrier: SipPhone;
  let teamId: number;
  let bobExtensionId: number;
  const cleanups: Array<() => void> = [];

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true, demoTrunk: { host: CARRIER, port: 5060 } });
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone(BOB, '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carrier = new SipPhone(CARRIER, '15551112222', 'unused', SWITCH, 'carrier.example');
    await Promise.all([alice, bob, carrier].map((p) => p.start()));
    expect(await alice.register()).toBe(200);
    expect(await bob.register()).toBe(200);
    const store = ts.sw.store();
    teamId = store.teams.findByUid('demo')!.id;
    bobExtensionId = store.extensions.findByNumber(teamId, '1001')!.id;
  });
  afterAll(async () => {
    for (const p of [alice, bob, carrier]) p.stop();
    await ts.stop();
  });
  beforeEach(() => {
    for (const p of [alice, bob, carrier]) p.incoming.length = 0;
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function inboundRoute(over: { name: string; priority?: number } & Record<string, unknown>) {
    const store = ts.sw.store();
    const did = store.dids.findByNumber('5550100')!;
    const route = store.inboundRoutes.create({
      teamId,
      didId: did.id,
      destinationType: 'extension',
      destinationId: bobExtensionId,
      ...over,
    });
    cleanups.push(() => store.inboundRoutes.delete(route.id));
    return route;
  }

  test('IR-2 inbound to DID 5550100 with a route to extension 1001 → 1001 rings, not the DID’s 1000', async () => {
    inboundRoute({ name: 'to-bob' });
    const call = carrier.call('5550100', sdp('198.51.100.7', 6000), { isAuthenticated: false });
    const inc = await bob.next('INVITE');
    expect(inc.request.getHeader('To')).toBe('<sip:1001@demo.local>');
    bob.answer(inc, sdp('192.0.2.11', 4000));
    expect((await call.final).status).toBe(200);
    const byeResponse = carrier.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await byeResponse).status).toBe(200);
    expect(alice.incoming).toEqual([]);
  });

  test('IR-6 IR-8 a higher-priority route to end → the call is refused and nothing rings', async () => {
    inboundRoute({ name: 'to-bob' });
    inboundRoute({ name: 'closed', priority: 5, destinationType: 'end', destinationId: null });
    const call = carrier.call('5550100', sdp('198.51.100.7', 6000), { isAuthenticated: false });
    // IR-8: a route to "end" declines the call.
    expect((await call.final).status).toBe(603);
    expect([...alice.incoming, ...bob.incoming]).toEqual([]);
  });

  test('OCR-4 the caller on the team’s blacklist of the trunk it calls in on → 603, nothing rings', async () => {
    const store = ts.sw.store();
    const trunk = store.trunks.list(teamId).find((t) => t.host === CARRIER)!;
    const entry = store.callerIdRestrictions.create({
      teamId,
      trunkId: trunk.id,
      restrictionType: 'blacklist',
      number: '15551112222',
    });
    cleanups.push(() => store.callerIdRestrictions.delete(entry.id));
    const call = carrier.call('5550100', sdp('198.51.100.7', 6000), { isAuthenticated: false });
    expect((await call.final).status).toBe(603);
    expect([...alice.incoming, ...bob.incoming]).toEqual([]);
  });

  test('IR-5 a route whose work hours never hold → the DID’s own extension rings (IR-9)', async () => {
    const store = ts.sw.store();
    const closed = store.workHours.create({
      teamId,
      name: 'never',
      status: 'disabled',
      intervals: [
        {
          name: 'all',
          startDate: null,
          endDate: null,
          startTime: '00:00',
          endTime: '23:59',
          startWeekday: null,
          endWeekday: null,
        },
      ],
    });
    inboundRoute({ name: 'office', workHoursId: closed.id });
    cleanups.push(() => store.workHours.delete(closed.id));
    const call = carrier.call('5550100', sdp('198.51.100.7', 6000), { isAuthenticated: false });
    const inc = await alice.next('INVITE');
    alice.respond(inc, 486);
    expect((await call.final).status).toBe(486);
  });

  test('BL-1 an internal call from a number on the callee’s blacklist → 403, the callee does not ring', async () => {
    const store = ts.sw.store();
    const entry = store.callerLists.create({
      teamId,
      listType: 'black',
      numberPattern: '1000',
      extensionId: bobExtensionId,
    });
    cleanups.push(() => store.callerLists.delete(entry.id));
    expect((await alice.call('1001', sdp('192.0.2.10', 4000)).final).status).toBe(403);
    expect(bob.incoming).toEqual([]);
  });

  test('WL-1 a team whitelist with the caller on it → the internal call rings', async () => {
    const store = ts.sw.store();
    const entry = store.callerLists.create({ teamId, listType: 'white', numberPattern: '1000' });
    cleanups.push(() => store.callerLists.delete(entry.id));
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    bob.respond(await bob.next('INVITE'), 486);
    expect((await call.final).status).toBe(486);
  });
});
