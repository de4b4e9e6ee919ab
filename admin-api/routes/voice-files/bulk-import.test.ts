import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { serializeWav } from '../../../core/audio/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * Bulk voice-file import (spec 02 §3.17, BULK-1, BULK-2) over a real
 * SQLite file and a temporary soundfiles/ tree of WAVE files made here.
 */

let t: TestApi;
let root: string;

beforeAll(async () => {
  t = await buildTestApi();
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

/** A fresh soundfiles/ tree, set as ftpVoiceFilePath through the API. */
beforeEach(async () => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = mkdtempSync(join(tmpdir(), 'switchyard-soundfiles-'));
  const res = await t.call(t.superToken, 'PATCH', '/api/v1/system/settings', {
    ftpVoiceFilePath: root,
  });
  expect(res.statusCode).toBe(200);
});

const BULK = '/api/v1/voice-files/bulk-import';

function tone(seconds = 0.2): Buffer {
  const samples = new Int16Array(8000 * seconds);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(6000 * Math.sin(i / 3));
  return serializeWav(samples, 8000);
}

/** Writes `name` into soundfiles/[team/]lang/. */
function put(lang: string, name: string, bytes: Buffer = tone(), team?: string): void {
  const dir = team === undefined ? join(root, lang) : join(root, team, lang);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), bytes);
}

describe('GET /voice-files/bulk-import', () => {
  test('GET when a team folder has files in two languages → each file with its languages', async () => {
    put('en', 'welcome.wav', tone(), 'alpha');
    put('cn', 'welcome.wav', tone(), 'alpha');
    put('cn', 'music.mp3', Buffer.from('ID3'), 'alpha');
    put('en', 'notes.txt', Buffer.from('x'), 'alpha');
    put('en', 'system-only.wav');
    symlinkSync('/etc/passwd', join(root, 'alpha', 'en', 'link.wav'));
    const res = await t.call(t.alpha.token, 'GET', BULK);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      folder: join(root, 'alpha'),
      files: [
        { name: 'music.mp3', languages: ['cn'] },
        { name: 'welcome.wav', languages: ['en', 'cn'] },
      ],
    });
  });

  test('GET as a team admin naming another team → 403', async () => {
    const res = await t.call(t.alpha.token, 'GET', `${BULK}?teamId=${t.beta.team.id}`);
    expect(res.statusCode).toBe(403);
  });
});

