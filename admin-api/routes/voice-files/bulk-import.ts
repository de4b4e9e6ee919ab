import { readFileSync, statSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import {
  audioFormatOfFileName,
  convertForPlayback,
  voiceFileAudioFields,
} from '../../../core/audio/index.ts';
import type { PlaybackCopies } from '../../../core/audio/index.ts';
import type {
  CallPromptVariant,
  ConfigStore,
  PromptLanguage,
  VoiceFile,
} from '../../../core/config-store/index.ts';
import type { AudioFiles } from '../../../core/audio/index.ts';
import { baseNameOf, bulkFilePath, scanBulkFolder } from './bulk-scan.ts';
import { MAX_VOICE_FILE_BYTES } from './schema.ts';

/*
 * Bulk voice-file import (spec 02 §3.17, BULK-1, BULK-2). Each (file,
 * language) becomes a voice file named `<base>_<lang>` (the manual's own
 * samples: `谢谢合作_cn`, `谢谢合作_en`), converted exactly as an upload is;
 * each ticked language becomes a variant of the call prompt `<base>`.
 * Everything is checked and converted before the one write transaction, so
 * a bad file fails the request and nothing is written.
 */

/** What the admin ticked (spec 02 §3.17 form). */
export interface BulkImportRequest {
  teamId: number | null;
  importAllAsVoiceFiles: boolean;
  files: ReadonlyArray<{ name: string; languages: readonly PromptLanguage[] }>;
}

/** A defect of the request, named by its JSON path. */
export interface BulkIssue {
  field: string;
  message: string;
}

/** One voice file to create, converted. */
interface NewUnit {
  voiceFileName: string;
  copies: PlaybackCopies;
  sizeBytes: number;
}

/** A checked request: the files to create and the prompts to write. */
export interface BulkImportPlan {
  teamId: number | null;
  newFiles: NewUnit[];
  /** Voice-file names already in the team (BULK-2): kept as they are. */
  existingFiles: Map<string, number>;
  prompts: Array<{ name: string; variants: Array<{ language: PromptLanguage; file: string }> }>;
  fileCount: number;
  /** Voice files the request names that exist already. */
  unchangedCount: number;
}

/** Counts the response reports. */
export interface BulkImportResult {
  files: number;
  voiceFiles: { created: number; unchanged: number };
  callPrompts: { created: number; updated: number };
}

/** A voice file's name for one language of a file. */
export function voiceFileNameOf(fileName: string, language: PromptLanguage): string {
  return `${baseNameOf(fileName)}_${language}`;
}

/** Converted files between progress lines of a large run. */
const PROGRESS_EVERY = 25;

/**
 * Checks the request against the folder and converts every new file.
 * Returns the issues instead when any file is missing, in the wrong
 * language, or not audio we can play: all of them, so one round fixes all.
 */
export async function planBulkImport(
  store: ConfigStore,
  folder: string,
  request: BulkImportRequest,
  log: FastifyBaseLogger,
): Promise<{ plan: BulkImportPlan } | { issues: BulkIssue[]; isFormat: boolean }> {
  const available = new Map(scanBulkFolder(folder).map((f) => [f.name, f.languages]));
  const issues: BulkIssue[] = [];
  const bases = new Map<string, string>();
  const units: Array<{ index: number; name: string; language: PromptLanguage }> = [];
  const prompts: BulkImportPlan['prompts'] = [];
  request.files.forEach((file, i) => {
    const languages = available.get(file.name);
    if (languages === undefined) {
      issues.push({ field: `files[${i}].name`, message: `no audio file ${file.name} to import` });
      return;
    }
    const base = baseNameOf(file.name);
    const other = bases.get(base);
    if (other !== undefined) {
      issues.push({ field: `files[${i}].name`, message: `${file.name} and ${other} share a name` });
    }
    bases.set(base, file.name);
    file.languages.forEach((language, j) => {
      if (!languages.includes(language)) {
        const message = `${file.name} is not in the ${language} folder`;
        issues.push({ field: `files[${i}].languages[${j}]`, message });
      }
    });
    const asFiles = request.importAllAsVoiceFiles ? languages : file.languages;
    for (const language of new Set([...asFiles, ...file.languages])) {
      units.push({ index: i, name: file.name, language });
    }
    if (file.languages.length > 0) {
      const variants = file.languages.map((language) => ({
        language,
        file: voiceFileNameOf(file.name, language),
      }));
      prompts.push({ name: base, variants });
    }
  });
  if (issues.length > 0) return { issues, isFormat: false };

  const existingFiles = new Map(
    store.voiceFiles
      .list(request.teamId ?? undefined)
      .filter((f) => f.teamId === request.teamId)
      .map((f) => [f.name, f.id]),
  );
  const newFiles: NewUnit[] = [];
  let converted = 0;
  let unchangedCount = 0;
  for (const unit of units) {
    const voiceFileName = voiceFileNameOf(unit.name, unit.language);
    if (existingFiles.has(voiceFileName)) {
      unchangedCount++;
      continue;
    }
    const field = `files[${unit.index}].name`;
    const bytes = readAudio(bulkFilePath(folder, unit.language, unit.name));
    if (typeof bytes === 'string') {
      issues.push({ field, message: `${unit.language}/${unit.name}: ${bytes}` });
      continue;
    }
    const sizeBytes = bytes.length;
    // Raw GSM has no header: the extension is what says a file is GSM.
    const result = await convertForPlayback(bytes, audioFormatOfFileName(unit.name));
    if (!result.ok) {
      const { code, offset, detail } = result.error;
      const message = `${unit.language}/${unit.name}: not a supported audio file (${code} at byte ${offset}: ${detail})`;
      issues.push({ field, message });
      continue;
    }
    newFiles.push({ voiceFileName, copies: result.value, sizeBytes });
    converted++;
    if (converted % PROGRESS_EVERY === 0) {
      log.info({ converted, of: units.length }, 'bulk voice-file import: converting');
    }
  }
  if (issues.length > 0) return { issues, isFormat: true };
  const plan = { teamId: request.teamId, newFiles, existingFiles, prompts, unchangedCount };
  return { plan: { ...plan, fileCount: request.files.length } };
}

/** The file's bytes, or why they cannot be imported. */
function readAudio(path: string): Buffer | string {
  try {
    const size = statSync(path).size;
    if (size === 0 || size > MAX_VOICE_FILE_BYTES) {
      return `${size} bytes; a voice file has 1 to ${MAX_VOICE_FILE_BYTES}`;
    }
    return readFileSync(path);
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

/**
 * Writes a plan; the caller runs it inside store.transaction(). Audio is
 * written as each row is inserted; `written` collects the rows so that
 * the caller can remove their audio if the transaction rolls back.
 */
export function runBulkImport(
  store: ConfigStore,
  audio: AudioFiles,
  plan: BulkImportPlan,
  written: VoiceFile[],
): BulkImportResult {
  const ids = new Map(plan.existingFiles);
  for (const unit of plan.newFiles) {
    const { copies } = unit;
    const file = store.voiceFiles.create(
      {
        teamId: plan.teamId,
        name: unit.voiceFileName,
        ...voiceFileAudioFields(copies, unit.sizeBytes),
      },
      (row) => {
        written.push(row);
        audio.write(row, copies);
      },
    );
    ids.set(file.name, file.id);
  }
  const prompts = store.callPrompts
    .list(plan.teamId ?? undefined)
    .filter((p) => p.teamId === plan.teamId);
  const callPrompts = { created: 0, updated: 0 };
  for (const prompt of plan.prompts) {
    const variants: CallPromptVariant[] = prompt.variants.map((v) => ({
      language: v.language,
      voiceFileId: ids.get(v.file)!,
    }));
    const existing = prompts.find((p) => p.name === prompt.name);
    if (existing === undefined) {
      const base = variants.find((v) => v.language === 'en') ?? variants[0]!;
      store.callPrompts.create({
        teamId: plan.teamId,
        name: prompt.name,
        voiceFileId: base.voiceFileId,
        variants,
      });
      callPrompts.created++;
      continue;
    }
    // BULK-2: the ticked languages are set, the prompt's others kept.
    const ticked = new Set(variants.map((v) => v.language));
    const kept = existing.variants.filter((v) => !ticked.has(v.language));
    store.callPrompts.update(existing.id, { variants: [...kept, ...variants] });
    callPrompts.updated++;
  }
  return {
    files: plan.fileCount,
    voiceFiles: { created: plan.newFiles.length, unchanged: plan.unchangedCount },
    callPrompts,
  };
}
