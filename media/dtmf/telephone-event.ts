import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';

/**
 * The RFC 4733 §2.3 named-event payload:
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |     event     |E|R| volume    |          duration             |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export interface TelephoneEvent {
  /** 0–255; 0–16 are the DTMF keys and flash (§3.2). */
  readonly event: number;
  /** The E bit: this packet ends the event. */
  readonly isEnd: boolean;
  /** Power level in -dBm0, 0–63 (§2.3.4). */
  readonly volume: number;
  /** Duration so far, in RTP timestamp units (§2.3.5). */
  readonly duration: number;
}

/** The size of one event payload in bytes. */
export const TELEPHONE_EVENT_SIZE = 4;

/**
 * Parses a telephone-event payload. Bytes after the first four are ignored,
 * as some senders pad. The R bit is ignored on receipt (§2.3.3).
 */
export function parseTelephoneEvent(payload: Uint8Array): Result<TelephoneEvent> {
  if (payload.length < TELEPHONE_EVENT_SIZE) {
    return parseError(
      'ERR_RTP_EVENT_TOO_SHORT',
      payload.length,
      `payload ${payload.length} < 4 bytes`,
    );
  }
  const flags = payload[1] ?? 0;
  return ok({
    event: payload[0] ?? 0,
    isEnd: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: ((payload[2] ?? 0) << 8) | (payload[3] ?? 0),
  });
}

/** Writes an event payload into `buf` at `offset`; returns the bytes written. */
export function serializeTelephoneEventInto(
  ev: TelephoneEvent,
  buf: Uint8Array,
  offset = 0,
): number {
  buf[offset] = ev.event & 0xff;
  buf[offset + 1] = (ev.isEnd ? 0x80 : 0) | (ev.volume & 0x3f);
  buf[offset + 2] = (ev.duration >>> 8) & 0xff;
  buf[offset + 3] = ev.duration & 0xff;
  return TELEPHONE_EVENT_SIZE;
}

/** Serializes an event payload into a new 4-byte array. */
export function serializeTelephoneEvent(ev: TelephoneEvent): Uint8Array {
  const buf = new Uint8Array(TELEPHONE_EVENT_SIZE);
  serializeTelephoneEventInto(ev, buf);
  return buf;
}

/** The size of a serialized event payload (always 4). */
export function telephoneEventSize(): number {
  return TELEPHONE_EVENT_SIZE;
}
