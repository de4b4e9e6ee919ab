import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digitToEvent } from '../dtmf/index.ts';
import { loadNativeRelay } from '../endpoint/index.ts';
import { MediaServer } from './media-server.ts';
import { openRtpTestPeer, phoneSdp, rtpPacket, sdpTarget } from './rtp-test-peer.ts';
import type { RtpTestPeer } from './rtp-test-peer.ts';

/*
 * MediaServer.gateDtmf() on real loopback RTP (D44): the keys of a
 * feature code typed by alice never reach bob, other keys pass, and keys
 * that only looked like the start of a code reach him as new events. The
 * same with the pair in the native relay, which diverts alice's keys to
 * the gate and sends on what passes (D61).
 */

const hasNative = loadNativeRelay().binding !== undefined;

const A = { callId: 'c1', legId: 'a' };
const CODECS = ['0 PCMU/8000', '101 telephone-event/8000'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  { relay: 'JavaScript', isNative: false },
  ...(hasNative ? [{ relay: 'native', isNative: true }] : []),
])('MediaServer gateDtmf() relayed in $relay', ({ isNative }) => {
  let server: MediaServer;
  let alice: RtpTestPeer;
  let bob: RtpTestPeer;
  let seq = 1;
  let ts = 160;

  beforeEach(async () => {
    server = new MediaServer({
      bindAddress: '127.0.0.215',
      minPort: 35_460,
      maxPort: 35_479,
      quarantineMs: 0,
      statsIntervalMs: 0,
      ...(isNative ? { nativeRelay: { shards: 1 } } : {}),
    });
    await server.start();
    alice = await openRtpTestPeer('127.0.0.219');
    bob = await openRtpTestPeer('127.0.0.220');
    const toBob = await server.offer('c1', 'a', phoneSdp(alice, CODECS));
    if (!toBob.ok) throw new Error(toBob.error.detail);
    bob.target = sdpTarget(toBob.value);
    const toAlice = await server.answer('c1', 'b', phoneSdp(bob, CODECS));
    if (!toAlice.ok) throw new Error(toAlice.error.detail);
    alice.target = sdpTarget(toAlice.value);
  });

  afterEach(async () => {
    await server.stop();
    alice.close();
    bob.close();
  });

  /** Alice presses `key`: an RFC 4733 start packet and the end packet twice (§2.5.1.4). */
  async function press(key: string): Promise<void> {
    const event = digitToEvent(key)!;
    ts += 1600;
    for (const [isEnd, duration] of [
      [false, 160],
      [true, 800],
      [true, 800],
    ] as const) {
      const payload = Buffer.from([event, (isEnd ? 0x80 : 0) | 10, duration >> 8, duration & 255]);
      await alice.send(rtpPacket(seq++, payload, { pt: 101, ts, marker: !isEnd, ssrc: 0xa }));
    }
    await sleep(30);
  }

  /** The keys bob heard: one per event (new timestamp) in what he received. */
  function keysAtBob(): string {
    const keys: string[] = [];
    let lastTs = -1;
    for (const p of bob.received) {
      if ((p[1]! & 0x7f) !== 101 || p.readUInt32BE(4) === lastTs) continue;
      lastTs = p.readUInt32BE(4);
      keys.push('0123456789*#'[p[12]!]!);
    }
    return keys.join('');
  }

  it('gateDtmf() with code *2 → *2 swallowed, 5 relayed, *7 reaches bob as new events, every key reported', async () => {
    const reported: string[] = [];
    server.on('dtmf', (e) => reported.push(e.digit));
    expect(server.gateDtmf(A, ['*2']).ok).toBe(true);
    // A gated pair stays in (or goes back to) the native relay.
    expect(server.isOffloaded(A)).toBe(isNative);
    await press('*');
    await press('2');
    await press('5');
    await bob.waitFor(3);
    expect(keysAtBob()).toBe('5');
    expect(server.isOffloaded(A)).toBe(isNative);
    await press('*');
    await press('7');
    // Released keys are sent on as 100 ms events with 60 ms gaps.
    // The gate releases a key when its event starts; the key is reported
    // when its event ends, which a loaded machine may see later.
    const end = Date.now() + 2000;
    while ((keysAtBob() !== '5*7' || reported.join('') !== '*25*7') && Date.now() < end) {
      await sleep(20);
    }
    expect(keysAtBob()).toBe('5*7');
    expect(reported.join('')).toBe('*25*7');
    // Bob hears alice's relayed packets and ours as one stream (D44).
    expect(new Set(bob.received.map((p) => p.readUInt32BE(8))).size).toBe(1);
    // Sending the released keys took the pair back to JavaScript; once
    // they are out, a sweep hands it to the native relay again.
    if (isNative) {
      const until = Date.now() + 2000;
      while (!server.isOffloaded(A) && Date.now() < until) await sleep(20);
      expect(server.isOffloaded(A)).toBe(true);
      await press('9');
      while (keysAtBob() !== '5*79' && Date.now() < until + 1000) await sleep(20);
      expect(keysAtBob()).toBe('5*79');
      const seqs = bob.received.map((p) => p.readUInt16BE(2));
      expect(seqs.every((n, i) => i === 0 || n === ((seqs[i - 1]! + 1) & 0xffff))).toBe(true);
    }
  });

  it('gateDtmf() when a key follows released keys at once → it reaches bob after them, not lost under them', async () => {
    expect(server.gateDtmf(A, ['*2']).ok).toBe(true);
    await press('*');
    await press('7');
    // Released *7 take 100 + 60 ms each to go out; 5 comes in meanwhile.
    await press('5');
    const end = Date.now() + 2000;
    while (keysAtBob() !== '*75' && Date.now() < end) await sleep(20);
    expect(keysAtBob()).toBe('*75');
  });

  it('gateDtmf() of a leg that is not there → ERR_MEDIA_SESSION_NOT_FOUND', () => {
    const r = server.gateDtmf({ callId: 'c9', legId: 'a' }, ['*2']);
    expect(r.ok ? undefined : r.error.code).toBe('ERR_MEDIA_SESSION_NOT_FOUND');
  });
});
