/*
 * Mid-call features with real baresip phones through the anchored media
 * plane (issue 6): hold and resume (RFC 3264 §8.4 re-INVITEs relayed by the
 * B2BUA), RFC 4733 DTMF relayed end to end, and a blind transfer (REFER,
 * RFC 3515) made by baresip. Each phone plays its own tone, so what it hears
 * names who it is connected to. baresip v1.0.0 is driven through ctrl_tcp;
 * its menu has hold, resume, sndcode and (blind) transfer but no attended
 * transfer, which b2bua-baresip-attended.test.ts covers with baresip as the
 * transferee and the target.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openCdrStore } from '../../core/cdr-store/index.ts';
import {
  BaresipPhone,
  baresipConfigDir,
  heardAudio,
  hearsOnly,
  receivedSip,
  rtpReceived,
  waitUntil,
  type BaresipPhoneOptions,
} from '../helpers/baresip.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { hasTool } from '../helpers/tools.ts';

const SWITCH = '127.0.0.10';
const TONES: Record<string, number> = { '1000': 1000, '1001': 500, '1002': 1500 };
const ADDRESSES: Record<string, string> = {
  '1000': '127.0.0.11',
  '1001': '127.0.0.12',
  '1002': '127.0.0.13',
};

const total = (counts: Map<string, number>): number =>
  [...counts.values()].reduce((a, b) => a + b, 0);

/** True once `phone` hears `hz` ten times louder than the other phones' tones. */
const hearsTone = (phone: BaresipPhone, from: number, hz: number): Promise<boolean> =>
  hearsOnly(phone, from, hz, Object.values(TONES));

/**
 * Waits for the `nth` INVITE transaction message starting with `start`
 * (a request or a response) that the switch sent to `phone`, skipping
 * retransmissions, and checks its text.
 */
async function fromSwitch(phone: BaresipPhone, start: string, body: RegExp, nth: number) {
  const found = await waitUntil(() => {
    const byCseq = new Map<string, string>();
    for (const m of receivedSip(phone, SWITCH)) {
      const cseq = /^CSeq: *(\d+ INVITE)\r?$/m.exec(m)?.[1];
      if (m.startsWith(start) && cseq !== undefined && !byCseq.has(cseq)) byCseq.set(cseq, m);
    }
    return byCseq.size >= nth && [...byCseq.values()][nth - 1];
  }, 15_000);
  const seen = receivedSip(phone, SWITCH).map((m) => m.split(/\r?\n/, 1)[0]);
  expect(
    found,
    `${phone.address}: no message ${nth} "${start}…" in ${seen.join(' | ')}`,
  ).toBeDefined();
  expect(found).toMatch(body);
  return found!;
}

