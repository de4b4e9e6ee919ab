/*
 * The MediaServer on real loopback UDP: two scripted phones on their own
 * 127.0.20.x addresses call through it with offer/answer, and the tests
 * check what reaches each phone: relay byte for byte, PCMU↔PCMA
 * transcoding, hold and resume, and freed ports after delete.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALAW_TO_ULAW, ULAW_TO_ALAW } from '../../media/codecs/index.ts';
import { MediaServer } from '../../media/media-server/index.ts';
import {
  openRtpTestPeer,
  phoneSdp,
  rtpPacket,
  sdpTarget,
} from '../../media/media-server/rtp-test-peer.ts';
import type { RtpTestPeer } from '../../media/media-server/rtp-test-peer.ts';

const SERVER_IP = '127.0.20.1';
let server: MediaServer;
let alice: RtpTestPeer;
let bob: RtpTestPeer;

beforeEach(async () => {
  server = new MediaServer({
    bindAddress: SERVER_IP,
    minPort: 47000,
    maxPort: 47099,
    quarantineMs: 0,
    statsIntervalMs: 0,
  });
  await server.start();
  alice = await openRtpTestPeer('127.0.20.2');
  bob = await openRtpTestPeer('127.0.20.3');
});

afterEach(async () => {
  await server.stop();
  alice.close();
  bob.close();
});

async function call(
  aliceCodecs: string[],
  bobCodecs: string[],
  opts: { codecs?: string[] } = {},
): Promise<{ toBob: string; toAlice: string }> {
  const toBob = await server.offer('c1', 'a', phoneSdp(alice, aliceCodecs), opts);
  if (!toBob.ok) throw new Error(toBob.error.detail);
  bob.target = sdpTarget(toBob.value);
  const toAlice = await server.answer('c1', 'b', phoneSdp(bob, bobCodecs));
  if (!toAlice.ok) throw new Error(toAlice.error.detail);
  alice.target = sdpTarget(toAlice.value);
  return { toBob: toBob.value, toAlice: toAlice.value };
}

async function reoffer(direction: string, bobDirection: string): Promise<void> {
  const toBob = await server.update('c1', 'a', phoneSdp(alice, ['0 PCMU/8000'], direction));
  if (!toBob.ok) throw new Error(toBob.error.detail);
  expect(toBob.value).toContain(`a=${direction}`);
  const toAlice = await server.answer('c1', 'b', phoneSdp(bob, ['0 PCMU/8000'], bobDirection));
  if (!toAlice.ok) throw new Error(toAlice.error.detail);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MediaServer over loopback UDP', () => {
  it('offer()/answer() with a shared codec → packets relayed both ways byte for byte', async () => {
    const { toBob, toAlice } = await call(
      ['0 PCMU/8000', '101 telephone-event/8000'],
      ['0 PCMU/8000', '101 telephone-event/8000'],
    );
    expect(sdpTarget(toBob).address).toBe(SERVER_IP);
    expect(sdpTarget(toAlice).address).toBe(SERVER_IP);
    expect(sdpTarget(toBob).port).not.toBe(sdpTarget(toAlice).port);
    const fromAlice = [1, 2, 3].map((s) => rtpPacket(s, Buffer.alloc(160, s), { ssrc: 0xa }));
    for (const p of fromAlice) await alice.send(p);
    await bob.waitFor(3);
    expect(bob.received.map((b, i) => b.equals(fromAlice[i]!))).toEqual([true, true, true]);
    const fromBob = [7, 8].map((s) => rtpPacket(s, Buffer.alloc(160, s), { ssrc: 0xb }));
    for (const p of fromBob) await bob.send(p);
    await alice.waitFor(2);
    expect(alice.received.map((b, i) => b.equals(fromBob[i]!))).toEqual([true, true]);
  });

  it('PCMU on one leg and PCMA on the other → transcoded both ways, payload types mapped', async () => {
    const { toBob, toAlice } = await call(['0 PCMU/8000'], ['8 PCMA/8000'], { codecs: ['PCMA'] });
    expect(toBob).toMatch(/^m=audio \d+ RTP\/AVP 0 8/m);
    expect(toAlice).toMatch(/^m=audio \d+ RTP\/AVP 0\r?$/m);
    const ulaw = Buffer.from(Array.from({ length: 160 }, (_, i) => (i * 37) & 0xff));
    await alice.send(rtpPacket(1, ulaw, { pt: 0 }));
    await bob.waitFor(1);
    const atBob = bob.received[0]!;
    expect(atBob[1]! & 0x7f).toBe(8);
    expect([...atBob.subarray(12)]).toEqual([...ulaw].map((b) => ULAW_TO_ALAW[b]));
    const alaw = Buffer.from(Array.from({ length: 160 }, (_, i) => (i * 91) & 0xff));
    await bob.send(rtpPacket(5, alaw, { pt: 8 }));
    await alice.waitFor(1);
    const atAlice = alice.received[0]!;
    expect(atAlice[1]! & 0x7f).toBe(0);
    expect([...atAlice.subarray(12)]).toEqual([...alaw].map((b) => ALAW_TO_ULAW[b]));
  });

  it('PCMU on one leg and Opus on the other → timestamps advance 960 per 20 ms towards Opus and 160 back', async () => {
    await call(
      ['0 PCMU/8000', '101 telephone-event/8000'],
      ['111 opus/48000/2', '101 telephone-event/8000'],
      { codecs: ['opus'] },
    );
    const ulaw = Buffer.alloc(160, 0xff);
    for (const seq of [1, 2, 3])
      await alice.send(rtpPacket(seq, ulaw, { pt: 0, ts: 1000 + seq * 160 }));
    await bob.waitFor(3);
    const toOpus = bob.received.map((p) => p.readUInt32BE(4));
    expect(bob.received.every((p) => (p[1]! & 0x7f) === 111)).toBe(true);
    expect([toOpus[1]! - toOpus[0]!, toOpus[2]! - toOpus[1]!]).toEqual([960, 960]);
    // An RFC 4733 event from the PCMU side: 800 units (100 ms) at 8 kHz is 4800 at 48 kHz.
    const event = Buffer.from([5, 0x0a, 800 >> 8, 800 & 0xff]);
    await alice.send(rtpPacket(4, event, { pt: 101, ts: 1000 + 4 * 160 }));
    await bob.waitFor(4);
    const relayed = bob.received[3]!;
    expect(relayed.readUInt32BE(4) - toOpus[2]!).toBe(960);
    expect(relayed.readUInt16BE(14)).toBe(4800);
  });

  it('answer() naming a codec that was not offered → ERR_SDP_NO_COMMON_CODEC (488)', async () => {
    const toBob = await server.offer('c1', 'a', phoneSdp(alice, ['0 PCMU/8000']));
    expect(toBob.ok).toBe(true);
    const r = await server.answer('c1', 'b', phoneSdp(bob, ['18 G729/8000']));
    expect(r.ok ? 'ok' : r.error.code).toBe('ERR_SDP_NO_COMMON_CODEC');
  });

  it('offer() of malformed SDP → ERR_SDP_PARSE, and no ports are taken', async () => {
    const r = await server.offer('c2', 'a', 'v=0\r\nbogus\r\n');
    expect(r.ok ? 'ok' : r.error.code).toBe('ERR_SDP_PARSE');
    expect(server.ports.stats.inUse).toBe(0);
  });

  it('update() to inactive → nothing relayed either way; sendrecv again → media resumes', async () => {
    await call(['0 PCMU/8000'], ['0 PCMU/8000']);
    await alice.send(rtpPacket(1, Buffer.alloc(160, 1)));
    await bob.waitFor(1);
    await reoffer('inactive', 'inactive');
    await alice.send(rtpPacket(2, Buffer.alloc(160, 2)));
    await bob.send(rtpPacket(2, Buffer.alloc(160, 2)));
    await sleep(100);
    expect(bob.received).toHaveLength(1);
    expect(alice.received).toHaveLength(0);
    await reoffer('sendrecv', 'sendrecv');
    await alice.send(rtpPacket(3, Buffer.alloc(160, 3)));
    await bob.send(rtpPacket(3, Buffer.alloc(160, 3)));
    await bob.waitFor(2);
    await alice.waitFor(1);
  });

  it('update() to sendonly (A holds B) → B no longer reaches A; A still reaches B', async () => {
    await call(['0 PCMU/8000'], ['0 PCMU/8000']);
    await reoffer('sendonly', 'recvonly');
    await bob.send(rtpPacket(1, Buffer.alloc(160, 1), { ssrc: 0xb }));
    await alice.send(rtpPacket(1, Buffer.alloc(160, 1), { ssrc: 0xa }));
    await bob.waitFor(1);
    await sleep(100);
    expect(alice.received).toHaveLength(0);
    expect(server.leg({ callId: 'c1', legId: 'b' })!.stats.suppressed).toBe(1);
  });

  it('delete() → both legs closed, their ports released, nothing relayed any more', async () => {
    await call(['0 PCMU/8000'], ['0 PCMU/8000']);
    expect(server.ports.stats.inUse).toBe(2);
    expect((await server.delete('c1')).ok).toBe(true);
    expect(server.ports.stats.inUse).toBe(0);
    expect(server.legCount).toBe(0);
    await alice.send(rtpPacket(1, Buffer.alloc(160, 1)));
    await sleep(50);
    expect(bob.received).toHaveLength(0);
    expect((await server.delete('c1')).ok).toBe(true);
  });

  it('update() of an unknown leg → ERR_MEDIA_SESSION_NOT_FOUND', async () => {
    const r = await server.update('nope', 'a', phoneSdp(alice, ['0 PCMU/8000']));
    expect(r.ok ? 'ok' : r.error.code).toBe('ERR_MEDIA_SESSION_NOT_FOUND');
  });
});
