import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { G722Decoder, G722Encoder } from './index.ts';
import { sine, toneAmplitude, worstSpurDb } from './test-signals.ts';

/**
 * The integer-only test signal for which reference digests were taken from
 * spandsp 0.0.6 (libspandsp.so.2, g722_encode/g722_decode at 64 kbit/s),
 * itself validated against the ITU-T G.722 test vectors: two triangle
 * waves plus LCG noise, 8000 samples, never clipping.
 */
function referenceSignal(): Int16Array {
  const out = new Int16Array(8000);
  let seed = 1;
  for (let i = 0; i < out.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    const noise = ((seed >> 16) % 4001) - 2000;
    let tri1 = (i * 37) % 400;
    tri1 = (tri1 < 200 ? tri1 : 400 - tri1) * 80 - 8000;
    let tri2 = (i * 311) % 1000;
    tri2 = (tri2 < 500 ? tri2 : 1000 - tri2) * 12 - 3000;
    out[i] = tri1 + tri2 + noise;
  }
  return out;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('G.722', () => {
  it('G722Encoder.encode() when given the reference signal in 20 ms frames → spandsp bit-exact', () => {
    const input = referenceSignal();
    const encoder = new G722Encoder();
    const codes = Buffer.alloc(4000);
    for (let i = 0; i < input.length; i += 320) {
      encoder.encodeInto(input.subarray(i, i + 320), codes.subarray(i / 2));
    }
    expect(codes.subarray(0, 16).toString('hex')).toBe('2a84208420840a30a4340f0f19b0331c');
    expect(sha256(codes)).toBe('2df48040aefa3d7add40598f56835126c6a70a9f3ce08c53f3a243887fca4f44');
  });

  it('G722Decoder.decode() when given the reference codes → spandsp bit-exact', () => {
    const codes = new G722Encoder().encode(referenceSignal());
    const pcm = new G722Decoder().decode(codes);
    expect(Array.from(pcm.subarray(4000, 4008))).toEqual([
      -8641, -3072, -1710, -3967, 4986, 7282, 4938, 7190,
    ]);
    expect(sha256(new Uint8Array(pcm.buffer))).toBe(
      'ae29b4feff7da62f2fd35a4c9d0a588141bbc5a8c91956afecf46c26224779cd',
    );
  });

  it.each([300, 1000, 3000])(
    'G.722 round trip when given a %i Hz sine → same frequency and amplitude, SNR > 35 dB',
    (frequencyHz) => {
      const input = sine(frequencyHz, 16000, 16000, 8000);
      const encoder = new G722Encoder();
      const decoder = new G722Decoder();
      const out = new Int16Array(input.length);
      for (let i = 0; i < input.length; i += 320) {
        out.set(decoder.decode(encoder.encode(input.subarray(i, i + 320))), i);
      }
      // The QMF pair delays the signal by 22 samples (G.722 §1.3).
      const delay = 22;
      let signal = 0;
      let noise = 0;
      for (let i = 2000; i < input.length - delay; i++) {
        signal += input[i]! ** 2;
        noise += (input[i]! - out[i + delay]!) ** 2;
      }
      expect(10 * Math.log10(signal / noise)).toBeGreaterThan(35);
      const steady = out.subarray(2000);
      expect(Math.abs(toneAmplitude(steady, frequencyHz, 16000) - 8000)).toBeLessThan(100);
      expect(worstSpurDb(steady, frequencyHz, 16000, 60, 100)).toBeLessThan(-40);
    },
  );

  it('G722Decoder.decode() when the reconstructed signal overflows → saturates, never wraps', () => {
    const square = Int16Array.from({ length: 3200 }, (_, i) => ((i >> 4) & 1 ? 32767 : -32768));
    const out = new G722Decoder().decode(new G722Encoder().encode(square));
    let flips = 0;
    for (let i = 1000; i < out.length; i++) {
      if (Math.abs(out[i]! - out[i - 1]!) > 60000) flips++;
    }
    // A wrapped sample would jump between the rails inside a half period.
    expect(flips).toBeLessThan(3200 / 16);
  });

  it('G722Encoder.encodeInto() when the output is too small → throws RangeError', () => {
    expect(() => new G722Encoder().encodeInto(new Int16Array(320), new Uint8Array(10))).toThrow(
      RangeError,
    );
  });
});
