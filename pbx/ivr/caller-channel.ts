import type {
  CallLeg,
  CallLegEvents,
  Clock,
  MediaControl,
  MediaOperation,
  TimerHandle,
} from '../../core/index.ts';

/** How a prompt ended. */
export type PlayEnd = 'completed' | 'interrupted' | 'hangup' | 'failed';

/** How a digit input ended. */
export type InputEnd =
  | {
      readonly kind: 'digits';
      readonly digits: string;
      readonly endedBy: 'maxDigits' | 'terminator' | 'timeout';
    }
  /** Nothing before the first-digit timeout, or the terminator alone. */
  | { readonly kind: 'noInput' }
  | { readonly kind: 'hangup' };

/** Limits of one digit input. */
export interface CollectOptions {
  readonly maxDigits: number;
  /** '' for none. */
  readonly terminator: string;
  readonly firstDigitTimeoutMs: number;
  readonly interDigitTimeoutMs: number;
}

/**
 * The caller's side of an IVR session: plays prompts with barge-in and
 * collects DTMF from the leg's 'dtmf' events, whatever carried them
 * (RFC 4733, SIP INFO or in-band). Keys pressed during a prompt are kept
 * (type-ahead) and stop an interruptible prompt, so a caller who knows the
 * menu need not wait. Every wait ends when the caller hangs up.
 */
export class CallerChannel {
  readonly #leg: CallLeg;
  readonly #media: MediaControl;
  readonly #clock: Clock;
  readonly #buffered: string[] = [];
  readonly #abort = new AbortController();
  #onDigit: ((digit: string) => void) | undefined;
  #onHangup: (() => void) | undefined;
  #playing: { op: MediaOperation; isInterruptible: boolean } | undefined;
  #isHungUp = false;
  #resolveHungUp!: () => void;
  readonly #hungUp = new Promise<void>((resolve) => (this.#resolveHungUp = resolve));

  constructor(leg: CallLeg, media: MediaControl, clock: Clock) {
    this.#leg = leg;
    this.#media = media;
    this.#clock = clock;
    leg.on('dtmf', this.#handleDtmf);
    leg.on('hangup', this.#handleHangup);
    if (leg.state === 'terminated') this.#handleHangup();
  }

  get isHungUp(): boolean {
    return this.#isHungUp;
  }

  /** Aborted when the caller hangs up; web-service calls listen to it. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Forgets keys pressed so far (a new loop of the menu starts clean). */
  clearDigits(): void {
    this.#buffered.length = 0;
  }

  /** Stops listening to the leg and stops a running prompt. Idempotent. */
  close(): void {
    this.#leg.off('dtmf', this.#handleDtmf);
    this.#leg.off('hangup', this.#handleHangup);
    void this.#playing?.op.stop();
    this.#playing = undefined;
  }

  /**
   * Plays `file` to the caller. An interruptible prompt is skipped when a
   * key is already waiting and stopped by the next key (barge-in).
   */
  async play(file: string, isInterruptible: boolean): Promise<PlayEnd> {
    if (this.#isHungUp) return 'hangup';
    if (isInterruptible && this.#buffered.length > 0) return 'interrupted';
    const started = await this.#media.play(
      this.#leg.media,
      { file },
      { isInterruptedByDtmf: isInterruptible },
    );
    if (!started.ok) return this.#isHungUp ? 'hangup' : 'failed';
    const op = started.value;
    if (this.#isHungUp || (isInterruptible && this.#buffered.length > 0)) {
      await op.stop();
      return this.#isHungUp ? 'hangup' : 'interrupted';
    }
    this.#playing = { op, isInterruptible };
    const end = await Promise.race([op.finished, this.#hungUp.then(() => undefined)]);
    this.#playing = undefined;
    if (end === undefined || this.#isHungUp) {
      await op.stop();
      return 'hangup';
    }
    if (end.reason === 'completed') return 'completed';
    if (end.reason === 'dtmf' || end.reason === 'stopped') return 'interrupted';
    return end.reason === 'hangup' ? 'hangup' : 'failed';
  }

  /**
   * Reads up to `maxDigits` keys, starting with those already pressed. The
   * first key must come within firstDigitTimeoutMs and each next one
   * within interDigitTimeoutMs; the terminator ends the input and is not
   * part of it.
   */
  collect(opts: CollectOptions): Promise<InputEnd> {
    if (this.#isHungUp) return Promise.resolve({ kind: 'hangup' });
    return new Promise<InputEnd>((resolve) => {
      let digits = '';
      let timer: TimerHandle | undefined;
      let isDone = false;
      const finish = (end: InputEnd) => {
        if (isDone) return;
        isDone = true;
        if (timer !== undefined) this.#clock.clearTimeout(timer);
        this.#onDigit = undefined;
        this.#onHangup = undefined;
        resolve(end);
      };
      const ended = (endedBy: 'maxDigits' | 'terminator' | 'timeout'): InputEnd =>
        digits === '' ? { kind: 'noInput' } : { kind: 'digits', digits, endedBy };
      const arm = (delayMs: number) => {
        if (timer !== undefined) this.#clock.clearTimeout(timer);
        timer = this.#clock.setTimeout(() => finish(ended('timeout')), delayMs);
      };
      const onDigit = (digit: string) => {
        if (opts.terminator !== '' && digit === opts.terminator) return finish(ended('terminator'));
        digits += digit;
        if (digits.length >= opts.maxDigits) return finish(ended('maxDigits'));
        arm(opts.interDigitTimeoutMs);
      };
      this.#onDigit = onDigit;
      this.#onHangup = () => finish({ kind: 'hangup' });
      arm(opts.firstDigitTimeoutMs);
      while (!isDone && this.#buffered.length > 0) onDigit(this.#buffered.shift() ?? '');
    });
  }

  readonly #handleDtmf = ({ digit }: CallLegEvents['dtmf'][0]): void => {
    if (this.#isHungUp) return;
    if (this.#onDigit !== undefined) {
      this.#onDigit(digit);
      return;
    }
    this.#buffered.push(digit);
    if (this.#playing?.isInterruptible === true) void this.#playing.op.stop();
  };

  readonly #handleHangup = (): void => {
    if (this.#isHungUp) return;
    this.#isHungUp = true;
    this.#abort.abort();
    void this.#playing?.op.stop();
    this.#onHangup?.();
    this.#resolveHungUp();
  };
}
