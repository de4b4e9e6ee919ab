/*
 * The system sounds bundled in sounds/ (prompts, digits, music on hold;
 * docs/decisions.md D33), installed into `<data-dir>/sounds` at start so
 * that a fresh install is not silent. A file already there is the user's
 * and is never touched: replacing a prompt means putting a WAV of the same
 * name there, and an upgrade only adds the prompts that are new.
 */
import { copyFile, lstat, mkdir, readdir, rename, unlink } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomToken } from './core/index.ts';
import type { Logger } from './core/index.ts';

/**
 * The bundled sounds, next to this module: the same path in a clone and
 * in an installed package, whatever the working directory.
 */
export const BUNDLED_SOUNDS_DIR = fileURLToPath(new URL('./sounds/', import.meta.url));

/**
 * Copies each bundled WAV to `<dataDir>/sounds/<same relative path>` when
 * no file is there. A file that cannot be copied is logged and skipped:
 * a missing prompt costs a caller one prompt, a refused start costs all
 * calls.
 */
export async function installSystemSounds(
  dataDir: string,
  logger: Logger,
): Promise<{ copied: number }> {
  const targetDir = join(dataDir, 'sounds');
  const names = await bundledSoundNames(logger);
  // A few dozen small files: copied concurrently, each failing alone.
  const results = await Promise.all(
    names.map(async (name) => {
      const target = join(targetDir, name);
      try {
        return await copyUnlessPresent(join(BUNDLED_SOUNDS_DIR, name), target);
      } catch (cause) {
        logger.warn({ err: cause, file: target }, 'system sound not installed');
        return false;
      }
    }),
  );
  const copied = results.filter((isCopied) => isCopied).length;
  const level = copied > 0 ? 'info' : 'debug';
  logger[level]({ copied, bundled: names.length, dir: targetDir }, 'system sounds installed');
  return { copied };
}

/** The bundled WAVs as paths relative to BUNDLED_SOUNDS_DIR, `/`-separated. */
export async function bundledSoundNames(logger?: Logger): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(BUNDLED_SOUNDS_DIR, { recursive: true });
  } catch (cause) {
    logger?.warn({ err: cause, dir: BUNDLED_SOUNDS_DIR }, 'no bundled system sounds');
    return [];
  }
  return entries
    .filter((e) => e.endsWith('.wav'))
    .map((e) => e.split(sep).join('/'))
    .sort();
}

/**
 * Copies through a temporary name in the target's directory and renames,
 * so that a crash mid-copy never leaves a truncated prompt that later
 * starts would take for the user's own file. The check and the rename
 * are not one atomic step; only an administrator copying a file of the
 * same name during a start could lose it, which is accepted.
 */
async function copyUnlessPresent(source: string, target: string): Promise<boolean> {
  if (await exists(target)) return false;
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.${randomToken(6)}.tmp`;
  try {
    await copyFile(source, temporary);
    await rename(temporary, target);
  } catch (cause) {
    // The copy's own error is the one to report; the temporary file may
    // not even exist, so a failed clean-up adds nothing.
    await unlink(temporary).catch(() => undefined);
    throw cause;
  }
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw cause;
  }
}
