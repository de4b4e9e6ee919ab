import type { Clock } from '../../core/index.ts';

/** Settings of the per-source limits. */
export interface SourceLimiterOptions {
  /** Sustained messages per second allowed from one IP address. */
  messagesPerSec: number;
  /** Burst size of the token bucket. */
  burst: number;
  /** Concurrent stream connections allowed from one IP address. */
  maxConnectionsPerIp: number;
  /** Tracked sources at most; the oldest are forgotten beyond this. */
  maxTrackedSources: number;
}

/** Defaults sized so that one SIPp instance on loopback is not limited. */
export const DEFAULT_SOURCE_LIMITS: SourceLimiterOptions = {
  messagesPerSec: 20_000,
  burst: 40_000,
  maxConnectionsPerIp: 1_000,
  maxTrackedSources: 100_000,
};

interface Bucket {
  tokens: number;
  updatedMs: number;
  connections: number;
}

/** The verdict on one message from a source. */
export type SourceVerdict = 'ok' | 'rate-limited' | 'banned';

/**
 * Per-source token bucket and connection counter. Memory is bounded: a Map
 * kept in insertion order, the oldest entry dropped past maxTrackedSources.
 */
export class SourceLimiter {
  readonly #buckets = new Map<string, Bucket>();
  /** Banned IPs and the monotonic time their ban ends. */
  readonly #bans = new Map<string, number>();

  constructor(
    private readonly options: SourceLimiterOptions,
    private readonly clock: Clock,
  ) {}

  /** Bans `ip` for `durationMs`: every message from it is dropped. */
  ban(ip: string, durationMs: number): void {
    this.#bans.set(ip, this.clock.monotonicMs() + durationMs);
  }

  /** True while `ip` is banned. */
  isBanned(ip: string): boolean {
    const untilMs = this.#bans.get(ip);
    if (untilMs === undefined) return false;
    if (untilMs > this.clock.monotonicMs()) return true;
    this.#bans.delete(ip);
    return false;
  }

  /** IPs banned now, with the seconds left. */
  bans(): Array<{ ip: string; remainingSec: number }> {
    const nowMs = this.clock.monotonicMs();
    return [...this.#bans]
      .filter(([, untilMs]) => untilMs > nowMs)
      .map(([ip, untilMs]) => ({ ip, remainingSec: Math.ceil((untilMs - nowMs) / 1000) }));
  }

  /** Judges one message from `ip`: banned, over its rate, or fine. */
  check(ip: string): SourceVerdict {
    if (this.#bans.size > 0 && this.isBanned(ip)) return 'banned';
    return this.allowMessage(ip) ? 'ok' : 'rate-limited';
  }

  /** Takes one token for `ip`; false means the message is to be dropped. */
  allowMessage(ip: string): boolean {
    const b = this.#bucket(ip);
    const nowMs = this.clock.monotonicMs();
    b.tokens = Math.min(
      this.options.burst,
      b.tokens + ((nowMs - b.updatedMs) * this.options.messagesPerSec) / 1000,
    );
    b.updatedMs = nowMs;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Counts a new connection from `ip`; false means it must be refused. */
  openConnection(ip: string): boolean {
    if (this.#bans.size > 0 && this.isBanned(ip)) return false;
    const b = this.#bucket(ip);
    if (b.connections >= this.options.maxConnectionsPerIp) return false;
    b.connections++;
    return true;
  }

  closeConnection(ip: string): void {
    const b = this.#buckets.get(ip);
    if (b !== undefined && b.connections > 0) b.connections--;
  }

  #bucket(ip: string): Bucket {
    let b = this.#buckets.get(ip);
    if (b === undefined) {
      if (this.#buckets.size >= this.options.maxTrackedSources) {
        for (const [key, old] of this.#buckets) {
          if (old.connections === 0) {
            this.#buckets.delete(key);
            break;
          }
        }
      }
      b = { tokens: this.options.burst, updatedMs: this.clock.monotonicMs(), connections: 0 };
      this.#buckets.set(ip, b);
    }
    return b;
  }
}
