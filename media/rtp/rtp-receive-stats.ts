import { CODEC_IMPAIRMENT, estimateMos } from './e-model.ts';
import type { CodecImpairment } from './e-model.ts';
import { ntpMiddle32, rttFromReportBlock } from './ntp-time.ts';
import type { NtpTimestamp } from './ntp-time.ts';
import type { RtcpReportBlock } from './rtcp-types.ts';
import { MIN_SEQUENTIAL, RtpSequenceState, extendSeq, timestampDiff } from './sequence.ts';

/** What RtpReceiveStats.onPacket() decided about one packet. */
export type PacketVerdict =
  /** New highest sequence number (or a confirmed restart): play it. */
  | 'ok'
  /** Behind the highest number and not seen before: reordered. */
  | 'late'
  /** Seen before. */
  | 'duplicate'
  /** The source is still in probation (RFC 3550 A.1). */
  | 'probation'
  /** A sequence jump not yet confirmed; the packet is discarded. */
  | 'bad';

/** Options of RtpReceiveStats. */
export interface RtpReceiveStatsOptions {
  /** In-order packets before the source is valid (RFC 3550 A.1); default 2. */
  readonly minSequential?: number;
}

/** Sequence numbers remembered for duplicate detection. */
const HISTORY_SIZE = 1024;

/**
 * Receive statistics of one RTP stream (one SSRC): the RFC 3550 A.1
 * sequence state, loss per A.3, interarrival jitter per A.8, duplicates and
 * late packets, the last SR for LSR/DLSR and the RTT of our own stream for a
 * MOS estimate. It never throws: every packet lands in some counter.
 */
export class RtpReceiveStats {
  readonly ssrc: number;
  readonly clockRateHz: number;
  /** Packets behind the highest sequence number that were new. */
  late = 0;
  /** Packets already received (within the last 1024 sequence numbers). */
  duplicates = 0;
  /** Packets discarded for an unconfirmed sequence jump or in probation. */
  discarded = 0;
  /** Last round-trip time in ms, if an RR with LSR has been seen. */
  rttMs: number | undefined;

  readonly #minSequential: number;
  #seq: RtpSequenceState | undefined;
  readonly #seen = new Uint8Array(HISTORY_SIZE);
  #highest = -1;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #jitter = 0;
  #hasTransit = false;
  #lastArrivalTs = 0;
  #lastRtpTimestamp = 0;
  #hasSr = false;
  #lastSr = 0;
  #lastSrArrivalMs = 0;

  constructor(ssrc: number, clockRateHz: number, options: RtpReceiveStatsOptions = {}) {
    this.ssrc = ssrc;
    this.clockRateHz = clockRateHz;
    this.#minSequential = options.minSequential ?? MIN_SEQUENTIAL;
  }

  /** Packets counted as received, duplicates included (A.1). */
  get received(): number {
    return this.#seq?.received ?? 0;
  }

  /** The extended highest sequence number received. */
  get extendedMaxSeq(): number {
    return this.#seq?.extendedMaxSeq ?? 0;
  }

  /** Packets expected from the base to the highest sequence number (A.3). */
  get expected(): number {
    const seq = this.#seq;
    if (seq === undefined || !seq.isValid) return 0;
    return seq.extendedMaxSeq - seq.baseSeq + 1;
  }

  /** Cumulative packets lost (A.3); negative when duplicates outnumber losses. */
  get lost(): number {
    return this.expected - this.received;
  }

  /** Interarrival jitter in timestamp units (A.8). */
  get jitter(): number {
    return this.#jitter;
  }

