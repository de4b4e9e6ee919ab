import {
  G722Band,
  IHN,
  IHP,
  ILN,
  ILP,
  Q6,
  QM2,
  QM4,
  QM6,
  QMF_COEFFS,
  saturate,
} from './g722-band.ts';

/*
 * ITU-T G.722 at 64 kbit/s (mode 1): 16 kHz PCM in, one octet out per two
 * samples. A 24-tap QMF splits the signal into a 0–4 kHz band coded with 6
 * bits and a 4–8 kHz band coded with 2 bits per 8 kHz sample; each octet is
 * (ihigh << 6) | ilow (G.722 §1.4). The encoder and decoder are stateful, so
 * each direction of each stream needs its own instance.
 */

/** G.722 encoder, 64 kbit/s. */
export class G722Encoder {
  readonly #low = new G722Band(32);
  readonly #high = new G722Band(8);
  /** Transmit QMF delay line. */
  readonly #x = new Int32Array(24);

  /** Encodes `pcm` (16 kHz, even length) into `out`; returns the octets written. */
  encodeInto(pcm: Int16Array, out: Uint8Array): number {
    const n = pcm.length >> 1;
    if (out.length < n) throw new RangeError(`output holds ${out.length} octets < ${n}`);
    const x = this.#x;
    for (let k = 0; k < n; k++) {
      // Transmit QMF (G.722 §3.1): shift in two samples, keep every other output.
      x.copyWithin(0, 2);
      x[22] = pcm[2 * k]!;
      x[23] = pcm[2 * k + 1]!;
      let sumOdd = 0;
      let sumEven = 0;
      for (let i = 0; i < 12; i++) {
        sumOdd += x[2 * i]! * QMF_COEFFS[i]!;
        sumEven += x[2 * i + 1]! * QMF_COEFFS[11 - i]!;
      }
      const xlow = (sumEven + sumOdd) >> 14;
      const xhigh = (sumEven - sumOdd) >> 14;
      out[k] = (this.#encodeHigh(xhigh) << 6) | this.#encodeLow(xlow);
    }
    return n;
  }

  /** Encodes `pcm` to a new Buffer. */
  encode(pcm: Int16Array): Buffer {
    const out = Buffer.allocUnsafe(pcm.length >> 1);
    this.encodeInto(pcm, out);
    return out;
  }

  #encodeLow(xlow: number): number {
    const band = this.#low;
    // SUBTRA and QUANTL: find the decision interval of |el|.
    const el = saturate(xlow - band.s);
    const wd = el >= 0 ? el : -(el + 1);
    let i = 1;
    for (; i < 30; i++) {
      if (wd < (Q6[i]! * band.det) >> 12) break;
    }
    const ilow = el < 0 ? ILN[i]! : ILP[i]!;
    // INVQAL on the 4 most significant bits feeds the predictor.
    const ril = ilow >> 2;
    const dlow = (band.det * QM4[ril]!) >> 15;
    band.adaptLow(ril);
    band.update(dlow);
    return ilow;
  }

  #encodeHigh(xhigh: number): number {
    const band = this.#high;
    // SUBTRA and QUANTH.
    const eh = saturate(xhigh - band.s);
    const wd = eh >= 0 ? eh : -(eh + 1);
    const mih = wd >= (564 * band.det) >> 12 ? 2 : 1;
    const ihigh = eh < 0 ? IHN[mih]! : IHP[mih]!;
    const dhigh = (band.det * QM2[ihigh]!) >> 15;
    band.adaptHigh(ihigh);
    band.update(dhigh);
    return ihigh;
  }
}

/** G.722 decoder, 64 kbit/s. */
export class G722Decoder {
  readonly #low = new G722Band(32);
  readonly #high = new G722Band(8);
  /** Receive QMF delay line. */
  readonly #x = new Int32Array(24);

  /**
   * Decodes `codes` into `out` (two 16 kHz samples per octet) and returns
   * the samples written.
   */
  decodeInto(codes: Uint8Array, out: Int16Array): number {
    const n = codes.length;
    if (out.length < 2 * n) throw new RangeError(`output holds ${out.length} samples < ${2 * n}`);
    const x = this.#x;
    for (let k = 0; k < n; k++) {
      const code = codes[k]!;
      const rlow = this.#decodeLow(code & 0x3f);
      const rhigh = this.#decodeHigh((code >> 6) & 0x03);
      // Receive QMF (G.722 §4.4): two output samples per sub-band pair.
      x.copyWithin(0, 2);
      x[22] = rlow + rhigh;
      x[23] = rlow - rhigh;
      let out1 = 0;
      let out2 = 0;
      for (let i = 0; i < 12; i++) {
        out2 += x[2 * i]! * QMF_COEFFS[i]!;
        out1 += x[2 * i + 1]! * QMF_COEFFS[11 - i]!;
      }
      out[2 * k] = saturate(out1 >> 11);
      out[2 * k + 1] = saturate(out2 >> 11);
    }
    return 2 * n;
  }

  /** Decodes `codes` to new 16 kHz PCM. */
  decode(codes: Uint8Array): Int16Array {
    const out = new Int16Array(codes.length * 2);
    this.decodeInto(codes, out);
    return out;
  }

  #decodeLow(ilow: number): number {
    const band = this.#low;
    // INVQBL and RECONS with all 6 bits, then LIMIT.
    const wd2 = (band.det * QM6[ilow]!) >> 15;
    let rlow = band.s + wd2;
    rlow = rlow > 16383 ? 16383 : rlow < -16384 ? -16384 : rlow;
    // INVQAL with the 4 most significant bits drives adaptation, as in the encoder.
    const ril = ilow >> 2;
    const dlow = (band.det * QM4[ril]!) >> 15;
    band.adaptLow(ril);
    band.update(dlow);
    return rlow;
  }

  #decodeHigh(ihigh: number): number {
    const band = this.#high;
    const dhigh = (band.det * QM2[ihigh]!) >> 15;
    let rhigh = dhigh + band.s;
    rhigh = rhigh > 16383 ? 16383 : rhigh < -16384 ? -16384 : rhigh;
    band.adaptHigh(ihigh);
    band.update(dhigh);
    return rhigh;
  }
}
