import { describe, expect, it } from 'vitest';
import {
  COMFORT_NOISE_PT,
  ComfortNoiseGenerator,
  isComfortNoise,
  parseComfortNoise,
  serializeComfortNoise,
} from './index.ts';
import { rms, toneAmplitude } from './test-signals.ts';

describe('comfort noise (RFC 3389)', () => {
  it('isComfortNoise() when given PT 13 or a dynamic CN type → true', () => {
    expect(isComfortNoise(COMFORT_NOISE_PT)).toBe(true);
    expect(isComfortNoise(0)).toBe(false);
    expect(isComfortNoise(105, new Set([105]))).toBe(true);
  });

  it('parseComfortNoise() when given level and coefficients → −dBov level and (N−127)/128', () => {
    const result = parseComfortNoise(Buffer.from([40, 127, 255, 0, 191]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.noiseLevel).toBe(40);
    expect(result.value.reflectionCoefficients).toEqual([0, 1, -127 / 128, 0.5]);
  });

  it('parseComfortNoise() when the level has its unused MSB set → the bit is ignored', () => {
    const result = parseComfortNoise(Buffer.from([0x80 | 60]));
    expect(result.ok && result.value.noiseLevel).toBe(60);
  });

  it('parseComfortNoise() when the payload is empty → ERR_CN_EMPTY at offset 0', () => {
    const result = parseComfortNoise(Buffer.alloc(0));
    expect(result.ok).toBe(false);
    if (!result.ok) expect([result.error.code, result.error.offset]).toEqual(['ERR_CN_EMPTY', 0]);
  });

  it('serializeComfortNoise() when given parsed params → the same octets', () => {
    const wire = Buffer.from([55, 10, 127, 200, 254]);
    const parsed = parseComfortNoise(wire);
    if (!parsed.ok) throw new Error('parse failed');
    expect(serializeComfortNoise(parsed.value)).toEqual(wire);
  });

  it.each([30, 50, 70])(
    'ComfortNoiseGenerator.generate() when the level is −%i dBov → RMS within 1 dB',
    (level) => {
      const cng = new ComfortNoiseGenerator({ noiseLevel: level, reflectionCoefficients: [] });
      const measured = 20 * Math.log10(rms(cng.generate(8000)) / 32767);
      expect(Math.abs(measured + level)).toBeLessThan(1);
    },
  );

  it('ComfortNoiseGenerator when given a low-pass spectral shape → level holds, highs drop', () => {
    const shaped = new ComfortNoiseGenerator({ noiseLevel: 40, reflectionCoefficients: [-0.9] });
    const out = shaped.generate(16000);
    const measured = 20 * Math.log10(rms(out) / 32767);
    expect(Math.abs(measured + 40)).toBeLessThan(1.5);
    // With k1 = −0.9 the filter 1/(1 − 0.9 z⁻¹) favours low frequencies.
    expect(toneAmplitude(out, 200, 8000)).toBeGreaterThan(3 * toneAmplitude(out, 3500, 8000));
  });

  it('ComfortNoiseGenerator.generateInto() when given a frame → fills it and is deterministic per seed', () => {
    const a = new ComfortNoiseGenerator({ noiseLevel: 45, reflectionCoefficients: [] }, 7);
    const b = new ComfortNoiseGenerator({ noiseLevel: 45, reflectionCoefficients: [] }, 7);
    const frame = new Int16Array(160);
    expect(a.generateInto(frame)).toBe(160);
    expect(frame).toEqual(b.generate(160));
  });
});
