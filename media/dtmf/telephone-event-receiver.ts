import { eventToDigit } from './dtmf-digit.ts';
import type { DtmfDigit, DtmfEvent } from './dtmf-digit.ts';
import { parseTelephoneEvent } from './telephone-event.ts';

/** What the receiver needs from one RTP packet of the telephone-event type. */
export interface TelephoneEventInput {
  /** The RTP payload. */
  readonly payload: Uint8Array;
  /** The RTP timestamp: the event's start, shared by all its packets. */
  readonly timestamp: number;
  readonly sequenceNumber: number;
}

/** Settings of a TelephoneEventReceiver. */
export interface TelephoneEventReceiverOptions {
  readonly clockRateHz?: number;
  /** An unseen event this many packets behind the newest is stale; 64 unless given. */
  readonly maxReorderPackets?: number;
  /** With no packet for this long, poll() ends the event; 500 unless given. */
  readonly endTimeoutMs?: number;
}

/** Counters of a TelephoneEventReceiver (STYLE §4.4: nothing dropped silently). */
export interface TelephoneEventReceiverStats {
  malformed: number;
  duplicates: number;
  stale: number;
  unsupported: number;
}

interface ActiveEvent {
  timestamp: number;
  readonly digit: DtmfDigit;
  readonly event: number;
  /** Ticks of the earlier segments of a long event. */
  baseTicks: number;
  segmentTicks: number;
  lastArrivalMs: number;
}

const RECENT_EVENTS = 32;

/** The signed distance a − b between two 16-bit sequence numbers. */
function seqDiff(a: number, b: number): number {
  return ((a - b + 0x8000) & 0xffff) - 0x8000;
}

/**
 * Turns RFC 4733 event packets into DTMF begin/end events, each exactly
 * once. An event is identified by its timestamp and code (§2.5.2.1), so the
 * three end packets (§2.5.1.4), duplicates and late packets of an event
 * already ended add nothing; a lost start packet is covered because any
 * packet of a new event begins it; a new event ends the previous one whose
 * end packets were all lost; and a long event continued in a new segment
 * (§2.5.1.3: timestamp = previous timestamp + duration) stays one digit.
 */
export class TelephoneEventReceiver {
  readonly stats: TelephoneEventReceiverStats = {
    malformed: 0,
    duplicates: 0,
    stale: 0,
    unsupported: 0,
  };
  readonly #clockRateHz: number;
  readonly #maxReorderPackets: number;
  readonly #endTimeoutMs: number;
  readonly #recent: string[] = [];
  #active: ActiveEvent | undefined;
  #highestSeq: number | undefined;

  constructor(options: TelephoneEventReceiverOptions = {}) {
    this.#clockRateHz = options.clockRateHz ?? 8000;
    this.#maxReorderPackets = options.maxReorderPackets ?? 64;
    this.#endTimeoutMs = options.endTimeoutMs ?? 500;
  }

  /** Takes one packet; returns the events it completes or starts, in order. */
  receive(input: TelephoneEventInput, arrivalMs: number): DtmfEvent[] {
    const parsed = parseTelephoneEvent(input.payload);
    if (!parsed.ok) {
      this.stats.malformed++;
      return [];
    }
    const { event, isEnd, duration } = parsed.value;
    const digit = eventToDigit(event);
    if (digit === undefined) {
      this.stats.unsupported++;
      return [];
    }
    const timestamp = input.timestamp >>> 0;
    const key = `${timestamp}:${event}`;
    const seq = input.sequenceNumber & 0xffff;
    const isKnown = this.#recent.includes(key) || this.#active?.timestamp === timestamp;
    if (
      this.#highestSeq !== undefined &&
      !isKnown &&
      seqDiff(seq, this.#highestSeq) < -this.#maxReorderPackets
    ) {
      this.stats.stale++;
      return [];
    }
    if (this.#highestSeq === undefined || seqDiff(seq, this.#highestSeq) > 0)
      this.#highestSeq = seq;
    if (this.#recent.includes(key)) {
      this.stats.duplicates++;
      return [];
    }

    const active = this.#active;
    if (active !== undefined && active.timestamp === timestamp && active.event === event) {
      return this.#update(active, duration, isEnd, arrivalMs);
    }
    if (
      active !== undefined &&
      active.event === event &&
      timestamp === (active.timestamp + active.segmentTicks) >>> 0
    ) {
      // A new segment of a long event (§2.5.1.3): same digit, continued.
      this.#remember(`${active.timestamp}:${event}`);
      active.timestamp = timestamp;
      active.baseTicks += active.segmentTicks;
      active.segmentTicks = 0;
      return this.#update(active, duration, isEnd, arrivalMs);
    }
    const out: DtmfEvent[] = [];
    const isOlder = active !== undefined && ((timestamp - active.timestamp) | 0) < 0;
    if (active !== undefined && !isOlder) out.push(this.#finish(active));
    const fresh: ActiveEvent = {
      timestamp,
      digit,
      event,
      baseTicks: 0,
      segmentTicks: duration,
      lastArrivalMs: arrivalMs,
    };
    out.push({ kind: 'begin', digit });
    if (isOlder) {
      // A reordered event from before the active one: report it whole.
      this.#remember(key);
      out.push({ kind: 'end', digit, durationMs: this.#toMs(duration) });
      return out;
    }
    this.#active = fresh;
    if (isEnd) out.push(this.#finish(fresh));
    return out;
  }

  /** Ends an event whose end packets never came, after endTimeoutMs of silence. */
  poll(nowMs: number): DtmfEvent[] {
    const active = this.#active;
    if (active === undefined || nowMs - active.lastArrivalMs < this.#endTimeoutMs) return [];
    return [this.#finish(active)];
  }

  #update(active: ActiveEvent, duration: number, isEnd: boolean, arrivalMs: number): DtmfEvent[] {
    active.segmentTicks = Math.max(active.segmentTicks, duration);
    active.lastArrivalMs = arrivalMs;
    return isEnd ? [this.#finish(active)] : [];
  }

  #finish(active: ActiveEvent): DtmfEvent {
    this.#remember(`${active.timestamp}:${active.event}`);
    if (this.#active === active) this.#active = undefined;
    return {
      kind: 'end',
      digit: active.digit,
      durationMs: this.#toMs(active.baseTicks + active.segmentTicks),
    };
  }

  #remember(key: string): void {
    this.#recent.push(key);
    if (this.#recent.length > RECENT_EVENTS) this.#recent.shift();
  }

  #toMs(ticks: number): number {
    return Math.round((ticks * 1000) / this.#clockRateHz);
  }
}
