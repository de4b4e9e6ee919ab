/*
 * ITU-T G.722 sub-band ADPCM: tables and the adaptive predictor shared by
 * the encoder and decoder. Block names (QUANTL, INVQAL, LOGSCL, SCALEL,
 * UPPOL1, UPPOL2, UPZERO, FILTEP, FILTEZ, PREDIC) follow G.722 §3 and §6,
 * and the fixed-point arithmetic follows the standard's integer reference so
 * that encoder and decoder stay in lock step.
 */

/** Saturates to a signed 16-bit value, as the reference's limiter does. */
export function saturate(value: number): number {
  return value > 32767 ? 32767 : value < -32768 ? -32768 : value;
}

/** The transmit and receive QMF coefficients (G.722 Table 11), one half. */
export const QMF_COEFFS = [3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11] as const;

/** QUANTL decision levels, scaled (G.722 Table 6). */
export const Q6 = [
  0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023,
  1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0,
] as const;
/** QUANTL output codes for negative differences. */
export const ILN = [
  0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10,
  9, 8, 7, 6, 5, 4, 0,
] as const;
/** QUANTL output codes for positive differences. */
export const ILP = [
  0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38,
  37, 36, 35, 34, 33, 32, 0,
] as const;
/** LOGSCL log-scale factor multipliers (G.722 Table 7). */
const WL = [-60, -30, 58, 172, 334, 538, 1198, 3042] as const;
/** Maps a 4-bit low-band code to its WL index. */
const RL42 = [0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0] as const;
/** SCALEL/SCALEH antilog table (G.722 Table 8). */
const ILB = [
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
  2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
] as const;
/** INVQAL 4-bit inverse quantizer outputs (G.722 Table 6). */
export const QM4 = [
  0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200,
  0,
] as const;
/** INVQBL 6-bit inverse quantizer outputs, for the 64 kbit/s decoder. */
export const QM6 = [
  -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232,
  -9360, -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400,
  -2032, -1688, -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232,
  9360, 8576, 7856, 7192, 6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688,
  1360, 1040, 728, 432, 136, -432, -136,
] as const;
/** INVQAH 2-bit inverse quantizer outputs (G.722 Table 9). */
export const QM2 = [-7408, -1616, 7408, 1616] as const;
/** QUANTH output codes for negative and positive differences. */
export const IHN = [0, 1, 0] as const;
export const IHP = [0, 3, 2] as const;
/** LOGSCH log-scale factor multipliers (G.722 Table 10). */
const WH = [0, -214, 798] as const;
const RH2 = [2, 1, 2, 1] as const;

/** The adaptive predictor state of one sub-band. */
export class G722Band {
  /** Signal estimate s. */
  s = 0;
  /** Pole-section estimate. */
  sp = 0;
  /** Zero-section estimate. */
  sz = 0;
  /** Reconstructed signal r, current and two past. */
  readonly r = [0, 0, 0];
  /** Pole-section coefficients a1, a2 (index 0 unused). */
  readonly a = [0, 0, 0];
  readonly ap = [0, 0, 0];
  /** Partially reconstructed signal p, current and two past. */
  readonly p = [0, 0, 0];
  /** Quantized differences, current and six past. */
  readonly d = [0, 0, 0, 0, 0, 0, 0];
  /** Zero-section coefficients b1..b6 (index 0 unused). */
  readonly b = [0, 0, 0, 0, 0, 0, 0];
  readonly bp = [0, 0, 0, 0, 0, 0, 0];
  readonly sg = [0, 0, 0, 0, 0, 0, 0];
  /** Log scale factor. */
  nb = 0;
  /** Scale factor (quantizer step size). */
  det: number;

  constructor(initialDet: number) {
    this.det = initialDet;
  }

  /** LOGSCL and SCALEL: adapts the low-band scale factor from code `ril` (4 bits). */
  adaptLow(ril: number): void {
    let nb = ((this.nb * 127) >> 7) + WL[RL42[ril]!]!;
    nb = nb < 0 ? 0 : nb > 18432 ? 18432 : nb;
    this.nb = nb;
    this.det = scale(nb, 8);
  }

  /** LOGSCH and SCALEH: adapts the high-band scale factor from code `ihigh`. */
  adaptHigh(ihigh: number): void {
    let nb = ((this.nb * 127) >> 7) + WH[RH2[ihigh]!]!;
    nb = nb < 0 ? 0 : nb > 22528 ? 22528 : nb;
    this.nb = nb;
    this.det = scale(nb, 10);
  }

  /**
   * Block 4: reconstruction, pole and zero predictor adaptation (UPPOL2,
   * UPPOL1, UPZERO), delays and the new signal estimate (FILTEP, FILTEZ,
   * PREDIC), given the quantized difference `dx`.
   */
  update(dx: number): void {
    const { r, a, ap, p, d, b, bp, sg } = this;
    d[0] = dx;
    r[0] = saturate(this.s + dx);
    p[0] = saturate(this.sz + dx);

    // UPPOL2.
    for (let i = 0; i < 3; i++) sg[i] = p[i]! >> 15;
    const wd1 = saturate(a[1]! << 2);
    let wd2 = sg[0] === sg[1] ? -wd1 : wd1;
    if (wd2 > 32767) wd2 = 32767;
    let wd3 = (wd2 >> 7) + (sg[0] === sg[2] ? 128 : -128);
    wd3 += (a[2]! * 32512) >> 15;
    ap[2] = wd3 > 12288 ? 12288 : wd3 < -12288 ? -12288 : wd3;

    // UPPOL1.
    sg[0] = p[0]! >> 15;
    sg[1] = p[1]! >> 15;
    const step = sg[0] === sg[1] ? 192 : -192;
    ap[1] = saturate(step + ((a[1]! * 32640) >> 15));
    const limit = saturate(15360 - ap[2]!);
    if (ap[1]! > limit) ap[1] = limit;
    else if (ap[1]! < -limit) ap[1] = -limit;

    // UPZERO.
    const gain = dx === 0 ? 0 : 128;
    sg[0] = dx >> 15;
    for (let i = 1; i < 7; i++) {
      sg[i] = d[i]! >> 15;
      const sign = sg[i] === sg[0] ? gain : -gain;
      bp[i] = saturate(sign + ((b[i]! * 32640) >> 15));
    }

    // DELAYA, DELAYL.
    for (let i = 6; i > 0; i--) {
      d[i] = d[i - 1]!;
      b[i] = bp[i]!;
    }
    for (let i = 2; i > 0; i--) {
      r[i] = r[i - 1]!;
      p[i] = p[i - 1]!;
      a[i] = ap[i]!;
    }

    // FILTEP.
    const pole1 = (a[1]! * saturate(r[1]! + r[1]!)) >> 15;
    const pole2 = (a[2]! * saturate(r[2]! + r[2]!)) >> 15;
    this.sp = saturate(pole1 + pole2);

    // FILTEZ.
    let sz = 0;
    for (let i = 6; i > 0; i--) sz += (b[i]! * saturate(d[i]! + d[i]!)) >> 15;
    this.sz = saturate(sz);

    // PREDIC.
    this.s = saturate(this.sp + this.sz);
  }
}

/** SCALEL/SCALEH: the antilog of the log scale factor `nb`. */
function scale(nb: number, bias: number): number {
  const wd1 = (nb >> 6) & 31;
  const wd2 = bias - (nb >> 11);
  const wd3 = wd2 < 0 ? ILB[wd1]! << -wd2 : ILB[wd1]! >> wd2;
  return wd3 << 2;
}
