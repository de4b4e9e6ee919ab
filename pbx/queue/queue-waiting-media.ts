/*
 * What a waiting queue caller hears (QueueCall drives it): the entry
 * prompt, periodic and position announcements with the MOH paused, then
 * the MOH class in a loop (Q-5…Q-7), dropped once the caller stops waiting.
 */
import type { CallLeg, MediaOperation, TimerHandle } from '../../core/index.ts';
import type { QueueConfig } from './queue-config.ts';
import type { QueueDeps } from './queue-deps.ts';
import { queuePromptFile } from './queue-member-briefing.ts';

/** What the waiting media sees of its queue. */
export interface WaitingMediaHost {
  readonly config: QueueConfig;
  readonly deps: QueueDeps;
}

/** The prompts and MOH played to one waiting caller. */
export class QueueWaitingMedia {
  readonly #intervals: TimerHandle[] = [];
  #playing: MediaOperation | undefined;
  #mediaToken = 0;

  constructor(
    private readonly host: WaitingMediaHost,
    private readonly leg: CallLeg,
    /** Whether the caller still waits; media for a caller that left is stopped. */
    private readonly isWaiting: () => boolean,
  ) {}

  /** Starts the periodic and position announcements and plays the entry prompt. */
  start(positionOf: () => number): void {
    const { config, deps } = this.host;
    this.#every(config.periodicAnnounceFrequencySec, () => {
      const file = queuePromptFile(deps, config.periodicAnnouncePrompt);
      if (file !== undefined) void this.announce([file]);
    });
    this.#every(config.positionAnnounceFrequencySec, () => {
      void this.announce(this.host.deps.audio.positionFiles(positionOf()));
    });
    const entry = queuePromptFile(deps, config.entryPrompt);
    void this.announce(entry === undefined ? [] : [entry]);
  }

  /** Stops the periodic and position announcements. */
  clearIntervals(): void {
    const { clock } = this.host.deps;
    for (const t of this.#intervals) clock.clearInterval(t);
    this.#intervals.length = 0;
  }

  /** Plays `files` to the caller (MOH paused), then resumes the MOH loop (Q-5…Q-7). */
  async announce(files: readonly string[]): Promise<void> {
    const token = ++this.#mediaToken;
    const isCurrent = () => token === this.#mediaToken && this.isWaiting();
    const { media, audio } = this.host.deps;
    await this.#stopPlaying();
    for (const file of files) {
      if (!isCurrent()) return;
      const played = await media.play(this.leg.media, { file });
      if (!played.ok) continue;
      if (!isCurrent()) return void (await played.value.stop());
      this.#playing = played.value;
      await played.value.finished;
    }
    const moh = audio.moh(this.host.config.mohClass);
    if (moh === undefined || !isCurrent()) return;
    const looped = await media.play(this.leg.media, moh, { loop: true });
    if (!looped.ok) return;
    if (!isCurrent()) return void (await looped.value.stop());
    this.#playing = looped.value;
  }

  /** Stops what plays now and any announcement still to come. */
  async stop(): Promise<void> {
    this.#mediaToken++;
    await this.#stopPlaying();
  }

  async #stopPlaying(): Promise<void> {
    const current = this.#playing;
    this.#playing = undefined;
    if (current !== undefined) await current.stop();
  }

  #every(periodSec: number, fn: () => void): void {
    if (periodSec <= 0) return;
    this.#intervals.push(
      this.host.deps.clock.setInterval(() => {
        if (this.isWaiting()) fn();
      }, periodSec * 1000),
    );
  }
}
