import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { goertzelAmplitude } from '../../test/helpers/audio/tone.ts';
import { decodeMp3 } from './mp3.ts';
import { scanMpegFrames } from './mpeg-frames.ts';
import { MAX_DECODED_SAMPLES, convertForPlayback } from './playback-copies.ts';
import { parseWav } from './wav.ts';

/*
 * Fixtures: a 1 kHz sine made by sox, encoded by lame. The bitrates are
 * high enough for lame's Info frame (its gapless header), so the decoded
 * length is the source's; without it the encoder delay stays in.
 */
let dir = '';
const path = (name: string) => join(dir, name);

function makeMp3(name: string, rateHz: number, channels: number, lameArgs: string[], seconds = 1) {
  const wav = path(`${name}.wav`);
  execFileSync('sox', [
    '-n',
    '-r',
    String(rateHz),
    '-c',
    String(channels),
    '-b',
    '16',
    wav,
    'synth',
    String(seconds),
    'sine',
    '1000',
  ]);
  execFileSync('lame', ['--quiet', ...lameArgs, wav, path(`${name}.mp3`)]);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mp3-'));
  makeMp3('m8', 8000, 1, ['-b', '24']);
  makeMp3('m8-plain', 8000, 1, []);
  makeMp3('m16', 16000, 1, ['-b', '64']);
  makeMp3('s44', 44100, 2, []);
  makeMp3('m44', 44100, 1, ['-m', 'm']);
  makeMp3('s44-long', 44100, 2, [], 10);
  const tagged = ['--add-id3v2', '--tt', 'welcome', '-b', '24'];
  execFileSync('lame', ['--quiet', ...tagged, path('m8.wav'), path('tagged.mp3')]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A minimal MPEG-2.5 Layer III frame: 8 kbit/s, 8 kHz, mono, 72 bytes. */
function silentFrame(): Buffer {
  const frame = Buffer.alloc(72);
  frame.set([0xff, 0xe3, 0x18, 0xc0]);
  return frame;
}

describe('decodeMp3()', () => {
  test.each([
    ['8 kHz mono', 'm8', 8000, 1, 576],
    ['16 kHz mono', 'm16', 16000, 1, 576],
    ['44.1 kHz stereo', 's44', 44100, 2, 1152],
    ['44.1 kHz mono', 'm44', 44100, 1, 1152],
    ['an ID3v2 tag first', 'tagged', 8000, 1, 576],
  ])('decodeMp3() when %s → rate, channels, 1 s ± a frame, 1 kHz', async (...args) => {
    const [, name, rateHz, channels, frameSamples] = args;
    const decoded = await decodeMp3(readFileSync(path(`${name}.mp3`)), MAX_DECODED_SAMPLES);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value).toMatchObject({ sampleRateHz: rateHz, channels });
    expect(Math.abs(decoded.value.samples.length - rateHz)).toBeLessThanOrEqual(frameSamples);
    const middle = decoded.value.samples.subarray(rateHz / 10, rateHz - rateHz / 10);
    expect(goertzelAmplitude(middle, 1000, rateHz)).toBeGreaterThan(10_000);
    expect(goertzelAmplitude(middle, 3000, rateHz)).toBeLessThan(300);
  });

  test('decodeMp3() when lame wrote no Info frame → the encoder delay stays (≤ 3 frames)', async () => {
    const decoded = await decodeMp3(readFileSync(path('m8-plain.mp3')), MAX_DECODED_SAMPLES);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.samples.length).toBeGreaterThanOrEqual(8000);
    expect(decoded.value.samples.length).toBeLessThanOrEqual(8000 + 3 * 576);
  });

  test('decodeMp3() when decoding 10 s → yields to the event loop between slices', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const decoded = await decodeMp3(readFileSync(path('s44-long.mp3')), MAX_DECODED_SAMPLES);
    clearInterval(timer);
    expect(decoded.ok && decoded.value.samples.length).toBe(441_000);
    expect(ticks).toBeGreaterThan(0);
  });

  test('decodeMp3() when more than maxSamples → ERR_AUDIO_TOO_LONG, nothing decoded', async () => {
    const decoded = await decodeMp3(readFileSync(path('s44.mp3')), 44_100 / 2);
    expect(!decoded.ok && decoded.error.code).toBe('ERR_AUDIO_TOO_LONG');
  });
});

