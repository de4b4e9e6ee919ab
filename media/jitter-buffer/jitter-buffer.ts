/** The RTP header fields the buffer needs from a packet. */
export interface JitterBufferPacketMeta {
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly isMarker?: boolean;
}

/** What push() did with a packet. */
export type JitterBufferPushOutcome = 'buffered' | 'duplicate' | 'late' | 'reset';

/** What pop() hands the decoder for one frame interval. */
export type JitterBufferFrame =
  | { readonly kind: 'frame'; readonly payload: Uint8Array; readonly meta: JitterBufferPacketMeta }
  /** A frame is missing but later ones are here: conceal it (PLC). */
  | { readonly kind: 'lost'; readonly sequenceNumber: number; readonly timestamp: number }
  /** Nothing to play: still buffering, or the stream has run dry. */
  | { readonly kind: 'empty' };

/** Settings of a JitterBuffer. */
export interface JitterBufferOptions {
  /** Audio per packet; 20 unless given. */
  readonly frameMs?: number;
  readonly clockRateHz?: number;
  /** Bounds of the adaptive target delay; 40 and 200 unless given. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** Counters and the current adaptation state. */
export interface JitterBufferStats {
  received: number;
  played: number;
  lost: number;
  late: number;
  duplicates: number;
  /** Frames dropped to bring the delay back down to the target. */
  latencyDrops: number;
  underruns: number;
  /** Sequence jumps too large to bridge, treated as a new stream. */
  resets: number;
  /** Buffered frames thrown away by a reset. */
  flushed: number;
  /** RFC 3550 §6.4.1 interarrival jitter, in ms. */
  jitterMs: number;
  targetDelayMs: number;
  /** Mean time a played frame waited in the buffer, in ms. */
  meanDelayMs: number;
}

interface Slot {
  ext: number;
  payload: Uint8Array;
  meta: JitterBufferPacketMeta;
  arrivalMs: number;
}

/** Pops with the buffer too deep before a frame is dropped (200 ms at 20 ms). */
const EXCESS_POPS_BEFORE_DROP = 10;
/** Frames above the target tolerated before shrinking. */
const EXCESS_FRAMES = 2;

/**
 * An adaptive jitter buffer for fixed-duration audio frames, one per RTP
 * packet, keyed by sequence number. push() takes packets as they arrive;
 * pop() is called once per frame interval by the playout clock. The target
 * delay follows the RFC 3550 jitter estimate (four times the jitter plus a
 * frame, within the bounds): the buffer fills to the target before playing
 * and again after an underrun, and drops a frame when it has stayed more
 * than two frames above the target for 200 ms. Pure: time comes in as
 * arguments, so tests need no clock.
 */
export class JitterBuffer {
  readonly stats: JitterBufferStats;
  readonly #frameMs: number;
  readonly #ticksPerFrame: number;
  readonly #ticksPerMs: number;
  readonly #minFrames: number;
  readonly #maxFrames: number;
  readonly #slots: (Slot | undefined)[];
  readonly #mask: number;
  #nextExt: number | undefined;
  #highestExt = 0;
  #count = 0;
  #isPlaying = false;
  #lastTransitMs: number | undefined;
  #lastTimestamp = 0;
  #excessPops = 0;
  #lastFarBehindExt = Number.NaN;
  #oldestArrivalMs = 0;

