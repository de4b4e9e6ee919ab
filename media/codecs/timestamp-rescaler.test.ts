import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { TimestampRescaler } from './timestamp-rescaler.ts';

describe('TimestampRescaler', () => {
  test('map() when G.711 (8 kHz) goes to Opus (48 kHz) → each 160 step becomes 960', () => {
    const r = new TimestampRescaler(8000, 48000);
    const out = [1000, 1160, 1320, 1480].map((ts) => r.map(ts));
    expect(out).toEqual([1000, 1960, 2920, 3880]);
  });

  test('map() when Opus goes to G.711 → each 960 step becomes 160', () => {
    const r = new TimestampRescaler(48000, 8000);
    expect([0, 960, 1920].map((ts) => r.map(ts))).toEqual([0, 160, 320]);
  });

  test('map() when the input wraps past 2^32 → the output keeps its step and wraps too', () => {
    const r = new TimestampRescaler(8000, 48000);
    const start = 0xffffffff - 159;
    expect(r.map(start)).toBe(start);
    expect(r.map(0)).toBe((start + 960) >>> 0);
    expect(r.map(160)).toBe((start + 1920) >>> 0);
  });

  test('map() when a telephone event repeats its timestamp → the same output each time', () => {
    const r = new TimestampRescaler(8000, 48000);
    r.map(8000);
    const a = r.map(8160);
    expect(r.map(8160)).toBe(a);
    expect(r.map(8160)).toBe(a);
    expect(r.map(8320)).toBe((a + 960) >>> 0);
  });

  test('map() for any run of 20 ms steps with gaps → output differences are the scaled input ones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 200 }),
        (start, steps) => {
          const r = new TimestampRescaler(8000, 48000);
          let input = start;
          let previous = r.map(input);
          for (const frames of steps) {
            input = (input + frames * 160) >>> 0;
            const out = r.map(input);
            expect((out - previous) >>> 0).toBe(frames * 960);
            previous = out;
          }
        },
      ),
    );
  });

  test('scaleDuration() when an RFC 4733 duration of 800 (100 ms at 8 kHz) goes to 48 kHz → 4800', () => {
    expect(new TimestampRescaler(8000, 48000).scaleDuration(800)).toBe(4800);
  });

  test('new TimestampRescaler() when a rate is 0 → RangeError', () => {
    expect(() => new TimestampRescaler(0, 8000)).toThrow(RangeError);
  });

  test('reset() → the next timestamp starts the output again', () => {
    const r = new TimestampRescaler(8000, 48000);
    r.map(100);
    r.map(260);
    r.reset();
    expect(r.map(5000)).toBe(5000);
  });
});
