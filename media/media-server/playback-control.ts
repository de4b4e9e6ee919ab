import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import { err, ok } from '../../core/index.ts';
import type {
  Clock,
  MediaError,
  MediaOperation,
  MediaPlayOptions,
  MediaPlaySource,
  Result,
} from '../../core/index.ts';
import { parsePrompt } from '../player/index.ts';
import type { Prompt } from '../player/index.ts';
import type { MediaLeg } from './media-leg.ts';
import { OperationHandle } from './media-operation.ts';
import { cadenceMs, dtmfToneSpec, toneSpecOf } from './tones.ts';

/** Settings of PlaybackControl. */
export interface PlaybackControlOptions {
  readonly clock: Clock;
  readonly toneCountry: string;
  readonly soundsDir?: string;
}

interface Current {
  readonly op: OperationHandle;
  readonly isInterruptedByDtmf: boolean;
}

/**
 * play() for legs: loads WAV prompts once per path and rate, renders
 * tones, and ties each playback to a MediaOperation that ends when the
 * player runs out, is stopped or replaced, a digit barges in, or the leg
 * hangs up. One playback per leg: a new one replaces the last.
 */
export class PlaybackControl {
  private readonly options: PlaybackControlOptions;
  private readonly prompts = new Map<string, Prompt>();
  private readonly current = new Map<MediaLeg, Current>();

  constructor(options: PlaybackControlOptions) {
    this.options = options;
  }

  async play(
    leg: MediaLeg,
    source: MediaPlaySource,
    opts: MediaPlayOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    let prompt: Prompt | undefined;
    if ('file' in source) {
      const loaded = await this.load(source.file, leg.sampleRateHz);
      if (!loaded.ok) return loaded;
      prompt = loaded.value;
    }
    const player = leg.getPlayer();
    const op: OperationHandle = new OperationHandle(this.options.clock, () => {
      if (this.current.get(leg)?.op !== op) return;
      this.current.delete(leg);
      player.stop();
    });
    const loop = opts.loop ?? false;
    if (prompt !== undefined) {
      const times = typeof loop === 'number' ? Math.max(1, loop) : 1;
      player.play(
        Array.from({ length: times }, () => prompt),
        { isLooping: loop === true },
      );
    } else if ('tone' in source) {
      const spec = toneSpecOf(source.tone, this.options.toneCountry);
      const cycle = cadenceMs(spec);
      const times = typeof loop === 'number' ? Math.max(1, loop) : 1;
      const isEndless = loop === true || !Number.isFinite(cycle) || !spec.isRepeating;
      player.playTone(spec, isEndless ? {} : { durationMs: cycle * times });
    }
    this.track(leg, op, opts.isInterruptedByDtmf === true);
    return ok(op);
  }

  /** Plays digits as Q.23 tone pairs, as a playback of its own. */
  playDtmf(leg: MediaLeg, digits: string, durationMs: number, pauseMs: number): void {
    const player = leg.getPlayer();
    const op: OperationHandle = new OperationHandle(this.options.clock, () => undefined);
    player.playTone(dtmfToneSpec(digits, durationMs, pauseMs));
    this.track(leg, op, false);
  }

  /** A key went down on the leg: barge-in ends a playback that allows it. */
  onDigit(leg: MediaLeg): void {
    const current = this.current.get(leg);
    if (current?.isInterruptedByDtmf === true) void current.op.end('dtmf');
  }

  /** Ends the leg's playback with 'hangup'. */
  async onHangup(leg: MediaLeg): Promise<void> {
    await this.current.get(leg)?.op.end('hangup');
  }

  private track(leg: MediaLeg, op: OperationHandle, isInterruptedByDtmf: boolean): void {
    this.current.set(leg, { op, isInterruptedByDtmf });
    leg.getPlayer().once('done', (reason) => {
      if (this.current.get(leg)?.op === op) this.current.delete(leg);
      void op.end(reason === 'finished' ? 'completed' : 'stopped');
    });
  }

  private async load(file: string, sampleRateHz: number): Promise<Result<Prompt, MediaError>> {
    const dir = this.options.soundsDir;
    const named = isAbsolute(file) || dir === undefined ? file : join(dir, file);
    // Prompt names may omit the extension, as in Asterisk (`conf/enter-pin`).
    const path = extname(named) === '' ? `${named}.wav` : named;
    const key = `${sampleRateHz}:${path}`;
    const cached = this.prompts.get(key);
    if (cached !== undefined) return ok(cached);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      return err({ code: 'ERR_MEDIA_FILE_NOT_FOUND', detail: `cannot read ${path}`, cause });
    }
    const prompt = parsePrompt(file, bytes, sampleRateHz);
    if (!prompt.ok) {
      const detail = `${path} is not a playable WAV: ${prompt.error.detail}`;
      return err({ code: 'ERR_MEDIA_FILE_NOT_FOUND', detail, cause: prompt.error });
    }
    this.prompts.set(key, prompt.value);
    return ok(prompt.value);
  }
}
