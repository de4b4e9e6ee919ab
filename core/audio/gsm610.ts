/*
 * GSM 06.10 full-rate speech decoder (ETSI EN 300 961; the reference is
 * libgsm by Degener and Bormann, whose fixed-point arithmetic this follows
 * so that the output is bit-exact with it, and so with sox). Each 20 ms
 * frame carries 260 bits of parameters that rebuild 160 samples at 8 kHz:
 *
 *   LARc[0..7]                 6 6 5 5 4 4 3 3 bits   (reflection coefficients)
 *   4 × { Nc 7, bc 2, Mc 2, xmaxc 6, xMc[0..12] 3 each }   (one per 40 samples)
 *
 * Decoding runs §4.3 of the standard: RPE decoding (§4.3.1, which reuses
 * §4.2.15–17), long-term synthesis (§4.3.2), the reflection coefficients
 * and short-term synthesis (§4.3.3–4, with the LAR interpolation of
 * §4.2.9), then de-emphasis and upscaling (§4.3.5–6).
 */

/** The decoded parameters of one 20 ms frame. */
export interface Gsm610Frame {
  /** Coded log-area ratios, LARc[1..8] of §4.2.8. */
  readonly larc: Int16Array;
  /** Per sub-frame: LTP lag, LTP gain, RPE grid, block maximum, pulses. */
  readonly nc: Int16Array;
  readonly bc: Int16Array;
  readonly mc: Int16Array;
  readonly xmaxc: Int16Array;
  /** 4 × 13 RPE pulses, 3 bits each. */
  readonly xmc: Int16Array;
}

/** Samples per frame at 8 kHz (20 ms). */
export const GSM610_FRAME_SAMPLES = 160;

const MIN_WORD = -32768;
const MAX_WORD = 32767;
const LARC_BITS = [6, 6, 5, 5, 4, 4, 3, 3] as const;
/** Normalised mantissas of the RPE block maximum (§4.2.16, libgsm gsm_FAC). */
const FAC = [18431, 20479, 22527, 24575, 26623, 28671, 30719, 32767] as const;
/** Decision levels of the LTP gain (§4.3.2, libgsm gsm_QLB). */
const QLB = [3277, 11469, 21299, 32767] as const;
/** B, MIC and INVA per coefficient, for LAR decoding (§4.2.8). */
const LAR_B = [0, 0, 2048, -2560, 94, -1792, -341, -1144] as const;
const LAR_MIC = [-32, -32, -16, -16, -8, -8, -4, -4] as const;
const LAR_INVA = [13107, 13107, 13107, 13107, 19223, 17476, 31454, 29708] as const;

function saturate(x: number): number {
  return x > MAX_WORD ? MAX_WORD : x < MIN_WORD ? MIN_WORD : x;
}

/** GSM_MULT_R of §4.1: a·b/2^15 rounded, with (−1)·(−1) saturated. */
function multR(a: number, b: number): number {
  if (a === MIN_WORD && b === MIN_WORD) return MAX_WORD;
  return (a * b + 16384) >> 15;
}

function asr(a: number, n: number): number {
  if (n >= 16) return a < 0 ? -1 : 0;
  if (n <= -16) return 0;
  return n < 0 ? a << -n : a >> n;
}

function asl(a: number, n: number): number {
  if (n >= 16) return 0;
  if (n <= -16) return a < 0 ? -1 : 0;
  return n < 0 ? asr(a, -n) : a << n;
}

/** Allocates an empty frame for the unpackers to fill. */
export function emptyGsm610Frame(): Gsm610Frame {
  return {
    larc: new Int16Array(8),
    nc: new Int16Array(4),
    bc: new Int16Array(4),
    mc: new Int16Array(4),
    xmaxc: new Int16Array(4),
    xmc: new Int16Array(52),
  };
}

/**
 * Fills `frame` from 260 bits read in the order of the table at the top,
 * by `read(bits)`; the raw and the WAV49 packings differ only in how
 * `read` takes bits from the bytes.
 */
export function readGsm610Fields(read: (bits: number) => number, frame: Gsm610Frame): void {
  for (let i = 0; i < 8; i++) frame.larc[i] = read(LARC_BITS[i]!);
  for (let s = 0; s < 4; s++) {
    frame.nc[s] = read(7);
    frame.bc[s] = read(2);
    frame.mc[s] = read(2);
    frame.xmaxc[s] = read(6);
    for (let i = 0; i < 13; i++) frame.xmc[s * 13 + i] = read(3);
  }
}

/**
 * The decoder state of one stream (§4.3): the long-term residual history,
 * the last lag, the LARs of the previous frame, the lattice filter memory
 * and the de-emphasis memory. Feed frames in order.
 */
export class Gsm610Decoder {
  /** drp[−120..39] of §4.3.2; index 120 is drp[0]. */
  private readonly dp = new Int16Array(160);
  private nrp = 40;
  private larppPrevious = new Int16Array(8);
  private larppCurrent = new Int16Array(8);
  private readonly v = new Int16Array(9);
  private msr = 0;
  private readonly erp = new Int16Array(40);
  private readonly xmp = new Int16Array(13);
  private readonly wt = new Int16Array(160);
  private readonly larp = new Int16Array(8);

