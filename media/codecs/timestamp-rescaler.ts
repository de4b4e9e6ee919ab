/**
 * Maps the RTP timestamps of one stream from one clock rate to another,
 * for packets that are transcoded between codecs whose RTP clocks differ:
 * Opus always counts 48 000 per second (RFC 7587 §4.1) where G.711 counts
 * 8 000, so a 20 ms packet advances 960 on one side and 160 on the other.
 * Keeping the input timestamp would make the receiver's jitter buffer see
 * each 20 ms packet as 3.3 ms or 120 ms of audio.
 *
 * The mapping is incremental: each timestamp is placed after the previous
 * one by the scaled signed 32-bit difference (RFC 3550 §5.1: timestamps
 * wrap), so it never runs out of range on a long call and follows the
 * input's jumps (silence suppression, a new talk spurt) in proportion.
 * Telephone events (RFC 4733 §2.5.1.2) keep one timestamp per event while
 * their duration grows: a repeated timestamp maps to the same output.
 */
export class TimestampRescaler {
  readonly fromRateHz: number;
  readonly toRateHz: number;
  #lastIn = 0;
  #lastOut = 0;
  #hasStarted = false;

  constructor(fromRateHz: number, toRateHz: number) {
    if (!(fromRateHz > 0) || !(toRateHz > 0)) {
      throw new RangeError(`clock rates must be positive, got ${fromRateHz} and ${toRateHz}`);
    }
    this.fromRateHz = fromRateHz;
    this.toRateHz = toRateHz;
  }

  /** True if the two clocks differ, i.e. map() changes anything. */
  get isNeeded(): boolean {
    return this.fromRateHz !== this.toRateHz;
  }

  /** The output timestamp (unsigned 32-bit) for an input timestamp. */
  map(inputTimestamp: number): number {
    const input = inputTimestamp >>> 0;
    if (!this.#hasStarted) {
      // The output starts where the input does; any start is valid
      // (RFC 3550 §5.1 only asks for a random one, which the input has).
      this.#hasStarted = true;
      this.#lastIn = input;
      this.#lastOut = input;
      return input;
    }
    const delta = (input - this.#lastIn) | 0;
    this.#lastIn = input;
    this.#lastOut = (this.#lastOut + this.scaleDuration(delta)) >>> 0;
    return this.#lastOut;
  }

  /** A duration (or signed difference) in input clock units, in output units. */
  scaleDuration(units: number): number {
    return Math.round((units * this.toRateHz) / this.fromRateHz);
  }

  /** Forgets the stream: the next map() starts again (a new SSRC). */
  reset(): void {
    this.#hasStarted = false;
  }
}
