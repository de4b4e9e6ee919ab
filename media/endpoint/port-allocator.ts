import { ValidationError, err, ok, systemClock } from '../../core/index.ts';
import type { Clock, MediaError, Result } from '../../core/index.ts';

/** The ports of one media endpoint. */
export interface PortPair {
  readonly bindAddress: string;
  /** Always even (RFC 3550 §11: "RTP SHOULD use an even destination port number"). */
  readonly rtpPort: number;
  /** rtpPort + 1, or rtpPort itself with rtcp-mux (RFC 5761). */
  readonly rtcpPort: number;
  readonly isRtcpMux: boolean;
}

/** Settings of a PortAllocator. */
export interface PortAllocatorOptions {
  readonly bindAddress: string;
  /** The lowest port; rounded up to an even number. */
  readonly minPort: number;
  /** The highest port; the last pair must fit at or below it. */
  readonly maxPort: number;
  /** How long a released pair rests before reuse; 10 000 unless given. */
  readonly quarantineMs?: number;
  readonly clock?: Clock;
}

/** Counters of a PortAllocator. */
export interface PortAllocatorStats {
  readonly totalPairs: number;
  readonly inUse: number;
  readonly quarantined: number;
  readonly free: number;
  /** allocate() calls refused for lack of a free pair. */
  readonly exhausted: number;
}

/**
 * Hands out RTP/RTCP port pairs from a fixed range. A pair is always
 * reserved whole, even for rtcp-mux, so that a later re-INVITE without mux
 * still finds RTCP's port free. Free pairs are used in FIFO order and a
 * released pair waits out a quarantine first: packets of the old call that
 * are still in flight must not reach a new call on the same port (the
 * reason rtpengine and Asterisk rotate their ranges too).
 */
export class PortAllocator {
  readonly bindAddress: string;
  private readonly firstPort: number;
  private readonly quarantineMs: number;
  private readonly clock: Clock;
  /** Free pair indexes, a ring buffer in FIFO order. */
  private readonly freeRing: Int32Array;
  private freeHead = 0;
  private freeCount = 0;
  /*
   * Released pairs with the time they may be reused, oldest first: a ring
   * like freeRing (a pair is in one of them at most, so each holds them
   * all). An array shifted at its head cost each allocate() a copy of the
   * whole quarantine, thousands of pairs under load.
   */
  private readonly quarantineRing: Int32Array;
  private readonly quarantineUntilMs: Float64Array;
  private quarantineHead = 0;
  private quarantineCount = 0;
  private readonly inUseSet = new Set<number>();
  private exhaustedCount = 0;

  constructor(options: PortAllocatorOptions) {
    const first = options.minPort + (options.minPort % 2);
    const pairs = Math.floor((options.maxPort - first + 1) / 2);
    if (!Number.isInteger(first) || first < 1024 || options.maxPort > 65535 || pairs < 1) {
      throw new ValidationError(
        'minPort',
        `port range ${options.minPort}-${options.maxPort} holds no RTP/RTCP pair in 1024-65535`,
      );
    }
    this.bindAddress = options.bindAddress;
    this.firstPort = first;
    this.quarantineMs = options.quarantineMs ?? 10_000;
    this.clock = options.clock ?? systemClock;
    this.freeRing = new Int32Array(pairs);
    this.quarantineRing = new Int32Array(pairs);
    this.quarantineUntilMs = new Float64Array(pairs);
    for (let i = 0; i < pairs; i++) this.freeRing[i] = i;
    this.freeCount = pairs;
  }

  /** The pairs of the range. */
  get totalPairs(): number {
    return this.freeRing.length;
  }

  /** A snapshot of the counters. */
  get stats(): PortAllocatorStats {
    this.releaseExpired();
    return {
      totalPairs: this.totalPairs,
      inUse: this.inUseSet.size,
      quarantined: this.quarantineCount,
      free: this.freeCount,
      exhausted: this.exhaustedCount,
    };
  }

  /**
   * Takes the longest-free pair. Fails with ERR_MEDIA_NO_PORTS when every
   * pair is in use or in quarantine, naming how many are in each state.
   */
  allocate(opts: { isRtcpMux?: boolean } = {}): Result<PortPair, MediaError> {
    this.releaseExpired();
    if (this.freeCount === 0) {
      this.exhaustedCount++;
      return err({
        code: 'ERR_MEDIA_NO_PORTS',
        detail:
          `no free RTP port pair in ${this.firstPort}-${this.firstPort + this.totalPairs * 2 - 1}` +
          ` on ${this.bindAddress}: ${this.inUseSet.size} in use,` +
          ` ${this.quarantineCount} in quarantine`,
      });
    }
    const index = this.freeRing[this.freeHead]!;
    this.freeHead = (this.freeHead + 1) % this.freeRing.length;
    this.freeCount--;
    this.inUseSet.add(index);
    const rtpPort = this.firstPort + index * 2;
    const isRtcpMux = opts.isRtcpMux ?? false;
    return ok({
      bindAddress: this.bindAddress,
      rtpPort,
      rtcpPort: isRtcpMux ? rtpPort : rtpPort + 1,
      isRtcpMux,
    });
  }

  /**
   * Returns a pair (by its RTP port) into quarantine. Releasing a port that
   * is not in use does nothing, so release() is safe to call twice.
   */
  release(rtpPort: number): void {
    const index = (rtpPort - this.firstPort) / 2;
    if (!this.inUseSet.delete(index)) return;
    const tail = (this.quarantineHead + this.quarantineCount) % this.quarantineRing.length;
    this.quarantineRing[tail] = index;
    this.quarantineUntilMs[tail] = this.clock.monotonicMs() + this.quarantineMs;
    this.quarantineCount++;
  }

  /** True if `rtpPort` is handed out now. */
  isInUse(rtpPort: number): boolean {
    return this.inUseSet.has((rtpPort - this.firstPort) / 2);
  }

  private releaseExpired(): void {
    const nowMs = this.clock.monotonicMs();
    const size = this.quarantineRing.length;
    while (this.quarantineCount > 0 && this.quarantineUntilMs[this.quarantineHead]! <= nowMs) {
      const tail = (this.freeHead + this.freeCount) % size;
      this.freeRing[tail] = this.quarantineRing[this.quarantineHead]!;
      this.freeCount++;
      this.quarantineHead = (this.quarantineHead + 1) % size;
      this.quarantineCount--;
    }
  }
}

/**
 * Splits [minPort, maxPort] into `shards` contiguous ranges of whole pairs,
 * one per relay worker, so no two workers ever bind the same port.
 */
export function splitPortRange(
  minPort: number,
  maxPort: number,
  shards: number,
): { minPort: number; maxPort: number }[] {
  const first = minPort + (minPort % 2);
  const pairs = Math.floor((maxPort - first + 1) / 2);
  if (shards < 1 || pairs < shards) {
    throw new ValidationError(
      'shards',
      `${pairs} port pairs cannot be split into ${shards} shards`,
    );
  }
  const out: { minPort: number; maxPort: number }[] = [];
  let start = 0;
  for (let s = 0; s < shards; s++) {
    const count = Math.floor(pairs / shards) + (s < pairs % shards ? 1 : 0);
    out.push({ minPort: first + start * 2, maxPort: first + (start + count) * 2 - 1 });
    start += count;
  }
  return out;
}
