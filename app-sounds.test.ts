import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_SOUNDS_DIR, bundledSoundNames, installSystemSounds } from './app-sounds.ts';
import { silentLogger } from './core/index.ts';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sy-sounds-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every file below `dir`, relative and `/`-separated. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
}

describe('bundledSoundNames()', () => {
  it('bundledSoundNames() → the WAVs of sounds/, relative, including moh/default.wav', async () => {
    const names = await bundledSoundNames();
    expect(names).toContain('moh/default.wav');
    expect(names).toContain('digits/0.wav');
    expect(names.every((n) => n.endsWith('.wav') && !n.startsWith('/'))).toBe(true);
  });
});

describe('installSystemSounds()', () => {
  it('installSystemSounds() when the data dir is empty → copies every bundled file byte for byte', async () => {
    const names = await bundledSoundNames();
    const result = await installSystemSounds(dataDir, silentLogger());
    expect(result).toEqual({ copied: names.length });
    const sounds = join(dataDir, 'sounds');
    expect(filesBelow(sounds)).toEqual(names);
    for (const name of ['moh/default.wav', 'vm/goodbye.wav']) {
      expect(readFileSync(join(sounds, name))).toEqual(
        readFileSync(join(BUNDLED_SOUNDS_DIR, name)),
      );
    }
  });

  it('installSystemSounds() when the user has a file of that name → leaves it untouched', async () => {
    const names = await bundledSoundNames();
    const own = join(dataDir, 'sounds', 'moh', 'default.wav');
    mkdirSync(join(dataDir, 'sounds', 'moh'), { recursive: true });
    writeFileSync(own, 'my own music');
    const result = await installSystemSounds(dataDir, silentLogger());
    expect(result.copied).toBe(names.length - 1);
    expect(readFileSync(own, 'utf8')).toBe('my own music');
    expect(filesBelow(join(dataDir, 'sounds'))).toEqual(names);
  });

  it('installSystemSounds() when run again → copies nothing and changes nothing', async () => {
    await installSystemSounds(dataDir, silentLogger());
    const user = join(dataDir, 'sounds', 'vm', 'greeting.wav');
    writeFileSync(user, 'my greeting');
    const result = await installSystemSounds(dataDir, silentLogger());
    expect(result).toEqual({ copied: 0 });
    expect(readFileSync(user, 'utf8')).toBe('my greeting');
  });

  it('installSystemSounds() when an upgrade adds prompts → copies only the missing ones', async () => {
    await installSystemSounds(dataDir, silentLogger());
    rmSync(join(dataDir, 'sounds', 'digits'), { recursive: true });
    const digits = (await bundledSoundNames()).filter((n) => n.startsWith('digits/'));
    const result = await installSystemSounds(dataDir, silentLogger());
    expect(result.copied).toBe(digits.length);
    expect(filesBelow(join(dataDir, 'sounds')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('installSystemSounds() when a file cannot be written → logs it and installs the rest', async () => {
    // A directory where a prompt's subdirectory should be makes that
    // subdirectory's copies fail; the other prompts still arrive.
    mkdirSync(join(dataDir, 'sounds'), { recursive: true });
    writeFileSync(join(dataDir, 'sounds', 'conf'), 'not a directory');
    const names = await bundledSoundNames();
    const conf = names.filter((n) => n.startsWith('conf/'));
    const warnings: unknown[] = [];
    const logger = silentLogger();
    logger.warn = ((obj: unknown) => {
      warnings.push(obj);
    }) as typeof logger.warn;
    const result = await installSystemSounds(dataDir, logger);
    expect(conf.length).toBeGreaterThan(0);
    expect(result.copied).toBe(names.length - conf.length);
    expect(warnings).toHaveLength(conf.length);
  });
});
