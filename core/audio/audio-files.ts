import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError } from '../errors.ts';
import type { PlaybackCopies } from './playback-copies.ts';
import type { VoiceFile } from '../config-store/index.ts';

/*
 * Where the audio of voice files lives: `<soundsDir>/<teamId>/<id>.wav` for
 * the 8 kHz copy and `<id>-16k.wav` for the 16 kHz one; system files
 * (no team) go under `system/`. The store keeps only the rows.
 */

/** The voice-file row fields an upload's playback copies decide. */
export function voiceFileAudioFields(copies: PlaybackCopies, sizeBytes: number) {
  return {
    sourceEncoding: copies.source.encoding,
    sourceRateHz: copies.source.sampleRateHz,
    sourceChannels: copies.source.channels,
    durationMs: copies.source.durationMs,
    sizeBytes,
    hasWideband: copies.wideband !== undefined,
  };
}

/** Reads and writes the audio of voice files under one directory. */
export class AudioFiles {
  readonly soundsDir: string;

  constructor(soundsDir: string) {
    this.soundsDir = soundsDir;
  }

  /** Path of a file's copy at `rateHz` (8000 or 16000). */
  pathOf(file: Pick<VoiceFile, 'id' | 'teamId'>, rateHz: number): string {
    const dir = join(this.soundsDir, file.teamId === null ? 'system' : String(file.teamId));
    return join(dir, rateHz === 16000 ? `${file.id}-16k.wav` : `${file.id}.wav`);
  }

  /**
   * Writes the copies, each to a temporary name renamed into place, so a
   * crash mid-write never leaves a half file under the final name. Throws
   * on any I/O error, after removing what it wrote.
   */
  write(file: Pick<VoiceFile, 'id' | 'teamId'>, copies: PlaybackCopies): void {
    const targets: Array<[string, Buffer]> = [[this.pathOf(file, 8000), copies.narrowband]];
    if (copies.wideband !== undefined) {
      targets.push([this.pathOf(file, 16000), copies.wideband]);
    }
    try {
      for (const [path, bytes] of targets) {
        mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
        writeFileSync(`${path}.tmp`, bytes, { mode: 0o600 });
        renameSync(`${path}.tmp`, path);
      }
    } catch (error) {
      this.remove(file);
      throw error;
    }
  }

  /** The bytes of a copy; ERR_NOT_FOUND if it is not on disk. */
  read(file: Pick<VoiceFile, 'id' | 'teamId'>, rateHz: number): Buffer {
    try {
      return readFileSync(this.pathOf(file, rateHz));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFoundError(`${rateHz} Hz audio of voice file`, file.id);
      }
      throw error;
    }
  }

  /** Removes every copy and temporary file; missing ones are fine. */
  remove(file: Pick<VoiceFile, 'id' | 'teamId'>): void {
    for (const rateHz of [8000, 16000]) {
      const path = this.pathOf(file, rateHz);
      rmSync(path, { force: true });
      rmSync(`${path}.tmp`, { force: true });
    }
  }
}
