import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import { err, ok } from '../../core/index.ts';
import type {
  Clock,
  Logger,
  MediaError,
  MediaOperation,
  MediaPlayOptions,
  MediaPlaySource,
  Result,
} from '../../core/index.ts';
import { MohClasses, parsePrompt } from '../player/index.ts';
import type { MohPlaylistLookup, Prompt } from '../player/index.ts';
import type { MediaLeg } from './media-leg.ts';
import { OperationHandle } from './media-operation.ts';
import { cadenceMs, dtmfToneSpec, toneSpecOf } from './tones.ts';

/** What externalSource says while a leg hears a class through play({ moh }). */
const MOH_SOURCE = 'moh-play';

/** Settings of PlaybackControl. */
export interface PlaybackControlOptions {
  readonly clock: Clock;
  readonly toneCountry: string;
  readonly soundsDir?: string;
  /** Resolves music-on-hold classes for play({ moh }); none are played without it. */
  readonly mohPlaylists?: MohPlaylistLookup;
  readonly logger?: Logger;
}

interface Current {
  readonly op: OperationHandle;
  readonly isInterruptedByDtmf: boolean;
  /** Music on hold feeds the leg from a shared stream, not from its player. */
  readonly isMoh: boolean;
}

/**
 * play() for legs: loads WAV prompts once per path and rate, renders
 * tones, joins music-on-hold classes, and ties each playback to a
 * MediaOperation that ends when the player runs out, is stopped or
 * replaced, a digit barges in, or the leg hangs up. One playback per leg:
 * a new one replaces the last.
 */
export class PlaybackControl {
  /** The shared music-on-hold streams, when classes can be resolved. */
  readonly moh: MohClasses | undefined;
  private readonly options: PlaybackControlOptions;
  private readonly prompts = new Map<string, Prompt>();
  private readonly current = new Map<MediaLeg, Current>();
  /** Counts play() calls per leg, so a slow MOH join can tell it was overtaken. */
  private readonly epochs = new Map<MediaLeg, number>();

  constructor(options: PlaybackControlOptions) {
    this.options = options;
    const lookup = options.mohPlaylists;
    this.moh =
      lookup === undefined
        ? undefined
        : new MohClasses({
            lookup,
            loadPrompt: (name, rateHz) => this.loadPrompt(name, rateHz),
            clock: options.clock,
            ...(options.logger === undefined ? {} : { logger: options.logger }),
          });
  }

  async play(
    leg: MediaLeg,
    source: MediaPlaySource,
    opts: MediaPlayOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    const epoch = (this.epochs.get(leg) ?? 0) + 1;
    this.epochs.set(leg, epoch);
    if ('moh' in source) return this.playMoh(leg, source, opts, epoch);
    let prompt: Prompt | undefined;
    if ('file' in source) {
      const loaded = await this.loadPrompt(source.file, leg.sampleRateHz);
      if (!loaded.ok) return loaded;
      prompt = loaded.value;
    }
    await this.endMoh(leg);
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

  /**
   * Joins the leg to its class's shared stream (MOH-1): it loops until
   * stopped, whatever `loop` says, and replaces the leg's own playback.
   */
  private async playMoh(
    leg: MediaLeg,
    source: { readonly moh: string; readonly teamId?: number },
    opts: MediaPlayOptions,
    epoch: number,
  ): Promise<Result<MediaOperation, MediaError>> {
    if (this.moh === undefined) {
      const detail = `no music-on-hold classes configured (class ${source.moh})`;
      return err({ code: 'ERR_MEDIA_FILE_NOT_FOUND', detail });
    }
    const previous = this.current.get(leg);
    if (previous !== undefined) await previous.op.end('stopped');
    const joined = await this.moh.join(source.moh, source.teamId, leg.sampleRateHz, (frame) =>
      leg.sendPcm(frame),
    );
    if (!joined.ok) return joined;
    const leave = joined.value;
    // Loading the class took a while: another play() or a hang-up won.
    if (this.epochs.get(leg) !== epoch) {
      leave();
      const detail = 'the leg hung up or got another playback while its music loaded';
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail });
    }
    const op: OperationHandle = new OperationHandle(this.options.clock, () => {
      if (this.current.get(leg)?.op === op) this.current.delete(leg);
      leave();
      if (leg.externalSource === MOH_SOURCE) leg.externalSource = undefined;
    });
    leg.externalSource = MOH_SOURCE;
    this.current.set(leg, {
      op,
      isInterruptedByDtmf: opts.isInterruptedByDtmf === true,
      isMoh: true,
    });
    return ok(op);
  }

  /** A file or tone replaces music on hold, which no player 'done' ends. */
  private async endMoh(leg: MediaLeg): Promise<void> {
    const current = this.current.get(leg);
    if (current?.isMoh === true) await current.op.end('stopped');
  }

  /** Plays digits as Q.23 tone pairs, as a playback of its own. */
  playDtmf(leg: MediaLeg, digits: string, durationMs: number, pauseMs: number): void {
    const player = leg.getPlayer();
    const op: OperationHandle = new OperationHandle(this.options.clock, () => undefined);
    this.epochs.set(leg, (this.epochs.get(leg) ?? 0) + 1);
    void this.endMoh(leg);
    player.playTone(dtmfToneSpec(digits, durationMs, pauseMs));
    this.track(leg, op, false);
  }

  /** A key went down on the leg: barge-in ends a playback that allows it. */
  onDigit(leg: MediaLeg): void {
    const current = this.current.get(leg);
    if (current?.isInterruptedByDtmf === true) void current.op.end('dtmf');
  }

  /** Closes the music-on-hold streams (the server stops). */
  close(): void {
    this.moh?.close();
  }

  /** Ends the leg's playback with 'hangup'. */
  async onHangup(leg: MediaLeg): Promise<void> {
    this.epochs.delete(leg);
    await this.current.get(leg)?.op.end('hangup');
  }

  private track(leg: MediaLeg, op: OperationHandle, isInterruptedByDtmf: boolean): void {
    this.current.set(leg, { op, isInterruptedByDtmf, isMoh: false });
    leg.getPlayer().once('done', (reason) => {
      if (this.current.get(leg)?.op === op) this.current.delete(leg);
      void op.end(reason === 'finished' ? 'completed' : 'stopped');
    });
  }

  /** Loads a WAV prompt at a rate, once per path and rate (cached). */
  async loadPrompt(file: string, sampleRateHz: number): Promise<Result<Prompt, MediaError>> {
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
