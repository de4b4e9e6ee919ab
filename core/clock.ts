/** An opaque timer handle returned by a Clock. */
export type TimerHandle = { readonly id: number } | NodeJS.Timeout;

/**
 * Time and timers, injected everywhere so that protocol timers (RFC 3261
 * §17 timers A–M, jitter buffers, session timers) are testable with FakeClock.
 */
export interface Clock {
  /** Wall-clock time in milliseconds since the epoch. */
  now(): number;
  /** Monotonic time in milliseconds, for durations. */
  monotonicMs(): number;
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(fn: () => void, intervalMs: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

/** The real clock of the process. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  monotonicMs(): number {
    return performance.now();
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return setTimeout(fn, delayMs);
  }

  clearTimeout(handle: TimerHandle): void {
    clearTimeout(handle as NodeJS.Timeout);
  }

  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    return setInterval(fn, intervalMs);
  }

  clearInterval(handle: TimerHandle): void {
    clearInterval(handle as NodeJS.Timeout);
  }
}

/** The shared system clock. */
export const systemClock: Clock = new SystemClock();