describe('POST /voice-files/bulk-import', () => {
  test('BULK-1 the manual’s example → a voice file per file and language, prompts for ticked ones', async () => {
    put('en', 'enter-conference-number.wav', tone(), 'alpha');
    put('cn', 'thanks.wav', tone(), 'alpha');
    put('en', 'hold.wav', tone(), 'alpha');
    const res = await t.call(t.alpha.token, 'POST', BULK, {
      importAllAsVoiceFiles: true,
      files: [
        { name: 'enter-conference-number.wav', languages: ['en'] },
        { name: 'thanks.wav', languages: ['cn'] },
        { name: 'hold.wav', languages: [] },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      files: 3,
      voiceFiles: { created: 3, unchanged: 0 },
      callPrompts: { created: 2, updated: 0 },
    });
    const files = t.store.voiceFiles.list(t.alpha.team.id).filter((f) => f.teamId !== null);
    expect(files.map((f) => f.name).sort()).toEqual([
      'enter-conference-number_en',
      'hold_en',
      'thanks_cn',
    ]);
    expect(files.every((f) => f.sourceRateHz === 8000 && f.durationMs === 200)).toBe(true);
    const prompt = t.store.callPrompts
      .list(t.alpha.team.id)
      .find((p) => p.name === 'thanks' && p.teamId === t.alpha.team.id)!;
    expect(prompt.variants).toEqual([
      { language: 'cn', voiceFileId: files.find((f) => f.name === 'thanks_cn')!.id },
    ]);
    const log = t.store.operationLogs.list({ teamId: t.alpha.team.id, limit: 1 });
    expect(log[0]).toMatchObject({ resource: 'voice-files', action: 'create' });
  });

  test('BULK-2 a re-run, then a new language → nothing duplicated, the prompt gains a variant', async () => {
    put('en', 'menu.wav', tone(), 'alpha');
    const body = { importAllAsVoiceFiles: false, files: [{ name: 'menu.wav', languages: ['en'] }] };
    expect((await t.call(t.alpha.token, 'POST', BULK, body)).json()).toMatchObject({
      voiceFiles: { created: 1, unchanged: 0 },
      callPrompts: { created: 1, updated: 0 },
    });
    expect((await t.call(t.alpha.token, 'POST', BULK, body)).json()).toMatchObject({
      voiceFiles: { created: 0, unchanged: 1 },
      callPrompts: { created: 0, updated: 1 },
    });
    put('de', 'menu.wav', tone(), 'alpha');
    const more = await t.call(t.alpha.token, 'POST', BULK, {
      importAllAsVoiceFiles: false,
      files: [{ name: 'menu.wav', languages: ['de'] }],
    });
    expect(more.json()).toMatchObject({ voiceFiles: { created: 1, unchanged: 0 } });
    const prompts = t.store.callPrompts
      .list(t.alpha.team.id)
      .filter((p) => p.name === 'menu' && p.teamId === t.alpha.team.id);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.variants.map((v) => v.language)).toEqual(['en', 'de']);
    const named = t.store.voiceFiles.list(t.alpha.team.id).filter((f) => f.name.startsWith('menu'));
    expect(named.map((f) => f.name)).toEqual(['menu_en', 'menu_de']);
  });

  test('BULK-1 a non-audio file named x.wav → 400 naming it, nothing written', async () => {
    put('en', 'good.wav', tone(), 'alpha');
    put('en', 'x.wav', Buffer.from('this is not a WAVE file at all'), 'alpha');
    put('en', 'song.mp3', Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00'), 'alpha');
    const before = t.store.voiceFiles.list(t.alpha.team.id).length;
    const soundsBefore = t.store.callPrompts.list(t.alpha.team.id).length;
    const res = await t.call(t.alpha.token, 'POST', BULK, {
      importAllAsVoiceFiles: true,
      files: [
        { name: 'good.wav', languages: ['en'] },
        { name: 'x.wav', languages: ['en'] },
        { name: 'song.mp3', languages: [] },
      ],
    });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { code: string; issues: Array<{ field: string; message: string }> };
    expect(body.code).toBe('ERR_AUDIO_FORMAT');
    expect(body.issues.map((i) => i.field)).toEqual(['files[1].name', 'files[2].name']);
    expect(body.issues[0]!.message).toMatch(/^en\/x\.wav: not a supported audio file/);
    expect(t.store.voiceFiles.list(t.alpha.team.id)).toHaveLength(before);
    expect(t.store.callPrompts.list(t.alpha.team.id)).toHaveLength(soundsBefore);
    expect(t.store.voiceFiles.list(t.alpha.team.id).some((f) => f.name === 'good_en')).toBe(false);
  });

  test('POST naming a file or language that is not there → 400 naming each', async () => {
    put('en', 'here.wav', tone(), 'alpha');
    const res = await t.call(t.alpha.token, 'POST', BULK, {
      importAllAsVoiceFiles: false,
      files: [
        { name: 'here.wav', languages: ['fr'] },
        { name: '../../etc/passwd', languages: ['en'] },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { field: string }) => i.field)).toEqual([
      'files[0].languages[0]',
      'files[1].name',
    ]);
  });

  test('system files: superadmin without teamId → team null; a team admin cannot reach them', async () => {
    put('es', 'beep.wav');
    const asTeam = await t.call(t.alpha.token, 'POST', BULK, {
      importAllAsVoiceFiles: true,
      files: [{ name: 'beep.wav', languages: [] }],
    });
    // A team admin reads its own folder, where beep.wav is not.
    expect(asTeam.statusCode).toBe(400);
    const res = await t.call(t.superToken, 'POST', BULK, {
      importAllAsVoiceFiles: true,
      files: [{ name: 'beep.wav', languages: ['es'] }],
    });
    expect(res.statusCode).toBe(200);
    expect(t.store.voiceFiles.list().find((f) => f.name === 'beep_es')).toMatchObject({
      teamId: null,
    });
  });
});

describe('POST /voice-files/bulk-import: MP3 and GSM', () => {
  /** A 1 s 1 kHz sine encoded by lame (MP3) and sox (raw GSM). */
  function encodedTone(): { mp3: Buffer; gsm: Buffer } {
    const dir = mkdtempSync(join(tmpdir(), 'bulk-encoded-'));
    try {
      const wav = join(dir, 't.wav');
      execFileSync('sox', ['-n', '-r', '16000', '-c', '1', wav, 'synth', '1', 'sine', '1000']);
      execFileSync('lame', ['--quiet', '-b', '64', wav, join(dir, 't.mp3')]);
      execFileSync('sox', [wav, '-r', '8000', join(dir, 't.gsm')]);
      return { mp3: readFileSync(join(dir, 't.mp3')), gsm: readFileSync(join(dir, 't.gsm')) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Every audio file under the sounds directory. */
  function soundFiles(): string[] {
    const dir = join(dirname(t.store.path), 'sounds');
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { recursive: true }).map(String).sort();
  }

  test('BULK-1 .mp3 and .gsm files → voice files with their source encodings and copies', async () => {
    const { mp3, gsm } = encodedTone();
    put('en', 'intro.mp3', mp3, 'alpha');
    put('en', 'outro.gsm', gsm, 'alpha');
    const res = await t.call(t.alpha.token, 'POST', BULK, {
      importAllAsVoiceFiles: false,
      files: [
        { name: 'intro.mp3', languages: ['en'] },
        { name: 'outro.gsm', languages: ['en'] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const files = t.store.voiceFiles.list(t.alpha.team.id);
    expect(files.find((f) => f.name === 'intro_en')).toMatchObject({
      sourceEncoding: 'mp3',
      sourceRateHz: 16000,
      durationMs: 1000,
      hasWideband: true,
    });
    const outro = files.find((f) => f.name === 'outro_en');
    expect(outro).toMatchObject({ sourceEncoding: 'gsm', sourceRateHz: 8000, durationMs: 1000 });
    expect(soundFiles()).toContain(join(String(t.alpha.team.id), `${outro!.id}.wav`));
  });

  test('BULK-1 a truncated MP3, an ID3-only MP3, random .mp3, a .gsm of 40 bytes → 400 each, nothing written', async () => {
    const { mp3, gsm } = encodedTone();
    put('en', 'fine.gsm', gsm, 'alpha');
    put('en', 'cut.mp3', mp3.subarray(0, mp3.length - 50), 'alpha');
    put(
      'en',
      'tag.mp3',
      Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x04'), Buffer.alloc(600)]),
      'alpha',
    );
    put(
      'en',
      'noise.mp3',
      Buffer.from(Array.from({ length: 900 }, (_, i) => (i * 7919) % 251)),
      'alpha',
    );
    put('en', 'short.gsm', gsm.subarray(0, 40), 'alpha');
    const rows = t.store.voiceFiles.list(t.alpha.team.id).length;
    const onDisk = soundFiles();
    const res = await t.call(t.alpha.token, 'POST', BULK, {
      importAllAsVoiceFiles: true,
      files: ['fine.gsm', 'cut.mp3', 'tag.mp3', 'noise.mp3', 'short.gsm'].map((name) => ({
        name,
        languages: ['en'],
      })),
    });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { code: string; issues: Array<{ field: string; message: string }> };
    expect(body.code).toBe('ERR_AUDIO_FORMAT');
    expect(body.issues.map((i) => i.field)).toEqual([
      'files[1].name',
      'files[2].name',
      'files[3].name',
      'files[4].name',
    ]);
    const codes = body.issues.map((i) => /\((ERR_[A-Z0-9_]+)/.exec(i.message)?.[1]);
    expect(codes).toEqual([
      'ERR_MP3_TRUNCATED',
      'ERR_MP3_NO_FRAMES',
      'ERR_MP3_NO_FRAMES',
      'ERR_GSM_LENGTH',
    ]);
    expect(t.store.voiceFiles.list(t.alpha.team.id)).toHaveLength(rows);
    expect(soundFiles()).toEqual(onDisk);
  });
});

describe('system settings', () => {
  test('GET /system/settings as a team admin → 403; default is <dataDir>/soundfiles', async () => {
    expect((await t.call(t.alpha.token, 'GET', '/api/v1/system/settings')).statusCode).toBe(403);
    t.store.settings.set('system.ftpVoiceFilePath', join(dirname(t.store.path), 'soundfiles'));
    const res = await t.call(t.superToken, 'GET', '/api/v1/system/settings');
    expect(res.json()).toEqual({
      ftpVoiceFilePath: join(dirname(t.store.path), 'soundfiles'),
      exportWindow: null,
    });
    const relative = await t.call(t.superToken, 'PATCH', '/api/v1/system/settings', {
      ftpVoiceFilePath: 'soundfiles',
    });
    expect(relative.statusCode).toBe(400);
  });
});
