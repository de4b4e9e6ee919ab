import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { soxConvert, soxSine } from '../../test/helpers/audio/sox.ts';
import { goertzelAmplitude, sine } from '../../test/helpers/audio/tone.ts';
import {
  parseWav,
  parseWavHeader,
  serializeWav,
  serializeWavHeader,
  wavHeaderSize,
} from './index.ts';
import type { WavEncoding } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'sy-wav-'));

function pcmWav(samples: Int16Array, channels = 1, rateHz = 8000): Buffer {
  return serializeWav({ encoding: 'pcm16', sampleRateHz: rateHz, channels, samples });
}

describe('serializeWav() / parseWav()', () => {
  const cases: [WavEncoding, number][] = [
    ['pcm16', 1],
    ['pcm16', 2],
    ['pcmu', 1],
    ['pcma', 2],
  ];
  it.each(cases)('parseWav(serializeWav()) when %s with %d channel(s) → same audio', (enc, ch) => {
    const samples = sine(440, 8000, 320 * ch, 12000);
    const wav = serializeWav({ encoding: enc, sampleRateHz: 8000, channels: ch, samples });
    expect(wav.length).toBe(wavHeaderSize(enc) + samples.length * (enc === 'pcm16' ? 2 : 1));
    const parsed = parseWav(wav);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({ encoding: enc, sampleRateHz: 8000, channels: ch });
    if (enc === 'pcm16') expect(parsed.value.samples).toEqual(samples);
    // G.711 is lossy: within one quantisation step of the largest segment.
    else
      parsed.value.samples.forEach((s, i) => expect(Math.abs(s - samples[i]!)).toBeLessThan(520));
  });

  it('parseWav() when given a 16 kHz file made by sox → 16000 samples of 1 kHz', () => {
    const file = join(dir, 'sox16k.wav');
    soxSine(file, 1000, 16000, 1);
    const parsed = parseWav(readFileSync(file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.sampleRateHz).toBe(16000);
    expect(parsed.value.samples.length).toBe(16000);
    expect(goertzelAmplitude(parsed.value.samples, 1000, 16000)).toBeGreaterThan(20000);
  });

  it.each([
    ['u-law', 'pcmu'],
    ['a-law', 'pcma'],
  ])('parseWav() when sox wrote %s (format 7/6) → decoded as %s', (soxEncoding, encoding) => {
    const source = join(dir, `src-${soxEncoding}.wav`);
    const file = join(dir, `g711-${soxEncoding}.wav`);
    soxSine(source, 1000, 8000, 0.5);
    soxConvert(source, file, ['-e', soxEncoding, '-b', '8']);
    const parsed = parseWav(readFileSync(file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.encoding).toBe(encoding);
    expect(parsed.value.samples.length).toBe(4000);
    expect(goertzelAmplitude(parsed.value.samples, 1000, 8000)).toBeGreaterThan(20000);
  });
});

describe('parseWav() on malformed input', () => {
  const good = pcmWav(sine(1000, 8000, 160));
  const patched = (at: number, bytes: number[] | string, base: Buffer = good): Buffer => {
    const copy = Buffer.from(base);
    if (typeof bytes === 'string') copy.write(bytes, at, 'latin1');
    else bytes.forEach((b, i) => (copy[at + i] = b));
    return copy;
  };
  const u16 = (v: number): number[] => [v & 0xff, v >> 8];
  const u32 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
  const table: [string, string, number, Buffer][] = [
    ['shorter than 12 bytes', 'ERR_WAV_TOO_SHORT', 0, good.subarray(0, 11)],
    ['no RIFF id', 'ERR_WAV_NOT_RIFF', 0, patched(0, 'RIFX')],
    ['no WAVE form', 'ERR_WAV_NOT_WAVE', 8, patched(8, 'AVI ')],
    ['fmt chunk past the end', 'ERR_WAV_CHUNK_TRUNCATED', 12, patched(16, u32(5000))],
    ['fmt shorter than 16', 'ERR_WAV_FMT_TOO_SHORT', 20, patched(16, u32(14))],
    ['format tag 3 (float)', 'ERR_WAV_UNSUPPORTED_FORMAT', 20, patched(20, u16(3))],
    ['3 channels', 'ERR_WAV_BAD_CHANNELS', 22, patched(22, u16(3))],
    ['0 Hz', 'ERR_WAV_BAD_RATE', 24, patched(24, u32(0))],
    ['block align 4 for mono', 'ERR_WAV_BAD_BLOCK_ALIGN', 32, patched(32, u16(4))],
    ['8-bit PCM', 'ERR_WAV_BAD_BITS', 34, patched(34, u16(8))],
    ['data before fmt', 'ERR_WAV_FMT_MISSING', 12, patched(12, 'data')],
    ['data renamed to junk', 'ERR_WAV_DATA_MISSING', 364, patched(36, 'junk')],
    ['header only, no data', 'ERR_WAV_DATA_MISSING', 36, good.subarray(0, 36)],
    ['RIFF size past the end', 'ERR_WAV_RIFF_SIZE', 4, patched(4, u32(good.length))],
    ['data size past the end', 'ERR_WAV_DATA_TRUNCATED', 36, patched(40, u32(400))],
    ['odd data size in 16-bit', 'ERR_WAV_BAD_DATA_SIZE', 36, oddData()],
  ];
  it.each(table)('parseWav() when %s → %s at offset %d', (_label, code, offset, buf) => {
    const parsed = parseWav(buf);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe(code);
    expect(parsed.error.offset).toBe(offset);
    expect(parsed.error.detail.length).toBeGreaterThan(0);
  });

  function oddData(): Buffer {
    const header = serializeWavHeader({ encoding: 'pcm16', sampleRateHz: 8000, channels: 1 }, 3);
    return Buffer.concat([header, Buffer.from([1, 2, 3, 0])]);
  }

  it('parseWav() when a LIST chunk of odd size comes first → skips it with its pad byte', () => {
    const list = Buffer.from('LIST\x03\x00\x00\x00abc\x00', 'latin1');
    const body = Buffer.concat([good.subarray(12, 36), list, good.subarray(36)]);
    const file = Buffer.concat([good.subarray(0, 12), body]);
    file.writeUInt32LE(file.length - 8, 4);
    const parsed = parseWav(file);
    expect(parsed.ok && parsed.value.samples.length).toBe(160);
  });

  it('parseWav() when given any bytes → returns a Result and never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.nat(good.length), (noise, at) => {
        const mutated = Buffer.from(good);
        mutated.set(noise.subarray(0, Math.max(0, good.length - at)), at);
        expect(() => parseWav(mutated)).not.toThrow();
        expect(() => parseWavHeader(noise)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});
