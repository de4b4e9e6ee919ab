import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openCdrStore } from '../../core/cdr-store/index.ts';
import { computeHa1, systemClock } from '../../core/index.ts';
import { createResponse } from '../../signaling/message/index.ts';
import type { InviteServerTransaction } from '../../signaling/transaction/index.ts';
import { DigestServer } from '../../signaling/user-agent/index.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp, type Incoming } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.131';
const CARRIER = '127.0.0.132';
const ALICE = '127.0.0.133';
/** Nothing listens here: a trunk that never answers. */
const DEAD = '127.0.0.134';
const AUTH_CARRIER = '127.0.0.135';
const BACKUP = '127.0.0.136';
const STRANGER = '127.0.0.137';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  const m = new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv);
  return m![1]!;
}

describe('B2BUA: calls over trunks, real UDP (scripted carriers)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let carrier: SipPhone;
  let authCarrier: SipPhone;
  let backup: SipPhone;
  let teamId: number;
  let carrierId: number;
  let backupId: number;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true, demoTrunk: { host: CARRIER, port: 5060 } });
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    carrier = new SipPhone(CARRIER, '15551112222', 'unused', SWITCH, 'carrier.example');
    authCarrier = new SipPhone(AUTH_CARRIER, 'authy', 'unused', SWITCH, 'carrier.example');
    backup = new SipPhone(BACKUP, 'backup', 'unused', SWITCH, 'carrier.example');
    await Promise.all([alice, carrier, authCarrier, backup].map((p) => p.start()));
    expect(await alice.register()).toBe(200);
    const store = ts.sw.store();
    teamId = store.teams.findByUid('demo')!.id;
    carrierId = store.trunks.findByName(teamId, 'carrier')!.id;
    const dead = store.trunks.create({
      teamId,
      name: 'dead',
      type: 'ipPeer',
      host: DEAD,
      port: 5060,
      timeoutSec: 1,
    });
    const backupTrunk = store.trunks.create({
      teamId,
      name: 'backup',
      type: 'ipPeer',
      host: BACKUP,
      port: 5060,
    });
    backupId = backupTrunk.id;
    const authy = store.trunks.create({
      teamId,
      name: 'authy',
      type: 'registration',
      host: AUTH_CARRIER,
      port: 5060,
      username: 'pbx-user',
      secret: 'trunk-secret',
    });
    const route = (name: string, prefix: string, trunkId: number, priority = 0) =>
      store.outboundRoutes.create({
        teamId,
        name,
        numberPrefix: prefix,
        stripDigits: 1,
        trunkId,
        priority,
      });
    route('dead-first', '8', dead.id, 0);
    route('then-backup', '8', backupTrunk.id, 1);
    route('carrier-first', '7', carrierId, 0);
    route('backup-second', '7', backupTrunk.id, 1);
    route('authed', '6', authy.id);
  });
  afterAll(async () => {
    for (const p of [alice, carrier, authCarrier, backup]) p.stop();
    await ts.stop();
  });
  beforeEach(() => {
    for (const p of [alice, carrier, authCarrier, backup]) p.incoming.length = 0;
  });

  const b2bua = () => ts.sw.sip().b2bua!;

  async function hangUpFromAlice(call: ReturnType<SipPhone['call']>, far: SipPhone): Promise<void> {
    const byeResponse = alice.inDialog(call.dialog!, 'BYE');
    const bye = await far.next('BYE');
    far.respond(bye, 200);
    expect((await byeResponse).status).toBe(200);
    expect(b2bua().calls.size).toBe(0);
  }

  test('1000 dials 95551234 → INVITE sip:5551234@carrier with From and PAI 1000, answer, BYE', async () => {
    const call = alice.call('95551234', sdp('192.0.2.10', 4000));
    const inc = await carrier.next('INVITE');
    expect(inc.request.requestUri).toBe(`sip:5551234@${CARRIER}:5060`);
    expect(inc.request.getHeader('To')).toBe(`<sip:5551234@${CARRIER}>`);
    expect(inc.request.getHeader('From')).toMatch(
      new RegExp(`^<sip:1000@${SWITCH.replaceAll('.', '\\.')}>;tag=`),
    );
    expect(inc.request.getHeader('P-Asserted-Identity')).toBe(`<sip:1000@${SWITCH}>`);
    expect(inc.request.body.toString()).toContain('c=IN IP4 192.0.2.10');
    carrier.respond(inc, 180, 'carrier-tag');
    await alice.waitFor(() => call.responses.find((r) => r.status === 180));
    expect(b2bua().trunkChannels.count(carrierId)).toBe(1);
    carrier.answer(inc, sdp('198.51.100.7', 6000));
    const ok = await call.final;
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toContain('c=IN IP4 198.51.100.7');
    expect(await carrier.waitFor(() => carrier.acks.at(-1))).toBeDefined();
    await hangUpFromAlice(call, carrier);
    expect(b2bua().trunkChannels.count(carrierId)).toBe(0);
  });

  test('trunk forcing its CLI → From and PAI carry the trunk number and name; 486 is relayed, no failover', async () => {
    ts.sw.store().trunks.update(carrierId, {
      forceOutboundCli: true,
      outboundCallerNumber: '15550000',
      outboundCallerName: 'Demo Co',
    });
    try {
      const call = alice.call('75551234', sdp('192.0.2.10', 4000));
      const inc = await carrier.next('INVITE');
      expect(inc.request.getHeader('From')).toMatch(
        /^"Demo Co" <sip:15550000@127\.0\.0\.131>;tag=/,
      );
      expect(inc.request.getHeader('P-Asserted-Identity')).toBe(
        '"Demo Co" <sip:15550000@127.0.0.131>',
      );
      carrier.answer(inc, '', 486);
      expect((await call.final).status).toBe(486);
      expect(backup.incoming).toEqual([]);
    } finally {
      ts.sw.store().trunks.update(carrierId, {
        forceOutboundCli: false,
        outboundCallerNumber: null,
        outboundCallerName: null,
      });
    }
  });

  test('no outbound route → 404; extension without allowOutbound → 403 (EXT-5)', async () => {
    expect((await alice.call('5555', sdp('192.0.2.10', 4000)).final).status).toBe(404);
    const ext = ts.sw.store().extensions.findByNumber(teamId, '1000')!;
    ts.sw.store().extensions.update(ext.id, { allowOutbound: false });
    try {
      expect((await alice.call('95551234', sdp('192.0.2.10', 4000)).final).status).toBe(403);
    } finally {
      ts.sw.store().extensions.update(ext.id, { allowOutbound: true });
    }
    expect(carrier.incoming).toEqual([]);
  });

  test('EXT-11 1000 pinned to the backup trunk dials 95551234 → the backup trunk gets it, not the route’s carrier', async () => {
    const store = ts.sw.store();
    const ext = store.extensions.findByNumber(teamId, '1000')!;
    store.extensions.update(ext.id, { trunkId: backupId });
    try {
      const call = alice.call('95551234', sdp('192.0.2.10', 4000));
      const inc = await backup.next('INVITE');
      expect(inc.request.requestUri).toBe(`sip:5551234@${BACKUP}:5060`);
      backup.respond(inc, 486);
      expect((await call.final).status).toBe(486);
      expect(carrier.incoming).toEqual([]);
    } finally {
      store.extensions.update(ext.id, { trunkId: null });
    }
  });

  test('ACC-6/AG-3 the account of 1000 joins a group with the backup trunk → 95551234 goes out over it', async () => {
    const store = ts.sw.store();
    const ext = store.extensions.findByNumber(teamId, '1000')!;
    const group = store.accountGroups.create({
      teamId,
      name: 'via-backup',
      trunkId: backupId,
      members: [{ accountId: ext.accountId }],
    });
    try {
      const call = alice.call('95551234', sdp('192.0.2.10', 4000));
      const inc = await backup.next('INVITE');
      expect(inc.request.requestUri).toBe(`sip:5551234@${BACKUP}:5060`);
      backup.respond(inc, 486);
      expect((await call.final).status).toBe(486);
      expect(carrier.incoming).toEqual([]);
    } finally {
      store.accountGroups.delete(group.id);
    }
  });

  test('TG-7 a sequential trunk group [carrier, backup] for the account of 1000: carrier answers 503 → backup gets the call (TG-6)', async () => {
    const store = ts.sw.store();
    const ext = store.extensions.findByNumber(teamId, '1000')!;
    const trunkGroup = store.trunkGroups.create({
      teamId,
      name: 'Priority_Outbound',
      strategy: 'sequential',
      trunkIds: [carrierId, backupId],
    });
    const group = store.accountGroups.create({
      teamId,
      name: 'via-group',
      trunkGroupId: trunkGroup.id,
      members: [{ accountId: ext.accountId }],
    });
    try {
      const call = alice.call('95551234', sdp('192.0.2.10', 4000));
      carrier.answer(await carrier.next('INVITE'), '', 503);
      const inc = await backup.next('INVITE');
      expect(inc.request.requestUri).toBe(`sip:5551234@${BACKUP}:5060`);
      backup.respond(inc, 486);
      expect((await call.final).status).toBe(486);
    } finally {
      store.accountGroups.delete(group.id);
      store.trunkGroups.delete(trunkGroup.id);
    }
  });

  test('TRK-4 failover: the first trunk never responds (timeoutSec 1) → the next trunk gets the call', async () => {
    const startedAt = Date.now();
    const call = alice.call('8123', sdp('192.0.2.10', 4000));
    const inc = await backup.next('INVITE', 4000);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect(inc.request.requestUri).toBe(`sip:123@${BACKUP}:5060`);
    backup.answer(inc, sdp('198.51.100.8', 6000));
    expect((await call.final).status).toBe(200);
    await hangUpFromAlice(call, backup);
    // The CDR names the trunk that answered, not the one tried first.
    const cdrs = openCdrStore(ts.dataDir);
    try {
      expect(cdrs.list({ limit: 1 })[0]).toMatchObject({ calledNumber: '8123', trunkId: backupId });
    } finally {
      cdrs.close();
    }
  });

  test('failover: the first trunk answers 503 → the next trunk gets the call', async () => {
    const call = alice.call('75550001', sdp('192.0.2.10', 4000));
    carrier.answer(await carrier.next('INVITE'), '', 503);
    const inc = await backup.next('INVITE');
    expect(inc.request.requestUri).toBe(`sip:5550001@${BACKUP}:5060`);
    backup.answer(inc, sdp('198.51.100.8', 6000));
    expect((await call.final).status).toBe(200);
    await hangUpFromAlice(call, backup);
  });

  test('per-trunk codecs: a trunk taking only G.729 is skipped; the next, taking PCMA, is offered PCMA alone', async () => {
    const store = ts.sw.store();
    store.trunks.update(carrierId, { codecs: ['G729'] });
    store.trunks.update(backupId, { codecs: ['PCMA'] });
    try {
      const offer = sdp('192.0.2.10', 4000)
        .replace('RTP/AVP 0', 'RTP/AVP 0 8 101')
        .replace(
          'a=rtpmap:0 PCMU/8000',
          'a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000',
        );
      const call = alice.call('75550002', offer);
      const inc = await backup.next('INVITE');
      const body = inc.request.body.toString();
      expect(body).toContain('m=audio 4000 RTP/AVP 8 101\r\n');
      expect(body).not.toContain('PCMU');
      expect(carrier.incoming.some((i) => i.request.method === 'INVITE')).toBe(false);
      backup.answer(inc, sdp('198.51.100.8', 6000).replace('RTP/AVP 0', 'RTP/AVP 8'));
      expect((await call.final).status).toBe(200);
      await hangUpFromAlice(call, backup);
    } finally {
      store.trunks.update(carrierId, { codecs: ['PCMU', 'PCMA'] });
      store.trunks.update(backupId, { codecs: ['PCMU', 'PCMA'] });
    }
  });

  test('TRK-5 maxChannels 1 and the trunk busy with a call → the second call goes to the next trunk', async () => {
    ts.sw.store().trunks.update(carrierId, { maxChannels: 1 });
    try {
      const first = alice.call('75550002', sdp('192.0.2.10', 4000));
      carrier.answer(await carrier.next('INVITE'), sdp('198.51.100.7', 6000));
      expect((await first.final).status).toBe(200);
      const second = alice.call('75550003', sdp('192.0.2.11', 4002));
      const inc = await backup.next('INVITE');
      expect(carrier.incoming.filter((i) => i.request.method === 'INVITE')).toEqual([]);
      backup.answer(inc, sdp('198.51.100.8', 6000));
      expect((await second.final).status).toBe(200);
      const bye = alice.inDialog(second.dialog!, 'BYE');
      backup.respond(await backup.next('BYE'), 200);
      expect((await bye).status).toBe(200);
      await hangUpFromAlice(first, carrier);
    } finally {
      ts.sw.store().trunks.update(carrierId, { maxChannels: null });
    }
  });

  test('caller CANCEL while the carrier rings → 487 to the caller, CANCEL to the carrier, channel freed', async () => {
    const call = alice.call('95550009', sdp('192.0.2.10', 4000));
    const inc = await carrier.next('INVITE');
    carrier.respond(inc, 180, 'carrier-tag');
    await alice.waitFor(() => call.responses.find((r) => r.status === 180));
    expect((await alice.cancel(call)).status).toBe(200);
    expect((await call.final).status).toBe(487);
    carrier.respond(await carrier.next('CANCEL'), 200);
    carrier.respond(inc, 487, 'carrier-tag');
    expect(b2bua().calls.size).toBe(0);
    expect(b2bua().trunkChannels.count(carrierId)).toBe(0);
  });

  test('trunk answers 401 → INVITE again with digest of the trunk credentials, CSeq 2, same Call-ID', async () => {
    const server = new DigestServer({ clock: systemClock, algorithms: ['MD5'] });
    const call = alice.call('65551234', sdp('192.0.2.10', 4000));
    const first = await authCarrier.next('INVITE');
    expect(first.request.authorization()).toEqual([]);
    const headers = server
      .challenge({ realm: 'carrier.example' })
      .map((v) => ['WWW-Authenticate', v] as [string, string]);
    (first.tx as InviteServerTransaction).respond(createResponse(first.request, 401, { headers }));
    const second: Incoming = await authCarrier.next('INVITE');
    expect(second.request.callId()).toBe(first.request.callId());
    expect(second.request.cseq()?.seq).toBe(2);
    const verdict = server.verify({
      method: 'INVITE',
      realm: 'carrier.example',
      credentials: second.request.authorization()[0]!,
      ha1: (username) =>
        username === 'pbx-user'
          ? computeHa1('MD5', 'pbx-user', 'carrier.example', 'trunk-secret')
          : undefined,
    });
    expect(verdict.ok).toBe(true);
    authCarrier.answer(second, sdp('198.51.100.9', 6000));
    expect((await call.final).status).toBe(200);
    await hangUpFromAlice(call, authCarrier);
  });

  test('TRK-3 inbound from the carrier to DID 5550100 → no challenge, extension 1000 rings and answers; BYE from the carrier', async () => {
    const call = carrier.call('5550100', sdp('198.51.100.7', 6000), { isAuthenticated: false });
    const inc = await alice.next('INVITE');
    expect(inc.request.getHeader('From')).toMatch(/^<sip:15551112222@demo\.local>;tag=/);
    expect(inc.request.getHeader('To')).toBe('<sip:1000@demo.local>');
    expect(call.responses.some((r) => r.status === 401)).toBe(false);
    const aliceDialog = alice.answer(inc, sdp('192.0.2.10', 4000))!;
    expect((await call.final).status).toBe(200);
    expect(await alice.waitFor(() => alice.acks.at(-1))).toBeDefined();
    const byeResponse = carrier.inDialog(call.dialog!, 'BYE');
    const bye = await alice.next('BYE');
    expect(bye.request.callId()).toBe(aliceDialog.callId);
    alice.respond(bye, 200);
    expect((await byeResponse).status).toBe(200);
    expect(b2bua().calls.size).toBe(0);
  });

  test('inbound from the carrier to an unknown DID → 404; from an unknown source → 401', async () => {
    expect(
      (await carrier.call('5550199', sdp('198.51.100.7', 6000), { isAuthenticated: false }).final)
        .status,
    ).toBe(404);
    const stranger = new SipPhone(STRANGER, '15551112222', 'x', SWITCH, 'carrier.example');
    await stranger.start();
    try {
      const r = await stranger.call('5550100', sdp('198.51.100.66', 6000), {
        isAuthenticated: false,
      }).final;
      expect(r.status).toBe(401);
    } finally {
      stranger.stop();
    }
    expect(alice.incoming).toEqual([]);
  });
});
