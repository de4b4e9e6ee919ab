import { describe, expect, it } from 'vitest';
import { Resampler } from './index.ts';
import { concat, sine, toneAmplitude, worstSpurDb } from './test-signals.ts';

const PAIRS: Array<[number, number]> = [
  [8000, 16000],
  [16000, 8000],
  [8000, 48000],
  [48000, 8000],
  [16000, 48000],
  [48000, 16000],
];

/** Resamples `input` in 20 ms frames, as the media path does. */
function inFrames(resampler: Resampler, input: Int16Array, rateHz: number): Int16Array {
  const frame = rateHz / 50;
  const out: Int16Array[] = [];
  for (let i = 0; i < input.length; i += frame) {
    out.push(resampler.process(input.subarray(i, i + frame)));
  }
  return concat(out);
}

describe('Resampler', () => {
  it.each(PAIRS)(
    'Resampler.process() when a 1 kHz sine goes %i → %i Hz → same frequency and amplitude, spurs < −40 dB',
    (from, to) => {
      const out = inFrames(new Resampler(from, to), sine(1000, from, from / 2), from);
      expect(out.length).toBe(to / 2);
      // Skip the filter's start-up transient.
      const steady = out.subarray(to / 10);
      expect(toneAmplitude(steady, 1000, to)).toBeGreaterThan(9900);
      expect(toneAmplitude(steady, 1000, to)).toBeLessThan(10100);
      expect(worstSpurDb(steady, 1000, to, 60, 100)).toBeLessThan(-40);
    },
  );

  it('Resampler.process() when 48 kHz input holds a 6 kHz tone → it does not alias into 8 kHz output', () => {
    const input = sine(6000, 48000, 24000);
    const out = inFrames(new Resampler(48000, 8000), input, 48000).subarray(800);
    // 6 kHz would fold to 2 kHz at 8 kHz; it must be > 40 dB down.
    expect(20 * Math.log10(toneAmplitude(out, 2000, 8000) / 10000)).toBeLessThan(-40);
  });

  it('Resampler.process() when the stream is cut into frames → equals one call on the whole', () => {
    const input = sine(700, 8000, 8000);
    const whole = new Resampler(8000, 48000).process(input);
    const framed = inFrames(new Resampler(8000, 48000), input, 8000);
    expect(framed.length).toBe(whole.length);
    expect(framed).toEqual(whole);
  });

  it('Resampler.processInto() when frames have uneven sizes → no discontinuity at the edges', () => {
    const input = sine(1000, 16000, 16000);
    const resampler = new Resampler(16000, 8000);
    const frames: Int16Array[] = [];
    const out = new Int16Array(resampler.maxOutputSamples(700));
    for (let i = 0, size = 1; i < input.length; i += size, size = (size * 7) % 700 || 1) {
      const n = resampler.processInto(input.subarray(i, i + size), out);
      frames.push(out.slice(0, n));
    }
    const joined = concat(frames);
    expect(joined.length).toBe(8000);
    // A 1 kHz sine at 8 kHz moves at most 2π·1000/8000·10000 ≈ 7854 per sample.
    for (let i = 801; i < joined.length; i++) {
      expect(Math.abs(joined[i]! - joined[i - 1]!)).toBeLessThan(7900);
    }
  });

  it('Resampler when rates are equal → passes samples through', () => {
    const input = sine(440, 8000, 160);
    expect(new Resampler(8000, 8000).process(input)).toEqual(input);
  });

  it('Resampler when given a bad rate → throws RangeError', () => {
    expect(() => new Resampler(0, 8000)).toThrow(RangeError);
    expect(() => new Resampler(8000.5, 8000)).toThrow(RangeError);
  });

  it('Resampler.reset() when called → output starts again as from a new stream', () => {
    const input = sine(1000, 8000, 160);
    const r = new Resampler(8000, 16000);
    const first = r.process(input);
    r.process(input);
    r.reset();
    expect(r.process(input)).toEqual(first);
  });
});
