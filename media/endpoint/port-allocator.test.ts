import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { PortAllocator, splitPortRange } from './port-allocator.ts';

function allocator(clock = new FakeClock()): PortAllocator {
  return new PortAllocator({
    bindAddress: '127.0.0.1',
    minPort: 20001,
    maxPort: 20008,
    quarantineMs: 1000,
    clock,
  });
}

describe('PortAllocator', () => {
  it('allocate() when pairs are free → even RTP port, RTCP one above', () => {
    const ports = allocator();
    const pair = ports.allocate();
    expect(pair).toEqual({
      ok: true,
      value: { bindAddress: '127.0.0.1', rtpPort: 20002, rtcpPort: 20003, isRtcpMux: false },
    });
  });

  it('allocate({ isRtcpMux }) → RTCP on the RTP port', () => {
    const pair = allocator().allocate({ isRtcpMux: true });
    expect(pair.ok && pair.value.rtcpPort === pair.value.rtpPort).toBe(true);
  });

  it('allocate() when every pair is taken → ERR_MEDIA_NO_PORTS naming the counts', () => {
    const ports = allocator();
    expect(ports.totalPairs).toBe(3);
    for (let i = 0; i < 3; i++) expect(ports.allocate().ok).toBe(true);
    const r = ports.allocate();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('ERR_MEDIA_NO_PORTS');
      expect(r.error.detail).toContain('3 in use');
    }
    expect(ports.stats.exhausted).toBe(1);
  });

  it('release() → the pair is reused only after the quarantine', () => {
    const clock = new FakeClock();
    const ports = allocator(clock);
    const taken = [1, 2, 3].map(() => ports.allocate());
    const first = taken[0]!;
    if (!first.ok) throw new Error('allocate failed');
    ports.release(first.value.rtpPort);
    expect(ports.stats).toMatchObject({ inUse: 2, quarantined: 1, free: 0 });
    expect(ports.allocate().ok).toBe(false);
    clock.tick(999);
    expect(ports.allocate().ok).toBe(false);
    clock.tick(1);
    const again = ports.allocate();
    expect(again.ok && again.value.rtpPort).toBe(first.value.rtpPort);
  });

  it('release() twice or of an unknown port → no effect', () => {
    const ports = allocator();
    const pair = ports.allocate();
    if (!pair.ok) throw new Error('allocate failed');
    ports.release(pair.value.rtpPort);
    ports.release(pair.value.rtpPort);
    ports.release(31000);
    expect(ports.stats).toMatchObject({ inUse: 0, quarantined: 1, free: 2 });
  });

  it('allocate() after releases → least recently used pair first (FIFO)', () => {
    const ports = new PortAllocator({
      bindAddress: '::1',
      minPort: 30000,
      maxPort: 30009,
      quarantineMs: 0,
    });
    const a = ports.allocate();
    if (!a.ok) throw new Error('allocate failed');
    ports.release(a.value.rtpPort);
    const b = ports.allocate();
    expect(b.ok && b.value.rtpPort).toBe(30002);
  });

  it('release() and allocate() for many rounds → quarantine and free rings wrap in release order', () => {
    const clock = new FakeClock();
    const ports = allocator(clock);
    const held: number[] = [];
    const released: number[] = [];
    for (let round = 0; round < 50; round++) {
      while (held.length < 3) {
        const pair = ports.allocate();
        if (!pair.ok) break;
        if (released.length > 0) expect(pair.value.rtpPort).toBe(released.shift());
        held.push(pair.value.rtpPort);
      }
      // Release the pairs at different times, newest first, so the
      // quarantine holds pairs of several ages.
      for (const port of held.splice(0).reverse()) {
        ports.release(port);
        released.push(port);
        clock.tick(400);
      }
      expect(ports.stats.inUse).toBe(0);
      expect(ports.stats.quarantined + ports.stats.free).toBe(3);
    }
  });

  it('new PortAllocator() with a range without a pair → ValidationError', () => {
    expect(
      () => new PortAllocator({ bindAddress: '0.0.0.0', minPort: 20001, maxPort: 20001 }),
    ).toThrow(/holds no RTP\/RTCP pair/);
  });

  it('splitPortRange() → contiguous shards of whole pairs covering the range', () => {
    expect(splitPortRange(20000, 20009, 2)).toEqual([
      { minPort: 20000, maxPort: 20005 },
      { minPort: 20006, maxPort: 20009 },
    ]);
    expect(() => splitPortRange(20000, 20003, 3)).toThrow(/cannot be split/);
  });
});
