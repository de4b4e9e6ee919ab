import { describe, expect, test } from 'vitest';
import { convertForPlayback } from './playback-copies.ts';
import { resamplePcm, resamplePcmAsync } from './resample-pcm.ts';
import { parseWav, serializeWav } from './wav.ts';

/** A WAVE file with any fmt fields, for the error table. */
function wavBytes(options: {
  tag?: number;
  channels?: number;
  rateHz?: number;
  bits?: number;
  align?: number;
  data: Buffer;
  extraChunk?: boolean;
}): Buffer {
  const channels = options.channels ?? 1;
  const bits = options.bits ?? 16;
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(options.tag ?? 1, 8);
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(options.rateHz ?? 8000, 12);
  fmt.writeUInt32LE((options.rateHz ?? 8000) * channels * (bits / 8), 16);
  fmt.writeUInt16LE(options.align ?? channels * (bits / 8), 20);
  fmt.writeUInt16LE(bits, 22);
  // An odd-sized LIST chunk exercises the pad byte (RIFF chunks are even).
  const list = Buffer.from('LIST\x03\x00\x00\x00abc\x00', 'latin1');
  const head = Buffer.alloc(8);
  head.write('data', 0, 'latin1');
  head.writeUInt32LE(options.data.length, 4);
  const body = Buffer.concat([
    Buffer.from('WAVE', 'latin1'),
    ...(options.extraChunk ? [list] : []),
    fmt,
    head,
    options.data,
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

function sine(frequencyHz: number, rateHz: number, samples: number, amplitude = 10000) {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) {
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / rateHz));
  }
  return out;
}

/** Peak amplitude of one frequency component (a single DFT bin). */
function toneAmplitude(x: Int16Array, frequencyHz: number, rateHz: number): number {
  let re = 0;
  let im = 0;
  const w = (2 * Math.PI * frequencyHz) / rateHz;
  for (let i = 0; i < x.length; i++) {
    re += x[i]! * Math.cos(w * i);
    im += x[i]! * Math.sin(w * i);
  }
  return (Math.hypot(re, im) * 2) / x.length;
}

describe('parseWav()', () => {
  test('parseWav() when given serializeWav() output → the same samples (round trip)', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const parsed = parseWav(serializeWav(samples, 8000));
    expect(parsed.ok && parsed.value).toMatchObject({
      encoding: 'pcm16',
      channels: 1,
      sampleRateHz: 8000,
      frames: 6,
    });
    expect(parsed.ok && Array.from(parsed.value.samples)).toEqual(Array.from(samples));
  });

  test('parseWav() when stereo with a LIST chunk first → skips it and averages channels', () => {
    const data = Buffer.alloc(8);
    data.writeInt16LE(1000, 0);
    data.writeInt16LE(3000, 2);
    data.writeInt16LE(-100, 4);
    data.writeInt16LE(-300, 6);
    const parsed = parseWav(wavBytes({ channels: 2, data, extraChunk: true }));
    expect(parsed.ok && Array.from(parsed.value.samples)).toEqual([2000, -200]);
  });

  test('parseWav() when 8-bit PCM → unsigned samples centred on 128', () => {
    const parsed = parseWav(wavBytes({ bits: 8, data: Buffer.from([128, 255, 0]) }));
    expect(parsed.ok && Array.from(parsed.value.samples)).toEqual([0, 127 << 8, -128 << 8]);
  });

  test('parseWav() when G.711 A-law and µ-law → the G.711 table values', () => {
    const alaw = parseWav(wavBytes({ tag: 6, bits: 8, data: Buffer.from([0xd5, 0x55, 0xaa]) }));
    expect(alaw.ok && Array.from(alaw.value.samples)).toEqual([8, -8, 32256]);
    const ulaw = parseWav(wavBytes({ tag: 7, bits: 8, data: Buffer.from([0xff, 0x80, 0x00]) }));
    expect(ulaw.ok && Array.from(ulaw.value.samples)).toEqual([0, 32124, -32124]);
  });

  const pcm = Buffer.alloc(16);
  const malformed: Array<[string, Buffer, string]> = [
    ['empty input', Buffer.alloc(0), 'ERR_WAV_NOT_RIFF'],
    ['text', Buffer.from('hello, this is not audio at all'), 'ERR_WAV_NOT_RIFF'],
    ['RIFF but AVI', Buffer.from('RIFF\x04\x00\x00\x00AVI ', 'latin1'), 'ERR_WAV_NOT_WAVE'],
    ['no chunks', Buffer.from('RIFF\x04\x00\x00\x00WAVE', 'latin1'), 'ERR_WAV_NO_DATA'],
    ['24-bit PCM', wavBytes({ bits: 24, data: Buffer.alloc(6) }), 'ERR_WAV_ENCODING'],
    ['IEEE float', wavBytes({ tag: 3, bits: 32, data: Buffer.alloc(8) }), 'ERR_WAV_ENCODING'],
    ['0 channels', wavBytes({ channels: 0, align: 2, data: pcm }), 'ERR_WAV_CHANNELS'],
    ['4 kHz', wavBytes({ rateHz: 4000, data: pcm }), 'ERR_WAV_RATE'],
    ['bad blockAlign', wavBytes({ align: 3, data: pcm }), 'ERR_WAV_FMT'],
    ['empty data', wavBytes({ data: Buffer.alloc(0) }), 'ERR_WAV_NO_DATA'],
  ];
  test.each(malformed)('parseWav() when %s → %s, never a throw', (_name, input, code) => {
    const parsed = parseWav(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe(code);
  });

  test('parseWav() when the data chunk is cut short → ERR_WAV_TRUNCATED at its offset', () => {
    const whole = wavBytes({ data: Buffer.alloc(100) });
    const parsed = parseWav(whole.subarray(0, whole.length - 10));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatchObject({ code: 'ERR_WAV_TRUNCATED', offset: 36 });
  });

  test('parseWav() when fed every prefix of a valid file → never throws', () => {
    const whole = wavBytes({ channels: 2, data: Buffer.alloc(40), extraChunk: true });
    for (let n = 0; n < whole.length; n++)
      expect(() => parseWav(whole.subarray(0, n))).not.toThrow();
  });
});