  constructor(options: JitterBufferOptions = {}) {
    this.#frameMs = options.frameMs ?? 20;
    const clockRateHz = options.clockRateHz ?? 8000;
    this.#ticksPerMs = clockRateHz / 1000;
    this.#ticksPerFrame = Math.round(this.#frameMs * this.#ticksPerMs);
    this.#minFrames = Math.max(1, Math.ceil((options.minDelayMs ?? 40) / this.#frameMs));
    this.#maxFrames = Math.max(
      this.#minFrames,
      Math.ceil((options.maxDelayMs ?? 200) / this.#frameMs),
    );
    let size = 16;
    while (size < this.#maxFrames * 4) size *= 2;
    this.#slots = new Array<Slot | undefined>(size).fill(undefined);
    this.#mask = size - 1;
    this.stats = {
      received: 0,
      played: 0,
      lost: 0,
      late: 0,
      duplicates: 0,
      latencyDrops: 0,
      underruns: 0,
      resets: 0,
      flushed: 0,
      jitterMs: 0,
      targetDelayMs: this.#minFrames * this.#frameMs,
      meanDelayMs: 0,
    };
  }

  /** Frames held now. */
  get bufferedCount(): number {
    return this.#count;
  }

  /** Takes one packet as it arrives. */
  push(
    meta: JitterBufferPacketMeta,
    payload: Uint8Array,
    arrivalMs: number,
  ): JitterBufferPushOutcome {
    this.stats.received++;
    let outcome: JitterBufferPushOutcome = 'buffered';
    let ext = this.#unwrap(meta.sequenceNumber);
    const isJump = this.#nextExt !== undefined && ext - this.#nextExt >= this.#slots.length;
    const isFarBehind = this.#nextExt !== undefined && this.#nextExt - ext > this.#slots.length;
    const isRestart = isFarBehind && ext === this.#lastFarBehindExt + 1;
    this.#lastFarBehindExt = isFarBehind ? ext : Number.NaN;
    if (this.#nextExt === undefined || isJump || isRestart) {
      // A first packet, a jump no buffer could bridge, or two packets in a
      // row far behind us (RFC 3550 A.1 probation): a new source or a
      // restart, so start again from here.
      if (this.#nextExt !== undefined) {
        this.stats.flushed += this.#count;
        this.#clear();
        this.stats.resets++;
        outcome = 'reset';
      }
      ext = meta.sequenceNumber & 0xffff;
      this.#nextExt = ext;
      this.#highestExt = ext;
    }
    if (ext < this.#nextExt) {
      this.stats.late++;
      return 'late';
    }
    const index = ext & this.#mask;
    if (this.#slots[index]?.ext === ext) {
      this.stats.duplicates++;
      return 'duplicate';
    }
    this.#slots[index] = { ext, payload, meta, arrivalMs };
    if (this.#count++ === 0) this.#oldestArrivalMs = arrivalMs;
    if (ext > this.#highestExt) this.#highestExt = ext;
    this.#updateJitter(meta.timestamp, arrivalMs);
    return outcome;
  }

  /** Returns what to play for the frame interval starting at `nowMs`. */
  pop(nowMs: number): JitterBufferFrame {
    const next = this.#nextExt;
    if (next === undefined || this.#count === 0) {
      if (this.#isPlaying) this.stats.underruns++;
      this.#isPlaying = false;
      return { kind: 'empty' };
    }
    const depth = this.#highestExt - next + 1;
    const target = this.#targetFrames();
    if (!this.#isPlaying) {
      // Start at the target depth, or once the first frame has waited the
      // target delay (a stream that resumes slowly should not stay silent).
      const hasWaited = nowMs - this.#oldestArrivalMs >= target * this.#frameMs;
      if (depth < target && !hasWaited) return { kind: 'empty' };
      this.#isPlaying = true;
      this.#excessPops = 0;
    }
    this.#excessPops = depth > target + EXCESS_FRAMES ? this.#excessPops + 1 : 0;
    if (this.#excessPops >= EXCESS_POPS_BEFORE_DROP) {
      this.#excessPops = 0;
      if (this.#take(next) !== undefined) this.stats.latencyDrops++;
      this.#nextExt = next + 1;
      return this.pop(nowMs);
    }
    const slot = this.#take(next);
    this.#nextExt = next + 1;
    if (slot === undefined) {
      this.stats.lost++;
      this.#lastTimestamp = (this.#lastTimestamp + this.#ticksPerFrame) >>> 0;
      return { kind: 'lost', sequenceNumber: next & 0xffff, timestamp: this.#lastTimestamp };
    }
    this.stats.played++;
    this.stats.meanDelayMs +=
      (nowMs - slot.arrivalMs - this.stats.meanDelayMs) / Math.min(this.stats.played, 64);
    this.#lastTimestamp = slot.meta.timestamp >>> 0;
    return { kind: 'frame', payload: slot.payload, meta: slot.meta };
  }

  #take(ext: number): Slot | undefined {
    const index = ext & this.#mask;
    const slot = this.#slots[index];
    if (slot === undefined || slot.ext !== ext) return undefined;
    this.#slots[index] = undefined;
    this.#count--;
    return slot;
  }

  #clear(): void {
    this.#slots.fill(undefined);
    this.#count = 0;
    this.#isPlaying = false;
    this.#lastTransitMs = undefined;
  }

  /** Extends a 16-bit sequence number to the one nearest the highest seen. */
  #unwrap(sequenceNumber: number): number {
    const diff = ((sequenceNumber - this.#highestExt + 0x8000) & 0xffff) - 0x8000;
    return this.#highestExt + diff;
  }

  /** RFC 3550 §6.4.1: J += (|D| − J) / 16, on transit time in ms. */
  #updateJitter(timestamp: number, arrivalMs: number): void {
    const transitMs = arrivalMs - (timestamp >>> 0) / this.#ticksPerMs;
    if (this.#lastTransitMs !== undefined) {
      let d = Math.abs(transitMs - this.#lastTransitMs);
      // A timestamp wrap shows up as a 2^32-tick jump in transit; ignore it.
      if (d > 0x7fffffff / this.#ticksPerMs) d = 0;
      this.stats.jitterMs += (d - this.stats.jitterMs) / 16;
    }
    this.#lastTransitMs = transitMs;
    this.stats.targetDelayMs = this.#targetFrames() * this.#frameMs;
  }

  #targetFrames(): number {
    const frames = Math.ceil((this.#frameMs + 4 * this.stats.jitterMs) / this.#frameMs);
    return Math.min(this.#maxFrames, Math.max(this.#minFrames, frames));
  }
}
