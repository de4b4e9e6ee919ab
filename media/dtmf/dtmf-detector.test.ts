import { describe, expect, test } from 'vitest';
import { DTMF_COLUMN_HZ, DTMF_ROW_HZ, DtmfDetector } from './dtmf-detector.ts';
import { DTMF_DIGITS } from './dtmf-digit.ts';
import type { DtmfEvent } from './dtmf-digit.ts';

const RATE = 8000;
const KEYS = DTMF_DIGITS.filter((d) => d !== 'F');
const ZERO_DBM0 = 22_750;

/** A small deterministic PRNG so noise is the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x1_0000_0000;
  };
}

function keyFrequencies(digit: string): [number, number] {
  const layout = ['123A', '456B', '789C', '*0#D'];
  const row = layout.findIndex((r) => r.includes(digit));
  const column = layout[row]?.indexOf(digit) ?? 0;
  return [DTMF_ROW_HZ[row] ?? 0, DTMF_COLUMN_HZ[column] ?? 0];
}

/** Builds PCM: a list of [digit or null for silence, ms] at a per-tone level in dBm0. */
function synth(
  parts: [string | null, number][],
  levelDbm0: number,
  noiseDbm0?: number,
  seed = 1,
): Int16Array {
  const total = parts.reduce((n, [, ms]) => n + (ms * RATE) / 1000, 0);
  const out = new Int16Array(total);
  const amplitude = ZERO_DBM0 * 10 ** (levelDbm0 / 20);
  const noise = noiseDbm0 === undefined ? 0 : ZERO_DBM0 * 10 ** (noiseDbm0 / 20);
  const rand = prng(seed);
  let i = 0;
  for (const [digit, ms] of parts) {
    const [f1, f2] = digit === null ? [0, 0] : keyFrequencies(digit);
    for (let k = 0; k < (ms * RATE) / 1000; k++, i++) {
      const t = i / RATE;
      const tone =
        digit === null
          ? 0
          : amplitude * (Math.sin(2 * Math.PI * f1 * t) + Math.sin(2 * Math.PI * f2 * t));
      out[i] = Math.round(tone + noise * (rand() * 2 - 1) * Math.sqrt(3));
    }
  }
  return out;
}

/** Runs a detector over PCM in 160-sample frames and returns the begun digits. */
function detect(pcm: Int16Array, frame = 160): { digits: string; events: DtmfEvent[] } {
  const detector = new DtmfDetector();
  const events: DtmfEvent[] = [];
  for (let i = 0; i < pcm.length; i += frame)
    events.push(...detector.process(pcm.subarray(i, i + frame)));
  events.push(...detector.flush());
  return {
    digits: events
      .filter((e) => e.kind === 'begin')
      .map((e) => e.digit)
      .join(''),
    events,
  };
}

