import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startDemoSwitch, type DemoSwitch } from '../helpers/demo-switch.ts';
import { sdp, type SipPhone } from '../helpers/sip-phone.ts';
import type { TestSwitch } from '../helpers/switch-in-process.ts';

/*
 * Outbound rules of issue 7 (D39) over real UDP, with the demo team: route
 * actions (OR-4), trunk rules (TRK-6) and the team's default target (TM-5).
 * The demo routes 9… to the carrier trunk with the 9 stripped.
 */

const SWITCH = '127.0.0.155';
const CARRIER = '127.0.0.156';
const ALICE = '127.0.0.157';
const BOB = '127.0.0.158';
const BACKUP = '127.0.0.159';

describe('routing: outbound rules over real UDP', () => {
  let demo: DemoSwitch;
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carrier: SipPhone;
  let backup: SipPhone;
  let teamId: number;
  let carrierId: number;
  let backupId: number;

  beforeAll(async () => {
    // The ring group runs in pbx/ on the real media server.
    demo = await startDemoSwitch({
      address: SWITCH,
      carrierAddress: CARRIER,
      flags: { rtpPorts: { min: 37500, max: 37549 } },
      deps: { media: undefined },
    });
    ({ ts, carrier, teamId, carrierTrunkId: carrierId } = demo);
    [alice, bob, backup] = await Promise.all([
      demo.phone('1000', ALICE),
      demo.phone('1001', BOB),
      demo.peer(BACKUP, 'backup'),
    ]);
    expect(await alice.register()).toBe(200);
    expect(await bob.register()).toBe(200);
    backupId = ts.sw.store().trunks.create({
      teamId,
      name: 'backup',
      type: 'ipPeer',
      host: BACKUP,
      port: 5060,
    }).id;
  });
  afterAll(async () => {
    await demo?.stop();
  });
  beforeEach(() => {
    demo.clearIncoming();
  });

  test('OR-4 a route whose action is end → 1000 dialling 0044… gets 403, no trunk is tried', async () => {
    const store = ts.sw.store();
    const route = store.outboundRoutes.create({
      teamId,
      name: 'no international',
      numberPrefix: '900',
      action: 'end',
    });
    try {
      expect((await alice.call('9004412345', sdp('192.0.2.10', 4000)).final).status).toBe(403);
      expect(carrier.incoming).toEqual([]);
    } finally {
      store.outboundRoutes.delete(route.id);
    }
  });

  test('OR-4 a route whose action is a ring group → the group rings 1001, which answers the caller', async () => {
    const store = ts.sw.store();
    const extensionId = store.internalNumbers.lookup(teamId, '1001')!.ownerId!;
    const group = store.ringGroups.create({
      teamId,
      name: 'or4 desk',
      internalNumber: '610',
      extensionIds: [extensionId],
    });
    const route = store.outboundRoutes.create({
      teamId,
      name: 'to desk',
      numberPrefix: '97',
      action: 'ringGroup',
      actionTargetId: group.id,
    });
    try {
      const call = alice.call('975551234', sdp('192.0.2.10', 4000));
      const inc = await bob.next('INVITE', 5000);
      expect(inc.request.requestUri).toContain('1001@');
      expect(carrier.incoming).toEqual([]);
      bob.answer(inc, sdp('192.0.2.20', 4100));
      expect((await call.final).status).toBe(200);
      const bye = alice.inDialog(call.dialog!, 'BYE');
      bob.respond(await bob.next('BYE', 5000), 200);
      expect((await bye).status).toBe(200);
    } finally {
      store.outboundRoutes.delete(route.id);
      store.ringGroups.delete(group.id);
    }
  });

  test('OR-4 a route whose action is a queue → the queue answers and holds the caller, no trunk is tried', async () => {
    const store = ts.sw.store();
    // No agent group is bound, so the caller waits in the queue.
    const queue = store.queues.create({ teamId, number: '8400', name: 'or4 queue' });
    const route = store.outboundRoutes.create({
      teamId,
      name: 'to queue',
      numberPrefix: '98',
      action: 'queue',
      actionTargetId: queue.id,
    });
    try {
      const call = alice.call('985551234', sdp('192.0.2.10', 4000));
      expect((await call.final).status).toBe(200);
      expect(carrier.incoming).toEqual([]);
      expect((await alice.inDialog(call.dialog!, 'BYE')).status).toBe(200);
    } finally {
      store.outboundRoutes.delete(route.id);
      store.queues.delete(queue.id);
    }
  });

  test('TRK-6 the carrier denies 5… and the backup adds 00 → 95551234 goes out over the backup as 005551234', async () => {
    const store = ts.sw.store();
    const route = store.outboundRoutes.create({
      teamId,
      name: 'backup too',
      numberPrefix: '9',
      stripDigits: 1,
      trunkId: backupId,
      priority: 5,
    });
    const deny = store.trunkRules.create({ trunkId: carrierId, numberPrefix: '5', action: 'deny' });
    const add = store.trunkRules.create({ trunkId: backupId, addPrefix: '00' });
    try {
      const call = alice.call('95551234', sdp('192.0.2.10', 4000));
      const inc = await backup.next('INVITE', 5000);
      expect(inc.request.requestUri).toBe(`sip:005551234@${BACKUP}:5060`);
      expect(carrier.incoming).toEqual([]);
      backup.respond(inc, 486);
      expect((await call.final).status).toBe(486);
    } finally {
      store.trunkRules.delete(deny.id);
      store.trunkRules.delete(add.id);
      store.outboundRoutes.delete(route.id);
    }
  });

  test('TM-5 a number no route matches → the team’s default trunk, as dialled; none set → 404', async () => {
    const store = ts.sw.store();
    expect((await alice.call('5559876', sdp('192.0.2.10', 4000)).final).status).toBe(404);
    store.teams.update(teamId, { outboundTargetType: 'trunk', outboundTargetId: backupId });
    try {
      const call = alice.call('5559876', sdp('192.0.2.10', 4000));
      const inc = await backup.next('INVITE', 5000);
      expect(inc.request.requestUri).toBe(`sip:5559876@${BACKUP}:5060`);
      backup.respond(inc, 486);
      expect((await call.final).status).toBe(486);
    } finally {
      store.teams.update(teamId, { outboundTargetType: 'none' });
    }
  });
  test('TG-4/TG-5 the team’s trunk group denies 555… on the carrier and rewrites it on the backup → 5559876 goes out over the backup as 021559876', async () => {
    const store = ts.sw.store();
    const group = store.trunkGroups.create({
      teamId,
      name: 'Priority_Outbound',
      trunkIds: [carrierId, backupId],
    });
    store.trunkGroupRules.create({
      trunkGroupId: group.id,
      trunkId: carrierId,
      numberPrefix: '555',
      action: 'deny',
    });
    store.trunkGroupRules.create({
      trunkGroupId: group.id,
      trunkId: backupId,
      numberPrefix: '555',
      stripPrefix: '5',
      addPrefix: '021',
    });
    store.teams.update(teamId, { outboundTargetType: 'trunkGroup', outboundTargetId: group.id });
    try {
      const call = alice.call('5559876', sdp('192.0.2.10', 4000));
      const inc = await backup.next('INVITE', 5000);
      expect(inc.request.requestUri).toBe(`sip:021559876@${BACKUP}:5060`);
      expect(carrier.incoming).toEqual([]);
      backup.respond(inc, 486);
      expect((await call.final).status).toBe(486);
    } finally {
      store.teams.update(teamId, { outboundTargetType: 'none' });
      store.trunkGroups.delete(group.id);
    }
  });
});
