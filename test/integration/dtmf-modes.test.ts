/*
 * T-2 `dtmfmode` (D88) on real calls through the media plane: an
 * extension or trunk whose effective config says `dtmfmode=info` or
 * `inband` is offered no telephone-event, while the caller keeps RFC 4733;
 * the caller's keys reach it in SIP INFO (application/dtmf-relay) or as
 * DTMF tones in its audio, and its INFO keys reach the caller as RFC 4733.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { decodeUlaw } from '../../media/codecs/index.ts';
import { DtmfDetector, digitToEvent } from '../../media/dtmf/index.ts';
import {
  openRtpTestPeer,
  sdpTarget,
  type RtpTestPeer,
} from '../../media/media-server/rtp-test-peer.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { rfc4733DigitPackets } from '../helpers/rtp-dtmf.ts';
import { SipPhone, sdp, sdpWithEvents, type Incoming } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.28.1';
const ALICE = '127.0.28.2';
const BOB = '127.0.28.3';
const CAROL = '127.0.28.4';
const CARRIER = '127.0.28.5';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('dtmfmode=info and dtmfmode=inband of extensions and trunks (T-2, D88)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;
  let carrier: SipPhone;
  const rtp: Record<string, RtpTestPeer> = {};
  let seq = 1;
  let rtpTs = 160;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      {
        demo: true,
        demoTrunk: { host: CARRIER, port: 5060 },
        rtpPorts: { min: 39100, max: 39159 },
      },
      { media: undefined },
    );
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    const extensionId = (n: string) => store.internalNumbers.lookup(teamId, n)!.ownerId!;
    store.extensions.update(extensionId('1001'), { details: 'dtmfmode=info' });
    store.extensions.update(extensionId('1002'), { details: 'dtmfmode=inband' });
    // IVR-10: IVR 8200 (no actions, its default transition) sends 12# to its caller, then ends the call.
    store.ivrFlows.create({
      teamId,
      name: 'Send keys',
      internalNumber: '8200',
      actions: [],
      transitions: [
        { condition: '', destination: { type: 'sendDtmf', targetId: null, targetValue: '12#' } },
      ],
    });
    const carrierId = store.trunks.findByName(teamId, 'carrier')!.id;
    store.trunks.update(carrierId, { details: 'dtmfmode=info' });
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone(BOB, '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carol = new SipPhone(CAROL, '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
    carrier = new SipPhone(CARRIER, '15551112222', 'unused', SWITCH, 'carrier.example');
    await Promise.all([alice, bob, carol, carrier].map((p) => p.start()));
    for (const [name, address] of [
      ['alice', ALICE],
      ['bob', BOB],
      ['carol', CAROL],
      ['carrier', CARRIER],
    ] as const) {
      rtp[name] = await openRtpTestPeer(address);
    }
    expect(await bob.register()).toBe(200);
    expect(await carol.register()).toBe(200);
  });
  afterAll(async () => {
    for (const p of [alice, bob, carol, carrier]) p.stop();
    for (const r of Object.values(rtp)) r.close();
    await ts.stop();
  });
  beforeEach(() => {
    for (const p of [alice, bob, carol, carrier]) p.incoming.length = 0;
  });

  /** Alice presses `key` for 100 ms as RFC 4733 events (§2.5.1.4: the end thrice). */
  async function press(key: string): Promise<void> {
    rtpTs += 1600;
    for (const packet of rfc4733DigitPackets(digitToEvent(key)!, seq, rtpTs)) {
      await rtp.alice!.send(packet);
      await sleep(10);
    }
    seq += 5;
  }

  /** Alice calls `number`; `far` answers with PCMU only; both send to their anchors. */
  async function connect(number: string, far: SipPhone, farRtp: RtpTestPeer) {
    const call = alice.call(number, sdpWithEvents(ALICE, rtp.alice!.port));
    const inc = await far.next('INVITE', 5000);
    farRtp.target = sdpTarget(inc.request.body.toString());
    const farDialog = far.answer(
      inc,
      sdp(far === carrier ? CARRIER : farRtp.address, farRtp.port),
    )!;
    const ok = await call.final;
    expect(ok.status).toBe(200);
    rtp.alice!.target = sdpTarget(ok.body.toString());
    return { call, inc, farDialog, ok };
  }

  async function hangUp(call: ReturnType<SipPhone['call']>, far: SipPhone): Promise<void> {
    const hangup = alice.inDialog(call.dialog!, 'BYE');
    far.respond(await far.next('BYE', 5000), 200);
    expect((await hangup).status).toBe(200);
  }

  /** The INFO keys `phone` got, answering each 200. */
  async function infoKeys(phone: SipPhone, count: number): Promise<string[]> {
    const keys: string[] = [];
    while (keys.length < count) {
      const info: Incoming = await phone.next('INFO', 3000);
      phone.respond(info, 200);
      expect(info.request.getHeader('Content-Type')).toBe('application/dtmf-relay');
      keys.push(/^Signal=(.)/m.exec(info.request.body.toString())![1]!);
    }
    return keys;
  }

  test('1001 (dtmfmode=info): offered no telephone-event; RFC 4733 keys of 1000 reach it as INFO, its INFO reaches 1000 as RFC 4733', async () => {
    const { call, inc, farDialog, ok } = await connect('1001', bob, rtp.bob!);
    expect(inc.request.body.toString()).not.toContain('telephone-event');
    expect(ok.body.toString()).toContain('telephone-event');
    await press('5');
    await press('#');
    expect(await infoKeys(bob, 2)).toEqual(['5', '#']);
    expect(rtp.bob!.received.filter((p) => (p[1]! & 0x7f) === 101)).toHaveLength(0);
    const before = rtp.alice!.received.length;
    const info = await bob.inDialog(
      farDialog,
      'INFO',
      'Signal=7\r\nDuration=160\r\n',
      'application/dtmf-relay',
    );
    expect(info.status).toBe(200);
    let events: Buffer[] = [];
    for (let i = 0; i < 100 && events.length === 0; i++) {
      await sleep(20);
      events = rtp.alice!.received.slice(before).filter((p) => (p[1]! & 0x7f) === 101);
    }
    expect(events[0]?.[12]).toBe(7);
    await hangUp(call, bob);
  });

  test('1002 (dtmfmode=inband): offered no telephone-event; an RFC 4733 key of 1000 reaches it as a DTMF tone', async () => {
    const { call, inc, ok } = await connect('1002', carol, rtp.carol!);
    expect(inc.request.body.toString()).not.toContain('telephone-event');
    expect(ok.body.toString()).toContain('telephone-event');
    const from = rtp.carol!.received.length;
    await press('3');
    const detector = new DtmfDetector();
    const heard: string[] = [];
    let read = from;
    const end = Date.now() + 3000;
    while (!heard.includes('3') && Date.now() < end) {
      await sleep(40);
      for (; read < rtp.carol!.received.length; read++) {
        const p = rtp.carol!.received[read]!;
        if ((p[1]! & 0x7f) !== 0) continue;
        for (const e of detector.process(decodeUlaw(p.subarray(12)))) {
          if (e.kind === 'begin') heard.push(e.digit);
        }
      }
    }
    expect(heard).toEqual(['3']);
    await hangUp(call, carol);
  });

  test('ring group 661 rings 1001 (dtmfmode=info) from an application leg: no telephone-event offered, keys of 1000 reach it as INFO', async () => {
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    store.ringGroups.create({
      teamId,
      name: 'info desk',
      internalNumber: '661',
      strategy: 'ringall',
      ringTimeSec: 20,
      extensionIds: [store.internalNumbers.lookup(teamId, '1001')!.ownerId!],
    });
    const { call, inc, ok } = await connect('661', bob, rtp.bob!);
    expect(inc.request.body.toString()).not.toContain('telephone-event');
    expect(ok.body.toString()).toContain('telephone-event');
    await press('9');
    expect(await infoKeys(bob, 1)).toEqual(['9']);
    await hangUp(call, bob);
  });

  test('IVR-10 a sendDtmf transition: 1001 (dtmfmode=info) gets the keys as INFO, 1000 as RFC 4733 events; then BYE', async () => {
    const call = bob.call('8200', sdp(BOB, rtp.bob!.port));
    const ok = await call.final;
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).not.toContain('telephone-event');
    expect(await infoKeys(bob, 3)).toEqual(['1', '2', '#']);
    bob.respond(await bob.next('BYE', 5000), 200);

    const from = rtp.alice!.received.length;
    const other = alice.call('8200', sdpWithEvents(ALICE, rtp.alice!.port));
    const answered = await other.final;
    expect(answered.status).toBe(200);
    rtp.alice!.target = sdpTarget(answered.body.toString());
    alice.respond(await alice.next('BYE', 8000), 200);
    const keys: number[] = [];
    let lastTs = -1;
    for (const p of rtp.alice!.received.slice(from)) {
      if ((p[1]! & 0x7f) !== 101 || p.readUInt32BE(4) === lastTs) continue;
      lastTs = p.readUInt32BE(4);
      keys.push(p[12]!);
    }
    expect(keys).toEqual([1, 2, 11]);
  });

  test('the carrier trunk (dtmfmode=info): its INVITE has no telephone-event; keys of 1000 reach it as INFO', async () => {
    const { call, inc, ok } = await connect('95551234', carrier, rtp.carrier!);
    expect(inc.request.body.toString()).not.toContain('telephone-event');
    expect(ok.body.toString()).toContain('telephone-event');
    await press('4');
    expect(await infoKeys(carrier, 1)).toEqual(['4']);
    await hangUp(call, carrier);
  });
});