describe('DtmfDetector', () => {
  test.each([-3, -10, -20, -30])(
    'DtmfDetector.process() when all 16 keys at %d dBm0 with 50 ms gaps → each detected once',
    (level) => {
      const parts: [string | null, number][] = [[null, 30]];
      for (const key of KEYS) parts.push([key, 60], [null, 50]);
      expect(detect(synth(parts, level)).digits).toBe(KEYS.join(''));
    },
  );

  test('DtmfDetector.process() when keys are played over noise 20 dB down → detected exactly', () => {
    const parts: [string | null, number][] = KEYS.flatMap((k): [string | null, number][] => [
      [k, 80],
      [null, 60],
    ]);
    expect(detect(synth(parts, -15, -35, 7)).digits).toBe(KEYS.join(''));
  });

  test('DtmfDetector.process() when frames have odd sizes → same result as 160-sample frames', () => {
    const pcm = synth(
      [
        ['5', 100],
        [null, 60],
        ['#', 100],
        [null, 40],
      ],
      -10,
    );
    expect(detect(pcm, 37).digits).toBe('5#');
  });

  test('DtmfDetector.process() when a key is held 400 ms → one begin and one end with its duration', () => {
    const { events } = detect(
      synth(
        [
          [null, 20],
          ['7', 400],
          [null, 100],
        ],
        -10,
      ),
    );
    expect(events.map((e) => e.kind)).toEqual(['begin', 'end']);
    expect(events[1]?.durationMs).toBeGreaterThan(370);
    expect(events[1]?.durationMs).toBeLessThan(430);
  });

  test('DtmfDetector.process() when the same key repeats after a 40 ms pause → two digits', () => {
    expect(
      detect(
        synth(
          [
            ['1', 60],
            [null, 40],
            ['1', 60],
            [null, 60],
          ],
          -10,
        ),
      ).digits,
    ).toBe('11');
  });

  test('DtmfDetector.process() when a tone lasts 40 ms at any alignment → detected; 20 ms → not (Q.24)', () => {
    for (const key of KEYS) {
      for (let offset = 0; offset < 13; offset++) {
        expect(
          detect(
            synth(
              [
                [null, offset],
                [key, 40],
                [null, 60],
              ],
              -10,
            ),
          ).digits,
        ).toBe(key);
        expect(
          detect(
            synth(
              [
                [null, offset],
                [key, 20],
                [null, 60],
              ],
              -10,
            ),
          ).digits,
        ).toBe('');
      }
    }
  });

  test('DtmfDetector.process() when the column is 6 dB below the row (twist) → still detected', () => {
    const pcm = new Int16Array(4000);
    for (let i = 0; i < pcm.length; i++) {
      const t = i / RATE;
      pcm[i] = Math.round(
        6000 * Math.sin(2 * Math.PI * 852 * t) + 3000 * Math.sin(2 * Math.PI * 1477 * t),
      );
    }
    expect(detect(pcm).digits).toBe('9');
  });

  test('DtmfDetector.process() when given white noise → no digits', () => {
    expect(detect(synth([[null, 3000]], -10, -10, 3)).digits).toBe('');
  });

  test('DtmfDetector.process() when given single DTMF frequencies → no digits', () => {
    for (const f of [...DTMF_ROW_HZ, ...DTMF_COLUMN_HZ]) {
      const pcm = new Int16Array(2400).map((_, i) =>
        Math.round(8000 * Math.sin((2 * Math.PI * f * i) / RATE)),
      );
      expect(detect(pcm).digits).toBe('');
    }
  });

  test('DtmfDetector.process() when given speech-like harmonics with formant modulation → no digits', () => {
    // Voiced speech: a gliding pitch with many harmonics shaped by moving formants.
    const rand = prng(11);
    const pcm = new Int16Array(RATE * 10);
    let phase = 0;
    for (let i = 0; i < pcm.length; i++) {
      const t = i / RATE;
      const f0 =
        90 +
        140 * (0.5 + 0.5 * Math.sin(2 * Math.PI * 0.7 * t)) +
        20 * Math.sin(2 * Math.PI * 5 * t);
      phase += (2 * Math.PI * f0) / RATE;
      const f1 = 500 + 300 * Math.sin(2 * Math.PI * 2.1 * t);
      const f2 = 1500 + 700 * Math.sin(2 * Math.PI * 1.3 * t + 1);
      let s = 0;
      for (let h = 1; h * f0 < 3800; h++) {
        const fh = h * f0;
        const gain = 1 / (1 + ((fh - f1) / 150) ** 2) + 0.6 / (1 + ((fh - f2) / 200) ** 2) + 0.02;
        s += gain * Math.sin(h * phase);
      }
      const syllable = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
      pcm[i] = Math.max(
        -32768,
        Math.min(32767, Math.round(4000 * syllable * s + 50 * (rand() - 0.5))),
      );
    }
    expect(detect(pcm).digits).toBe('');
  });

  test('DtmfDetector.process() when two keys sound at once → no digit (relative peak)', () => {
    const a = synth([['1', 200]], -10);
    const b = synth([['9', 200]], -10);
    const mixed = a.map((v, i) => Math.max(-32768, Math.min(32767, v + (b[i] ?? 0))));
    expect(detect(mixed).digits).toBe('');
  });
});
