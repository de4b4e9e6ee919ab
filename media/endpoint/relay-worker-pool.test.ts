import { afterEach, describe, expect, it } from 'vitest';
import { RelayWorkerPool } from './relay-worker-pool.ts';
import { openTestPeer, rtp } from './test-peer.ts';
import type { TestPeer } from './test-peer.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function peer(address: string): Promise<TestPeer> {
  const p = await openTestPeer(address);
  cleanup.push(() => p.close());
  return p;
}

describe('RelayWorkerPool', () => {
  it('sessions on two workers → each relays both ways on its own port shard', async () => {
    const pool = await RelayWorkerPool.start({
      bindAddress: '127.0.8.1',
      minPort: 45000,
      maxPort: 45019,
      workers: 2,
    });
    cleanup.push(() => pool.close());
    const alice = await peer('127.0.8.2');
    const bob = await peer('127.0.8.3');
    const infos = [];
    for (const id of ['s1', 's2']) {
      const remoteA = { address: alice.address, port: alice.port };
      const remoteB = { address: bob.address, port: bob.port };
      const r = await pool.createSession({ sessionId: id, remoteA, remoteB });
      if (!r.ok) throw new Error(r.error.detail);
      infos.push(r.value);
    }
    const [first, second] = infos;
    // Shards are 45000-45009 and 45010-45019: the sessions went to different workers.
    expect(first!.legA.rtpPort < 45010).not.toBe(second!.legA.rtpPort < 45010);
    for (const info of infos) {
      await alice.send(rtp(1, { ssrc: 1 }), info.legA.rtpPort, '127.0.8.1');
      await bob.send(rtp(1, { ssrc: 2 }), info.legB.rtpPort, '127.0.8.1');
    }
    await alice.waitFor(2);
    await bob.waitFor(2);
    expect(alice.received.every((b) => b.readUInt32BE(8) === 2)).toBe(true);
    const stats = await pool.stats();
    expect(stats.map((s) => [s.sessions, s.rtpReceived, s.rtpSent])).toEqual([
      [1, 2, 2],
      [1, 2, 2],
    ]);
    await pool.deleteSession('s1');
    expect((await pool.stats()).reduce((n, s) => n + s.sessions, 0)).toBe(1);
  });
});