  /** Interarrival jitter in milliseconds. */
  get jitterMs(): number {
    return (this.#jitter * 1000) / this.clockRateHz;
  }

  /** Feeds one received packet; `arrivalMs` is a monotonic time in ms. */
  onPacket(sequenceNumber: number, rtpTimestamp: number, arrivalMs: number): PacketVerdict {
    let seq = this.#seq;
    if (seq === undefined) {
      seq = new RtpSequenceState(sequenceNumber, this.#minSequential);
      this.#seq = seq;
    }
    const verdict = seq.update(sequenceNumber);
    let result: PacketVerdict;
    switch (verdict) {
      case 'probation':
      case 'bad':
        this.discarded++;
        return verdict;
      case 'restarted':
        this.#seen.fill(0);
        this.#highest = -1;
        this.#expectedPrior = 0;
        this.#receivedPrior = 0;
        this.#advanceTo(seq.extendedMaxSeq);
        result = 'ok';
        break;
      case 'advanced':
        this.#advanceTo(seq.extendedMaxSeq);
        result = 'ok';
        break;
      case 'behind': {
        // A packet older than the history can not be told from a duplicate;
        // it is counted as late.
        const extended = extendSeq(sequenceNumber, seq.extendedMaxSeq);
        if (seq.extendedMaxSeq - extended < HISTORY_SIZE) {
          const index = extended % HISTORY_SIZE;
          if (this.#seen[index] === 1) {
            this.duplicates++;
            return 'duplicate';
          }
          this.#seen[index] = 1;
        }
        this.late++;
        result = 'late';
        break;
      }
    }
    this.#updateJitter(rtpTimestamp, arrivalMs);
    return result;
  }

  /**
   * Marks `extended`, the new highest sequence number, as seen. The slots
   * skipped over by a gap now stand for newer sequence numbers, so they are
   * cleared.
   */
  #advanceTo(extended: number): void {
    if (this.#highest >= 0) {
      const gap = Math.min(HISTORY_SIZE, extended - this.#highest);
      for (let i = 1; i < gap; i++) this.#seen[(extended - i) % HISTORY_SIZE] = 0;
    }
    this.#seen[extended % HISTORY_SIZE] = 1;
    this.#highest = extended;
  }

  /*
   * RFC 3550 A.8: D(i-1,i) = (Rj − Ri) − (Sj − Si) and
   * J += (|D| − J) / 16, with arrival times converted to timestamp units.
   * The difference form avoids the 32-bit wrap of the RTP timestamp.
   */
  #updateJitter(rtpTimestamp: number, arrivalMs: number): void {
    const arrivalTs = (arrivalMs * this.clockRateHz) / 1000;
    if (this.#hasTransit) {
      const d =
        arrivalTs -
        this.#lastArrivalTs -
        timestampDiff(rtpTimestamp >>> 0, this.#lastRtpTimestamp >>> 0);
      this.#jitter += (Math.abs(d) - this.#jitter) / 16;
    }
    this.#hasTransit = true;
    this.#lastArrivalTs = arrivalTs;
    this.#lastRtpTimestamp = rtpTimestamp;
  }

  /** Records an SR from this source, for LSR and DLSR (RFC 3550 §6.4.1). */
  onSenderReport(ntp: NtpTimestamp, arrivalMs: number): void {
    this.#hasSr = true;
    this.#lastSr = ntpMiddle32(ntp);
    this.#lastSrArrivalMs = arrivalMs;
  }

  /**
   * Records a report block the peer sent about our stream and updates
   * rttMs; `arrivalUnixMs` must be wall-clock time, as LSR is.
   */
  onReportBlock(block: RtcpReportBlock, arrivalUnixMs: number): void {
    const rtt = rttFromReportBlock(block, arrivalUnixMs);
    if (rtt !== undefined) this.rttMs = rtt;
  }

  /**
   * Builds the report block for this source and starts a new reporting
   * interval (RFC 3550 A.3). `nowMs` is on the clock of onSenderReport().
   */
  buildReportBlock(nowMs: number): RtcpReportBlock {
    const expected = this.expected;
    const received = this.received;
    const expectedInterval = expected - this.#expectedPrior;
    const receivedInterval = received - this.#receivedPrior;
    this.#expectedPrior = expected;
    this.#receivedPrior = received;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost =
      expectedInterval === 0 || lostInterval <= 0
        ? 0
        : Math.min(255, Math.floor((lostInterval * 256) / expectedInterval));
    const hasSr = this.#hasSr;
    return {
      ssrc: this.ssrc,
      fractionLost,
      cumulativeLost: Math.max(-0x800000, Math.min(0x7fffff, expected - received)),
      extendedHighestSeq: this.extendedMaxSeq >>> 0,
      jitter: Math.floor(this.#jitter) >>> 0,
      lastSr: hasSr ? this.#lastSr : 0,
      delaySinceLastSr: hasSr
        ? Math.max(0, Math.round(((nowMs - this.#lastSrArrivalMs) * 65536) / 1000)) >>> 0
        : 0,
    };
  }

  /** Cumulative loss in percent of expected packets, never negative. */
  get lossPercent(): number {
    const expected = this.expected;
    return expected <= 0 ? 0 : (Math.max(0, this.lost) * 100) / expected;
  }

  /**
   * E-model MOS estimate of this stream (see e-model.ts). One-way delay is
   * taken as half the RTT plus `extraDelayMs` (jitter buffer, codec).
   */
  mos(codec: CodecImpairment = CODEC_IMPAIRMENT.g711, extraDelayMs = 0): number {
    return estimateMos({
      oneWayDelayMs: (this.rttMs ?? 0) / 2 + extraDelayMs,
      packetLossPercent: this.lossPercent,
      codec,
    });
  }
}
