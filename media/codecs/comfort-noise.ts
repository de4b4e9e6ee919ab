import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';

/** The static payload type of CN at 8000 Hz (RFC 3551 §6, RFC 3389 §4). */
export const COMFORT_NOISE_PT = 13;

/**
 * True if `payloadType` carries comfort noise: the static 13, or the
 * dynamic type SDP bound to "CN" at another clock rate (RFC 3389 §4).
 */
export function isComfortNoise(
  payloadType: number,
  dynamicCnPayloadTypes?: ReadonlySet<number>,
): boolean {
  return payloadType === COMFORT_NOISE_PT || (dynamicCnPayloadTypes?.has(payloadType) ?? false);
}

/** The parameters of one SID frame (RFC 3389 §3). */
export interface ComfortNoiseParams {
  /** Noise level in −dBov, 0–127: 40 means −40 dBov. */
  readonly noiseLevel: number;
  /** Reflection coefficients of the all-pole noise model, each in (−1, 1). */
  readonly reflectionCoefficients: readonly number[];
}

/**
 * Parses a CN payload. RFC 3389 §3.1: the level's most significant bit is
 * "unused and always set to 0", so it is ignored rather than refused.
 * §3.2: each further octet N is a reflection coefficient (N − 127) / 128.
 */
export function parseComfortNoise(payload: Uint8Array): Result<ComfortNoiseParams> {
  if (payload.length === 0) return parseError('ERR_CN_EMPTY', 0, 'CN payload has 0 octets < 1');
  const reflectionCoefficients: number[] = [];
  for (let i = 1; i < payload.length; i++) reflectionCoefficients.push((payload[i]! - 127) / 128);
  return ok({ noiseLevel: payload[0]! & 0x7f, reflectionCoefficients });
}

/** Serializes CN parameters (the inverse of parseComfortNoise()). */
export function serializeComfortNoise(params: ComfortNoiseParams): Buffer {
  const out = Buffer.allocUnsafe(1 + params.reflectionCoefficients.length);
  out[0] = Math.max(0, Math.min(127, Math.round(params.noiseLevel)));
  params.reflectionCoefficients.forEach((k, i) => {
    out[i + 1] = Math.max(0, Math.min(254, Math.round(k * 128 + 127)));
  });
  return out;
}

/** Keeps the synthesis filter stable: |k| must stay below 1. */
const MAX_REFLECTION = 0.99;

/**
 * Generates comfort noise at the level (and, if given, spectral shape) of
 * the last SID frame. White noise drives the all-pole filter built from the
 * reflection coefficients; the excitation is scaled by √∏(1 − k²), the
 * filter's power gain, so the output RMS matches the level. The level is
 * taken relative to a full-scale square wave (RMS 32767), the dBov
 * reference of RFC 6464 §3.
 */
export class ComfortNoiseGenerator {
  #seed: number;
  #lpc: Float64Array = new Float64Array(0);
  #history: Float64Array = new Float64Array(0);
  #excitationRms = 0;

  constructor(
    params: ComfortNoiseParams = { noiseLevel: 127, reflectionCoefficients: [] },
    seed = 0x2545f491,
  ) {
    this.#seed = seed >>> 0 || 1;
    this.update(params);
  }

  /** Applies a new SID frame. */
  update(params: ComfortNoiseParams): void {
    const k = params.reflectionCoefficients.map((c) =>
      Math.max(-MAX_REFLECTION, Math.min(MAX_REFLECTION, c)),
    );
    // Step-up recursion from reflection to direct-form coefficients.
    let lpc = new Float64Array(0);
    for (let m = 0; m < k.length; m++) {
      const next = new Float64Array(m + 1);
      next[m] = k[m]!;
      for (let i = 0; i < m; i++) next[i] = lpc[i]! + k[m]! * lpc[m - i - 1]!;
      lpc = next;
    }
    let powerGain = 1;
    for (const c of k) powerGain *= 1 - c * c;
    const targetRms = 32767 * 10 ** (-params.noiseLevel / 20);
    this.#excitationRms = targetRms * Math.sqrt(powerGain);
    this.#lpc = lpc;
    if (this.#history.length !== lpc.length) this.#history = new Float64Array(lpc.length);
  }

  /** Fills `out` with noise; returns out.length. */
  generateInto(out: Int16Array): number {
    const lpc = this.#lpc;
    const history = this.#history;
    const order = lpc.length;
    // Uniform noise in [−1, 1) has variance 1/3.
    const scale = this.#excitationRms * Math.sqrt(3);
    for (let n = 0; n < out.length; n++) {
      let x = this.#next() * scale;
      for (let i = 0; i < order; i++) x -= lpc[i]! * history[i]!;
      for (let i = order - 1; i > 0; i--) history[i] = history[i - 1]!;
      if (order > 0) history[0] = x;
      out[n] = x >= 32767 ? 32767 : x <= -32768 ? -32768 : Math.round(x);
    }
    return out.length;
  }

  /** Returns `samples` new samples of noise. */
  generate(samples: number): Int16Array {
    const out = new Int16Array(samples);
    this.generateInto(out);
    return out;
  }

  /** xorshift32, mapped to [−1, 1). */
  #next(): number {
    let s = this.#seed;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.#seed = s >>> 0;
    return this.#seed / 0x80000000 - 1;
  }
}
