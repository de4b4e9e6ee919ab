import type {
  CallLeg,
  Clock,
  MediaControl,
  MediaOperation,
  TimerHandle,
} from '../../core/index.ts';
import type { PartyBridge } from '../calls/index.ts';

/** Asterisk's featuredigittimeout between the keys of a code (D31). */
export const PARTY_CODE_DIGIT_TIMEOUT_MS = 1000;
/** Asterisk's transferdigittimeout: the number ends after this pause (D31). */
export const PARTY_NUMBER_TIMEOUT_MS = 3000;
/** The longest number keyed (D31). */
export const PARTY_NUMBER_MAX_DIGITS = 32;

/** What the key needs from the switch. */
export interface QueuePartyKeyDeps {
  readonly media: MediaControl;
  readonly clock: Clock;
}

/** The queue call the key watches. */
export interface QueuePartyKeyCall {
  readonly teamId: number;
  /** The enabled `multi-party` hotkey of the team (R15.9-1). */
  readonly code: string;
  readonly caller: CallLeg;
  readonly member: CallLeg;
  readonly bridge: PartyBridge;
  /** D44: hold the code's keys back from the caller (`--hotkey-digits swallow`). */
  readonly isSwallowing: boolean;
}

/**
 * `idle`: keys are matched against the code; `collecting`: the caller
 * hears music on hold and the member keys the number; `closed`: over.
 */
export type QueuePartyKeyState = 'idle' | 'collecting' | 'closed';

/**
 * Q-19 by phone: the member of a bridged queue call keys the team's
 * `multi-party` code (*53 unless changed), then the number, as the D31
 * hotkeys collect it: the caller hears the team's music on hold (while a
 * leg plays nothing is relayed to it, so it hears neither the keys nor
 * the member), the member a dial tone until the first key; `#`, a 3 s
 * pause or 32 digits end the number. The two then talk again while the
 * party rings, as after POST /calls/:id/parties, and `onNumber` adds it.
 * The key works while the call has two parties; once it is a conference,
 * parties are added over the API.
 */
export class QueuePartyKey {
  #state: QueuePartyKeyState = 'idle';
  #keys = '';
  #number = '';
  #keyTimer: TimerHandle | undefined;
  #numberTimer: TimerHandle | undefined;
  #plays: Array<Promise<MediaOperation | undefined>> = [];
  #tone: Promise<MediaOperation | undefined> | undefined;
  readonly #onDtmf = (e: { readonly digit: string }) => this.#key(e.digit.toUpperCase());

  constructor(
    private readonly deps: QueuePartyKeyDeps,
    private readonly call: QueuePartyKeyCall,
    private readonly onNumber: (number: string) => void,
  ) {}

  get state(): QueuePartyKeyState {
    return this.#state;
  }

  /** A call, not a property read, so that TS does not narrow across awaits. */
  #isClosed(): boolean {
    return this.#state === 'closed';
  }

  /** Starts watching the member's keys until the call is over. */
  start(): void {
    const { member, code, bridge } = this.call;
    if (this.call.isSwallowing) this.deps.media.gateDtmf(member.media, [code]);
    member.on('dtmf', this.#onDtmf);
    void bridge.left(member).then(() => this.close());
    void bridge.ended.then(() => this.close());
  }

  /** Stops watching; music and tones stop, the member's keys flow again. */
  close(): void {
    if (this.#state === 'closed') return;
    const wasCollecting = this.#state === 'collecting';
    this.#state = 'closed';
    this.#clearTimers();
    this.call.member.off('dtmf', this.#onDtmf);
    if (this.call.isSwallowing) this.deps.media.gateDtmf(this.call.member.media, []);
    if (wasCollecting) void this.#stopPlays();
  }

  #key(digit: string): void {
    if (this.#state === 'collecting') return this.#numberKey(digit);
    if (this.#state !== 'idle') return;
    const code = this.call.code.toUpperCase();
    const keys = this.#keys + digit;
    this.#keys = code.startsWith(keys) ? keys : code.startsWith(digit) ? digit : '';
    this.#clearKeyTimer();
    if (this.#keys === code) {
      this.#keys = '';
      if (this.call.bridge.state === 'bridged') void this.#collect();
      return;
    }
    if (this.#keys !== '') {
      this.#keyTimer = this.deps.clock.setTimeout(() => {
        this.#keyTimer = undefined;
        this.#keys = '';
      }, PARTY_CODE_DIGIT_TIMEOUT_MS);
    }
  }

  /** The code matched: hold the caller, give the member a dial tone. */
  async #collect(): Promise<void> {
    this.#state = 'collecting';
    this.#number = '';
    const { media } = this.deps;
    const { caller, member, teamId } = this.call;
    // MOH-2: the team's `default` class from its shared stream, as D31 holds.
    const held = play(media.play(caller.media, { moh: 'default', teamId }, { loop: true }));
    this.#tone = play(media.play(member.media, { tone: 'dial' }, { loop: true }));
    this.#plays = [held, this.#tone];
    this.#armNumberTimer();
    // A close() while the plays were starting stops them once they exist.
    await Promise.all(this.#plays);
    if (this.#isClosed()) await this.#stopPlays();
  }

  #numberKey(digit: string): void {
    if (digit === '#') return void this.#finish();
    if (!/^[0-9*]$/.test(digit)) return;
    if (this.#number === '') void this.#tone?.then((op) => op?.stop());
    this.#number += digit;
    if (this.#number.length >= PARTY_NUMBER_MAX_DIGITS) return void this.#finish();
    this.#armNumberTimer();
  }

  #armNumberTimer(): void {
    if (this.#numberTimer !== undefined) this.deps.clock.clearTimeout(this.#numberTimer);
    this.#numberTimer = this.deps.clock.setTimeout(() => {
      this.#numberTimer = undefined;
      void this.#finish();
    }, PARTY_NUMBER_TIMEOUT_MS);
  }

  /** The number is complete: the two talk again and the party is rung. */
  async #finish(): Promise<void> {
    if (this.#state !== 'collecting') return;
    this.#state = 'idle';
    this.#clearTimers();
    const number = this.#number;
    this.#number = '';
    await this.#stopPlays();
    if (number !== '' && this.call.bridge.state === 'bridged') this.onNumber(number);
  }

  async #stopPlays(): Promise<void> {
    const plays = this.#plays;
    this.#plays = [];
    this.#tone = undefined;
    const ops = await Promise.all(plays);
    await Promise.all(ops.map((op) => op?.stop()));
  }

  #clearKeyTimer(): void {
    if (this.#keyTimer !== undefined) this.deps.clock.clearTimeout(this.#keyTimer);
    this.#keyTimer = undefined;
  }

  #clearTimers(): void {
    this.#clearKeyTimer();
    if (this.#numberTimer !== undefined) this.deps.clock.clearTimeout(this.#numberTimer);
    this.#numberTimer = undefined;
  }
}

/** A play's operation, or undefined when it could not start (the call goes on). */
async function play(
  started: ReturnType<MediaControl['play']>,
): Promise<MediaOperation | undefined> {
  const r = await started;
  return r.ok ? r.value : undefined;
}
