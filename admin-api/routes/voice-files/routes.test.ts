import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseWav, serializeWav } from '../../../core/audio/index.ts';
import { goertzelAmplitude } from '../../../test/helpers/audio/tone.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * Voice files (spec 02 §3.16): upload with validation and conversion to
 * playback copies, download, rename, delete, team scoping, and that a
 * refused upload leaves neither a row nor a file.
 */

let t: TestApi;
let soundsDir: string;
/** Encoded uploads made by sox and lame from a 1 s 1 kHz sine. */
let encoded: { mp3Stereo: Buffer; gsm: Buffer; wav49: Buffer };
let fixtureDir: string;

beforeAll(async () => {
  t = await buildTestApi();
  soundsDir = join(dirname(t.store.path), 'sounds');
  fixtureDir = mkdtempSync(join(tmpdir(), 'voice-upload-'));
  const at = (name: string) => join(fixtureDir, name);
  const sine = ['synth', '1', 'sine', '1000'];
  execFileSync('sox', ['-n', '-r', '44100', '-c', '2', at('s44.wav'), ...sine]);
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', at('m8.wav'), ...sine]);
  execFileSync('lame', ['--quiet', at('s44.wav'), at('s44.mp3')]);
  execFileSync('sox', [at('m8.wav'), at('m8.gsm')]);
  execFileSync('sox', [at('m8.wav'), '-e', 'gsm-full-rate', at('m8-49.wav')]);
  encoded = {
    mp3Stereo: readFileSync(at('s44.mp3')),
    gsm: readFileSync(at('m8.gsm')),
    wav49: readFileSync(at('m8-49.wav')),
  };
});
afterAll(async () => {
  await t.close();
  rmSync(fixtureDir, { recursive: true, force: true });
});

/** `seconds` of a 440 Hz tone as 16-bit WAVE, mono or stereo. */
function toneWav(rateHz: number, seconds: number, channels = 1): Buffer {
  const frames = rateHz * seconds;
  const mono = new Int16Array(frames);
  for (let i = 0; i < frames; i++)
    mono[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rateHz));
  if (channels === 1) return serializeWav(mono, rateHz);
  // Interleave the same tone on every channel, patching the fmt fields.
  const wav = serializeWav(new Int16Array(frames * channels), rateHz);
  wav.writeUInt16LE(channels, 22);
  wav.writeUInt32LE(rateHz * 2 * channels, 28);
  wav.writeUInt16LE(2 * channels, 32);
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) wav.writeInt16LE(mono[f]!, 44 + (f * channels + c) * 2);
  }
  return wav;
}

function upload(body: Buffer, query: string, token = t.alpha.token, type = 'audio/wav') {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/voice-files?${query}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    payload: body,
  });
}

/** Every file under the sounds directory, relative to it. */
function soundFiles(): string[] {
  if (!existsSync(soundsDir)) return [];
  return readdirSync(soundsDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(soundsDir.length + 1))
    .sort();
}

