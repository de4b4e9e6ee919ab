import { ValidationError } from '../../core/index.ts';
import { digitToEvent } from './dtmf-digit.ts';
import type { TelephoneEvent } from './telephone-event.ts';

/** One RTP packet to send for an event: the endpoint adds the RTP header. */
export interface TelephoneEventPacket {
  readonly payload: TelephoneEvent;
  /** The event's start timestamp, the same in every packet of it (§2.5.1.2). */
  readonly timestamp: number;
  /** Set on the first packet of an event (§2.5.1.1). */
  readonly isMarker: boolean;
}

/** Settings of a TelephoneEventSender. */
export interface TelephoneEventSenderOptions {
  /** The negotiated telephone-event clock rate; 8000 unless given. */
  readonly clockRateHz?: number;
  /** The packet interval; 20 unless given. */
  readonly ptimeMs?: number;
  /** The default key-down time per digit; 100 unless given. */
  readonly durationMs?: number;
  /** The gap between queued digits; 60 unless given. */
  readonly pauseMs?: number;
  /** Power level in -dBm0; 10 unless given. */
  readonly volume?: number;
}

/** The states of a TelephoneEventSender. */
export type TelephoneEventSenderState = 'idle' | 'sending' | 'ending' | 'pause';

interface Queued {
  readonly event: number;
  readonly durationTicks: number;
}

/** How many times the final packet is sent (RFC 4733 §2.5.1.4). */
const END_PACKET_COUNT = 3;

/**
 * Produces the RFC 4733 packet sequence for queued digits as data. Call
 * tick() once per packet interval with the RTP timestamp of that slot; it
 * returns the packet to send instead of audio, or undefined when audio may
 * flow. A digit is a marker packet, duration updates every ptime, then the
 * final packet three times with the same timestamp: "the final packet for
 * each event and for each segment SHOULD be sent a total of three times"
 * (§2.5.1.4), one per tick so a burst loss cannot take all three.
 */
export class TelephoneEventSender {
  readonly #queue: Queued[] = [];
  readonly #ticksPerPacket: number;
  readonly #clockRateHz: number;
  readonly #defaultDurationMs: number;
  readonly #pausePackets: number;
  readonly #volume: number;
  #state: TelephoneEventSenderState = 'idle';
  #current: Queued | undefined;
  #startTimestamp = 0;
  #elapsedTicks = 0;
  #countdown = 0;

  constructor(options: TelephoneEventSenderOptions = {}) {
    this.#clockRateHz = options.clockRateHz ?? 8000;
    const ptimeMs = options.ptimeMs ?? 20;
    this.#ticksPerPacket = Math.round((this.#clockRateHz * ptimeMs) / 1000);
    this.#defaultDurationMs = options.durationMs ?? 100;
    this.#pausePackets = Math.ceil((options.pauseMs ?? 60) / ptimeMs);
    this.#volume = options.volume ?? 10;
    if (this.#ticksPerPacket <= 0) throw new ValidationError('ptimeMs', 'ptime gives no samples');
  }

  /** Where the sender is; endpoint mutes audio unless idle or in pause. */
  get state(): TelephoneEventSenderState {
    return this.#state;
  }

  /** True while event packets replace audio. */
  get isSending(): boolean {
    return this.#state === 'sending' || this.#state === 'ending';
  }

  /** Digits waiting to start. */
  get queuedCount(): number {
    return this.#queue.length;
  }

  /**
   * Queues digits (0–9, *, #, A–D, F for flash). Throws ValidationError for
   * an unknown digit or a duration that needs long-event segments (§2.5.1.3:
   * more than 0xFFFF timestamp units), which we do not send.
   */
  enqueue(digits: string, durationMs = this.#defaultDurationMs): void {
    const durationTicks = Math.max(
      this.#ticksPerPacket,
      Math.round((durationMs * this.#clockRateHz) / 1000),
    );
    if (durationTicks > 0xffff) {
      throw new ValidationError('durationMs', `${durationMs} ms exceeds one RFC 4733 segment`);
    }
    const events = [...digits].map((d) => {
      const event = digitToEvent(d);
      if (event === undefined) throw new ValidationError('digits', `"${d}" is not a DTMF digit`);
      return event;
    });
    for (const event of events) this.#queue.push({ event, durationTicks });
  }

  /** Drops queued digits; a digit in progress still ends properly. */
  clear(): void {
    this.#queue.length = 0;
  }

  /** Advances one packet interval; `timestamp` is the RTP timestamp of this slot. */
  tick(timestamp: number): TelephoneEventPacket | undefined {
    switch (this.#state) {
      case 'idle':
        return this.#start(timestamp);
      case 'sending':
        return this.#continue();
      case 'ending':
        return this.#repeatEnd();
      case 'pause':
        if (--this.#countdown <= 0) this.#state = 'idle';
        return undefined;
    }
  }

  #start(timestamp: number): TelephoneEventPacket | undefined {
    const next = this.#queue.shift();
    if (next === undefined) return undefined;
    this.#current = next;
    this.#startTimestamp = timestamp >>> 0;
    this.#elapsedTicks = Math.min(this.#ticksPerPacket, next.durationTicks);
    if (this.#elapsedTicks >= next.durationTicks) return this.#end(true);
    this.#state = 'sending';
    return this.#packet(false, true);
  }

  #continue(): TelephoneEventPacket {
    const total = this.#current?.durationTicks ?? 0;
    this.#elapsedTicks = Math.min(total, this.#elapsedTicks + this.#ticksPerPacket);
    return this.#elapsedTicks >= total ? this.#end(false) : this.#packet(false, false);
  }

  #end(isMarker: boolean): TelephoneEventPacket {
    this.#state = 'ending';
    this.#countdown = END_PACKET_COUNT - 1;
    return this.#packet(true, isMarker);
  }

  #repeatEnd(): TelephoneEventPacket {
    if (--this.#countdown <= 0) {
      this.#state = this.#pausePackets > 0 ? 'pause' : 'idle';
      this.#countdown = this.#pausePackets;
    }
    return this.#packet(true, false);
  }

  #packet(isEnd: boolean, isMarker: boolean): TelephoneEventPacket {
    const payload = {
      event: this.#current?.event ?? 0,
      isEnd,
      volume: this.#volume,
      duration: this.#elapsedTicks,
    };
    return { payload, timestamp: this.#startTimestamp, isMarker };
  }
}
