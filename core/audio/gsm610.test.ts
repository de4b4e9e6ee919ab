import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { goertzelAmplitude } from '../../test/helpers/audio/tone.ts';
import { soxSine } from '../../test/helpers/audio/sox.ts';
import { decodeRawGsm, decodeWav49, looksLikeRawGsm } from './gsm-file.ts';
import { convertForPlayback } from './playback-copies.ts';
import { parseWav, readWavLayout } from './wav.ts';

/*
 * Fixtures are made with sox, whose GSM 06.10 codec is libgsm: its decoded
 * output is the reference our decoder must match sample for sample.
 */
let dir = '';
const path = (name: string) => join(dir, name);

/** sox's decoding of `name` as raw 16-bit little-endian samples. */
function soxDecoded(name: string): Int16Array {
  const raw = execFileSync('sox', [path(name), '-t', 'raw', '-e', 'signed', '-b', '16', '-L', '-']);
  return new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gsm610-'));
  soxSine(path('t.wav'), 1000, 8000, 1);
  execFileSync('sox', [path('t.wav'), path('t.gsm')]);
  execFileSync('sox', [path('t.wav'), '-e', 'gsm-full-rate', path('t49.wav')]);
  // Speech-like material: a chirp with noise exercises every parameter.
  execFileSync('sox', [
    '-n',
    '-r',
    '8000',
    '-c',
    '1',
    path('chirp.gsm'),
    'synth',
    '2',
    'sine',
    '200-3000',
    'synth',
    '2',
    'pinknoise',
    'mix',
  ]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decodeRawGsm()', () => {
  test('decodeRawGsm() when sox wrote a 1 kHz tone → the same samples as libgsm', async () => {
    const decoded = await decodeRawGsm(readFileSync(path('t.gsm')), 1e6);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.length).toBe(8000);
    expect(Array.from(decoded.value)).toEqual(Array.from(soxDecoded('t.gsm')));
    expect(goertzelAmplitude(decoded.value.subarray(800), 1000, 8000)).toBeGreaterThan(10_000);
  });

  test('decodeRawGsm() when a chirp with noise → bit-exact with libgsm', async () => {
    const decoded = await decodeRawGsm(readFileSync(path('chirp.gsm')), 1e6);
    expect(decoded.ok && Array.from(decoded.value)).toEqual(Array.from(soxDecoded('chirp.gsm')));
  });

  test('decodeRawGsm() when the length is not a multiple of 33 → ERR_GSM_LENGTH', async () => {
    const cut = readFileSync(path('t.gsm')).subarray(0, 33 * 10 + 7);
    const decoded = await decodeRawGsm(cut, 1e6);
    expect(!decoded.ok && decoded.error).toMatchObject({ code: 'ERR_GSM_LENGTH', offset: 330 });
  });

  test('decodeRawGsm() when frame 3 lacks the 0xD nibble → ERR_GSM_SIGNATURE at byte 99', async () => {
    const bytes = Buffer.from(readFileSync(path('t.gsm')));
    bytes[99] = 0x3f;
    const decoded = await decodeRawGsm(bytes, 1e6);
    expect(!decoded.ok && decoded.error).toMatchObject({ code: 'ERR_GSM_SIGNATURE', offset: 99 });
  });

  test('decodeRawGsm() when longer than maxSamples → ERR_AUDIO_TOO_LONG before decoding', async () => {
    const decoded = await decodeRawGsm(readFileSync(path('t.gsm')), 7999);
    expect(!decoded.ok && decoded.error.code).toBe('ERR_AUDIO_TOO_LONG');
  });

  test('decodeRawGsm() when any parameter bits → never throws, one 160-sample frame each', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 33, maxLength: 33 }), async (frame) => {
        frame[0] = 0xd0 | (frame[0]! & 0x0f);
        const decoded = await decodeRawGsm(frame, 1e6);
        expect(decoded.ok && decoded.value.length).toBe(160);
      }),
      { numRuns: 300 },
    );
  });
});

describe('looksLikeRawGsm()', () => {
  test('looksLikeRawGsm() when sox GSM, a WAVE file, or 33 zero bytes → true, false, false', () => {
    expect(looksLikeRawGsm(readFileSync(path('t.gsm')))).toBe(true);
    expect(looksLikeRawGsm(readFileSync(path('t.wav')))).toBe(false);
    expect(looksLikeRawGsm(new Uint8Array(33))).toBe(false);
  });
});

describe('decodeWav49()', () => {
  test('decodeWav49() when sox wrote WAV49 (tag 0x0031) → the same samples as libgsm', async () => {
    const layout = readWavLayout(readFileSync(path('t49.wav')));
    expect(layout.ok && layout.value.format.tag).toBe(0x31);
    if (!layout.ok) return;
    const decoded = await decodeWav49(layout.value.data, layout.value.dataOffset, 1e6);
    expect(decoded.ok && Array.from(decoded.value)).toEqual(Array.from(soxDecoded('t49.wav')));
  });
});

describe('convertForPlayback() on arbitrary input', () => {
  test('convertForPlayback() when any bytes with any hint → a Result, never a throw', async () => {
    const hints = fc.constantFrom(undefined, 'wav' as const, 'mp3' as const, 'gsm' as const);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 700 }), hints, async (bytes, hint) => {
        const result = await convertForPlayback(Buffer.from(bytes), hint);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 200 },
    );
  });
});

describe('convertForPlayback() with GSM', () => {
  test.each([
    ['raw .gsm, named', 't.gsm', 'gsm' as const],
    ['raw .gsm, sniffed', 't.gsm', undefined],
    ['WAV49', 't49.wav', undefined],
  ])('convertForPlayback() when %s → gsm source, 8 kHz 1 kHz copy', async (_name, file, hint) => {
    const result = await convertForPlayback(readFileSync(path(file)), hint);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.source).toMatchObject({
      encoding: 'gsm',
      channels: 1,
      sampleRateHz: 8000,
      frames: 8000,
      durationMs: 1000,
    });
    expect(result.value.wideband).toBeUndefined();
    const copy = parseWav(result.value.narrowband);
    expect(copy.ok).toBe(true);
    if (!copy.ok) return;
    expect(copy.value.frames).toBe(8000);
    const tone = copy.value.samples.subarray(800);
    expect(goertzelAmplitude(tone, 1000, 8000)).toBeGreaterThan(10_000);
    expect(goertzelAmplitude(tone, 2000, 8000)).toBeLessThan(500);
  });

  test('convertForPlayback() when named .gsm but 34 bytes → ERR_GSM_LENGTH', async () => {
    const result = await convertForPlayback(Buffer.alloc(34, 0xd0), 'gsm');
    expect(!result.ok && result.error.code).toBe('ERR_GSM_LENGTH');
  });

  test('convertForPlayback() when WAV49 claims stereo → ERR_WAV_FMT', async () => {
    const bytes = Buffer.from(readFileSync(path('t49.wav')));
    bytes.writeUInt16LE(2, 22);
    const result = await convertForPlayback(bytes);
    expect(!result.ok && result.error.code).toBe('ERR_WAV_FMT');
  });
});
