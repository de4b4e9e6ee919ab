import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ALAW_TO_ULAW,
  ULAW_TO_ALAW,
  alawToLinear,
  decodeAlaw,
  decodeAlawInto,
  decodeUlaw,
  decodeUlawInto,
  encodeAlaw,
  encodeAlawInto,
  encodeUlaw,
  encodeUlawInto,
  linearToAlaw,
  linearToUlaw,
  ulawToLinear,
} from './index.ts';

describe('G.711 µ-law', () => {
  it('linearToUlaw() when given G.191 reference points → the reference codes', () => {
    const table: Array<[number, number]> = [
      [0, 0xff],
      [-1, 0x7f],
      [1, 0xff],
      [32767, 0x80],
      [-32768, 0x00],
      [1000, 0xce],
      [-1000, 0x4e],
      [8159 * 4, 0x80],
    ];
    for (const [sample, code] of table) expect(linearToUlaw(sample), `${sample}`).toBe(code);
  });

  it('ulawToLinear() when given known codes → the G.191 values', () => {
    expect(ulawToLinear(0x80)).toBe(32124);
    expect(ulawToLinear(0x00)).toBe(-32124);
    expect(ulawToLinear(0x8f)).toBe(16764);
    expect(ulawToLinear(0xf0)).toBe(120);
    expect(ulawToLinear(0xff)).toBe(0);
    expect(ulawToLinear(0x7f)).toBe(0);
  });

  it('linearToUlaw(ulawToLinear(c)) when c is any of the 256 codes → c (0x7f is −0 → 0xff)', () => {
    for (let code = 0; code < 256; code++) {
      expect(linearToUlaw(ulawToLinear(code))).toBe(code === 0x7f ? 0xff : code);
    }
  });

  it('ulawToLinear() when codes increase in magnitude → decoded values are monotonic', () => {
    for (let code = 0x81; code <= 0xff; code++) {
      expect(ulawToLinear(code)).toBeLessThan(ulawToLinear(code - 1));
    }
  });

  it('encodeUlaw() when every 16-bit sample is coded → error stays within half a step', () => {
    for (let s = -32768; s < 32768; s++) {
      const decoded = ulawToLinear(linearToUlaw(s));
      // The largest µ-law step is 1024 at the top segment; clipping adds 644.
      expect(Math.abs(decoded - s)).toBeLessThanOrEqual(s > 32124 || s < -32124 ? 644 : 512);
    }
  });
});

describe('G.711 A-law', () => {
  it('linearToAlaw() when given G.191 reference points → the reference codes', () => {
    const table: Array<[number, number]> = [
      [0, 0xd5],
      [-1, 0x55],
      [32767, 0xaa],
      [-32768, 0x2a],
      [1000, 0xfa],
      [-1000, 0x7a],
    ];
    for (const [sample, code] of table) expect(linearToAlaw(sample), `${sample}`).toBe(code);
  });

  it('alawToLinear() when given known codes → the G.191 values', () => {
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x55)).toBe(-8);
    expect(alawToLinear(0xaa)).toBe(32256);
    expect(alawToLinear(0x2a)).toBe(-32256);
    expect(alawToLinear(0x80)).toBe(5504);
  });

  it('linearToAlaw(alawToLinear(c)) when c is any of the 256 codes → c', () => {
    for (let code = 0; code < 256; code++) expect(linearToAlaw(alawToLinear(code))).toBe(code);
  });
});

describe('G.711 frame coding', () => {
  const pcm = Int16Array.from({ length: 160 }, (_, i) => Math.round(12000 * Math.sin(i / 7)));

  it('encodeUlawInto()/decodeUlawInto() when given caller buffers → same as the allocating forms', () => {
    const codes = new Uint8Array(160);
    const out = new Int16Array(160);
    expect(encodeUlawInto(pcm, codes)).toBe(160);
    expect(Buffer.from(codes)).toEqual(encodeUlaw(pcm));
    expect(decodeUlawInto(codes, out)).toBe(160);
    expect(out).toEqual(decodeUlaw(codes));
  });

  it('encodeAlawInto()/decodeAlawInto() when given caller buffers → same as the allocating forms', () => {
    const codes = new Uint8Array(160);
    const out = new Int16Array(160);
    encodeAlawInto(pcm, codes);
    expect(Buffer.from(codes)).toEqual(encodeAlaw(pcm));
    decodeAlawInto(codes, out);
    expect(out).toEqual(decodeAlaw(codes));
  });

  it('encodeUlawInto() when the output is too small → throws RangeError', () => {
    expect(() => encodeUlawInto(pcm, new Uint8Array(10))).toThrow(RangeError);
    expect(() => decodeAlawInto(new Uint8Array(10), new Int16Array(5))).toThrow(RangeError);
  });

  it('ULAW_TO_ALAW/ALAW_TO_ULAW when indexed by a code → decode then encode', () => {
    for (let code = 0; code < 256; code++) {
      expect(ULAW_TO_ALAW[code]).toBe(linearToAlaw(ulawToLinear(code)));
      expect(ALAW_TO_ULAW[code]).toBe(linearToUlaw(alawToLinear(code)));
    }
  });
});

/*
 * Cross-check with an independent implementation: CPython's audioop
 * (lin2alaw, alaw2lin, ulaw2lin) over every 16-bit input and every code.
 * The digests are of the little-endian output. audioop's µ-law encoder
 * takes the two's complement of negative samples where G.191 takes the one's
 * complement, so it differs on 508 negative inputs at decision boundaries;
 * G.191 is the reference here.
 */
describe('G.711 against audioop', () => {
  const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
  const everySample = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
  const everyCode = Uint8Array.from({ length: 256 }, (_, i) => i);
  const bytesOf = (pcm: Int16Array): Uint8Array =>
    new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);

  it('encodeAlaw() when given all 65536 samples → identical to audioop.lin2alaw', () => {
    expect(sha256(encodeAlaw(everySample))).toBe(
      '38488f6fd710f4686360edc4d38639f96c491595ef93f8eb8d62d5e07ca6ce7b',
    );
  });

  it('decodeUlaw()/decodeAlaw() when given all 256 codes → identical to audioop', () => {
    expect(sha256(bytesOf(decodeUlaw(everyCode)))).toBe(
      '3dab54339e520bb2c924826e3b72a917a2b612e9fd12fc867500f1d983a75827',
    );
    expect(sha256(bytesOf(decodeAlaw(everyCode)))).toBe(
      'e04788d110e58ff8c70c93b8480190d973e3b67876b6119abbaec766cc75c174',
    );
  });

  it("linearToUlaw() when a negative sample sits on a decision boundary → G.191 one's complement", () => {
    // ~(-31612) >> 2 = 7902; 7902 + 33 = 7935 is below the 7936 boundary.
    expect(linearToUlaw(-31612)).toBe(0x01);
    expect(linearToUlaw(-31613)).toBe(0x00);
  });
});
