import type { Clock } from '../../core/index.ts';

/** Keys kept before expired windows are swept, to bound memory under a spray. */
const SWEEP_AT_SIZE = 10_000;

/**
 * Counts hits per key in fixed windows. Login throttling needs no more: the
 * worst case at a window edge is twice the limit, still far too slow for
 * guessing a password, and a fixed window keeps one counter per key.
 */
export class FixedWindowLimiter {
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, { startMs: number; count: number }>();

  constructor(clock: Clock, limit: number, windowMs: number) {
    this.#clock = clock;
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /**
   * Counts a hit for `key`. Returns 0 if it is allowed, otherwise the seconds
   * until the window resets (for Retry-After).
   */
  hit(key: string): number {
    const now = this.#clock.now();
    if (this.#windows.size >= SWEEP_AT_SIZE) this.#sweep(now);
    let window = this.#windows.get(key);
    if (window === undefined || now - window.startMs >= this.#windowMs) {
      window = { startMs: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count++;
    if (window.count <= this.#limit) return 0;
    return Math.max(1, Math.ceil((window.startMs + this.#windowMs - now) / 1000));
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now - window.startMs >= this.#windowMs) this.#windows.delete(key);
    }
  }
}
