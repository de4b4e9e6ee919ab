import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeWav } from '../player/index.ts';
import { sine } from '../../test/helpers/audio/tone.ts';
import { MediaServer } from './media-server.ts';
import { openRtpTestPeer, phoneSdp, rtpPacket, sdpTarget } from './rtp-test-peer.ts';
import type { RtpTestPeer } from './rtp-test-peer.ts';

/*
 * D44 on real loopback RTP: what one leg sends stays one stream (one
 * SSRC, sequence numbers one by one, timestamps forward) while its source
 * changes from the relayed far end to music on hold and back.
 */

const B = { callId: 'c1', legId: 'b' };
const PCMU = ['0 PCMU/8000'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MediaServer outgoing stream across relay → MOH → relay', () => {
  let server: MediaServer;
  let alice: RtpTestPeer;
  let bob: RtpTestPeer;

  beforeEach(async () => {
    const sounds = mkdtempSync(join(tmpdir(), 'sy-ssrc-sounds-'));
    mkdirSync(join(sounds, '7'));
    const samples = sine(600, 8000, 8000);
    writeFileSync(
      join(sounds, '7', 'jazz.wav'),
      serializeWav({ encoding: 'pcm16', channels: 1, sampleRateHz: 8000, samples }),
    );
    server = new MediaServer({
      bindAddress: '127.0.0.212',
      minPort: 35_400,
      maxPort: 35_449,
      quarantineMs: 0,
      statsIntervalMs: 0,
      soundsDir: sounds,
      mohPlaylists: (name, teamId) =>
        `${teamId}:${name}` === '7:jazz'
          ? { key: '7:jazz', revision: '1', files: ['7/jazz'] }
          : undefined,
    });
    await server.start();
    alice = await openRtpTestPeer('127.0.0.213');
    bob = await openRtpTestPeer('127.0.0.214');
    const toBob = await server.offer('c1', 'a', phoneSdp(alice, PCMU));
    if (!toBob.ok) throw new Error(toBob.error.detail);
    bob.target = sdpTarget(toBob.value);
    const toAlice = await server.answer('c1', 'b', phoneSdp(bob, PCMU));
    if (!toAlice.ok) throw new Error(toAlice.error.detail);
    alice.target = sdpTarget(toAlice.value);
  });

  afterEach(async () => {
    await server.stop();
    alice.close();
    bob.close();
  });

  /** Alice talks: `count` packets 20 ms apart, numbered from `firstSeq`. */
  async function talk(firstSeq: number, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await alice.send(rtpPacket(firstSeq + i, Buffer.alloc(160, 0x55), { ssrc: 0xa11ce }));
      await sleep(20);
    }
  }

  it('play({ moh }) to bob between relayed packets → bob gets one SSRC, seq +1 each, ts forward, marker at each switch', async () => {
    await talk(1000, 5);
    await bob.waitFor(5);
    const op = await server.play(B, { moh: 'jazz', teamId: 7 }, { loop: true });
    if (!op.ok) throw new Error(op.error.detail);
    await bob.waitFor(15);
    await op.value.stop();
    // Alice went on talking during the music; her numbering moved on.
    const relayedBefore = bob.received.length;
    await talk(1100, 5);
    await bob.waitFor(relayedBefore + 5);

    const packets = bob.received;
    expect(new Set(packets.map((p) => p.readUInt32BE(8)))).toEqual(new Set([0xa11ce]));
    for (let i = 1; i < packets.length; i++) {
      const seq = packets[i]!.readUInt16BE(2);
      const prevSeq = packets[i - 1]!.readUInt16BE(2);
      expect(seq).toBe((prevSeq + 1) & 0xffff);
      const step = (packets[i]!.readUInt32BE(4) - packets[i - 1]!.readUInt32BE(4)) >>> 0;
      expect(step).toBeGreaterThan(0);
      expect(step).toBeLessThan(8000);
    }
    // The relayed packets before the music left as they came.
    expect(packets[0]!.readUInt16BE(2)).toBe(1000);
    const isMoh = (p: Buffer) => !p.subarray(12).equals(Buffer.alloc(160, 0x55));
    const firstMoh = packets.findIndex(isMoh);
    const firstBack = packets.findIndex((p, i) => i > firstMoh && !isMoh(p));
    expect(firstMoh).toBe(5);
    expect(packets[firstMoh]![1]! & 0x80).toBe(0x80);
    expect(packets[firstBack]![1]! & 0x80).toBe(0x80);
    expect(server.leg(B)!.outgoing.switches).toBe(2);
  });
});
