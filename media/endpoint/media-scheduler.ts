import { systemClock } from '../../core/index.ts';
import type { Clock, Logger, TimerHandle } from '../../core/index.ts';

/** A stream we originate, paced by the MediaScheduler. */
export interface ScheduledStream {
  /**
   * Sends (and plays out) one packet interval. `dueMs` is the ideal time of
   * this interval on the scheduler's monotonic clock; it advances by exactly
   * ptimeMs per call, even when the call itself comes late.
   */
  tick(dueMs: number): void;
}

/** Settings of a MediaScheduler. */
export interface MediaSchedulerOptions {
  /** The packet interval; 20 unless given. */
  readonly ptimeMs?: number;
  /**
   * The most intervals one wake runs back to back after a stall (a GC
   * pause, a blocked loop); intervals beyond it are skipped and the
   * timeline moves on. 5 unless given.
   */
  readonly maxCatchUpTicks?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Timing of the scheduler, from the last SAMPLE_COUNT stream ticks. */
export interface MediaSchedulerStats {
  readonly streams: number;
  readonly ticks: number;
  /** Intervals dropped after a stall longer than maxCatchUpTicks. */
  readonly skippedTicks: number;
  /** Stream ticks that threw (the stream is kept; STYLE §4.5). */
  readonly errors: number;
  /** How long after its due time a stream's tick ran, in ms. */
  readonly latenessMeanMs: number;
  readonly latenessP99Ms: number;
  readonly latenessMaxMs: number;
  /** Send jitter: |time between a stream's ticks − ptime|, in ms. */
  readonly jitterMeanMs: number;
  readonly jitterP99Ms: number;
  readonly jitterMaxMs: number;
}

interface Entry {
  readonly stream: ScheduledStream;
  lastRunMs: number;
}

const SAMPLE_COUNT = 8192;

/**
 * The clock of every stream we originate (terminated calls, players,
 * mixers): one timer for all of them, waking every ptime. Each wake is
 * scheduled against an absolute timeline (start + k × ptime) read from the
 * monotonic clock, so timer lateness does not accumulate the way chained
 * setInterval drift does, and RTP timestamps advance in step with real
 * time.
 */
export class MediaScheduler {
  private readonly ptimeMs: number;
  private readonly maxCatchUpTicks: number;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly entries: Entry[] = [];
  private readonly lateness = new Float64Array(SAMPLE_COUNT);
  private readonly jitter = new Float64Array(SAMPLE_COUNT);
  private sampleCount = 0;
  private jitterCount = 0;
  private timer: TimerHandle | undefined;
  private nextDueMs = 0;
  private tickCount = 0;
  private skipped = 0;
  private errorCount = 0;

  constructor(options: MediaSchedulerOptions = {}) {
    this.ptimeMs = options.ptimeMs ?? 20;
    this.maxCatchUpTicks = Math.max(1, options.maxCatchUpTicks ?? 5);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
  }

  /** True between start() and stop(). */
  get isRunning(): boolean {
    return this.timer !== undefined;
  }

  /** Adds a stream; it ticks from the next interval on. Adding twice does nothing. */
  add(stream: ScheduledStream): void {
    if (this.entries.some((e) => e.stream === stream)) return;
    this.entries.push({ stream, lastRunMs: Number.NaN });
  }

  /** Removes a stream; safe to call from inside its own tick. */
  remove(stream: ScheduledStream): void {
    const i = this.entries.findIndex((e) => e.stream === stream);
    if (i >= 0) this.entries.splice(i, 1);
  }

  /** Starts the loop; idempotent. */
  start(): void {
    if (this.timer !== undefined) return;
    this.nextDueMs = this.clock.monotonicMs() + this.ptimeMs;
    this.arm();
  }

  /** Stops the loop; streams stay registered. Idempotent. */
  stop(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Timing figures over the recent ticks. */
  get stats(): MediaSchedulerStats {
    const late = summarize(this.lateness, Math.min(this.sampleCount, SAMPLE_COUNT));
    const jit = summarize(this.jitter, Math.min(this.jitterCount, SAMPLE_COUNT));
    return {
      streams: this.entries.length,
      ticks: this.tickCount,
      skippedTicks: this.skipped,
      errors: this.errorCount,
      latenessMeanMs: late.mean,
      latenessP99Ms: late.p99,
      latenessMaxMs: late.max,
      jitterMeanMs: jit.mean,
      jitterP99Ms: jit.p99,
      jitterMaxMs: jit.max,
    };
  }

  /** Forgets the timing samples, e.g. after a warm-up. */
  resetStats(): void {
    this.sampleCount = 0;
    this.jitterCount = 0;
  }

  private arm(): void {
    const delayMs = Math.max(0, this.nextDueMs - this.clock.monotonicMs());
    this.timer = this.clock.setTimeout(this.wake, delayMs);
  }

  private readonly wake = (): void => {
    if (this.timer === undefined) return;
    let ran = 0;
    while (this.nextDueMs <= this.clock.monotonicMs() && ran < this.maxCatchUpTicks) {
      this.runTick(this.nextDueMs);
      this.nextDueMs += this.ptimeMs;
      ran++;
    }
    const nowMs = this.clock.monotonicMs();
    if (this.nextDueMs <= nowMs) {
      // A stall longer than the catch-up budget: sending the backlog would
      // only burst; start a fresh timeline.
      const missed = Math.floor((nowMs - this.nextDueMs) / this.ptimeMs) + 1;
      this.skipped += missed;
      this.nextDueMs += missed * this.ptimeMs;
    }
    if (this.timer !== undefined) this.arm();
  };

  private runTick(dueMs: number): void {
    this.tickCount++;
    // A copy, so streams may add or remove streams from inside a tick.
    const entries = this.entries.length === 0 ? this.entries : this.entries.slice();
    for (const entry of entries) {
      const startMs = this.clock.monotonicMs();
      this.lateness[this.sampleCount++ % SAMPLE_COUNT] = startMs - dueMs;
      if (!Number.isNaN(entry.lastRunMs)) {
        this.jitter[this.jitterCount++ % SAMPLE_COUNT] = Math.abs(
          startMs - entry.lastRunMs - this.ptimeMs,
        );
      }
      entry.lastRunMs = startMs;
      try {
        entry.stream.tick(dueMs);
      } catch (error) {
        this.errorCount++;
        this.logger?.error({ err: error }, 'media stream tick threw');
      }
    }
  }
}

function summarize(samples: Float64Array, n: number): { mean: number; p99: number; max: number } {
  if (n === 0) return { mean: 0, p99: 0, max: 0 };
  const sorted = samples.slice(0, n).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    mean: round(sum / n),
    p99: round(sorted[Math.min(n - 1, Math.floor(n * 0.99))]!),
    max: round(sorted[n - 1]!),
  };
}
