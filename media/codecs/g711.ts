/*
 * ITU-T G.711 µ-law and A-law, table driven. The tables are built once from
 * the reference algorithms of the ITU-T G.191 Software Tool Library
 * (g711.c: ulaw_compress/ulaw_expand, alaw_compress/alaw_expand), so the
 * output is bit-exact with it. µ-law depends only on the top 14 bits of a
 * 16-bit sample and A-law on the top 12, so the encode tables are indexed
 * by the shifted sample: 16 KiB and 4 KiB.
 */

/** G.191 ulaw_compress for one 16-bit sample. */
function ulawCompressReference(sample: number): number {
  let absno = sample < 0 ? (~sample >> 2) + 33 : (sample >> 2) + 33;
  if (absno > 0x1fff) absno = 0x1fff;
  let segno = 1;
  for (let i = absno >> 6; i !== 0; i >>= 1) segno++;
  const highNibble = 0x08 - segno;
  const lowNibble = 0x0f - ((absno >> segno) & 0x0f);
  const code = (highNibble << 4) | lowNibble;
  return sample >= 0 ? code | 0x80 : code;
}

/** G.191 ulaw_expand for one code. */
function ulawExpandReference(code: number): number {
  const sign = code < 0x80 ? -1 : 1;
  const inverted = ~code;
  const exponent = (inverted >> 4) & 0x07;
  const mantissa = inverted & 0x0f;
  const step = 4 << (exponent + 1);
  return sign * ((0x80 << exponent) + step * mantissa + step / 2 - 4 * 33);
}

/** G.191 alaw_compress for one 16-bit sample. */
function alawCompressReference(sample: number): number {
  // One's complement of negative values, as the reference does.
  let ix = sample < 0 ? ~sample >> 4 : sample >> 4;
  if (ix > 15) {
    let iexp = 1;
    while (ix > 16 + 15) {
      ix >>= 1;
      iexp++;
    }
    ix -= 16;
    ix += iexp << 4;
  }
  if (sample >= 0) ix |= 0x80;
  return ix ^ 0x55;
}

/** G.191 alaw_expand for one code. */
function alawExpandReference(code: number): number {
  const ix = (code ^ 0x55) & 0x7f;
  const iexp = ix >> 4;
  let mant = ix & 0x0f;
  if (iexp > 0) mant += 16;
  mant = (mant << 4) + 0x08;
  if (iexp > 1) mant <<= iexp - 1;
  return code > 127 ? mant : -mant;
}

function buildDecodeTable(expand: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code++) table[code] = expand(code);
  return table;
}

function buildEncodeTable(compress: (sample: number) => number, shift: number): Uint8Array {
  const size = 0x10000 >> shift;
  const table = new Uint8Array(size);
  for (let index = 0; index < size; index++) {
    // The index is the top bits of the sample; sign-extend it back.
    const sample = ((index << shift) << 16) >> 16;
    table[index] = compress(sample);
  }
  return table;
}

const ULAW_SHIFT = 2;
const ALAW_SHIFT = 4;
const ULAW_DECODE = buildDecodeTable(ulawExpandReference);
const ALAW_DECODE = buildDecodeTable(alawExpandReference);
const ULAW_ENCODE = buildEncodeTable(ulawCompressReference, ULAW_SHIFT);
const ALAW_ENCODE = buildEncodeTable(alawCompressReference, ALAW_SHIFT);
const ULAW_MASK = ULAW_ENCODE.length - 1;
const ALAW_MASK = ALAW_ENCODE.length - 1;

/** Encodes one 16-bit sample to µ-law. */
export function linearToUlaw(sample: number): number {
  return ULAW_ENCODE[(sample >> ULAW_SHIFT) & ULAW_MASK]!;
}

/** Decodes one µ-law code to a 16-bit sample. */
export function ulawToLinear(code: number): number {
  return ULAW_DECODE[code & 0xff]!;
}

/** Encodes one 16-bit sample to A-law. */
export function linearToAlaw(sample: number): number {
  return ALAW_ENCODE[(sample >> ALAW_SHIFT) & ALAW_MASK]!;
}

/** Decodes one A-law code to a 16-bit sample. */
export function alawToLinear(code: number): number {
  return ALAW_DECODE[code & 0xff]!;
}

/** Encodes `pcm` to µ-law into `out` (length ≥ pcm.length); returns the count. */
export function encodeUlawInto(pcm: Int16Array, out: Uint8Array): number {
  const n = pcm.length;
  checkRoom(n, out.length);
  for (let i = 0; i < n; i++) out[i] = ULAW_ENCODE[(pcm[i]! >> ULAW_SHIFT) & ULAW_MASK]!;
  return n;
}

/** Decodes µ-law `codes` into `out` (length ≥ codes.length); returns the count. */
export function decodeUlawInto(codes: Uint8Array, out: Int16Array): number {
  const n = codes.length;
  checkRoom(n, out.length);
  for (let i = 0; i < n; i++) out[i] = ULAW_DECODE[codes[i]!]!;
  return n;
}

/** Encodes `pcm` to A-law into `out` (length ≥ pcm.length); returns the count. */
export function encodeAlawInto(pcm: Int16Array, out: Uint8Array): number {
  const n = pcm.length;
  checkRoom(n, out.length);
  for (let i = 0; i < n; i++) out[i] = ALAW_ENCODE[(pcm[i]! >> ALAW_SHIFT) & ALAW_MASK]!;
  return n;
}

/** Decodes A-law `codes` into `out` (length ≥ codes.length); returns the count. */
export function decodeAlawInto(codes: Uint8Array, out: Int16Array): number {
  const n = codes.length;
  checkRoom(n, out.length);
  for (let i = 0; i < n; i++) out[i] = ALAW_DECODE[codes[i]!]!;
  return n;
}

/** Encodes `pcm` to a new µ-law Buffer. */
export function encodeUlaw(pcm: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(pcm.length);
  encodeUlawInto(pcm, out);
  return out;
}

/** Decodes µ-law `codes` to new PCM. */
export function decodeUlaw(codes: Uint8Array): Int16Array {
  const out = new Int16Array(codes.length);
  decodeUlawInto(codes, out);
  return out;
}

/** Encodes `pcm` to a new A-law Buffer. */
export function encodeAlaw(pcm: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(pcm.length);
  encodeAlawInto(pcm, out);
  return out;
}

/** Decodes A-law `codes` to new PCM. */
export function decodeAlaw(codes: Uint8Array): Int16Array {
  const out = new Int16Array(codes.length);
  decodeAlawInto(codes, out);
  return out;
}

/** Transcodes µ-law to A-law in one lookup: decode, then encode. */
export const ULAW_TO_ALAW: Uint8Array = Uint8Array.from(ULAW_DECODE, (s) => linearToAlaw(s));

/** Transcodes A-law to µ-law by decode then encode. */
export const ALAW_TO_ULAW: Uint8Array = Uint8Array.from(ALAW_DECODE, (s) => linearToUlaw(s));

function checkRoom(need: number, have: number): void {
  if (have < need) throw new RangeError(`output holds ${have} samples < ${need}`);
}
