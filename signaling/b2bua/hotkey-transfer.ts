import type {
  CallLeg,
  Clock,
  Destination,
  Logger,
  MediaControl,
  MediaPlaySource,
  MediaSessionRef,
  OriginateTarget,
} from '../../core/index.ts';
import { DigitCollector } from './digit-collector.ts';
import { HotkeyMatcher } from './hotkey-matcher.ts';
import { HotkeyPlayback } from './hotkey-playback.ts';
import type { LegSide } from './sip-dialog-leg.ts';

/** The in-call hotkeys of spec 04 §15.9 (R15.9-3), as the store names them. */
export type HotkeyName = 'blind-transfer' | 'attended-transfer' | 'agent-consult';

/**
 * Asterisk's atxfernoanswertimeout: how long the target of an attended
 * transfer or consult rings before the transferor gets the held party back.
 */
export const CONSULT_RING_TIMEOUT_MS = 15_000;

/**
 * Keys of the transferor while consulting: Asterisk's atxferabort and
 * atxfercomplete.
 */
export const CONSULT_KEYS = [
  { name: 'abort', code: '*1' },
  { name: 'complete', code: '*2' },
] as const;

/** Where a keyed number leads, as the transferor's own call would. */
export type HotkeyRoute =
  | {
      readonly kind: 'originate';
      readonly target: OriginateTarget;
      readonly ringTimeoutMs: number;
      /** For the target leg's CDR row: a blind transfer's or a consult's. */
      readonly purpose?: 'blindTransfer' | 'consult' | undefined;
    }
  | { readonly kind: 'application'; readonly destination: Destination }
  | { readonly kind: 'unroutable'; readonly reason: string };

/** How a hotkey transfer ended, for the call that ran it. */
export type HotkeyOutcome =
  /** The two parties talk again (nothing keyed, unroutable, abort, no answer). */
  | 'rebridged'
  /** One party left; the call goes on between the other and the target leg. */
  | 'transferred'
  /** The call was given away (to an application) or is ending. */
  | 'ended';

/** What a hotkey transfer needs from the call it runs in. */
export interface HotkeyHost {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly media: MediaControl;
  /** What the held party hears; the file moh/default when absent. */
  readonly holdMusic?: MediaPlaySource | undefined;
  /** The media of one side of the call. */
  ref(side: LegSide): MediaSessionRef;
  /** Routes `dialled` as if `side`'s party had dialled it. */
  /** Routes what `side` keyed for hotkey `name` (the name lets a policy refuse, GRP-9). */
  route(side: LegSide, dialled: string, name: HotkeyName): HotkeyRoute;
  /** Places the leg to the target, showing `presented`'s party as the caller. */
  originate(route: HotkeyRoute & { kind: 'originate' }, presented: LegSide): CallLeg | undefined;
  /** Hands `side`'s party to a PBX application (D28); false if it cannot. */
  toApplication(side: LegSide, destination: Destination): boolean;
  /**
   * `gone`'s dialog ends (BYE, unless it already did) and the call goes
   * on between the other side and `leg`, ending when either hangs up.
   */
  replace(gone: LegSide, leg: CallLeg): void;
}

type Stage = 'collecting' | 'consulting' | 'bridging' | 'done';

/**
 * One run of an in-call hotkey (spec 04 §15.9, R15.9-3) with Asterisk's
 * features.conf semantics. The transferee is held (music, else silence)
 * and the transferor hears a dial tone and keys a number ending in `#`
 * or a 3 s pause. `blind-transfer`: the transferor is hung up at once and
 * the transferee hears ringback until the target answers. The other two
 * ring the target for the transferor first (Asterisk's atxfer); while
 * consulting `*1` aborts and a target that hangs up or does not answer
 * gives the held party back. `attended-transfer` completes when the
 * transferor hangs up or keys `*2`, even while the target still rings;
 * `agent-consult` never transfers: the transferor hanging up ends the
 * whole call. If the held party hangs up, the transferor stays with the
 * target. Unroutable numbers re-bridge the two parties.
 */
