import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { JitterBuffer } from './jitter-buffer.ts';
import type { JitterBufferFrame } from './jitter-buffer.ts';
import { PcmConcealer } from './pcm-concealer.ts';

const payload = (seq: number): Uint8Array => Uint8Array.of(seq & 0xff, (seq >> 8) & 0xff);
const meta = (seq: number): { sequenceNumber: number; timestamp: number } => ({
  sequenceNumber: seq & 0xffff,
  timestamp: (seq * 160) >>> 0,
});

/** Delivers packets at given arrival times and pops every 20 ms; returns what played. */
function simulate(
  jb: JitterBuffer,
  arrivals: { seq: number; atMs: number }[],
  untilMs: number,
): JitterBufferFrame[] {
  const sorted = [...arrivals].sort((a, b) => a.atMs - b.atMs);
  const out: JitterBufferFrame[] = [];
  let i = 0;
  for (let now = 0; now <= untilMs; now += 20) {
    while (i < sorted.length && (sorted[i]?.atMs ?? Infinity) <= now) {
      const a = sorted[i++]!;
      jb.push(meta(a.seq), payload(a.seq), a.atMs);
    }
    out.push(jb.pop(now));
  }
  return out;
}
const played = (frames: JitterBufferFrame[]): number[] =>
  frames.flatMap((f) => (f.kind === 'frame' ? [f.meta.sequenceNumber] : []));