describe('POST /api/v1/voice-files', () => {
  test('POST when 44.1 kHz stereo WAVE → 201, 8 kHz and 16 kHz mono copies on disk', async () => {
    const res = await upload(toneWav(44100, 1, 2), 'name=welcome');
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({
      teamId: t.alpha.team.id,
      name: 'welcome',
      format: 'wav',
      sourceEncoding: 'pcm16',
      sourceRateHz: 44100,
      sourceChannels: 2,
      durationMs: 1000,
      hasWideband: true,
    });
    const team = String(t.alpha.team.id);
    expect(soundFiles()).toEqual(
      expect.arrayContaining([join(team, `${file.id}.wav`), join(team, `${file.id}-16k.wav`)]),
    );
    const narrow = await t.call(t.alpha.token, 'GET', `/api/v1/voice-files/${file.id}/audio`);
    expect(narrow.statusCode).toBe(200);
    expect(narrow.headers['content-type']).toBe('audio/wav');
    const parsed = parseWav(narrow.rawPayload);
    expect(
      parsed.ok && [parsed.value.sampleRateHz, parsed.value.channels, parsed.value.frames],
    ).toEqual([8000, 1, 8000]);
    const wide = await t.call(
      t.alpha.token,
      'GET',
      `/api/v1/voice-files/${file.id}/audio?rateHz=16000`,
    );
    const wideParsed = parseWav(wide.rawPayload);
    expect(wideParsed.ok && wideParsed.value.frames).toBe(16000);
  });

  test('POST when 8 kHz µ-law as octet-stream → 201 without a 16 kHz copy; ?rateHz=16000 → 404', async () => {
    const ulaw = serializeWav(new Int16Array(400), 8000);
    // Rewrite as µ-law: format 7, 8 bits, one byte per sample.
    const header = Buffer.from(ulaw.subarray(0, 44));
    header.writeUInt16LE(7, 20);
    header.writeUInt32LE(8000, 28);
    header.writeUInt16LE(1, 32);
    header.writeUInt16LE(8, 34);
    header.writeUInt32LE(800, 40);
    header.writeUInt32LE(36 + 800, 4);
    const body = Buffer.concat([header, Buffer.alloc(800, 0xff)]);
    const res = await upload(body, 'name=ulaw', t.alpha.token, 'application/octet-stream');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      sourceEncoding: 'ulaw',
      hasWideband: false,
      durationMs: 100,
    });
    const wide = await t.call(
      t.alpha.token,
      'GET',
      `/api/v1/voice-files/${res.json().id}/audio?rateHz=16000`,
    );
    expect(wide.statusCode).toBe(404);
  });

  const refused: Array<[string, Buffer, string]> = [
    ['text', Buffer.from('this is a text file, not audio'), 'text/plain'],
    ['MP3 (ID3 tag)', Buffer.concat([Buffer.from('ID3\x04\x00'), Buffer.alloc(100)]), 'audio/mpeg'],
    ['MP3 (frame sync)', Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]), 'audio/mpeg'],
    [
      '24-bit WAVE',
      (() => {
        const wav = serializeWav(new Int16Array(300), 8000);
        wav.writeUInt16LE(24, 34);
        wav.writeUInt16LE(3, 32);
        return wav;
      })(),
      'audio/wav',
    ],
  ];
  test.each(refused)(
    'POST when %s → 400 ERR_AUDIO_FORMAT naming body; no row, no file',
    async (_n, body, type) => {
      const before = { rows: t.store.voiceFiles.list().length, files: soundFiles() };
      const res = await upload(body, 'name=bad', t.alpha.token, type);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'ERR_AUDIO_FORMAT', issues: [{ field: 'body' }] });
      expect(t.store.voiceFiles.list().length).toBe(before.rows);
      expect(soundFiles()).toEqual(before.files);
    },
  );

  test('POST when the body is over 20 MB → 413 ERR_AUDIO_TOO_LARGE naming body; nothing stored', async () => {
    const before = t.store.voiceFiles.list().length;
    const res = await upload(Buffer.alloc(20 * 1024 * 1024 + 1), 'name=huge');
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'ERR_AUDIO_TOO_LARGE', issues: [{ field: 'body' }] });
    expect(t.store.voiceFiles.list().length).toBe(before);
  });

  test('POST without a name or with an empty body → 400 naming the field', async () => {
    const noName = await upload(toneWav(8000, 1), '');
    expect(noName.statusCode).toBe(400);
    expect(noName.json().issues[0].field).toBe('querystring.name');
    const empty = await upload(Buffer.alloc(0), 'name=empty');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().issues[0].field).toBe('body');
  });

  test('POST when the team already has the name → 409 ERR_DUPLICATE, no file left behind', async () => {
    expect((await upload(toneWav(8000, 1), 'name=dup')).statusCode).toBe(201);
    const files = soundFiles();
    const res = await upload(toneWav(8000, 1), 'name=dup');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ERR_DUPLICATE');
    expect(soundFiles()).toEqual(files);
  });
});

