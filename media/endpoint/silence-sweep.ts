/*
 * SilenceSweep: the timer of a MediaEndpoint that notices silence. It lifts
 * the kernel source filter once the latched source has gone quiet, and
 * reports a media timeout.
 */
import type { Clock, TimerHandle } from '../../core/index.ts';
import type { RtpLatch } from './rtp-latch.ts';
import type { SourceFilter } from './source-filter.ts';

/** What a SilenceSweep sees of its endpoint. */
export interface SilenceSweepHost {
  /** RTP packets received so far, by the endpoint or by its ports' new owner. */
  readonly received: () => number;
  readonly latch: RtpLatch;
  readonly sourceFilter: SourceFilter;
  /** No RTP for mediaTimeoutMs; called once per silence. */
  readonly onTimeout: (silentForMs: number) => void;
}

/**
 * Samples an endpoint's packet counter a few times per relatchSilenceMs,
 * from its construction until stop().
 */
export class SilenceSweep {
  private readonly timer: TimerHandle;
  private packetsAtSweep = 0;
  private lastHeardMs: number;
  private hasTimedOut = false;

  constructor(
    private readonly host: SilenceSweepHost,
    private readonly clock: Clock,
    private readonly relatchSilenceMs: number,
    private readonly mediaTimeoutMs: number,
  ) {
    this.lastHeardMs = this.clock.monotonicMs();
    // Silence is found by sampling the packet counter, so the per-packet
    // path needs no timer work.
    const sweepMs = Math.max(50, Math.min(1000, this.relatchSilenceMs / 4));
    this.timer = this.clock.setInterval(() => this.sweep(), sweepMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Counts from `received` on, as the packets so far were already heard. */
  restart(received: number): void {
    this.packetsAtSweep = received;
  }

  /** Stops the timer. */
  stop(): void {
    this.clock.clearInterval(this.timer);
  }

  /**
   * Runs a few times per relatchSilenceMs. A connected socket hides other
   * sources, so once the latched one has gone quiet for relatchSilenceMs
   * the filter is lifted and the latch may hand over after probation.
   */
  private sweep(): void {
    const nowMs = this.clock.monotonicMs();
    const received = this.host.received();
    if (received !== this.packetsAtSweep) {
      this.packetsAtSweep = received;
      this.lastHeardMs = nowMs;
      this.hasTimedOut = false;
      if (this.host.sourceFilter.isConnected) this.host.latch.touch(nowMs);
      return;
    }
    const silentForMs = nowMs - this.lastHeardMs;
    if (this.host.sourceFilter.isConnected && silentForMs >= this.relatchSilenceMs) {
      this.host.sourceFilter.unfilter();
    }
    if (!this.hasTimedOut && silentForMs >= this.mediaTimeoutMs) {
      this.hasTimedOut = true;
      this.host.onTimeout(silentForMs);
    }
  }
}