  /** Decodes one frame into `out[at..at+160)`. */
  decodeInto(frame: Gsm610Frame, out: Int16Array, at: number): void {
    for (let s = 0; s < 4; s++) {
      this.rpeDecoding(frame.xmaxc[s]!, frame.mc[s]!, frame.xmc, s * 13);
      this.longTermSynthesis(frame.nc[s]!, frame.bc[s]!);
      this.wt.set(this.dp.subarray(120, 160), s * 40);
    }
    this.shortTermSynthesis(frame.larc, out, at);
    // §4.3.5 de-emphasis, §4.3.6 truncation to 13 bits and upscaling.
    let msr = this.msr;
    for (let k = at; k < at + GSM610_FRAME_SAMPLES; k++) {
      msr = saturate(out[k]! + multR(msr, 28180));
      out[k] = saturate(msr + msr) & ~7;
    }
    this.msr = msr;
  }

  /** §4.2.15–17: block maximum to exponent and mantissa, pulses, grid. */
  private rpeDecoding(xmaxc: number, mc: number, xmc: Int16Array, from: number): void {
    let exp = xmaxc > 15 ? (xmaxc >> 3) - 1 : 0;
    let mant = xmaxc - (exp << 3);
    if (mant === 0) {
      exp = -4;
      mant = 7;
    } else {
      while (mant <= 7) {
        mant = (mant << 1) | 1;
        exp--;
      }
      mant -= 8;
    }
    const fac = FAC[mant]!;
    const shift = 6 - exp;
    const round = asl(1, shift - 1);
    for (let i = 0; i < 13; i++) {
      // A 3-bit code is the odd level 2·x − 7, placed in the top bits.
      const level = ((xmc[from + i]! << 1) - 7) << 12;
      this.xmp[i] = asr(saturate(multR(fac, level) + round), shift);
    }
    this.erp.fill(0);
    for (let i = 0; i < 13; i++) this.erp[mc + 3 * i] = this.xmp[i]!;
  }

  /** §4.3.2: drp[k] = erp[k] + b·drp[k − N], then shift the history. */
  private longTermSynthesis(ncr: number, bcr: number): void {
    // Lags outside 40..120 cannot be sent; the previous one is kept.
    const nr = ncr < 40 || ncr > 120 ? this.nrp : ncr;
    this.nrp = nr;
    const brp = QLB[bcr]!;
    const dp = this.dp;
    for (let k = 0; k < 40; k++) {
      dp[120 + k] = saturate(this.erp[k]! + multR(brp, dp[120 + k - nr]!));
    }
    dp.copyWithin(0, 40, 160);
  }

  /** §4.2.8 LAR decoding, §4.2.9 interpolation, §4.3.4 lattice filter. */
  private shortTermSynthesis(larc: Int16Array, out: Int16Array, at: number): void {
    const previous = this.larppCurrent;
    const current = this.larppPrevious;
    for (let i = 0; i < 8; i++) {
      let temp = saturate(larc[i]! + LAR_MIC[i]!) << 10;
      temp = saturate(temp - (LAR_B[i]! << 1));
      temp = multR(LAR_INVA[i]!, temp);
      current[i] = saturate(temp + temp);
    }
    this.larppPrevious = previous;
    this.larppCurrent = current;
    const larp = this.larp;
    for (let i = 0; i < 8; i++) {
      const p = previous[i]!;
      const c = current[i]!;
      larp[i] = saturate(saturate((p >> 2) + (c >> 2)) + (p >> 1));
    }
    this.lattice(13, out, at, 0);
    for (let i = 0; i < 8; i++) larp[i] = saturate((previous[i]! >> 1) + (current[i]! >> 1));
    this.lattice(14, out, at, 13);
    for (let i = 0; i < 8; i++) {
      const p = previous[i]!;
      const c = current[i]!;
      larp[i] = saturate(saturate((p >> 2) + (c >> 2)) + (c >> 1));
    }
    this.lattice(13, out, at, 27);
    larp.set(current);
    this.lattice(120, out, at, 40);
  }

  /** §4.2.9.2 LARp to reflection coefficients, then §4.3.4 filtering. */
  private lattice(count: number, out: Int16Array, at: number, from: number): void {
    const rrp = this.larp;
    for (let i = 0; i < 8; i++) {
      const value = rrp[i]!;
      const temp = value < 0 ? (value === MIN_WORD ? MAX_WORD : -value) : value;
      const r =
        temp < 11059 ? temp << 1 : temp < 20070 ? temp + 11059 : saturate((temp >> 2) + 26112);
      rrp[i] = value < 0 ? -r : r;
    }
    const v = this.v;
    for (let k = from; k < from + count; k++) {
      let sri = this.wt[k]!;
      for (let i = 7; i >= 0; i--) {
        const coefficient = rrp[i]!;
        sri = saturate(sri - multR(coefficient, v[i]!));
        v[i + 1] = saturate(v[i]! + multR(coefficient, sri));
      }
      v[0] = sri;
      out[at + k] = sri;
    }
  }
}
