import type { Clock, TimerHandle } from '../../core/index.ts';
import type { LastTimers, Terminable, TransactionContext } from './transaction-types.ts';

/**
 * Transactions waiting out their last timer before they end (RFC 3261
 * §17: Timers D, I, J, K; RFC 6026 §7: L, M). Only terminate() follows
 * those timers, and each has one fixed duration, so the waits of a
 * duration end in the order they began: one FIFO queue per duration with a
 * single timer for its head replaces a Node timer and a closure per
 * transaction. At 500 calls/s some 60,000 transactions wait 32 s at any
 * moment; a timer and its closure were about 220 of the 1,300 bytes an
 * INVITE server transaction kept in 'accepted' (D105).
 *
 * An entry is not removed when its transaction ends early (a transport
 * error, the layer's shutdown): terminate() is then a no-op at expiry, and
 * the ended transaction stays reachable until then, where clearing its
 * timer used to free it at once. Those ends are rare.
 */
export class Expiries implements LastTimers {
  readonly #queues = new Map<number, ExpiryQueue>();

  constructor(private readonly clock: Clock) {}

  /** Calls `target.terminate()` once `delayMs` have passed. */
  add(target: Terminable, delayMs: number): void {
    let queue = this.#queues.get(delayMs);
    if (queue === undefined) {
      queue = new ExpiryQueue(this.clock, delayMs);
      this.#queues.set(delayMs, queue);
    }
    queue.add(target);
  }

  /** Entries waiting, over every duration. */
  get size(): number {
    let n = 0;
    for (const queue of this.#queues.values()) n += queue.size;
    return n;
  }

  /** Drops every entry and timer without ending anything, for shutdown. */
  stop(): void {
    for (const queue of this.#queues.values()) queue.clear();
    this.#queues.clear();
  }
}

/** The waits of one duration, oldest first. */
class ExpiryQueue {
  #targets: Array<Terminable | undefined> = [];
  #dueAt: number[] = [];
  #head = 0;
  #timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly delayMs: number,
  ) {}

  get size(): number {
    return this.#targets.length - this.#head;
  }

  add(target: Terminable): void {
    this.#targets.push(target);
    this.#dueAt.push(this.clock.monotonicMs() + this.delayMs);
    if (this.#timer === undefined) this.#arm(this.delayMs);
  }

  clear(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#targets = [];
    this.#dueAt = [];
    this.#head = 0;
  }

  #arm(delayMs: number): void {
    this.#timer = this.clock.setTimeout(() => this.#expire(), Math.max(0, delayMs));
  }

  #expire(): void {
    this.#timer = undefined;
    const now = this.clock.monotonicMs();
    try {
      while (this.#head < this.#targets.length && this.#dueAt[this.#head]! <= now) {
        const target = this.#targets[this.#head]!;
        this.#targets[this.#head] = undefined;
        this.#head++;
        target.terminate();
      }
    } finally {
      this.#rearm(now);
    }
  }

  #rearm(now: number): void {
    // Drop the consumed front once it is most of the arrays (amortised O(1)).
    if (this.#head > 1024 && this.#head * 2 > this.#targets.length) {
      this.#targets = this.#targets.slice(this.#head);
      this.#dueAt = this.#dueAt.slice(this.#head);
      this.#head = 0;
    }
    if (this.#head < this.#targets.length) this.#arm(this.#dueAt[this.#head]! - now);
    else if (this.#head > 0) {
      this.#targets = [];
      this.#dueAt = [];
      this.#head = 0;
    }
  }
}

/**
 * Arms a transaction's last timer: queued in `ctx.expiries` when the
 * context has one (the transaction layer's), else a timer of its own,
 * whose handle is returned for clearTimeout().
 */
export function armLastTimer(
  ctx: TransactionContext,
  target: Terminable,
  delayMs: number,
): TimerHandle | undefined {
  if (ctx.expiries !== undefined) {
    ctx.expiries.add(target, delayMs);
    return undefined;
  }
  return ctx.clock.setTimeout(() => target.terminate(), delayMs);
}
