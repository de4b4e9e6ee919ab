import type {
  CallLeg,
  CallLegEvents,
  Clock,
  MediaControl,
  MediaOperation,
  MediaPlaySource,
} from '../../core/index.ts';

/** How a play() through a LegPrompter ended. */
export type PromptEnd = 'completed' | 'interrupted' | 'hangup' | 'error';

/** Options of LegPrompter.collect(). */
export interface DigitCollectOptions {
  /** Stop after this many digits (the terminator is not counted). */
  readonly maxDigits: number;
  /** A key that ends the input early and is not part of it; none unless given. */
  readonly terminator?: string;
  /** How long to wait for the first key. */
  readonly firstDigitTimeoutMs: number;
  /** How long to wait between keys; a pause this long ends the input. */
  readonly interDigitTimeoutMs: number;
}

/** What the caller typed, or why nothing came. */
export type DigitCollectResult =
  | { readonly kind: 'digits'; readonly digits: string }
  | { readonly kind: 'timeout'; readonly digits: string }
  | { readonly kind: 'hangup' };

type Dtmf = CallLegEvents['dtmf'][0];

/**
 * Prompts and digit collection on one leg, for voicemail and conference
 * menus. Digits are buffered from the moment the prompter is created, so
 * a caller who knows the menu can type ahead: a key pressed during a
 * prompt stops that prompt (barge-in) and is the first key of the next
 * collect(). Digits come from the leg's 'dtmf' event, which reports keys
 * however they were signalled (RFC 4733, SIP INFO or in-band). Every
 * timer runs on the injected Clock.
 */
export class LegPrompter {
  readonly #buffer: string[] = [];
  readonly #wakers = new Set<() => void>();
  #isHungUp: boolean;
  #isDisposed = false;

  constructor(
    readonly leg: CallLeg,
    private readonly media: MediaControl,
    private readonly clock: Clock,
  ) {
    this.#isHungUp = leg.state === 'terminated';
    leg.on('dtmf', this.#onDtmf);
    leg.on('hangup', this.#onHangup);
  }

  /** Whether the leg has hung up. */
  get isHungUp(): boolean {
    return this.#isHungUp;
  }

  /** Drops the keys typed so far. */
  flush(): void {
    this.#buffer.length = 0;
  }

  /**
   * Plays `source` to the leg and waits for its end. An interruptible play
   * is skipped when keys are already buffered and stopped by a new key; the
   * keys stay buffered for the next collect() or nextDigit().
   */
  async play(
    source: MediaPlaySource,
    opts: { isInterruptible?: boolean } = {},
  ): Promise<PromptEnd> {
    const isInterruptible = opts.isInterruptible === true;
    if (this.#isHungUp) return 'hangup';
    if (isInterruptible && this.#buffer.length > 0) return 'interrupted';
    const started = await this.media.play(this.leg.media, source, {
      isInterruptedByDtmf: isInterruptible,
    });
    if (!started.ok) return this.#isHungUp ? 'hangup' : 'error';
    const op = started.value;
    let isDone = false;
    const ended = op.finished.then((r) => {
      isDone = true;
      return r.reason;
    });
    for (;;) {
      if (this.#isHungUp) {
        await op.stop();
        return 'hangup';
      }
      if (isInterruptible && this.#buffer.length > 0) {
        await op.stop();
        return 'interrupted';
      }
      if (isDone) break;
      await Promise.race([ended, this.#wake()]);
    }
    const reason = await ended;
    if (reason === 'completed') return 'completed';
    if (reason === 'hangup' || this.#isHungUp) return 'hangup';
    if (reason === 'dtmf') return 'interrupted';
    return reason === 'error' ? 'error' : 'completed';
  }

  /** Plays each source in turn; stops at the first that does not complete. */
  async playAll(
    sources: readonly MediaPlaySource[],
    opts: { isInterruptible?: boolean } = {},
  ): Promise<PromptEnd> {
    for (const source of sources) {
      const end = await this.play(source, opts);
      if (end !== 'completed') return end;
    }
    return 'completed';
  }

  /**
   * Waits for one key for at most `timeoutMs`: the key, undefined on
   * timeout, or 'hangup'.
   */
  async nextDigit(timeoutMs: number): Promise<string | undefined | 'hangup'> {
    let isTimedOut = false;
    const handle = this.clock.setTimeout(() => {
      isTimedOut = true;
      this.#wakeAll();
    }, timeoutMs);
    try {
      for (;;) {
        if (this.#isHungUp) return 'hangup';
        const digit = this.#buffer.shift();
        if (digit !== undefined) return digit;
        if (isTimedOut) return undefined;
        await this.#wake();
      }
    } finally {
      this.clock.clearTimeout(handle);
    }
  }

  /** Collects keys as `opts` says, starting with those typed ahead. */
  async collect(opts: DigitCollectOptions): Promise<DigitCollectResult> {
    let digits = '';
    for (;;) {
      const timeoutMs = digits === '' ? opts.firstDigitTimeoutMs : opts.interDigitTimeoutMs;
      const key = await this.nextDigit(timeoutMs);
      if (key === 'hangup') return { kind: 'hangup' };
      if (key === undefined) return { kind: 'timeout', digits };
      if (opts.terminator !== undefined && key === opts.terminator) {
        return { kind: 'digits', digits };
      }
      digits += key;
      if (digits.length >= opts.maxDigits) return { kind: 'digits', digits };
    }
  }

  /** Plays a prompt that keys interrupt, then collects. */
  async prompt(source: MediaPlaySource, opts: DigitCollectOptions): Promise<DigitCollectResult> {
    const end = await this.play(source, { isInterruptible: true });
    if (end === 'hangup') return { kind: 'hangup' };
    return this.collect(opts);
  }

  /**
   * Waits until `op` ends by itself, the leg hangs up (the operation is
   * then stopped) or `isStopKey(key)` is true for a pressed key (stopped
   * too). Other keys are dropped. Used for recordings, where '#' ends.
   */
  async runUntil(
    op: MediaOperation,
    isStopKey: (key: string) => boolean,
  ): Promise<{ readonly end: 'completed' | 'key' | 'hangup'; readonly durationMs: number }> {
    let isDone = false;
    const ended = op.finished.then((r) => {
      isDone = true;
      return r;
    });
    let end: 'completed' | 'key' | 'hangup' = 'completed';
    for (;;) {
      if (isDone) break;
      if (this.#isHungUp) {
        end = 'hangup';
        await op.stop();
        break;
      }
      const key = this.#buffer.shift();
      if (key !== undefined) {
        if (!isStopKey(key)) continue;
        end = 'key';
        await op.stop();
        break;
      }
      await Promise.race([ended, this.#wake()]);
    }
    const result = await ended;
    if (end === 'completed' && result.reason === 'hangup') end = 'hangup';
    return { end, durationMs: result.durationMs };
  }

  /** Stops listening to the leg; idempotent. */
  dispose(): void {
    if (this.#isDisposed) return;
    this.#isDisposed = true;
    this.leg.off('dtmf', this.#onDtmf);
    this.leg.off('hangup', this.#onHangup);
    this.#wakeAll();
  }

  #onDtmf = (event: Dtmf): void => {
    this.#buffer.push(event.digit);
    this.#wakeAll();
  };

  #onHangup = (): void => {
    this.#isHungUp = true;
    this.#wakeAll();
  };

  #wake(): Promise<void> {
    return new Promise((resolve) => this.#wakers.add(resolve));
  }

  #wakeAll(): void {
    const wakers = [...this.#wakers];
    this.#wakers.clear();
    for (const w of wakers) w();
  }
}
