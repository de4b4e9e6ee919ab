import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RtpSequenceState,
  extendSeq,
  seqDiff,
  seqLessThan,
  timestampDiff,
  timestampLessThan,
} from './index.ts';

const seq = fc.integer({ min: 0, max: 0xffff });
const ts = fc.integer({ min: 0, max: 0xffffffff });

describe('sequence arithmetic', () => {
  it('seqDiff() when crossing the wrap → the short way round', () => {
    expect(seqDiff(2, 65534)).toBe(4);
    expect(seqDiff(65534, 2)).toBe(-4);
    expect(seqDiff(0, 32768)).toBe(-32768);
    expect(seqLessThan(65535, 0)).toBe(true);
    expect(seqLessThan(0, 65535)).toBe(false);
  });

  it('seqDiff() when b + d is taken modulo 2^16 → returns d for any |d| < 2^15', () => {
    fc.assert(
      fc.property(seq, fc.integer({ min: -32768, max: 32767 }), (b, d) => {
        expect(seqDiff((b + d) & 0xffff, b)).toBe(d);
      }),
    );
  });

  it('seqLessThan() when a != b and not opposite → antisymmetric', () => {
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        fc.pre(a !== b && Math.abs(a - b) !== 32768);
        expect(seqLessThan(a, b)).toBe(!seqLessThan(b, a));
      }),
    );
  });

  it('timestampDiff() when b + d is taken modulo 2^32 → returns d for any |d| < 2^31', () => {
    fc.assert(
      fc.property(ts, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (b, d) => {
        expect(timestampDiff((b + d) >>> 0, b)).toBe(d);
        if (d !== 0 && d !== -(2 ** 31)) expect(timestampLessThan(b, (b + d) >>> 0)).toBe(d > 0);
      }),
    );
  });

  it('extendSeq() when the true value is within 2^15 of the reference → recovers it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: -32767, max: 32767 }),
        (reference, d) => {
          const value = reference + d;
          fc.pre(value >= 0);
          expect(extendSeq(value & 0xffff, reference)).toBe(value);
        },
      ),
    );
  });
});

describe('RtpSequenceState (RFC 3550 A.1)', () => {
  it('RtpSequenceState.update() when a new source sends → in probation until MIN_SEQUENTIAL', () => {
    const state = new RtpSequenceState(100);
    expect(state.update(100)).toBe('probation');
    expect(state.isValid).toBe(false);
    expect(state.update(101)).toBe('advanced');
    expect(state.isValid).toBe(true);
    expect(state.baseSeq).toBe(101);
    expect(state.received).toBe(1);
  });

  it('RtpSequenceState.update() when probation sees a gap → probation restarts', () => {
    const state = new RtpSequenceState(10);
    expect(state.update(10)).toBe('probation');
    expect(state.update(12)).toBe('probation');
    expect(state.update(13)).toBe('advanced');
  });

  it('RtpSequenceState.update() when sequence numbers wrap → cycles counts 2^16', () => {
    const state = new RtpSequenceState(65534, 1);
    for (const s of [65534, 65535, 0, 1]) state.update(s);
    expect(state.cycles).toBe(65536);
    expect(state.extendedMaxSeq).toBe(65537);
  });

  it('RtpSequenceState.update() when a large jump repeats in sequence → restarts', () => {
    const state = new RtpSequenceState(1, 1);
    state.update(1);
    state.update(2);
    expect(state.update(40000)).toBe('bad');
    expect(state.update(40001)).toBe('restarted');
    expect(state.baseSeq).toBe(40001);
    expect(state.update(40002)).toBe('advanced');
  });

  it('RtpSequenceState.update() when a packet is slightly behind → behind and counted', () => {
    const state = new RtpSequenceState(500, 1);
    state.update(500);
    state.update(502);
    expect(state.update(501)).toBe('behind');
    expect(state.received).toBe(3);
    expect(state.extendedMaxSeq).toBe(502);
  });

  it('RtpSequenceState.extendedMaxSeq when a stream of in-order packets runs → counts them all', () => {
    fc.assert(
      fc.property(seq, fc.integer({ min: 1, max: 200_000 }), (start, n) => {
        const state = new RtpSequenceState(start, 1);
        for (let i = 0; i < n; i++) state.update((start + i) & 0xffff);
        expect(state.extendedMaxSeq - state.baseSeq + 1).toBe(n);
        expect(state.received).toBe(n);
      }),
      { numRuns: 20 },
    );
  });
});
