import { InvalidStateError } from '../../core/index.ts';
import type { Clock, Logger, TimerHandle } from '../../core/index.ts';
import { Player } from './player.ts';
import type { Prompt } from './prompt.ts';

/**
 * Receives each music-on-hold frame. The frame is shared by every listener
 * of the class and reused for the next tick: read or copy it, never keep
 * or modify it.
 */
export type MohListener = (frame: Int16Array) => void;

/** Settings of a MohStream. */
export interface MohStreamOptions {
  /** The music-on-hold class, e.g. "default". */
  readonly name: string;
  readonly prompts: readonly Prompt[];
  readonly sampleRateHz: number;
  readonly clock: Clock;
  readonly frameMs?: number;
  readonly logger?: Logger;
}

/** Most frames made up in one timer callback after the loop was late. */
const MAX_CATCH_UP_FRAMES = 5;

/**
 * One music-on-hold class: a looping playlist read once per 20 ms tick,
 * whose frame goes to every listener, so a thousand callers on hold cost
 * one read, not a thousand. A listener that joins mid-stream hears from
 * the current position. With no listeners the timer stops and the
 * position is kept, as a radio that is paused rather than rewound.
 */
export class MohStream {
  readonly name: string;
  readonly frameMs: number;
  private readonly player: Player;
  private readonly frame: Int16Array;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private listeners: MohListener[] = [];
  private timer: TimerHandle | undefined;
  private startedMs = 0;
  private framesSinceStart = 0;
  private isClosed = false;

  constructor(options: MohStreamOptions) {
    this.name = options.name;
    this.frameMs = options.frameMs ?? 20;
    this.clock = options.clock;
    this.logger = options.logger;
    this.player = new Player({ sampleRateHz: options.sampleRateHz, frameMs: this.frameMs });
    this.frame = new Int16Array(this.player.frameSamples);
    this.player.play(options.prompts, { isLooping: true });
  }

  /** Number of listeners now. */
  get listenerCount(): number {
    return this.listeners.length;
  }

  /**
   * Adds a listener; it gets frames from the next tick on. Returns the
   * function that removes it again.
   */
  join(listener: MohListener): () => void {
    if (this.isClosed) throw new InvalidStateError(`music-on-hold ${this.name} is closed`);
    this.listeners = [...this.listeners, listener];
    if (this.timer === undefined) this.startTimer();
    return () => this.leave(listener);
  }

  /**
   * Produces the next frame and hands it to every listener. The timer calls
   * this; tests and a caller with its own tick may call it directly.
   */
  tick(): void {
    this.player.readFrame(this.frame);
    // A copy of the list, so a listener may leave from inside its callback.
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i]!(this.frame);
      } catch (error) {
        this.logger?.error({ err: error, moh: this.name }, 'music-on-hold listener threw');
      }
    }
  }

  /** Stops the timer and drops every listener. Idempotent. */
  close(): void {
    this.isClosed = true;
    this.listeners = [];
    this.stopTimer();
  }

  private leave(listener: MohListener): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
    if (this.listeners.length === 0) this.stopTimer();
  }

  private startTimer(): void {
    this.startedMs = this.clock.monotonicMs();
    this.framesSinceStart = 0;
    this.timer = this.clock.setInterval(() => this.onTimer(), this.frameMs);
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    this.clock.clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Timers drift and fire late under load; the number of frames due is
   * taken from the monotonic clock so the music keeps real time.
   */
  private onTimer(): void {
    const due = Math.floor((this.clock.monotonicMs() - this.startedMs) / this.frameMs);
    let behind = due - this.framesSinceStart;
    if (behind > MAX_CATCH_UP_FRAMES) {
      this.framesSinceStart = due - MAX_CATCH_UP_FRAMES;
      behind = MAX_CATCH_UP_FRAMES;
    }
    for (let i = 0; i < behind && this.timer !== undefined; i++) {
      this.framesSinceStart++;
      this.tick();
    }
  }
}
