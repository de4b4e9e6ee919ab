import { TypedEmitter, ValidationError } from '../../core/index.ts';
import type { Logger } from '../../core/index.ts';
import type { Prompt } from './prompt.ts';
import { ToneGenerator } from './tone-generator.ts';
import type { ToneSpec } from './tone-table.ts';

/** Why a playback ended. */
export type PlayerDoneReason = 'finished' | 'stopped';

/** Events of a Player. */
export type PlayerEvents = {
  /** The playback ended: it ran out, or stop() or a new play() cut it. */
  done: [reason: PlayerDoneReason];
  listenererror: [event: string, error: unknown];
};

/** Settings of a Player. */
export interface PlayerOptions {
  readonly sampleRateHz: number;
  /** Frame duration; 20 unless given. */
  readonly frameMs?: number;
  readonly logger?: Logger;
}

/** Settings of one playback. */
export interface PlayOptions {
  /** Start again from the first prompt after the last one. */
  readonly isLooping?: boolean;
}

/** Settings of one tone playback. */
export interface PlayToneOptions {
  /** End after this long; a repeating tone otherwise plays until stop(). */
  readonly durationMs?: number;
}

/**
 * Produces one frame of PCM per call of readFrame(): from a prompt, a
 * playlist of prompts, or a tone generator, and silence when idle. It has
 * no timer of its own: the media endpoint's 20 ms tick pulls frames, so
 * playback stays locked to the stream clock. 'done' is emitted after the
 * frame that held the last samples.
 */
export class Player extends TypedEmitter<PlayerEvents> {
  readonly sampleRateHz: number;
  readonly frameSamples: number;
  private playlist: readonly Prompt[] = [];
  private promptIndex = 0;
  private position = 0;
  private isLooping = false;
  private tone: ToneGenerator | undefined;
  private toneSamplesLeft = Number.POSITIVE_INFINITY;
  private isActive = false;

  constructor(options: PlayerOptions) {
    super(options.logger);
    this.sampleRateHz = options.sampleRateHz;
    this.frameSamples = (options.sampleRateHz * (options.frameMs ?? 20)) / 1000;
    if (!Number.isInteger(this.frameSamples) || this.frameSamples <= 0) {
      throw new ValidationError('frameMs', `no whole frame of samples at ${this.sampleRateHz} Hz`);
    }
  }

  /** True while a prompt or tone is playing. */
  get isPlaying(): boolean {
    return this.isActive;
  }

  /** Plays one prompt or a playlist, replacing what was playing. */
  play(prompts: Prompt | readonly Prompt[], options: PlayOptions = {}): void {
    const list = Array.isArray(prompts) ? (prompts as readonly Prompt[]) : [prompts as Prompt];
    for (const p of list) {
      if (p.sampleRateHz !== this.sampleRateHz) {
        throw new ValidationError(
          'prompt',
          `prompt ${p.name} is at ${p.sampleRateHz} Hz, the player at ${this.sampleRateHz} Hz`,
        );
      }
    }
    this.interrupt();
    this.playlist = list;
    this.promptIndex = 0;
    this.position = 0;
    this.isLooping = options.isLooping ?? false;
    this.isActive = list.some((p) => p.samples.length > 0);
    if (!this.isActive) this.safeEmit('done', 'finished');
  }

  /** Plays a call-progress tone, replacing what was playing. */
  playTone(spec: ToneSpec, options: PlayToneOptions = {}): void {
    this.interrupt();
    this.tone = new ToneGenerator(spec, this.sampleRateHz);
    this.toneSamplesLeft =
      options.durationMs === undefined
        ? Number.POSITIVE_INFINITY
        : Math.round((options.durationMs * this.sampleRateHz) / 1000);
    this.isActive = true;
  }

  /** Stops playback and emits 'done' ('stopped') if something was playing. */
  stop(): void {
    this.interrupt();
  }

  /**
   * Fills `out` (frameSamples long) with the next frame and returns true,
   * or fills it with silence and returns false when nothing plays.
   */
  readFrame(out: Int16Array): boolean {
    if (!this.isActive) {
      out.fill(0);
      return false;
    }
    const isEnded = this.tone === undefined ? this.readPrompts(out) : this.readTone(out);
    if (isEnded) {
      this.isActive = false;
      this.tone = undefined;
      this.playlist = [];
      this.safeEmit('done', 'finished');
    }
    return true;
  }

  private interrupt(): void {
    if (!this.isActive) return;
    this.isActive = false;
    this.tone = undefined;
    this.playlist = [];
    this.safeEmit('done', 'stopped');
  }

  /** Copies prompt samples into `out`; returns true when the playlist ended. */
  private readPrompts(out: Int16Array): boolean {
    let filled = 0;
    while (filled < out.length) {
      const prompt = this.playlist[this.promptIndex];
      if (prompt === undefined) {
        if (!this.isLooping) {
          out.fill(0, filled);
          return true;
        }
        this.promptIndex = 0;
        continue;
      }
      const count = Math.min(out.length - filled, prompt.samples.length - this.position);
      // A plain loop: subarray() would allocate a view every frame.
      const samples = prompt.samples;
      for (let i = 0; i < count; i++) out[filled + i] = samples[this.position + i]!;
      filled += count;
      this.position += count;
      if (this.position >= prompt.samples.length) {
        this.promptIndex++;
        this.position = 0;
      }
    }
    return !this.isLooping && this.promptIndex >= this.playlist.length;
  }

  /** Renders the tone into `out`; returns true when it ended. */
  private readTone(out: Int16Array): boolean {
    const tone = this.tone!;
    const rendered = tone.fill(out);
    const kept = Math.min(rendered, this.toneSamplesLeft);
    out.fill(0, kept);
    this.toneSamplesLeft -= kept;
    return tone.isDone || this.toneSamplesLeft <= 0;
  }
}
