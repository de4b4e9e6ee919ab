import type { Clock, TimerHandle } from './clock.ts';

interface FakeTimer {
  id: number;
  dueMs: number;
  intervalMs: number | undefined;
  fn: () => void;
}

/**
 * A Clock whose time only moves when a test calls tick(). Timers fire in due
 * order, ties in creation order, exactly like a real event loop would.
 */
export class FakeClock implements Clock {
  #nowMs: number;
  #monoMs = 0;
  #nextId = 1;
  readonly #timers = new Map<number, FakeTimer>();

  constructor(startEpochMs = 1_700_000_000_000) {
    this.#nowMs = startEpochMs;
  }

  now(): number {
    return this.#nowMs;
  }

  monotonicMs(): number {
    return this.#monoMs;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return this.#add(fn, delayMs, undefined);
  }

  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    return this.#add(fn, intervalMs, Math.max(1, intervalMs));
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete((handle as { id: number }).id);
  }

  clearInterval(handle: TimerHandle): void {
    this.clearTimeout(handle);
  }

  /** Number of timers still pending. */
  get pendingCount(): number {
    return this.#timers.size;
  }

  /** Advances time by `ms`, firing every timer that falls due on the way. */
  tick(ms: number): void {
    const targetMs = this.#monoMs + ms;
    for (;;) {
      const next = this.#earliest();
      if (next === undefined || next.dueMs > targetMs) break;
      this.#advanceTo(next.dueMs);
      if (next.intervalMs === undefined) this.#timers.delete(next.id);
      else next.dueMs += next.intervalMs;
      next.fn();
    }
    this.#advanceTo(targetMs);
  }

  /** Fires timers until none are left or `limitMs` of fake time has passed. */
  runAll(limitMs = 3_600_000): void {
    const endMs = this.#monoMs + limitMs;
    for (;;) {
      const next = this.#earliest();
      if (next === undefined || next.dueMs > endMs) return;
      this.tick(next.dueMs - this.#monoMs);
    }
  }

  #add(fn: () => void, delayMs: number, intervalMs: number | undefined): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { id, dueMs: this.#monoMs + Math.max(0, delayMs), intervalMs, fn });
    return { id };
  }

  #earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.#timers.values()) {
      if (best === undefined || t.dueMs < best.dueMs || (t.dueMs === best.dueMs && t.id < best.id))
        best = t;
    }
    return best;
  }

  #advanceTo(monoMs: number): void {
    this.#nowMs += monoMs - this.#monoMs;
    this.#monoMs = monoMs;
  }
}