describe('scanMpegFrames()', () => {
  const cases: Array<[string, string, () => Buffer, number | undefined]> = [
    ['empty', 'ERR_MP3_NO_FRAMES', () => Buffer.alloc(0), 0],
    ['an ID3 tag then garbage', 'ERR_MP3_NO_FRAMES', () => id3Then(Buffer.alloc(500, 0x55)), 20],
    ['random bytes', 'ERR_MP3_NO_FRAMES', () => randomBytes(4000), 0],
    ['cut mid-frame', 'ERR_MP3_TRUNCATED', () => cut('s44.mp3', -100), undefined],
    ['garbage after frame 3', 'ERR_MP3_SYNC', () => garbageAfter(3), 3 * 72],
    ['a lone frame sync', 'ERR_MP3_NO_FRAMES', () => Buffer.from([0xff, 0xfb, 0x90]), 0],
  ];
  test.each(cases)('scanMpegFrames() when %s → %s, never a throw', (_name, code, make, offset) => {
    const scanned = scanMpegFrames(make(), MAX_DECODED_SAMPLES);
    expect(!scanned.ok && scanned.error.code).toBe(code);
    if (!scanned.ok && offset !== undefined) expect(scanned.error.offset).toBe(offset);
  });

  test('scanMpegFrames() when an ID3v1 tag ends the file → frames up to the tag', () => {
    const body = Buffer.concat(Array.from({ length: 5 }, silentFrame));
    const tag = Buffer.alloc(128);
    tag.write('TAG', 0, 'latin1');
    const scanned = scanMpegFrames(Buffer.concat([body, tag]), MAX_DECODED_SAMPLES);
    expect(scanned.ok && scanned.value.frameOffsets).toEqual([0, 72, 144, 216, 288, 360]);
  });

  test('scanMpegFrames() when fed arbitrary bytes, bare or after a frame header → never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), (bytes, withHeader) => {
        const input = withHeader ? Buffer.concat([silentFrame().subarray(0, 4), bytes]) : bytes;
        expect(() => scanMpegFrames(input, MAX_DECODED_SAMPLES)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  test('scanMpegFrames() when fed every prefix of a file → never throws', () => {
    const whole = readFileSync(path('tagged.mp3'));
    for (let n = 0; n < whole.length; n += 7) {
      expect(() => scanMpegFrames(whole.subarray(0, n), MAX_DECODED_SAMPLES)).not.toThrow();
    }
  });
});

function id3Then(rest: Buffer): Buffer {
  // ID3v2.4 header, 10 bytes of tag body (syncsafe size 10).
  const tag = Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x0a', 'latin1');
  return Buffer.concat([tag, Buffer.alloc(10), rest]);
}

function randomBytes(length: number): Buffer {
  // A fixed LCG, so that the bytes (and the result) are the same every run.
  const out = Buffer.alloc(length);
  let x = 12345;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function cut(name: string, by: number): Buffer {
  const whole = readFileSync(path(name));
  return whole.subarray(0, whole.length + by);
}

function garbageAfter(frames: number): Buffer {
  const good = Array.from({ length: frames }, silentFrame);
  return Buffer.concat([...good, Buffer.alloc(100, 0x55)]);
}

describe('convertForPlayback() with MP3', () => {
  test('convertForPlayback() when 44.1 kHz stereo MP3 → 8 and 16 kHz mono 1 kHz copies', async () => {
    const result = await convertForPlayback(readFileSync(path('s44.mp3')));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.source).toMatchObject({
      encoding: 'mp3',
      channels: 2,
      sampleRateHz: 44100,
      durationMs: 1000,
    });
    for (const [copy, rateHz] of [
      [result.value.narrowband, 8000],
      [result.value.wideband!, 16000],
    ] as const) {
      const parsed = parseWav(copy);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.value.sampleRateHz).toBe(rateHz);
      expect(Math.abs(parsed.value.frames - rateHz)).toBeLessThanOrEqual(rateHz / 40);
      const tone = parsed.value.samples.subarray(rateHz / 10, rateHz - rateHz / 10);
      expect(goertzelAmplitude(tone, 1000, rateHz)).toBeGreaterThan(10_000);
    }
  });

  test('convertForPlayback() when 8 kHz MP3 → narrowband only', async () => {
    const result = await convertForPlayback(readFileSync(path('m8.mp3')));
    expect(result.ok && [result.value.source.encoding, result.value.wideband]).toEqual([
      'mp3',
      undefined,
    ]);
  });

  test('convertForPlayback() when random bytes named .mp3 → ERR_MP3_NO_FRAMES', async () => {
    const result = await convertForPlayback(randomBytes(4000), 'mp3');
    expect(!result.ok && result.error.code).toBe('ERR_MP3_NO_FRAMES');
  });

  test('convertForPlayback() when 2.6 MB of 8 kbit/s frames (over 43 min) → ERR_AUDIO_TOO_LONG', async () => {
    const frames = Math.ceil(MAX_DECODED_SAMPLES / 576) + 1;
    const body = Buffer.concat(Array.from({ length: frames }, silentFrame));
    const result = await convertForPlayback(body);
    expect(!result.ok && result.error.code).toBe('ERR_AUDIO_TOO_LONG');
  });
});
