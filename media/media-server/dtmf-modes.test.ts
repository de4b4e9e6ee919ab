import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaInfoKey, MediaOfferOptions } from '../../core/index.ts';
import { decodeUlaw } from '../codecs/index.ts';
import { DtmfDetector, digitToEvent } from '../dtmf/index.ts';
import { rfc4733DigitPackets } from '../../test/helpers/rtp-dtmf.ts';
import { MediaServer } from './media-server.ts';
import { openRtpTestPeer, phoneSdp, sdpTarget } from './rtp-test-peer.ts';
import type { RtpTestPeer } from './rtp-test-peer.ts';

/*
 * Legs whose party takes keys as tones or in SIP INFO (dtmfMode 'inband'
 * or 'info', D88) on real loopback RTP: their SDP has no telephone-event
 * while the other party keeps RFC 4733, and the other party's keys reach
 * them as in-band tones or as 'dtmfInfo' events for the signalling.
 */

const WITH_EVENTS = ['0 PCMU/8000', '101 telephone-event/8000'];
const PCMU_ONLY = ['0 PCMU/8000'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MediaServer DTMF modes (D88)', () => {
  let server: MediaServer;
  let alice: RtpTestPeer;
  let bob: RtpTestPeer;
  let seq = 1;
  let ts = 160;

  beforeEach(async () => {
    server = new MediaServer({
      bindAddress: '127.0.0.215',
      minPort: 35_480,
      maxPort: 35_499,
      quarantineMs: 0,
      statsIntervalMs: 0,
    });
    await server.start();
    alice = await openRtpTestPeer('127.0.0.219');
    bob = await openRtpTestPeer('127.0.0.220');
  });

  afterEach(async () => {
    await server.stop();
    alice.close();
    bob.close();
  });

  /** Alice offers, bob answers; returns the SDP each was sent. */
  async function connect(
    aOpts: MediaOfferOptions,
    bOpts: MediaOfferOptions,
    bobCodecs: readonly string[],
  ): Promise<{ toBob: string; toAlice: string }> {
    const toBob = await server.offer('c1', 'a', phoneSdp(alice, WITH_EVENTS), {
      ...aOpts,
      ...(bOpts.dtmfMode === undefined ? {} : { peerDtmfMode: bOpts.dtmfMode }),
    });
    if (!toBob.ok) throw new Error(toBob.error.detail);
    bob.target = sdpTarget(toBob.value);
    const toAlice = await server.answer('c1', 'b', phoneSdp(bob, [...bobCodecs]), bOpts);
    if (!toAlice.ok) throw new Error(toAlice.error.detail);
    alice.target = sdpTarget(toAlice.value);
    return { toBob: toBob.value, toAlice: toAlice.value };
  }

  /** Alice presses `key` for 100 ms: start, update, then the end packet thrice. */
  async function press(key: string): Promise<void> {
    ts += 1600;
    for (const packet of rfc4733DigitPackets(digitToEvent(key)!, seq, ts)) {
      await alice.send(packet);
      await sleep(10);
    }
    seq += 5;
  }

  it("info: bob's SDP has no telephone-event, alice's answer keeps it, alice's key becomes one dtmfInfo for leg b", async () => {
    const { toBob, toAlice } = await connect({}, { dtmfMode: 'info' }, PCMU_ONLY);
    expect(toBob).not.toContain('telephone-event');
    expect(toAlice).toContain('telephone-event');
    const keys: MediaInfoKey[] = [];
    server.on('dtmfInfo', (k) => keys.push(k));
    await press('5');
    await press('#');
    const end = Date.now() + 2000;
    while (keys.length < 2 && Date.now() < end) await sleep(20);
    await sleep(100);
    expect(keys.map((k) => [k.ref.legId, k.digit])).toEqual([
      ['b', '5'],
      ['b', '#'],
    ]);
    expect(keys[0]!.durationMs).toBe(100);
    expect(bob.received.filter((p) => (p[1]! & 0x7f) === 101)).toHaveLength(0);
  });

  it('info with a gate on alice: the keys of a code stay back, released keys still go as dtmfInfo', async () => {
    await connect({}, { dtmfMode: 'info' }, PCMU_ONLY);
    const keys: string[] = [];
    server.on('dtmfInfo', (k) => keys.push(k.digit));
    expect(server.gateDtmf({ callId: 'c1', legId: 'a' }, ['*2']).ok).toBe(true);
    for (const key of '*25*7') await press(key);
    const end = Date.now() + 2000;
    while (keys.join('') !== '5*7' && Date.now() < end) await sleep(20);
    expect(keys.join('')).toBe('5*7');
  });

  it("inband: alice's RFC 4733 key reaches bob as a DTMF tone in his PCMU", async () => {
    const { toBob, toAlice } = await connect({}, { dtmfMode: 'inband' }, PCMU_ONLY);
    expect(toBob).not.toContain('telephone-event');
    expect(toAlice).toContain('telephone-event');
    await press('7');
    const detector = new DtmfDetector();
    const heard: string[] = [];
    const end = Date.now() + 3000;
    let read = 0;
    while (!heard.includes('7') && Date.now() < end) {
      await sleep(40);
      for (; read < bob.received.length; read++) {
        const p = bob.received[read]!;
        if ((p[1]! & 0x7f) !== 0) continue;
        for (const e of detector.process(decodeUlaw(p.subarray(12)))) {
          if (e.kind === 'begin') heard.push(e.digit);
        }
      }
    }
    expect(heard).toContain('7');
  });

  it('inband offerer: its answer has no telephone-event though the callee agreed to it', async () => {
    const { toBob, toAlice } = await connect({ dtmfMode: 'inband' }, {}, WITH_EVENTS);
    expect(toBob).toContain('telephone-event');
    expect(toAlice).not.toContain('telephone-event');
  });

  it('automatic on both sides: telephone-event end to end, as before', async () => {
    const { toBob, toAlice } = await connect({}, {}, WITH_EVENTS);
    expect(toBob).toContain('telephone-event');
    expect(toAlice).toContain('telephone-event');
  });
});