describe('JitterBuffer', () => {
  test('JitterBuffer.pop() when packets arrive on time → plays them in order after the minimum delay', () => {
    const jb = new JitterBuffer();
    const frames = simulate(
      jb,
      Array.from({ length: 50 }, (_, k) => ({ seq: 100 + k, atMs: k * 20 })),
      1100,
    );
    expect(played(frames)).toEqual(Array.from({ length: 50 }, (_, k) => 100 + k));
    expect(frames.findIndex((f) => f.kind === 'frame')).toBe(1);
    expect(jb.stats).toMatchObject({ lost: 0, late: 0, latencyDrops: 0, targetDelayMs: 40 });
    expect(jb.stats.jitterMs).toBeLessThan(1);
  });

  test('JitterBuffer.push() when packets are reordered within the delay → played in sequence order', () => {
    const jb = new JitterBuffer({ minDelayMs: 60 });
    const arrivals = Array.from({ length: 40 }, (_, k) => ({
      seq: k,
      atMs: k * 20 + (k % 2 === 0 ? 15 : 0),
    }));
    expect(played(simulate(jb, arrivals, 1000))).toEqual(Array.from({ length: 40 }, (_, k) => k));
  });

  test('JitterBuffer.push() when a packet repeats or comes after its turn → duplicate / late, counted', () => {
    const jb = new JitterBuffer();
    for (let k = 0; k < 3; k++) expect(jb.push(meta(k), payload(k), k * 20)).toBe('buffered');
    expect(jb.push(meta(1), payload(1), 60)).toBe('duplicate');
    jb.pop(60);
    jb.pop(80);
    expect(jb.push(meta(0), payload(0), 90)).toBe('late');
    expect(jb.stats).toMatchObject({ duplicates: 1, late: 1 });
  });

  test('JitterBuffer.pop() when a packet is lost → a lost marker with its sequence number and timestamp', () => {
    const jb = new JitterBuffer();
    const arrivals = [0, 1, 2, 4, 5, 6].map((seq) => ({ seq, atMs: seq * 20 }));
    const frames = simulate(jb, arrivals, 200);
    expect(frames.filter((f) => f.kind !== 'empty').map((f) => f.kind)).toEqual([
      'frame',
      'frame',
      'frame',
      'lost',
      'frame',
      'frame',
      'frame',
    ]);
    expect(frames.find((f) => f.kind === 'lost')).toEqual({
      kind: 'lost',
      sequenceNumber: 3,
      timestamp: 480,
    });
    expect(jb.stats.lost).toBe(1);
  });

  test('JitterBuffer.pop() when the stream pauses and ends → an underrun each time, and rebuffering between', () => {
    const jb = new JitterBuffer();
    const arrivals = [
      ...Array.from({ length: 10 }, (_, k) => ({ seq: k, atMs: k * 20 })),
      ...Array.from({ length: 10 }, (_, k) => ({ seq: 10 + k, atMs: 500 + k * 20 })),
    ];
    const frames = simulate(jb, arrivals, 900);
    expect(jb.stats.underruns).toBe(2);
    expect(played(frames)).toEqual(Array.from({ length: 20 }, (_, k) => k));
  });

  test('JitterBuffer when jitter rises then settles → the target grows within bounds and comes back down', () => {
    const jb = new JitterBuffer({ minDelayMs: 40, maxDelayMs: 200 });
    let seed = 5;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const jittery = Array.from({ length: 300 }, (_, k) => ({ seq: k, atMs: k * 20 + rand() * 60 }));
    simulate(jb, jittery, 300 * 20 + 200);
    const peak = jb.stats.targetDelayMs;
    expect(peak).toBeGreaterThanOrEqual(100);
    expect(peak).toBeLessThanOrEqual(200);
    expect(jb.stats.lost).toBeLessThan(6);
    const calm = Array.from({ length: 300 }, (_, k) => ({ seq: 300 + k, atMs: 7000 + k * 20 }));
    const frames = simulate(
      jb,
      calm.map((a) => ({ ...a, atMs: a.atMs - 7000 })),
      300 * 20 + 200,
    );
    expect(jb.stats.targetDelayMs).toBe(40);
    expect(jb.stats.latencyDrops).toBeGreaterThan(0);
    expect(played(frames).at(-1)).toBe(599);
  });

  test('JitterBuffer.push() when the sequence wraps at 65535 → order is kept', () => {
    const jb = new JitterBuffer();
    const arrivals = Array.from({ length: 20 }, (_, k) => ({
      seq: (65_530 + k) & 0xffff,
      atMs: k * 20,
    }));
    expect(played(simulate(jb, arrivals, 500))).toEqual(arrivals.map((a) => a.seq));
  });

  test('JitterBuffer.push() when the sender restarts its sequence far away → reset, then plays the new stream', () => {
    const jb = new JitterBuffer();
    const arrivals = [
      ...Array.from({ length: 5 }, (_, k) => ({ seq: 1000 + k, atMs: k * 20 })),
      ...Array.from({ length: 10 }, (_, k) => ({ seq: 20 + k, atMs: 100 + k * 20 })),
    ];
    const frames = simulate(jb, arrivals, 600);
    expect(jb.stats.resets).toBe(1);
    expect(played(frames).slice(-5)).toEqual([25, 26, 27, 28, 29]);
  });

  test('JitterBuffer property: any arrival order and duplication → each sequence played at most once, in increasing order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 150 })), {
          maxLength: 200,
        }),
        (plan) => {
          const jb = new JitterBuffer();
          const arrivals = plan.map(([seq, delay]) => ({
            seq: 60_000 + seq,
            atMs: seq * 20 + delay,
          }));
          const seqs = played(simulate(jb, arrivals, 2500)).map((s) =>
            s < 60_000 ? s + 65_536 : s,
          );
          for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
          expect(
            jb.stats.played +
              jb.stats.late +
              jb.stats.duplicates +
              jb.bufferedCount +
              jb.stats.latencyDrops +
              jb.stats.flushed,
          ).toBe(plan.length);
        },
      ),
      { numRuns: 200, interruptAfterTimeLimit: 2000 },
    );
  });
});

describe('PcmConcealer', () => {
  test('PcmConcealer.conceal() when frames are lost in a row → repeats the last frame fading to silence', () => {
    const plc = new PcmConcealer({ fadeFrames: 2 });
    plc.good(new Int16Array(160).fill(1000));
    const first = plc.conceal(160);
    const second = plc.conceal(160);
    const third = plc.conceal(160);
    expect(first[0]).toBe(1000);
    expect(first[159]).toBeGreaterThan(500);
    expect(second[0]).toBeLessThanOrEqual(first[159]!);
    expect(second[159]).toBeLessThan(10);
    expect(third.every((v) => v === 0)).toBe(true);
  });

  test('PcmConcealer.conceal() when nothing was received yet → silence', () => {
    expect(new PcmConcealer().conceal(160).every((v) => v === 0)).toBe(true);
  });
});
