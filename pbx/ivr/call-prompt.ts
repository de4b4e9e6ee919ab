/**
 * Call prompts (spec 02 §3.14): a logical prompt with one voice file per
 * language. The shapes are those of the config store's CallPrompt and
 * VoiceFile, so its repositories serve as they are.
 */

/** A prompt as the IVR reads it: its base file and its language variants. */
export interface CallPromptFiles {
  readonly id: number;
  /** The base voice file (CallPrompt.voiceFile), if any. */
  readonly voiceFileId?: number | null | undefined;
  /** 默认语言 of the prompt, e.g. `cn`. */
  readonly defaultLanguage?: string | null | undefined;
  /** CallPromptVariant rows: one file per language. */
  readonly variants: ReadonlyArray<{ readonly language: string; readonly voiceFileId: number }>;
}

/** The part of a voice file (§3.16) that names it on disk. */
export interface PlayableVoiceFile {
  readonly id: number;
  readonly teamId: number | null;
}

/**
 * The voice file for `prompt` in `language` (PR-1): the variant for the
 * call language, then the one for the prompt's default language, then the
 * base voice file, then the variant for the system default language
 * (呼入语音默认语言, English unless configured). Undefined when none exists.
 */
export function resolvePromptVoiceFile(
  prompt: CallPromptFiles,
  language: string,
  systemDefaultLanguage: string,
): number | undefined {
  const variantFor = (lang: string | null | undefined) =>
    lang == null ? undefined : prompt.variants.find((v) => v.language === lang)?.voiceFileId;
  return (
    variantFor(language) ??
    variantFor(prompt.defaultLanguage) ??
    prompt.voiceFileId ??
    variantFor(systemDefaultLanguage)
  );
}

/**
 * The name MediaControl.play() gets for a voice file: its path below the
 * data dir's sounds/ without the extension, `<team id or system>/<id>`,
 * which is where admin-api stores uploads and how media/player names the
 * prompts it loads.
 */
export function voiceFilePlayName(file: PlayableVoiceFile): string {
  return `${file.teamId === null ? 'system' : String(file.teamId)}/${file.id}`;
}
