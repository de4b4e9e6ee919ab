import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaStats } from '../../core/index.ts';
import { loadNativeRelay } from '../endpoint/index.ts';
import { MediaServer } from './media-server.ts';
import type { MediaServerOptions } from './media-server.ts';
import { openRtpTestPeer, phoneSdp, rtpPacket, sdpTarget } from './rtp-test-peer.ts';
import type { RtpTestPeer } from './rtp-test-peer.ts';

const SERVER_IP = '127.0.0.96';
const { binding, reason } = loadNativeRelay();
const CODECS = ['0 PCMU/8000', '101 telephone-event/8000'];
const A = { callId: 'c1', legId: 'a' };
const B = { callId: 'c1', legId: 'b' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** An RFC 4733 event packet (§2.3): digit, end bit, volume 10, duration. */
function eventPacket(seq: number, digit: number, isEnd: boolean, durationTs: number): Buffer {
  const payload = Buffer.from([digit, (isEnd ? 0x80 : 0) | 10, durationTs >> 8, durationTs & 255]);
  return rtpPacket(seq, payload, { pt: 101, ts: 8000, marker: seq === 100, ssrc: 0xa });
}

let nextPort = 48_100;

describe('MediaServer with the native relay', () => {
  let server: MediaServer;
  let alice: RtpTestPeer;
  let bob: RtpTestPeer;

  async function start(extra: Partial<MediaServerOptions> = {}): Promise<void> {
    server = new MediaServer({
      bindAddress: SERVER_IP,
      minPort: nextPort,
      maxPort: nextPort + 19,
      quarantineMs: 0,
      statsIntervalMs: 0,
      nativeRelay: { shards: 1 },
      ...extra,
    });
    nextPort += 20;
    await server.start();
  }

  async function call(codecs: string[] = CODECS): Promise<void> {
    const toBob = await server.offer('c1', 'a', phoneSdp(alice, codecs));
    if (!toBob.ok) throw new Error(toBob.error.detail);
    bob.target = sdpTarget(toBob.value);
    const toAlice = await server.answer('c1', 'b', phoneSdp(bob, codecs));
    if (!toAlice.ok) throw new Error(toAlice.error.detail);
    alice.target = sdpTarget(toAlice.value);
  }

  /** Sends `count` PCMU packets from alice and waits until bob has them all. */
  async function relayed(count: number, firstSeq: number): Promise<void> {
    const before = bob.received.length;
    for (let i = 0; i < count; i++) {
      await alice.send(rtpPacket(firstSeq + i, Buffer.alloc(160, 0x55), { ssrc: 0xa }));
    }
    await bob.waitFor(before + count);
  }

  beforeEach(async () => {
    alice = await openRtpTestPeer('127.0.0.97');
    bob = await openRtpTestPeer('127.0.0.98');
  });

  afterEach(async () => {
    await server.stop();
    alice.close();
    bob.close();
  });

  it('MediaServer when the addon is missing → relays in JavaScript, no leg offloaded', async () => {
    await start({ nativeRelay: { shards: 1, addonPath: '/nonexistent/rtp_relay.node' } });
    await call();
    await relayed(5, 1);
    expect(server.isOffloaded(A)).toBe(false);
    expect(server.leg(A)?.stats.forwarded).toBe(5);
  });

  if (binding === undefined) {
    it.skip(`native relay tests skipped: ${reason}`, () => undefined);
    return;
  }

  it('answer() of a same-codec call → both legs offloaded, packets relayed and counted', async () => {
    await start();
    await call();
    expect(server.isOffloaded(A)).toBe(true);
    expect(server.isOffloaded(B)).toBe(true);
    expect(server.relayOffloadStats).toMatchObject({ offloaded: 1, failed: 0 });
    await relayed(20, 1);
    expect(bob.received.every((p) => p.readUInt32BE(8) === 0xa)).toBe(true);
    // Counters come back to the leg when it leaves the native relay.
    await server.delete('c1');
  });

  it('play() on an offloaded leg → demoted, the prompt is heard, then offloaded again with the same stream (D44)', async () => {
    await start();
    await call();
    await relayed(3, 1);
    const op = await server.play(A, { tone: 'beep' });
    if (!op.ok) throw new Error(op.error.detail);
    expect(server.isOffloaded(A)).toBe(false);
    expect((await op.value.finished).reason).toBe('completed');
    expect(alice.received.length).toBeGreaterThanOrEqual(12);
    const fromBob = (seq: number, ssrc: number) =>
      bob.send(rtpPacket(seq, Buffer.alloc(160, 0x55), { ssrc, ts: seq * 160 }));
    const isBobs = (p: Buffer) => p.subarray(12).equals(Buffer.alloc(160, 0x55));
    const bobsAtAlice = (n: number) =>
      until(`${n} of bob's packets`, () => alice.received.filter(isBobs).length >= n);
    // Bob's packets continue the prompt's stream: JavaScript switches it.
    await fromBob(900, 0xb);
    await bobsAtAlice(1);
    // A sweep (every 100 ms) hands the pair and the stream to the native relay.
    await until('the pair offloaded again', () => server.isOffloaded(A));
    for (let seq = 901; seq < 905; seq++) await fromBob(seq, 0xb);
    await bobsAtAlice(5);
    // Bob's phone restarts its stream (a new SSRC): the native relay switches it.
    for (let seq = 50; seq < 53; seq++) await fromBob(seq, 0xc);
    await bobsAtAlice(8);
    expect(server.isOffloaded(A)).toBe(true);
    const ssrc = alice.received[0]!.readUInt32BE(8);
    const first = alice.received.findIndex(isBobs);
    const tail = alice.received.slice(first - 1);
    expect(tail).toHaveLength(9);
    expect(tail.every((p) => p.readUInt32BE(8) === ssrc)).toBe(true);
    for (let i = 1; i < tail.length; i++) {
      expect(tail[i]!.readUInt16BE(2)).toBe((tail[i - 1]!.readUInt16BE(2) + 1) & 0xffff);
    }
    // Only the packets that start a new source carry the marker bit.
    expect(tail.slice(1).map((p) => (p[1]! & 0x80) !== 0)).toEqual([
      true,
      false,
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    // Back in JavaScript (a second prompt), the numbering goes on after what the native relay sent.
    const count = alice.received.length;
    const again = await server.play(A, { tone: 'beep' });
    if (!again.ok) throw new Error(again.error.detail);
    await again.value.finished;
    const last = tail[tail.length - 1]!.readUInt16BE(2);
    expect(alice.received[count]!.readUInt16BE(2)).toBe((last + 1) & 0xffff);
    expect(alice.received[count]!.readUInt32BE(8)).toBe(ssrc);
    // Alice's packets to bob were never rewritten, so bob's side stayed plain.
    await relayed(5, 4);
    expect(bob.received.every((p) => p.readUInt32BE(8) === 0xa)).toBe(true);
  });

  it('RFC 4733 events through an offloaded pair → the dtmf event fires and the far phone gets them', async () => {
    await start();
    await call();
    const digits: string[] = [];
    server.on('dtmf', (e) => digits.push(`${e.ref.legId}:${e.digit}`));
    expect(server.isOffloaded(A)).toBe(true);
    await alice.send(eventPacket(100, 5, false, 160));
    await alice.send(eventPacket(101, 5, false, 320));
    for (let i = 0; i < 3; i++) await alice.send(eventPacket(102 + i, 5, true, 480));
    await until('the dtmf event', () => digits.length > 0);
    expect(digits).toEqual(['a:5']);
    await bob.waitFor(5);
    expect(bob.received.filter((p) => (p[1]! & 0x7f) === 101)).toHaveLength(5);
    expect(server.isOffloaded(A)).toBe(true);
  });

  it('an offloaded leg that goes silent → timeout after mediaTimeoutMs, stats from native counts', async () => {
    await start({ mediaTimeoutMs: 300, statsIntervalMs: 100 });
    await call();
    const stats: MediaStats[] = [];
    server.on('stats', (s) => stats.push(s));
    const timeouts: string[] = [];
    server.on('timeout', (e) => timeouts.push(e.ref.legId));
    await relayed(10, 1);
    await until('a stats event with the native counts', () =>
      stats.some((s) => s.ref.legId === 'a' && s.packetsReceived === 10),
    );
    expect(stats.find((s) => s.ref.legId === 'b' && s.packetsSent === 10)).toBeDefined();
    await until('the timeout of leg a', () => timeouts.includes('a'), 3000);
    expect(server.isOffloaded(A)).toBe(true);
  });

  it('update() to hold, then back → demoted while held, offloaded again after', async () => {
    await start();
    await call();
    const held = await server.update('c1', 'a', phoneSdp(alice, CODECS, 'sendonly'));
    if (!held.ok) throw new Error(held.error.detail);
    const heldAnswer = await server.answer('c1', 'b', phoneSdp(bob, CODECS, 'recvonly'));
    if (!heldAnswer.ok) throw new Error(heldAnswer.error.detail);
    expect(server.isOffloaded(A)).toBe(false);
    const back = await server.update('c1', 'a', phoneSdp(alice, CODECS));
    if (!back.ok) throw new Error(back.error.detail);
    const backAnswer = await server.answer('c1', 'b', phoneSdp(bob, CODECS));
    if (!backAnswer.ok) throw new Error(backAnswer.error.detail);
    expect(server.isOffloaded(A)).toBe(true);
    await relayed(5, 1);
  });

  it('record() on an offloaded leg → demoted and both directions recorded; stop() → offloaded again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-offload-'));
    await start({ recordingsDir: dir });
    await call();
    const path = join(dir, 'c1.wav');
    const op = await server.record(A, { path, mode: 'stereo' });
    if (!op.ok) throw new Error(op.error.detail);
    expect(server.isOffloaded(A)).toBe(false);
    await relayed(25, 1);
    // Held in JavaScript while the recording listens, sweeps or not.
    await sleep(250);
    expect(server.isOffloaded(A)).toBe(false);
    await op.value.stop();
    await until('offload after the recording', () => server.isOffloaded(A));
    await relayed(5, 26);
    // Stereo PCM is 320 bytes per 20 ms frame; the recorder runs on its own clock, so on a loaded
    // machine a frame at either edge may fall outside the recording window.
    expect(statSync(path).size).toBeGreaterThanOrEqual(44 + 22 * 320);
    rmSync(dir, { recursive: true, force: true });
  });

  it('mix() of the legs of two offloaded calls → both pairs demoted, the new pair offloaded', async () => {
    await start();
    await call();
    const carol = await openRtpTestPeer('127.0.0.99');
    const dave = await openRtpTestPeer('127.0.0.100');
    try {
      const toDave = await server.offer('c2', 'a', phoneSdp(carol, CODECS));
      if (!toDave.ok) throw new Error(toDave.error.detail);
      const toCarol = await server.answer('c2', 'b', phoneSdp(dave, CODECS));
      if (!toCarol.ok) throw new Error(toCarol.error.detail);
      carol.target = sdpTarget(toCarol.value);
      expect(server.isOffloaded({ callId: 'c2', legId: 'a' })).toBe(true);
      expect((await server.mix(A, { callId: 'c2', legId: 'a' })).ok).toBe(true);
      expect(server.isOffloaded(A)).toBe(true);
      expect(server.isOffloaded(B)).toBe(false);
      await alice.send(rtpPacket(1, Buffer.alloc(160, 1), { ssrc: 0xa }));
      await carol.waitFor(1);
      expect(carol.received[0]!.readUInt32BE(8)).toBe(0xa);
    } finally {
      carol.close();
      dave.close();
    }
  });

  it('answer() with different codecs → transcoded in JavaScript, not offloaded', async () => {
    await start({ transcodeCodecs: ['PCMA'] });
    const toBob = await server.offer('c1', 'a', phoneSdp(alice, ['0 PCMU/8000']));
    if (!toBob.ok) throw new Error(toBob.error.detail);
    bob.target = sdpTarget(toBob.value);
    const toAlice = await server.answer('c1', 'b', phoneSdp(bob, ['8 PCMA/8000']));
    if (!toAlice.ok) throw new Error(toAlice.error.detail);
    alice.target = sdpTarget(toAlice.value);
    expect(server.isOffloaded(A)).toBe(false);
    await relayed(3, 1);
    expect(bob.received.every((p) => (p[1]! & 0x7f) === 8)).toBe(true);
  });
});
