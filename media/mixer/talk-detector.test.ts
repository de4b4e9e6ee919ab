import { describe, expect, it } from 'vitest';
import { TalkDetector, dbovToMeanSquare, meanSquareToDbov } from './index.ts';

describe('TalkDetector', () => {
  it('update() when loud frames come → 1 after the onset, then 0 while talking', () => {
    const detector = new TalkDetector({ onsetFrames: 3, hangoverFrames: 2 });
    expect([true, true, true, true].map((l) => detector.update(l))).toEqual([0, 0, 1, 0]);
    expect([false, true, false, false].map((l) => detector.update(l))).toEqual([0, 0, 0, -1]);
  });

  it('update() when a single loud frame breaks a quiet run → no onset (run restarts)', () => {
    const detector = new TalkDetector({ onsetFrames: 2 });
    expect([true, false, true, false].map((l) => detector.update(l))).toEqual([0, 0, 0, 0]);
  });

  it('isLoudFrame() when at the threshold → true; 3 dB below → false', () => {
    const detector = new TalkDetector({ thresholdDbov: -30 });
    expect(detector.isLoudFrame(dbovToMeanSquare(-30))).toBe(true);
    expect(detector.isLoudFrame(dbovToMeanSquare(-33))).toBe(false);
    expect(meanSquareToDbov(dbovToMeanSquare(-12.5))).toBeCloseTo(-12.5, 9);
  });
});
