import type { Clock } from '../../core/index.ts';

/** One code the matcher listens for, by the name it reports. */
export interface HotkeyCode<N extends string> {
  readonly name: N;
  /** Keys as typed: digits, `*`, `#`, A–D. */
  readonly code: string;
}

/**
 * Asterisk's featuredigittimeout: a pause longer than this between two
 * keys of a code starts the match over.
 */
export const FEATURE_DIGIT_TIMEOUT_MS = 1000;

/**
 * Recognises in-call feature codes in the keys one party types, the way
 * Asterisk's features.conf does: keys are collected while they are the
 * start of some code, a full code is reported (and the collection starts
 * over), and a key that leads nowhere drops what was collected. The keys
 * themselves reach the other party unless the media plane gates them
 * (CallHotkeys.gateKeys, D44), which it does by these same rules.
 * Time comes from `clock`, so tests drive it with FakeClock.
 */
export class HotkeyMatcher<N extends string> {
  private typed = '';
  private lastKeyAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Pick<Clock, 'monotonicMs'>,
    private readonly codes: readonly HotkeyCode<N>[],
    private readonly digitTimeoutMs = FEATURE_DIGIT_TIMEOUT_MS,
  ) {}

  /** The keys collected so far towards a code. */
  get pending(): string {
    return this.typed;
  }

  /** Takes one key; the name of the code it completes, if any. */
  feed(key: string): N | undefined {
    const now = this.clock.monotonicMs();
    if (now - this.lastKeyAtMs > this.digitTimeoutMs) this.typed = '';
    this.lastKeyAtMs = now;
    const digit = key.toUpperCase();
    // A key that breaks the code may itself start another (`**51`).
    for (const candidate of [this.typed + digit, digit]) {
      const exact = this.codes.find((c) => c.code === candidate);
      if (exact !== undefined) {
        this.typed = '';
        return exact.name;
      }
      if (this.codes.some((c) => c.code.startsWith(candidate))) {
        this.typed = candidate;
        return undefined;
      }
    }
    this.typed = '';
    return undefined;
  }

  /** Forgets what was collected (the call changed hands). */
  reset(): void {
    this.typed = '';
  }
}
