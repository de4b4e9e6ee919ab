import { describe, expect, it } from 'vitest';
import { CODEC_IMPAIRMENT, delayImpairment, estimateMos, rFactor, rToMos } from './index.ts';

describe('E-model (ITU-T G.107 simplified)', () => {
  it('estimateMos() when G.711 has no loss and low delay → about 4.4', () => {
    const mos = estimateMos({
      oneWayDelayMs: 20,
      packetLossPercent: 0,
      codec: CODEC_IMPAIRMENT.g711,
    });
    expect(mos).toBeGreaterThan(4.35);
    expect(mos).toBeLessThan(4.45);
  });

  it('rFactor() when every impairment is at its default → 93.2', () => {
    expect(rFactor({ oneWayDelayMs: 0, packetLossPercent: 0, codec: CODEC_IMPAIRMENT.g711 })).toBe(
      93.2,
    );
  });

  it('rToMos() when at the G.107 Annex B anchor points → the table values', () => {
    expect(rToMos(93.2)).toBeCloseTo(4.41, 2);
    expect(rToMos(80)).toBeCloseTo(4.02, 2);
    expect(rToMos(50)).toBeCloseTo(2.58, 2);
    expect(rToMos(-5)).toBe(1);
    expect(rToMos(120)).toBe(4.5);
  });

  it('estimateMos() when loss grows → MOS falls monotonically', () => {
    for (const codec of Object.values(CODEC_IMPAIRMENT)) {
      let previous = Infinity;
      for (let loss = 0; loss <= 100; loss += 0.5) {
        const mos = estimateMos({ oneWayDelayMs: 50, packetLossPercent: loss, codec });
        expect(mos).toBeLessThanOrEqual(previous);
        previous = mos;
      }
      expect(previous).toBeLessThan(1.6);
    }
  });

  it('estimateMos() when delay grows → MOS falls, faster beyond 177.3 ms', () => {
    expect(delayImpairment(100)).toBeCloseTo(2.4);
    expect(delayImpairment(300)).toBeCloseTo(0.024 * 300 + 0.11 * (300 - 177.3));
    const at = (d: number): number =>
      estimateMos({ oneWayDelayMs: d, packetLossPercent: 1, codec: CODEC_IMPAIRMENT.g711 });
    expect(at(150)).toBeLessThan(at(50));
    expect(at(400)).toBeLessThan(at(150));
  });

  it('estimateMos() when loss is bursty → MOS is lower than for random loss', () => {
    const base = { oneWayDelayMs: 50, packetLossPercent: 5, codec: CODEC_IMPAIRMENT.g711 };
    expect(estimateMos({ ...base, burstRatio: 2 })).toBeLessThan(estimateMos(base));
  });
});