describe('POST /api/v1/voice-files: MP3 and GSM', () => {
  /** The 8 kHz copy of a voice file: its length and its 1 kHz level. */
  async function narrowbandTone(id: number): Promise<{ frames: number; level: number }> {
    const res = await t.call(t.alpha.token, 'GET', `/api/v1/voice-files/${id}/audio`);
    const parsed = parseWav(res.rawPayload);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    const middle = parsed.value.samples.subarray(800, 7200);
    return { frames: parsed.value.frames, level: goertzelAmplitude(middle, 1000, 8000) };
  }

  test('POST when 44.1 kHz stereo MP3 as audio/mpeg → 201 mp3, both copies, a 1 kHz tone', async () => {
    const res = await upload(encoded.mp3Stereo, 'name=mp3-welcome', t.alpha.token, 'audio/mpeg');
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({
      sourceEncoding: 'mp3',
      sourceRateHz: 44100,
      sourceChannels: 2,
      durationMs: 1000,
      hasWideband: true,
      sizeBytes: encoded.mp3Stereo.length,
    });
    const { frames, level } = await narrowbandTone(file.id);
    expect(Math.abs(frames - 8000)).toBeLessThanOrEqual(209);
    expect(level).toBeGreaterThan(10_000);
  });

  test.each([
    ['raw GSM as audio/gsm', 'gsm', 'audio/gsm'],
    ['raw GSM as octet-stream (sniffed)', 'gsm', 'application/octet-stream'],
    ['WAV49 as audio/wav', 'wav49', 'audio/wav'],
  ] as const)('POST when %s → 201 gsm, 8 kHz copy only, 1 kHz', async (_n, key, type) => {
    const res = await upload(encoded[key], `name=gsm-${key}-${type.length}`, t.alpha.token, type);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      sourceEncoding: 'gsm',
      sourceRateHz: 8000,
      sourceChannels: 1,
      durationMs: 1000,
      hasWideband: false,
    });
    const { frames, level } = await narrowbandTone(res.json().id);
    expect(frames).toBe(8000);
    expect(level).toBeGreaterThan(10_000);
  });

  const badEncoded: Array<[string, () => Buffer, string, string]> = [
    [
      'a truncated MP3',
      () => encoded.mp3Stereo.subarray(0, 5000),
      'audio/mpeg',
      'ERR_MP3_TRUNCATED',
    ],
    [
      'an ID3 tag with no frames',
      () =>
        Buffer.concat([
          Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x0a', 'latin1'),
          Buffer.alloc(300),
        ]),
      'audio/mpeg',
      'ERR_MP3_NO_FRAMES',
    ],
    ['random bytes as audio/mpeg', () => pseudoRandom(3000), 'audio/mpeg', 'ERR_MP3_NO_FRAMES'],
    [
      'GSM of 34 frames and 5 bytes',
      () => encoded.gsm.subarray(0, 33 * 34 + 5),
      'audio/gsm',
      'ERR_GSM_LENGTH',
    ],
  ];
  test.each(badEncoded)(
    'POST when %s → 400 ERR_AUDIO_FORMAT naming body and the defect; no row, no file',
    async (_n, body, type, defect) => {
      const before = { rows: t.store.voiceFiles.list().length, files: soundFiles() };
      const res = await upload(body(), 'name=bad-encoded', t.alpha.token, type);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'ERR_AUDIO_FORMAT', issues: [{ field: 'body' }] });
      expect(res.json().message).toContain(defect);
      expect(t.store.voiceFiles.list().length).toBe(before.rows);
      expect(soundFiles()).toEqual(before.files);
    },
  );
});

/** Bytes from a fixed LCG: the same "random" file every run. */
function pseudoRandom(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 99;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('voice files: scoping, rename, delete', () => {
  test('cross-tenant: beta cannot read, download or delete an alpha file → 404', async () => {
    const { id } = (await upload(toneWav(8000, 1), 'name=private')).json();
    for (const url of [`/api/v1/voice-files/${id}`, `/api/v1/voice-files/${id}/audio`]) {
      expect((await t.call(t.beta.token, 'GET', url)).statusCode).toBe(404);
    }
    expect((await t.call(t.beta.token, 'DELETE', `/api/v1/voice-files/${id}`)).statusCode).toBe(
      404,
    );
    const list = await t.call(t.beta.token, 'GET', '/api/v1/voice-files');
    expect(list.json().items.map((f: { id: number }) => f.id)).not.toContain(id);
  });

  test('§0.2: a superadmin upload without teamId is a system file: teams read it, cannot delete it', async () => {
    const res = await upload(toneWav(8000, 1), 'name=system-beep', t.superToken);
    expect(res.statusCode, res.body).toBe(201);
    const { id, teamId } = res.json();
    expect(teamId).toBeNull();
    expect(soundFiles()).toContain(join('system', `${id}.wav`));
    expect((await t.call(t.beta.token, 'GET', `/api/v1/voice-files/${id}`)).statusCode).toBe(200);
    expect((await t.call(t.beta.token, 'DELETE', `/api/v1/voice-files/${id}`)).statusCode).toBe(
      403,
    );
  });

  test('PATCH name with If-Match → 200; DELETE → 204 and the audio is gone', async () => {
    const { id } = (await upload(toneWav(16000, 1), 'name=old')).json();
    const get = await t.call(t.alpha.token, 'GET', `/api/v1/voice-files/${id}`);
    const patch = await t.call(
      t.alpha.token,
      'PATCH',
      `/api/v1/voice-files/${id}`,
      { name: 'new' },
      { 'if-match': get.headers.etag as string },
    );
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().name).toBe('new');
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/voice-files/${id}`);
    expect(del.statusCode).toBe(204);
    const team = String(t.alpha.team.id);
    expect(soundFiles()).not.toContain(join(team, `${id}.wav`));
    expect(soundFiles()).not.toContain(join(team, `${id}-16k.wav`));
    expect(t.store.voiceFiles.find(id)).toBeUndefined();
  });
});
