import { describe, expect, it } from 'vitest';
import { goertzelAmplitude } from '../../test/helpers/audio/tone.ts';
import { TONE_COUNTRIES, TONE_NAMES, TONE_TABLE, ToneGenerator, toneFor } from './index.ts';
import type { ToneSpec } from './index.ts';

const RATE = 8000;

/** Renders `ms` of a tone in 20 ms frames. */
function render(spec: ToneSpec, ms: number, rateHz = RATE): Int16Array {
  const generator = new ToneGenerator(spec, rateHz);
  const frame = rateHz / 50;
  const out = new Int16Array((ms * rateHz) / 1000);
  const buf = new Int16Array(frame);
  for (let at = 0; at < out.length; at += frame) {
    generator.fill(buf);
    out.set(buf.subarray(0, Math.min(frame, out.length - at)), at);
  }
  return out;
}

/** Whether each 10 ms block has signal: a string of '#' (tone) and '.' (silence). */
function onOffPattern(x: Int16Array, rateHz = RATE): string {
  let s = '';
  const block = rateHz / 100;
  for (let i = 0; i + block <= x.length; i += block) {
    let peak = 0;
    for (let k = i; k < i + block; k++) peak = Math.max(peak, Math.abs(x[k]!));
    s += peak > 500 ? '#' : '.';
  }
  return s;
}

describe('ToneGenerator', () => {
  it('fill() when US ringback → 440+480 Hz, 2 s on then 4 s off (E.180 Suppl. 2)', () => {
    const x = render(toneFor('us', 'ringback'), 6000);
    const pattern = onOffPattern(x);
    expect(pattern).toBe('#'.repeat(200) + '.'.repeat(400));
    const on = x.subarray(0, 16000);
    expect(goertzelAmplitude(on, 440, RATE)).toBeGreaterThan(2500);
    expect(goertzelAmplitude(on, 480, RATE)).toBeGreaterThan(2500);
    expect(goertzelAmplitude(on, 620, RATE)).toBeLessThan(100);
  });

  it('fill() when UK ringback → the double ring 0.4 on, 0.2 off, 0.4 on, 2 off', () => {
    const pattern = onOffPattern(render(toneFor('gb', 'ringback'), 3000));
    expect(pattern).toBe('#'.repeat(40) + '.'.repeat(20) + '#'.repeat(40) + '.'.repeat(200));
  });

  it('fill() when DE busy at 16 kHz → 425 Hz, 480 ms on and off, repeating', () => {
    const x = render(toneFor('de', 'busy'), 1920, 16000);
    const pattern = onOffPattern(x, 16000);
    expect(pattern).toBe(('#'.repeat(48) + '.'.repeat(48)).repeat(2));
    expect(goertzelAmplitude(x.subarray(0, 7680), 425, 16000)).toBeGreaterThan(3000);
  });

  it('fill() when dial tone → continuous, level near −13 dBm0', () => {
    const x = render(toneFor('fr', 'dial'), 1000);
    expect(onOffPattern(x)).toBe('#'.repeat(100));
    // −13 dBm0 is 22 750 × 10^(−13/20) ≈ 5093 peak.
    expect(goertzelAmplitude(x, 440, RATE)).toBeCloseTo(5093, -2);
  });

  it('fill() when Japanese ringback → 400 Hz amplitude-modulated at 16 Hz', () => {
    const x = render(toneFor('jp', 'ringback'), 1000);
    expect(goertzelAmplitude(x, 400, RATE)).toBeGreaterThan(2000);
    expect(goertzelAmplitude(x, 384, RATE)).toBeGreaterThan(800);
    expect(goertzelAmplitude(x, 416, RATE)).toBeGreaterThan(800);
  });

  it('fill() when a one-shot tone ends mid-frame → returns the tone samples and pads silence', () => {
    const spec: ToneSpec = {
      name: 'beep',
      segments: [{ frequenciesHz: [1000], durationMs: 25 }],
      levelDbm0: -10,
      isRepeating: false,
    };
    const generator = new ToneGenerator(spec, RATE);
    const frame = new Int16Array(160);
    expect(generator.fill(frame)).toBe(160);
    expect(generator.fill(frame)).toBe(40);
    expect(generator.isDone).toBe(true);
    expect(frame.subarray(40).every((s) => s === 0)).toBe(true);
    generator.reset();
    expect(generator.isDone).toBe(false);
  });

  it('fill() when frames are cut at odd sizes → same samples as one long fill (no clicks)', () => {
    const spec = toneFor('us', 'busy');
    const whole = new Int16Array(1000);
    new ToneGenerator(spec, RATE).fill(whole);
    const pieces = new ToneGenerator(spec, RATE);
    const joined = new Int16Array(1000);
    for (let at = 0; at < 1000; at += 77) {
      const part = new Int16Array(Math.min(77, 1000 - at));
      pieces.fill(part);
      joined.set(part, at);
    }
    expect(joined).toEqual(whole);
  });
});

describe('TONE_TABLE', () => {
  it.each(TONE_COUNTRIES)('TONE_TABLE.%s when read → every tone defined and audible', (c) => {
    for (const name of TONE_NAMES) {
      const spec = TONE_TABLE[c][name];
      expect(spec.segments.length).toBeGreaterThan(0);
      expect(spec.segments[0]!.frequenciesHz.length).toBeGreaterThan(0);
      expect(spec.levelDbm0).toBeLessThanOrEqual(-10);
    }
  });

  it('toneFor() when the country is unknown → the ITU default (425 Hz)', () => {
    expect(toneFor('zz', 'busy')).toBe(TONE_TABLE.itu.busy);
    expect(toneFor('CA', 'dial')).toBe(TONE_TABLE.us.dial);
  });
});
