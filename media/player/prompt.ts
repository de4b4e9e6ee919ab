import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ok, parseError } from '../../core/index.ts';
import type { ParseError, Result } from '../../core/index.ts';
import { Resampler } from '../codecs/index.ts';
import { parseWav } from './wav.ts';
import type { WavAudio } from './wav.ts';

/** A prompt ready to play: mono PCM at the session rate. */
export interface Prompt {
  /** The path below the sounds directory without ".wav", with "/" separators. */
  readonly name: string;
  readonly sampleRateHz: number;
  readonly samples: Int16Array;
}

/** A prompt file that could not be loaded, and why. */
export interface PromptLoadFailure {
  readonly file: string;
  readonly error: ParseError;
}

/** What loadPrompts() found in a directory. */
export interface PromptLibrary {
  readonly prompts: ReadonlyMap<string, Prompt>;
  readonly failures: readonly PromptLoadFailure[];
}

/**
 * Converts decoded WAV audio to a mono prompt at `sampleRateHz`: stereo is
 * averaged, and another rate is resampled once here so that playback does
 * no per-frame conversion. The resampler's filter delays the audio by its
 * group delay (about 3 ms at 8 kHz); the tail is flushed so nothing is cut.
 */
export function promptFromWav(name: string, wav: WavAudio, sampleRateHz: number): Prompt {
  let mono = wav.samples;
  if (wav.channels === 2) {
    mono = new Int16Array(wav.samples.length >> 1);
    for (let i = 0; i < mono.length; i++) {
      mono[i] = (wav.samples[2 * i]! + wav.samples[2 * i + 1]!) >> 1;
    }
  }
  if (wav.sampleRateHz === sampleRateHz) return { name, sampleRateHz, samples: mono };
  const resampler = new Resampler(wav.sampleRateHz, sampleRateHz);
  const wanted = Math.round((mono.length * sampleRateHz) / wav.sampleRateHz);
  const body = resampler.process(mono);
  // 20 ms of zeros pushes the filter's delayed tail out.
  const tail = resampler.process(new Int16Array(Math.ceil(wav.sampleRateHz / 50)));
  const samples = new Int16Array(wanted);
  samples.set(body.subarray(0, wanted));
  if (body.length < wanted) samples.set(tail.subarray(0, wanted - body.length), body.length);
  return { name, sampleRateHz, samples };
}

/** Parses a WAV file's bytes into a prompt at `sampleRateHz`. Never throws. */
export function parsePrompt(name: string, buf: Uint8Array, sampleRateHz: number): Result<Prompt> {
  const wav = parseWav(buf);
  if (!wav.ok) return wav;
  return ok(promptFromWav(name, wav.value, sampleRateHz));
}

/**
 * Loads every *.wav below `dir` (the data dir's sounds/, with language
 * subfolders such as en/) and converts each once to `sampleRateHz`. A bad
 * file does not stop the others: it is listed in `failures`.
 */
export async function loadPrompts(dir: string, sampleRateHz: number): Promise<PromptLibrary> {
  const prompts = new Map<string, Prompt>();
  const failures: PromptLoadFailure[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.toLowerCase().endsWith('.wav')) continue;
    const file = join(entry.parentPath, entry.name);
    const name = relative(dir, file).split(sep).join('/').slice(0, -4);
    let buf: Buffer;
    try {
      buf = await readFile(file);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      failures.push({ file, error: parseError('ERR_PROMPT_READ', 0, detail).error });
      continue;
    }
    const prompt = parsePrompt(name, buf, sampleRateHz);
    if (prompt.ok) prompts.set(name, prompt.value);
    else failures.push({ file, error: prompt.error });
  }
  return { prompts, failures };
}
