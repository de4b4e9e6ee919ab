/*
 * A simplified ITU-T G.107 E-model giving a listening-quality MOS estimate
 * per stream from one-way delay and packet loss. All other impairments take
 * their G.107 defaults, so R0 − Is = 93.2 and the advantage factor A = 0.
 */

/** Codec impairment parameters of ITU-T G.113 Appendix I. */
export interface CodecImpairment {
  /** Equipment impairment factor Ie at zero loss. */
  readonly ie: number;
  /** Packet-loss robustness factor Bpl. */
  readonly bpl: number;
}

/**
 * Impairment values per codec (G.113 Appendix I). G.722 and Opus are
 * wideband; in this narrowband model they are scored like G.711 with PLC,
 * which understates them slightly.
 */
export const CODEC_IMPAIRMENT = {
  /** G.711 with the packet loss concealment of G.711 Appendix I. */
  g711: { ie: 0, bpl: 25.1 },
  /** G.711 without packet loss concealment. */
  g711NoPlc: { ie: 0, bpl: 4.3 },
  g729a: { ie: 11, bpl: 19 },
  g722: { ie: 0, bpl: 25.1 },
  opus: { ie: 0, bpl: 25.1 },
} as const satisfies Record<string, CodecImpairment>;

/** Inputs of estimateMos(). */
export interface EModelInput {
  /** Mouth-to-ear one-way delay Ta in ms. */
  readonly oneWayDelayMs: number;
  /** Packet loss Ppl in percent, 0–100. */
  readonly packetLossPercent: number;
  readonly codec: CodecImpairment;
  /** BurstR of G.107 §7.5: 1 for random loss, above 1 for bursty loss. */
  readonly burstRatio?: number;
}

/** R0 − Is with every G.107 default (G.107 §7.7). */
const R_DEFAULT = 93.2;

/**
 * Delay impairment Id. This is the piecewise-linear fit of G.107's Idd and
 * Idte for default echo settings (Cole and Rosenbluth, 2001), accurate to
 * about 1 R point below 400 ms.
 */
export function delayImpairment(oneWayDelayMs: number): number {
  const ta = Math.max(0, oneWayDelayMs);
  return 0.024 * ta + (ta > 177.3 ? 0.11 * (ta - 177.3) : 0);
}

/** Effective equipment impairment Ie,eff (G.107 §7.5, formula 7-29). */
export function effectiveEquipmentImpairment(
  packetLossPercent: number,
  codec: CodecImpairment,
  burstRatio = 1,
): number {
  const ppl = Math.min(100, Math.max(0, packetLossPercent));
  return codec.ie + ((95 - codec.ie) * ppl) / (ppl / burstRatio + codec.bpl);
}

/** The transmission rating factor R. */
export function rFactor(input: EModelInput): number {
  return (
    R_DEFAULT -
    delayImpairment(input.oneWayDelayMs) -
    effectiveEquipmentImpairment(input.packetLossPercent, input.codec, input.burstRatio)
  );
}

/** MOS-CQE from R (G.107 Annex B, formula B-4). */
export function rToMos(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  // The cubic dips just below 1 for R under 6.5; the scale floor is 1.
  return Math.max(1, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6);
}

/** Estimated MOS (1–4.5) of a stream. */
export function estimateMos(input: EModelInput): number {
  return rToMos(rFactor(input));
}
