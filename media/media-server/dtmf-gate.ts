import { eventToDigit } from '../dtmf/index.ts';

/**
 * Asterisk's feature digit timeout (features.conf featuredigittimeout), as
 * the B2BUA's HotkeyMatcher uses it: a longer pause between two keys of a
 * code ends the match.
 */
export const GATE_DIGIT_TIMEOUT_MS = 1000;

/** What to do with a key that went down on a gated leg. */
export interface DtmfGateVerdict {
  /** Relay this key's RFC 4733 packets to the peer as they come. */
  readonly isForwarded: boolean;
  /** Keys held earlier (and maybe this one) to send on now, in order. */
  readonly released: string;
  /** The key, on the first packet of an event that is forwarded; else undefined. */
  readonly key?: string | undefined;
}

/**
 * Keeps the keys of in-call feature codes from the other party, as
 * Asterisk's features do with DTMF passthrough (D44): a key that starts a
 * code (or goes on with one) is held back, a completed code is dropped, and
 * held keys are released when the sequence can no longer be a code or
 * after the digit timeout, to be sent on as new events. A key that starts
 * nothing passes through untouched. The matching is HotkeyMatcher's
 * (signaling/b2bua), so the gate holds exactly the keys the B2BUA acts on,
 * including a broken code whose last key starts another (`**51`).
 */
export class DtmfGate {
  private readonly codes: readonly string[];
  private readonly digitTimeoutMs: number;
  private typed = '';
  private lastKeyAtMs = Number.NEGATIVE_INFINITY;
  /** The event last ruled on (its timestamp) and its fate. */
  private eventTs = -1;
  private isEventForwarded = true;

  constructor(codes: readonly string[], digitTimeoutMs = GATE_DIGIT_TIMEOUT_MS) {
    this.codes = codes.filter((c) => c !== '').map((c) => c.toUpperCase());
    this.digitTimeoutMs = digitTimeoutMs;
  }

  /** The keys held now. */
  get held(): string {
    return this.typed;
  }

  /**
   * Rules on one RFC 4733 packet (event code `event`, RTP timestamp
   * `timestamp`): the first packet of an event (a new timestamp, RFC 4733
   * §2.5.1.1) is a key going down, and the event's other packets, the end
   * and its repeats included, share its fate. Nothing to release on those.
   */
  event(timestamp: number, event: number, nowMs: number): DtmfGateVerdict {
    if (timestamp === this.eventTs) return { isForwarded: this.isEventForwarded, released: '' };
    const digit = eventToDigit(event);
    if (digit === undefined) return { isForwarded: true, released: '' };
    const verdict = this.keyDown(digit, nowMs);
    this.eventTs = timestamp;
    this.isEventForwarded = verdict.isForwarded;
    return verdict.isForwarded ? { ...verdict, key: digit } : verdict;
  }

  /** A key went down (the first packet of a new RFC 4733 event). */
  keyDown(key: string, nowMs: number): DtmfGateVerdict {
    let released = this.expire(nowMs);
    this.lastKeyAtMs = nowMs;
    const digit = key.toUpperCase();
    const candidates = this.typed === '' ? [digit] : [this.typed + digit, digit];
    for (const candidate of candidates) {
      const isCode = this.codes.includes(candidate);
      if (!isCode && !this.codes.some((c) => c.startsWith(candidate))) continue;
      // Keys before a restart (`*` of `**51`) belong to no code: send them on.
      if (candidate === digit) released += this.typed;
      this.typed = isCode ? '' : candidate;
      return { isForwarded: false, released };
    }
    if (this.typed === '') return { isForwarded: true, released };
    // Sent on after the held keys, so the far end hears them in order.
    released += this.typed + digit;
    this.typed = '';
    return { isForwarded: false, released };
  }

  /** Held keys whose code timed out, to send on now; '' when none. */
  expire(nowMs: number): string {
    if (this.typed === '' || nowMs - this.lastKeyAtMs <= this.digitTimeoutMs) return '';
    const released = this.typed;
    this.typed = '';
    return released;
  }
}
