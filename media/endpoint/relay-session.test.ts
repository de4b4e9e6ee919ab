import { afterEach, describe, expect, it } from 'vitest';
import { RelayHost } from './relay-host.ts';
import { StreamRewriter } from './relay-session.ts';
import { openTestPeer, rtp, sleep } from './test-peer.ts';
import type { TestPeer } from './test-peer.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

async function peer(address: string): Promise<TestPeer> {
  const p = await openTestPeer(address);
  cleanup.push(() => p.close());
  return p;
}

function host(bindAddress: string, pairs = 50): RelayHost {
  const h = new RelayHost({ bindAddress, minPort: 43000, maxPort: 43000 + pairs * 2 - 1 });
  cleanup.push(() => h.close());
  return h;
}

describe('RelaySession', () => {
  it('packets on leg A → out of leg B to its latched far end, byte for byte, and back', async () => {
    const relay = host('127.0.6.1');
    const alice = await peer('127.0.6.2');
    const bob = await peer('127.0.6.3');
    const r = await relay.createSession({ sessionId: 'c1', remoteB: bob });
    if (!r.ok) throw new Error(r.error.detail);
    const { legA, legB } = r.value;
    const fromAlice = [1, 2, 3].map((seq) => rtp(seq, { ssrc: 0xa }));
    for (const p of fromAlice) await alice.send(p, legA.rtpPort, legA.bindAddress);
    await bob.waitFor(3);
    expect(bob.received.map((b, i) => b.equals(fromAlice[i]!))).toEqual([true, true, true]);
    const fromBob = rtp(77, { ssrc: 0xb, payload: Buffer.from('hello, alice') });
    await bob.send(fromBob, legB.rtpPort, legB.bindAddress);
    await alice.waitFor(1);
    expect(alice.received[0]!.equals(fromBob)).toBe(true);
  });

  it('RTCP on leg B → out of leg A to the RTCP source latched there', async () => {
    const relay = host('127.0.6.4');
    const alice = await peer('127.0.6.5');
    const bob = await peer('127.0.6.6');
    const r = await relay.createSession({ sessionId: 'c1' });
    if (!r.ok) throw new Error(r.error.detail);
    const { legA, legB } = r.value;
    const srA = Buffer.from([0x80, 200, 0, 1, 0, 0, 0, 0xa]);
    const srB = Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 0xb]);
    await alice.send(srA, legA.rtcpPort, legA.bindAddress);
    await sleep(10);
    await bob.send(srB, legB.rtcpPort, legB.bindAddress);
    await alice.waitFor(1);
    expect(alice.received[0]!.equals(srB)).toBe(true);
    expect(bob.received).toHaveLength(0); // leg B had no RTCP remote for srA yet
    expect(relay.stats().notSent).toBe(1);
  });

  it('RelayHost when the range is used up → ERR_MEDIA_NO_PORTS; deleteSession() frees it', async () => {
    const relay = new RelayHost({
      bindAddress: '127.0.6.7',
      minPort: 43100,
      maxPort: 43107,
      quarantineMs: 0,
    });
    cleanup.push(() => relay.close());
    expect((await relay.createSession({ sessionId: 'a' })).ok).toBe(true);
    expect((await relay.createSession({ sessionId: 'b' })).ok).toBe(true);
    const full = await relay.createSession({ sessionId: 'c' });
    expect(full.ok ? 'ok' : full.error.code).toBe('ERR_MEDIA_NO_PORTS');
    expect(relay.ports.stats.inUse).toBe(4);
    relay.deleteSession('a');
    expect((await relay.createSession({ sessionId: 'c' })).ok).toBe(true);
  });
});

describe('StreamRewriter', () => {
  it('rewrite() across an SSRC change → one continuous stream with our SSRC', () => {
    const w = new StreamRewriter(0xcafe);
    const out = [
      rtp(100, { ssrc: 1, ts: 1000 }),
      rtp(101, { ssrc: 1, ts: 1160 }),
      rtp(9, { ssrc: 2, ts: 50 }),
      rtp(10, { ssrc: 2, ts: 210 }),
    ].map((p) => {
      w.rewrite(p);
      return [p.readUInt16BE(2), p.readUInt32BE(4), p.readUInt32BE(8)];
    });
    expect(out).toEqual([
      [100, 1000, 0xcafe],
      [101, 1160, 0xcafe],
      [102, 1320, 0xcafe],
      [103, 1480, 0xcafe],
    ]);
  });
});
