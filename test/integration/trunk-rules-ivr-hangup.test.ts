import { createSocket, type Socket } from 'node:dgram';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createLogger } from '../../core/index.ts';
import { startDemoSwitch, type DemoSwitch } from '../helpers/demo-switch.ts';
import { sdp, type SipPhone } from '../helpers/sip-phone.ts';
import type { TestSwitch } from '../helpers/switch-in-process.ts';

/*
 * Issue 7 rules over real UDP: extra INVITE headers on trunks (TRK-11),
 * the auto-disable after consecutive failed attempts (TRK-13, D42) and
 * the IVR hangup action (IVR-8), on one switch with its media plane.
 */

const SWITCH = '127.0.0.190';
const CARRIER = '127.0.0.195';
const ALICE = '127.0.0.198';
/** A carrier that reads INVITEs and never answers, not even 100 Trying. */
const SILENT = '127.0.0.199';
const BACKUP = '127.0.0.200';

describe('B2BUA: trunk SIP headers, trunk auto-disable and the IVR hangup action, real UDP', () => {
  let demo: DemoSwitch;
  let ts: TestSwitch;
  let alice: SipPhone;
  let carrier: SipPhone;
  let silent: Socket;
  const silentInvites: string[] = [];
  let backup: SipPhone;
  let teamId: number;
  let carrierId: number;
  let silentId: number;
  let backupId: number;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = createLogger('warn', { write: (line: string) => void logLines.push(line) });
    demo = await startDemoSwitch({
      address: SWITCH,
      carrierAddress: CARRIER,
      // The hangup hook listens on the carrier's loopback address: the
      // operator allows it, as the egress guard refuses loopback (D47).
      flags: { rtpPorts: { min: 31900, max: 31949 }, webhookAllow: [CARRIER] },
      deps: { logger, media: undefined },
    });
    ({ ts, carrier, teamId, carrierTrunkId: carrierId } = demo);
    [alice, backup] = await Promise.all([demo.phone('1000', ALICE), demo.peer(BACKUP, 'backup')]);
    silent = createSocket('udp4');
    silent.on('message', (m) => {
      if (m.toString('utf8').startsWith('INVITE ')) silentInvites.push(m.toString('utf8'));
    });
    await new Promise<void>((done) => silent.bind(5060, SILENT, done));
    expect(await alice.register()).toBe(200);
    const store = ts.sw.store();
    silentId = store.trunks.create({
      teamId,
      name: 'silent',
      type: 'ipPeer',
      host: SILENT,
      port: 5060,
      timeoutSec: 1,
      consecutiveFailDisable: 2,
    }).id;
    backupId = store.trunks.create({
      teamId,
      name: 'backup',
      type: 'ipPeer',
      host: BACKUP,
      port: 5060,
      consecutiveFailDisable: 1,
    }).id;
    const route = (name: string, prefix: string, trunkId: number, priority: number) =>
      store.outboundRoutes.create({
        teamId,
        name,
        numberPrefix: prefix,
        stripDigits: 1,
        trunkId,
        priority,
      });
    route('carrier', '7', carrierId, 0);
    route('silent-first', '8', silentId, 0);
    route('then-backup', '8', backupId, 1);
  });
  afterAll(async () => {
    silent?.close();
    await demo?.stop();
  });
  beforeEach(() => {
    demo.clearIncoming();
  });

  test('TRK-11 a trunk with sipHeaders → the carrier sees each header on the INVITE', async () => {
    ts.sw.store().trunks.update(carrierId, {
      sipHeaders: 'X-Account-Code: 4711\nP-Charge-Info: <sip:1000@demo.local>',
    });
    try {
      const call = alice.call('75551234', sdp('192.0.2.10', 4000));
      const inc = await carrier.next('INVITE');
      expect(inc.request.getHeader('X-Account-Code')).toBe('4711');
      expect(inc.request.getHeader('P-Charge-Info')).toBe('<sip:1000@demo.local>');
      // The switch's own headers are still there once.
      expect(inc.request.getHeaders('Via')).toHaveLength(1);
      expect(inc.request.getHeader('P-Asserted-Identity')).toBe(`<sip:1000@${SWITCH}>`);
      carrier.answer(inc, '', 486);
      expect((await call.final).status).toBe(486);
    } finally {
      ts.sw.store().trunks.update(carrierId, { sipHeaders: '' });
    }
  });

  test('TRK-13 a trunk that never answers, consecutiveFailDisable 2 → disabled after 2 calls; the third call does not try it', async () => {
    const store = ts.sw.store();
    for (let i = 1; i <= 2; i++) {
      const call = alice.call('85551234', sdp('192.0.2.10', 4000));
      expect(await alice.waitFor(() => silentInvites.length >= i || undefined)).toBe(true);
      // After the trunk's 1 s timeout the backup gets the call.
      const inc = await backup.next('INVITE', 4000);
      backup.respond(inc, 486);
      expect((await call.final).status).toBe(486);
      expect(store.trunks.get(silentId).consecutiveFailures).toBe(i);
    }
    expect(store.trunks.get(silentId).status).toBe('disabled');
    const [log] = store.operationLogs.list({
      resource: 'trunks',
      objectId: String(silentId),
      limit: 5,
    });
    expect(log).toMatchObject({ username: 'system', accountId: null, action: 'update' });
    const warn = logLines.find((l) => l.includes('TRK-13'));
    expect(warn).toBeDefined();
    expect(JSON.parse(warn!)).toMatchObject({ level: 40, trunkId: silentId, trunk: 'silent' });

    const invitesBefore = silentInvites.length;
    const startedAt = Date.now();
    const call = alice.call('85551234', sdp('192.0.2.10', 4000));
    const inc = await backup.next('INVITE');
    expect(Date.now() - startedAt).toBeLessThan(900);
    backup.respond(inc, 486);
    expect((await call.final).status).toBe(486);
    expect(silentInvites.length).toBe(invitesBefore);
    // The callee's 486 is not the backup trunk's failure (its limit is 1).
    expect(store.trunks.get(backupId)).toMatchObject({ status: 'enabled', consecutiveFailures: 0 });
  });

  test('IVR-8 1000 dials an IVR with an httpPost hangup action and hangs up in it → one POST with the call and caller', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, CARRIER, done));
    try {
      const port = (server.address() as AddressInfo).port;
      ts.sw.store().ivrFlows.create({
        teamId,
        name: 'notify on hangup',
        internalNumber: '6100',
        hangupAction: 'httpPost',
        hangupUrl: `http://${CARRIER}:${port}/ivr-hangup?token=t0k`,
        actions: [{ action: 'input', maxDigits: 1, timeoutSec: 5 }],
      });
      const call = alice.call('6100', sdp(ALICE, 40000));
      const ok = await call.final;
      expect(ok.status).toBe(200);
      expect((await alice.inDialog(call.dialog!, 'BYE')).status).toBe(200);
      expect(await alice.waitFor(() => (bodies.length > 0 ? true : undefined))).toBe(true);
      expect(bodies).toHaveLength(1);
      expect(JSON.parse(bodies[0]!)).toMatchObject({
        event: 'ivrHangup',
        teamId,
        flowName: 'notify on hangup',
        callerNumber: '1000',
        calledNumber: '6100',
        inputs: [],
      });
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
});
