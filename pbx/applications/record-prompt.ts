import type { ApplicationCall, Clock, MediaControl, Result } from '../../core/index.ts';
import { END_RECORDING_KEY, LegPrompter } from '../voicemail/index.ts';

/** Longest recording a prompt by phone may be, as FreePBX's system recordings allow. */
export const RECORD_PROMPT_MAX_MS = 5 * 60_000;
/** Shorter recordings are taken for a slip of the finger and thrown away. */
export const RECORD_PROMPT_MIN_MS = 1_000;
/** A pause this long ends the recording, like a caller who walked away. */
export const RECORD_PROMPT_SILENCE_MS = 15_000;

/** A recording made by phone, before it becomes a voice file. */
export interface PhoneRecording {
  readonly teamId: number;
  /** The internal number of the recording extension, which names the file. */
  readonly extensionNumber: string;
  readonly path: string;
  readonly recordedAtMs: number;
}

/** The voice file a recording became. */
export interface SavedRecording {
  readonly id: number;
  readonly name: string;
  /** What MediaControl.play() takes to play it back (voiceFilePlayName). */
  readonly playName: string;
}

/** Collaborators of recordPrompt(): the media plane and where files go. */
export interface RecordPromptDeps {
  readonly media: MediaControl;
  readonly clock: Clock;
  /** A fresh path for the raw recording of a call. */
  scratchPath(callId: string): Promise<string>;
  /** Makes the recording a voice file of the team and removes the raw file. */
  save(recording: PhoneRecording): Promise<Result<SavedRecording, Error>>;
  /** Removes a raw recording that is not kept. */
  discard(path: string): Promise<void>;
}

/** Why recordPrompt() ended, for logs and tests. */
export type RecordPromptOutcome =
  | { readonly kind: 'saved'; readonly file: SavedRecording }
  | { readonly kind: 'too-short' | 'hangup' | 'failed' };

/**
 * VF-2 (spec 02 §3.17, the sample `record-1001-2012_05_25_11_20-0`): an
 * extension records a voice file by phone. Answers, beeps, records what
 * the caller says until '#', silence or the time limit, saves it as a
 * voice file of the team, plays it back and hangs up. A recording ended
 * by hanging up is kept too, when it is long enough: the caller cannot
 * be told, but a spoken prompt is usually complete by then.
 */
export async function recordPrompt(
  call: ApplicationCall,
  deps: RecordPromptDeps,
  extensionNumber: string,
): Promise<RecordPromptOutcome> {
  const { leg } = call;
  if (!(await leg.answer()).ok) {
    if (leg.state !== 'terminated') await leg.hangup();
    return { kind: 'failed' };
  }
  const prompter = new LegPrompter(leg, deps.media, deps.clock);
  try {
    if ((await prompter.play({ tone: 'beep' })) === 'hangup') return { kind: 'hangup' };
    prompter.flush();
    const path = await deps.scratchPath(call.callId);
    const recordedAtMs = deps.clock.now();
    const recording = await deps.media.record(leg.media, {
      path,
      mode: 'inbound',
      format: 'wav',
      maxDurationMs: RECORD_PROMPT_MAX_MS,
      silenceTimeoutMs: RECORD_PROMPT_SILENCE_MS,
    });
    if (!recording.ok) return { kind: 'failed' };
    const run = await prompter.runUntil(recording.value, (key) => key === END_RECORDING_KEY);
    if (run.durationMs < RECORD_PROMPT_MIN_MS) {
      await deps.discard(path);
      return { kind: run.end === 'hangup' ? 'hangup' : 'too-short' };
    }
    const saved = await deps.save({ teamId: call.teamId, extensionNumber, path, recordedAtMs });
    if (!saved.ok) {
      await deps.discard(path);
      return { kind: 'failed' };
    }
    if (!prompter.isHungUp) {
      await prompter.play({ file: saved.value.playName });
      await prompter.play({ tone: 'beep' });
    }
    return { kind: 'saved', file: saved.value };
  } finally {
    prompter.dispose();
    if (leg.state !== 'terminated') await leg.hangup();
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The manual's name for a recording by phone, `record-<ext>-<yyyy_mm_dd_hh_mm>-<n>`,
 * in the switch's local time like the manual's sample; `n` counts up
 * from 0 to keep names of one minute apart.
 */
export function phoneRecordingName(extensionNumber: string, atMs: number, n: number): string {
  const d = new Date(atMs);
  const stamp = `${d.getFullYear()}_${pad(d.getMonth() + 1)}_${pad(d.getDate())}_${pad(d.getHours())}_${pad(d.getMinutes())}`;
  return `record-${extensionNumber}-${stamp}-${n}`;
}