describe.skipIf(!hasTool('baresip') || !hasTool('sox'))(
  'baresip phones through the B2BUA: hold, RFC 4733 DTMF, blind transfer',
  () => {
    let ts: TestSwitch;
    let phones: BaresipPhone[] = [];
    let callsBefore = 0;

    beforeAll(async () => {
      ts = await startTestSwitch(
        SWITCH,
        { demo: true, rtpPorts: { min: 37100, max: 37199 } },
        { media: undefined },
      );
    });
    afterEach(async () => {
      await Promise.all(phones.map((p) => p.stop()));
      phones = [];
    });
    afterAll(async () => ts.stop());

    const b2bua = () => ts.sw.sip().b2bua!;

    /** Starts extension `number` on its address and waits for its registration. */
    async function start(
      number: string,
      extra: Partial<BaresipPhoneOptions> = {},
    ): Promise<BaresipPhone> {
      const registered = new Promise<void>((resolve) =>
        ts.sw.sip().registrar.on('registered', (b) => b.number === number && resolve()),
      );
      const dir = baresipConfigDir({
        address: ADDRESSES[number]!,
        user: number,
        password: demoPassword(ts.dataDir, number),
        switchAddress: SWITCH,
        toneHz: TONES[number],
        isDumping: true,
        hasControl: true,
        ...extra,
      });
      const phone = await BaresipPhone.start(dir, ADDRESSES[number]!, {
        lifetimeSeconds: 45,
        isTracing: true,
      });
      phones.push(phone);
      await registered;
      return phone;
    }

    /** 1000 dials 1001 (auto-answer) and both see the call established. */
    async function connect(): Promise<{ caller: BaresipPhone; callee: BaresipPhone }> {
      callsBefore = b2bua().calls.size;
      const callee = await start('1001', { accountParams: ';answermode=auto' });
      const caller = await start('1000');
      expect((await caller.command('dial sip:1001@demo.local')).ok).toBe(true);
      await caller.waitForEvent('CALL_ESTABLISHED');
      await callee.waitForEvent('CALL_ESTABLISHED');
      return { caller, callee };
    }

    /**
     * Hangs up from `phone` and waits until the switch has ended the call
     * (a failed earlier test may leave its call behind: its phones were
     * killed without BYE).
     */
    async function hangUp(phone: BaresipPhone): Promise<void> {
      expect((await phone.command('hangup')).ok).toBe(true);
      expect(await waitUntil(() => b2bua().calls.size === callsBefore, 15_000)).toBe(true);
    }

    test('1000 holds and resumes → re-INVITEs relayed (sendonly/recvonly, then sendrecv), 1001 gets music instead of 1000, then 1000 again', async () => {
      const { caller, callee } = await connect();
      expect(await hearsTone(callee, 0, TONES['1000']!)).toBe(true);
      const before = await rtpReceived(callee);

      expect((await caller.command('hold')).ok).toBe(true);
      // RFC 3264 §8.4: the holder offers sendonly; the B2BUA relays the
      // offer to 1001 with its own address, 1001 answers recvonly, and the
      // B2BUA relays that answer back.
      const offer = await fromSwitch(callee, 'INVITE ', /^a=sendonly\r?$/m, 2);
      expect(offer).toMatch(/^c=IN IP4 127\.0\.0\.10\r?$/m);
      await fromSwitch(caller, 'SIP/2.0 200', /^a=recvonly\r?$/m, 2);
      // While held, the switch plays music to 1001 and 1000 gets nothing
      // from 1001. The music continues the one stream 1001 has had since
      // the answer (one SSRC per outgoing leg, D44; the native relay hands
      // the stream back when the hold demotes the pair, D54): 1001 never
      // sees a second source, only its packet count going on.
      const stream = [...before.keys()];
      expect(stream).toHaveLength(1);
      const held = await rtpReceived(callee);
      const atHolder = total(await rtpReceived(caller));
      const isLater = await waitUntil(
        async () => total(await rtpReceived(callee)) > total(held) + 50,
        15_000,
      );
      expect(isLater, 'music keeps coming to 1001').toBe(true);
      expect(total(await rtpReceived(caller))).toBeLessThan(atHolder + 5);

      expect((await caller.command('resume')).ok).toBe(true);
      await fromSwitch(callee, 'INVITE ', /^a=sendrecv\r?$/m, 3);
      await fromSwitch(caller, 'SIP/2.0 200', /^a=sendrecv\r?$/m, 3);
      // Both directions flow again, 1000's packets in the same stream.
      // (baresip records no audio after a hold, so the tone cannot be
      // checked here.)
      const resumed = await waitUntil(
        async () => total(await rtpReceived(callee)) > total(held) + 100,
        15_000,
      );
      expect(resumed, '1000 → 1001 after resume').toBe(true);
      expect([...(await rtpReceived(callee)).keys()]).toEqual(stream);
      const back = await waitUntil(
        async () => total(await rtpReceived(caller)) > atHolder + 50,
        15_000,
      );
      expect(back, '1001 → 1000 after resume').toBe(true);
      expect(b2bua().calls.size).toBe(callsBefore + 1);
      await hangUp(caller);
    }, 90_000);

    test('1000 sends RFC 4733 digits → 1001 reports exactly those digits, in order', async () => {
      const { caller, callee } = await connect();
      await waitUntil(async () => total(await rtpReceived(callee)) > 25, 15_000);
      expect((await caller.command('sndcode 159*#0')).ok).toBe(true);
      // Each event also ends (RFC 4733 §2.5.1.4 end bit): baresip reports
      // CALL_DTMF_END for it.
      const ends = () => callee.events.filter((e) => e.type === 'CALL_DTMF_END').length;
      const isDone = await waitUntil(() => ends() >= 6, 15_000);
      expect(callee.receivedDigits()).toBe('159*#0');
      expect(isDone, `ends seen: ${ends()}`).toBe(true);
      await hangUp(caller);
      expect(ends()).toBe(6);
    }, 90_000);

    test('1001 transfers 1000 to 1002 (REFER) → 1002 rings and answers, 1000 and 1002 hear each other, 1001 is hung up, one CDR', async () => {
      const sinceMs = Date.now();
      const target = await start('1002', { accountParams: ';answermode=auto' });
      const { caller, callee } = await connect();
      expect(await hearsTone(caller, 0, TONES['1001']!)).toBe(true);
      const mark = heardAudio(caller.dir).length;

      expect((await callee.command('transfer sip:1002@demo.local')).ok).toBe(true);
      await target.waitForEvent('CALL_ESTABLISHED');
      // RFC 3515 §2.4.4: the switch reports the target's progress to the
      // transferor in NOTIFYs with sipfrag bodies (ringing, then answered),
      // then ends the transferor's leg (RFC 5589 §6).
      const progress = await waitUntil(() => {
        const frags = receivedSip(callee, SWITCH)
          .filter((m) => m.startsWith('NOTIFY '))
          .map((m) => /\r?\n\r?\n(SIP\/2\.0 \d+)/.exec(m)?.[1]);
        return frags.includes('SIP/2.0 200') && frags;
      }, 15_000);
      expect(progress).toEqual(expect.arrayContaining(['SIP/2.0 180', 'SIP/2.0 200']));
      await callee.waitForEvent('CALL_CLOSED');
      // The media stays anchored at the switch, which now relays the
      // transferee's stream to the target and back.
      expect(await hearsTone(target, 0, TONES['1000']!)).toBe(true);
      expect(await hearsTone(caller, mark + 4000, TONES['1002']!)).toBe(true);
      expect(b2bua().calls.size).toBe(callsBefore + 1);

      await hangUp(caller);
      await target.waitForEvent('CALL_CLOSED');
      const store = openCdrStore(ts.dataDir);
      try {
        const rows = store.list({ sinceMs, limit: 10 });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          callerNumber: '1000',
          calledNumber: '1001',
          result: 'answered',
        });
        expect(rows[0]!.endedAtMs).toEqual(expect.any(Number));
      } finally {
        store.close();
      }
    }, 90_000);
  },
);
