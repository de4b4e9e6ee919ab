/*
 * Attended transfer (REFER with Replaces, RFC 5589 §7, RFC 3891) with real
 * baresip phones as the transferee and the target. baresip v1.0.0 cannot
 * be the transferor: its menu has only a blind /transfer (no consultation
 * REFER with Replaces), so the transferor 1001 is the project's scripted
 * SipPhone. 1000 (baresip, 1 kHz) calls 1001, 1001 consults 1002 (baresip,
 * 1.5 kHz), then refers 1000 to 1002 replacing the consultation: 1000 and
 * 1002 must then hear each other through the anchored media plane.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCdrStore } from '../../core/cdr-store/index.ts';
import type { Dialog } from '../../signaling/dialog/index.ts';
import {
  BaresipPhone,
  baresipConfigDir,
  heardAudio,
  hearsOnly,
  waitUntil,
} from '../helpers/baresip.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp, type Incoming } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.16';
const TRANSFEREE = '127.0.0.17';
const TRANSFEROR = '127.0.0.18';
const TARGET = '127.0.0.19';
const TONES = [1000, 1500];

describe.skipIf(!hasTool('baresip') || !hasTool('sox'))(
  'baresip as transferee and target of an attended transfer through the B2BUA',
  () => {
    let ts: TestSwitch;
    let transferor: SipPhone;
    let rtp: Socket;
    const phones: BaresipPhone[] = [];

    beforeAll(async () => {
      ts = await startTestSwitch(
        SWITCH,
        { demo: true, rtpPorts: { min: 37200, max: 37299 } },
        { media: undefined },
      );
      transferor = new SipPhone(TRANSFEROR, '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
      await transferor.start();
      expect(await transferor.register()).toBe(200);
      // The transferor's media port: it takes the switch's RTP and sends none.
      rtp = createSocket('udp4');
      await new Promise<void>((resolve) => rtp.bind(0, TRANSFEROR, resolve));
    });
    afterAll(async () => {
      await Promise.all(phones.map((p) => p.stop()));
      transferor.stop();
      rtp.close();
      await ts.stop();
    });

    /** Starts baresip extension `number` and waits for its registration. */
    async function start(number: string, address: string, toneHz: number, params = '') {
      const registered = new Promise<void>((resolve) =>
        ts.sw.sip().registrar.on('registered', (b) => b.number === number && resolve()),
      );
      const dir = baresipConfigDir({
        address,
        user: number,
        password: demoPassword(ts.dataDir, number),
        switchAddress: SWITCH,
        toneHz,
        isDumping: true,
        hasControl: true,
        accountParams: params,
      });
      const phone = await BaresipPhone.start(dir, address, { lifetimeSeconds: 45 });
      phones.push(phone);
      await registered;
      return phone;
    }

    /** The next NOTIFY to the transferor, answered 200. */
    async function notify(): Promise<Incoming> {
      const n = await transferor.next('NOTIFY', 15_000);
      transferor.respond(n, 200);
      return n;
    }

    /** A Refer-To with Replaces naming `d` as the switch sees it (RFC 3891 §3). */
    function replacing(d: Dialog): string {
      const value = `${d.callId};to-tag=${d.remoteTag};from-tag=${d.localTag}`;
      return `<sip:1002@demo.local?Replaces=${encodeURIComponent(value)}>`;
    }

    test('1001 refers 1000 to 1002 replacing its consultation → NOTIFY 200, both transferor legs hung up, 1000 and 1002 hear each other', async () => {
      const sinceMs = Date.now();
      const target = await start('1002', TARGET, 1500, ';answermode=auto');
      const transferee = await start('1000', TRANSFEREE, 1000);
      const port = rtp.address().port;

      expect((await transferee.command('dial sip:1001@demo.local')).ok).toBe(true);
      const first = await transferor.next('INVITE', 15_000);
      const firstDialog = transferor.answer(first, sdp(TRANSFEROR, port))!;
      await transferee.waitForEvent('CALL_ESTABLISHED');

      const consult = transferor.call('1002', sdp(TRANSFEROR, port));
      expect((await consult.final).status).toBe(200);
      await target.waitForEvent('CALL_ESTABLISHED');
      expect(ts.sw.sip().b2bua!.calls.size).toBe(2);
      const markAt1000 = heardAudio(transferee.dir).length;
      const markAt1002 = heardAudio(target.dir).length;

      const refer = await transferor.refer(firstDialog, replacing(consult.dialog!));
      expect(refer.status).toBe(202);
      expect((await notify()).request.body.toString()).toBe('SIP/2.0 100 Trying\r\n');
      const done = await notify();
      expect(done.request.body.toString()).toBe('SIP/2.0 200 OK\r\n');
      expect(done.request.getHeader('Subscription-State')).toMatch(/^terminated/);
      const byes = [await transferor.next('BYE', 15_000), await transferor.next('BYE', 15_000)];
      for (const b of byes) transferor.respond(b, 200);
      expect(byes.map((b) => b.request.callId()).sort()).toEqual(
        [firstDialog.callId, consult.dialog!.callId].sort(),
      );

      // Joined through the switch's anchor: each hears only the other.
      expect(await hearsOnly(transferee, markAt1000, 1500, TONES)).toBe(true);
      expect(await hearsOnly(target, markAt1002 + 4000, 1000, TONES)).toBe(true);
      expect(ts.sw.sip().b2bua!.calls.size).toBe(1);
      expect(transferee.events.some((e) => e.type === 'CALL_CLOSED')).toBe(false);

      expect((await transferee.command('hangup')).ok).toBe(true);
      await target.waitForEvent('CALL_CLOSED');
      expect(await waitUntil(() => ts.sw.sip().b2bua!.calls.size === 0, 15_000)).toBe(true);
      const store = openCdrStore(ts.dataDir);
      try {
        const rows = store.list({ sinceMs, limit: 10 });
        expect(rows.map((r) => [r.callerNumber, r.calledNumber, r.result]).sort()).toEqual([
          ['1000', '1001', 'answered'],
          ['1001', '1002', 'answered'],
        ]);
        for (const row of rows) expect(row.endedAtMs).toEqual(expect.any(Number));
      } finally {
        store.close();
      }
    }, 90_000);
  },
);
