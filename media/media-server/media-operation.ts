import { uuid } from '../../core/index.ts';
import type { Clock, MediaOperation } from '../../core/index.ts';

/** Why an operation ended (MediaOperation.finished). */
export type OperationEndReason = 'completed' | 'stopped' | 'dtmf' | 'hangup' | 'error';

/**
 * A playback or recording as MediaOperation: it settles once, with the
 * first reason given, after its teardown has run. stop() is idempotent.
 */
export class OperationHandle implements MediaOperation {
  readonly id = uuid();
  readonly finished: MediaOperation['finished'];
  private resolve!: (value: Awaited<MediaOperation['finished']>) => void;
  private readonly clock: Clock;
  private readonly startedMs: number;
  private readonly teardown: () => Promise<void> | void;
  private ending: Promise<void> | undefined;

  constructor(clock: Clock, teardown: () => Promise<void> | void) {
    this.clock = clock;
    this.startedMs = clock.monotonicMs();
    this.teardown = teardown;
    this.finished = new Promise((resolve) => (this.resolve = resolve));
  }

  /** True once end() or stop() ran. */
  get isEnded(): boolean {
    return this.ending !== undefined;
  }

  stop(): Promise<void> {
    return this.end('stopped');
  }

  /** Tears down and settles `finished` with `reason`; later calls join the first. */
  end(reason: OperationEndReason): Promise<void> {
    // The teardown starts on a microtask, so `ending` is set before it runs
    // and an end() it causes (a player's 'done') joins this one.
    this.ending ??= Promise.resolve().then(async () => {
      const durationMs = Math.round(this.clock.monotonicMs() - this.startedMs);
      let final = reason;
      try {
        await this.teardown();
      } catch {
        final = 'error';
      }
      this.resolve({ reason: final, durationMs });
    });
    return this.ending;
  }
}
