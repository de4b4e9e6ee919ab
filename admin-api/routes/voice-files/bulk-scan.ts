import { lstatSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { PROMPT_LANGUAGES } from '../../../core/config-store/index.ts';
import type { PromptLanguage } from '../../../core/config-store/index.ts';

/*
 * The directory tree bulk voice-file import reads (spec 02 §3.17):
 * `<root>/<lang>/<file>` holds system files, `<root>/<team uid>/<lang>/<file>`
 * a team's. Only regular files with an audio extension are listed; links
 * and anything else are ignored, so a file outside the tree is never read.
 */

/** Extensions the manual lists (`.gsm` is in its screenshot). */
const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set(['.wav', '.mp3', '.gsm']);

/** One file name and the language folders it is in. */
export interface BulkFile {
  name: string;
  languages: PromptLanguage[];
}

/** The folder holding the language folders of a team, or the system's. */
export function bulkFolderOf(root: string, teamUid: string | null): string {
  return teamUid === null ? root : join(root, teamUid);
}

/** The path of `name` in `language` under `folder`. */
export function bulkFilePath(folder: string, language: PromptLanguage, name: string): string {
  return join(folder, language, name);
}

function isListable(dir: string, name: string): boolean {
  if (name.startsWith('.') || !AUDIO_EXTENSIONS.has(extname(name).toLowerCase())) return false;
  try {
    return lstatSync(join(dir, name)).isFile();
  } catch {
    return false;
  }
}

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => isListable(dir, name));
  } catch (error) {
    // A language folder that does not exist simply holds no file.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Lists the audio files of `folder`'s language folders, by name, with the
 * languages each is in (in PROMPT_LANGUAGES order); names sorted.
 */
export function scanBulkFolder(folder: string): BulkFile[] {
  const byName = new Map<string, PromptLanguage[]>();
  for (const language of PROMPT_LANGUAGES) {
    for (const name of namesIn(join(folder, language))) {
      const languages = byName.get(name) ?? [];
      languages.push(language);
      byName.set(name, languages);
    }
  }
  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, languages]) => ({ name, languages }));
}

/** `welcome.wav` → `welcome`: the prompt name of a file. */
export function baseNameOf(fileName: string): string {
  return fileName.slice(0, fileName.length - extname(fileName).length);
}