export class HotkeyTransfer {
  private stage: Stage = 'collecting';
  private readonly playback: HotkeyPlayback;
  private collector: DigitCollector | undefined;
  private target: CallLeg | undefined;
  private readonly consultKeys: HotkeyMatcher<'abort' | 'complete'>;
  /** While bridging: the side that waits for the target to answer. */
  private waiting: LegSide | undefined;
  /** Relay changes, one after the other, so that the last one decided wins. */
  private relays: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: HotkeyHost,
    readonly name: HotkeyName,
    readonly transferor: LegSide,
    private readonly finished: (outcome: HotkeyOutcome) => void,
  ) {
    this.playback = new HotkeyPlayback(host.media, host.logger, host.holdMusic);
    this.consultKeys = new HotkeyMatcher(host.clock, CONSULT_KEYS);
  }

  /** The party being transferred (or held while consulting). */
  get transferee(): LegSide {
    return this.transferor === 'a' ? 'b' : 'a';
  }

  /** Whether the transfer still runs. */
  get isActive(): boolean {
    return this.stage !== 'done';
  }

  /**
   * Starts with the number known, as a REFER gives it (RFC 3515): nobody
   * is held or prompted; the number is routed at once.
   */
  startDialled(digits: string): void {
    this.dialled(digits);
  }

  /** Holds the transferee and prompts the transferor for a number. */
  start(): void {
    this.playback.hold(this.host.ref(this.transferee));
    this.playback.play(this.host.ref(this.transferor), { tone: 'dial' }, { loop: true });
    this.collector = new DigitCollector(this.host.clock, (digits) => this.dialled(digits));
  }

  /** A key from one side's media. */
  digit(side: LegSide, key: string): void {
    if (side !== this.transferor) return;
    if (this.stage === 'collecting') {
      void this.playback.stop(this.host.ref(side));
      this.collector?.feed(key);
      return;
    }
    if (this.stage !== 'consulting') return;
    const action = this.consultKeys.feed(key);
    if (action === 'abort') void this.target?.hangup();
    else if (action === 'complete' && this.name === 'attended-transfer') this.complete();
  }

  /**
   * A BYE from `side`'s party. True when the transfer takes it and the
   * call goes on; false when the call should end as it normally would.
   */
  bye(side: LegSide): boolean {
    if (this.stage !== 'consulting') return false;
    if (side === this.transferor) {
      if (this.name !== 'attended-transfer') return false;
      this.complete();
      return true;
    }
    // The held party left: the transferor keeps the target (Asterisk).
    void this.playback.stop(this.host.ref(side));
    this.handOver(side, this.transferor);
    return true;
  }

  /** The call ended: the target is hung up and nothing more happens. */
  close(): void {
    if (this.stage === 'done') return;
    this.collector?.cancel();
    const target = this.target;
    this.stage = 'done';
    if (target !== undefined && this.waiting === undefined) void target.hangup();
    void this.playback.stopAll();
    this.finished('ended');
  }

  private dialled(digits: string): void {
    if (this.stage !== 'collecting') return;
    if (digits === '') return this.rebridge('nothing keyed');
    const route = this.host.route(this.transferor, digits, this.name);
    if (route.kind === 'unroutable') return this.rebridge(route.reason);
    if (route.kind === 'application') {
      if (this.name !== 'blind-transfer') return this.rebridge('an application takes no consult');
      // D28: the application re-INVITEs the transferee to media of its own.
      this.stage = 'done';
      void this.playback.stopAll();
      if (this.host.toApplication(this.transferee, route.destination)) {
        return this.finished('ended');
      }
      return this.rebridge('the application cannot take the call');
    }
    const isBlind = this.name === 'blind-transfer';
    const ringTimeoutMs = isBlind
      ? route.ringTimeoutMs
      : Math.min(route.ringTimeoutMs, CONSULT_RING_TIMEOUT_MS);
    const leg = this.host.originate(
      { ...route, ringTimeoutMs, purpose: isBlind ? 'blindTransfer' : 'consult' },
      isBlind ? this.transferee : this.transferor,
    );
    if (leg === undefined) return this.rebridge('the target leg could not be placed');
    this.target = leg;
    leg.once('answered', () => this.answered());
    leg.once('hangup', () => this.targetGone());
    if (isBlind) return this.handOver(this.transferor, this.transferee);
    this.stage = 'consulting';
    this.playback.play(this.host.ref(this.transferor), { tone: 'ringback' }, { loop: true });
  }

  /** The target answered: the transferor consults, or the waiting side is joined. */
  private answered(): void {
    if (this.stage === 'consulting') {
      this.join(this.transferor);
    } else if (this.stage === 'bridging' && this.waiting !== undefined) {
      this.transferred(this.waiting);
    }
  }

  /** The target hung up, refused or did not answer. */
  private targetGone(): void {
    // While bridging, the call the target was given to ends by itself.
    if (this.stage === 'bridging') return this.done('ended');
    if (this.stage === 'consulting') this.rebridge('the target hung up');
  }

  /** Attended transfer completes: the transferee gets the target. */
  private complete(): void {
    void this.playback.stop(this.host.ref(this.transferor));
    this.handOver(this.transferor, this.transferee);
  }

  /**
   * `gone` leaves; `stays` is joined to the target now if it answered,
   * else hears ringback until it does.
   */
  private handOver(gone: LegSide, stays: LegSide): void {
    const target = this.target;
    if (target === undefined) return;
    this.host.replace(gone, target);
    if (target.state === 'confirmed') return this.transferred(stays);
    this.stage = 'bridging';
    this.waiting = stays;
    this.playback.play(this.host.ref(stays), { tone: 'ringback' }, { loop: true });
  }

  /** Relays `side` and the target to each other, after its playback stops. */
  private join(side: LegSide): void {
    const target = this.target;
    if (target === undefined) return;
    this.relay(side, target.media, () => this.playback.stop(this.host.ref(side)));
  }

  /** Queues relaying `side` to `peer`, after `before` (stopping what it hears). */
  private relay(side: LegSide, peer: MediaSessionRef, before: () => Promise<void>): void {
    this.relays = this.relays.then(async () => {
      try {
        await before();
        const r = await this.host.media.mix(this.host.ref(side), peer);
        if (!r.ok) this.host.logger.warn({ error: r.error }, 'hotkey transfer relay refused');
      } catch (error) {
        this.host.logger.error({ err: error }, 'hotkey transfer relay failed');
      }
    });
  }

  /** The two parties talk again. */
  private rebridge(reason: string): void {
    this.host.logger.debug({ reason, name: this.name }, 'hotkey transfer re-bridges');
    this.stage = 'done';
    this.collector?.cancel();
    void this.target?.hangup();
    this.relay(this.transferor, this.host.ref(this.transferee), () => this.playback.stopAll());
    this.finished('rebridged');
  }

  /** The transfer is done: `side` and the target talk from now on. */
  private transferred(side: LegSide): void {
    this.stage = 'done';
    this.finished('transferred');
    this.join(side);
  }

  private done(outcome: HotkeyOutcome): void {
    if (this.stage === 'done') return;
    this.stage = 'done';
    this.finished(outcome);
  }
}
