import type { Clock, TimerHandle } from '../../core/index.ts';

/**
 * Asterisk's transferdigittimeout: the transfer target is complete after
 * this long without a key.
 */
export const TRANSFER_DIGIT_TIMEOUT_MS = 3000;

/** Longest number a transferor may key (E.164 has 15 digits, plus a prefix). */
export const MAX_TRANSFER_DIGITS = 32;

/**
 * Collects the number a transferor keys after a transfer code: it ends
 * with `#`, after `timeoutMs` without a key (the first key included),
 * or at MAX_TRANSFER_DIGITS. `done` gets the digits, without the `#`,
 * exactly once; the empty string means nothing was keyed.
 */
export class DigitCollector {
  private digits = '';
  private timer: TimerHandle | undefined;
  private isDone = false;

  constructor(
    private readonly clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
    private readonly done: (digits: string) => void,
    private readonly timeoutMs = TRANSFER_DIGIT_TIMEOUT_MS,
  ) {
    this.arm();
  }

  /** Takes one key. */
  feed(key: string): void {
    if (this.isDone) return;
    if (key === '#') return this.finish();
    if (/^[0-9*+]$/.test(key)) this.digits += key;
    if (this.digits.length >= MAX_TRANSFER_DIGITS) return this.finish();
    this.arm();
  }

  /** Stops the timer without reporting (the call ended). */
  cancel(): void {
    this.isDone = true;
    this.disarm();
  }

  private finish(): void {
    if (this.isDone) return;
    this.isDone = true;
    this.disarm();
    this.done(this.digits);
  }

  private arm(): void {
    this.disarm();
    this.timer = this.clock.setTimeout(() => this.finish(), this.timeoutMs);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