describe('resamplePcm()', () => {
  test('resamplePcmAsync() when sliced → the same samples as resamplePcm()', async () => {
    const input = sine(700, 22050, 22050);
    const sync = resamplePcm(input, 22050, 8000);
    expect(Array.from(await resamplePcmAsync(input, 22050, 8000))).toEqual(Array.from(sync));
  });

  test('resamplePcm() when the phases are too many to table (7919 → 8000 Hz) → same level', () => {
    const up = resamplePcm(sine(300, 7919, 7919), 7919, 8000);
    expect(up.length).toBe(8000);
    expect(toneAmplitude(up.subarray(400, 7600), 300, 8000)).toBeGreaterThan(9800);
  });

  test('resamplePcm() when 44.1 kHz → 8 kHz → a 1 kHz tone keeps its level, 6 kHz is gone', () => {
    const kept = resamplePcm(sine(1000, 44100, 44100), 44100, 8000);
    expect(kept.length).toBe(8000);
    expect(toneAmplitude(kept.subarray(400, 7600), 1000, 8000)).toBeGreaterThan(9800);
    // 6 kHz is above the 4 kHz Nyquist limit: it would alias to 2 kHz.
    const aliased = resamplePcm(sine(6000, 44100, 44100), 44100, 8000);
    expect(toneAmplitude(aliased.subarray(400, 7600), 2000, 8000)).toBeLessThan(10);
  });

  test('resamplePcm() when 8 kHz → 16 kHz → length doubles, tone level kept', () => {
    const up = resamplePcm(sine(500, 8000, 8000), 8000, 16000);
    expect(up.length).toBe(16000);
    expect(toneAmplitude(up.subarray(800, 15200), 500, 16000)).toBeGreaterThan(9800);
  });
});

describe('convertForPlayback()', () => {
  test('convertForPlayback() when 48 kHz stereo → 8 kHz and 16 kHz mono WAVE copies', async () => {
    const data = Buffer.alloc(48000 * 4);
    const result = await convertForPlayback(wavBytes({ channels: 2, rateHz: 48000, data }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.source).toMatchObject({
      channels: 2,
      sampleRateHz: 48000,
      durationMs: 1000,
    });
    const narrow = parseWav(result.value.narrowband);
    expect(narrow.ok && [narrow.value.sampleRateHz, narrow.value.frames]).toEqual([8000, 8000]);
    const wide = parseWav(result.value.wideband!);
    expect(wide.ok && [wide.value.sampleRateHz, wide.value.channels]).toEqual([16000, 1]);
  });

  test('convertForPlayback() when 8 kHz µ-law → only the narrowband copy', async () => {
    const result = await convertForPlayback(wavBytes({ tag: 7, bits: 8, data: Buffer.alloc(800) }));
    expect(result.ok && result.value.wideband).toBeUndefined();
  });

  test('convertForPlayback() when an ID3 tag or a frame sync with no frames → ERR_MP3_NO_FRAMES', async () => {
    for (const mp3 of [Buffer.from('ID3\x04\x00\x00', 'latin1'), Buffer.from([0xff, 0xfb, 0x90])]) {
      const result = await convertForPlayback(mp3);
      expect(!result.ok && result.error.code).toBe('ERR_MP3_NO_FRAMES');
    }
  });
});
