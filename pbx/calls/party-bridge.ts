import { err, ok, type Result } from '../../core/index.ts';
import type { CallLeg, HangupCause, MediaControl, MediaError } from '../../core/index.ts';
import type { BridgeEnd, BridgeOptions } from './bridge.ts';

/**
 * `bridged`: two legs relayed to each other (MediaControl.mix);
 * `conference`: the legs are members of one mixed room; `ended`: over.
 */
export type PartyBridgeState = 'bridged' | 'conference' | 'ended';

/** Options of PartyBridge.start(). */
export interface PartyBridgeOptions extends BridgeOptions {
  /** The mixed room the call becomes once a party is added (MediaJoinOptions.roomId). */
  readonly roomId: string;
}

const NORMAL: HangupCause = { reason: 'normal', q850: 16 };

/** A function, so that TS does not narrow a leg's state across awaits. */
const isGone = (leg: CallLeg): boolean => leg.state === 'terminated';

/**
 * A bridge of two answered legs that may grow into a conference (Q-19: an
 * agent adds a third party to a queue call). With two legs it is
 * bridgeLegs(): a direct relay whose legs end together (or `a` is kept).
 * add() moves every leg into one mixed room (D10: each hears the sum of
 * the others); from then on a leg that hangs up only leaves the room, and
 * the others keep talking. The last two stay in the room rather than
 * being re-relayed: their media does not change under them. When one leg
 * is left it is hung up, or handed back when it is `a` and `isKeepingA`
 * (Q-17 rating, IVR-9).
 */
export class PartyBridge {
  readonly ended: Promise<BridgeEnd>;
  #state: PartyBridgeState = 'bridged';
  readonly #legs: CallLeg[];
  readonly #left = new Map<CallLeg, (cause: HangupCause) => void>();
  readonly #leftPromises = new Map<CallLeg, Promise<HangupCause>>();
  readonly #onHangup = new Map<CallLeg, (cause: HangupCause) => void>();
  #resolve: (end: BridgeEnd) => void = () => undefined;
  /** A join in progress: legs that hang up meanwhile are handled after it. */
  #isJoining = false;
  readonly #causes = new Map<CallLeg, HangupCause>();

  private constructor(
    private readonly media: MediaControl,
    readonly a: CallLeg,
    readonly b: CallLeg,
    private readonly opts: PartyBridgeOptions,
  ) {
    this.#legs = [a, b];
    this.ended = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** Relays `a` and `b` to each other; an error when the media plane cannot. */
  static async start(
    media: MediaControl,
    a: CallLeg,
    b: CallLeg,
    opts: PartyBridgeOptions,
  ): Promise<Result<PartyBridge, MediaError>> {
    const mixed = await media.mix(a.media, b.media);
    if (!mixed.ok) return err(mixed.error);
    const bridge = new PartyBridge(media, a, b, opts);
    bridge.#watch(a);
    bridge.#watch(b);
    if (a.state === 'terminated') bridge.#gone(a, NORMAL);
    else if (b.state === 'terminated') bridge.#gone(b, NORMAL);
    return ok(bridge);
  }

  get state(): PartyBridgeState {
    return this.#state;
  }

  /** The legs still in the call. */
  get legs(): readonly CallLeg[] {
    return [...this.#legs];
  }

  /**
   * Settles with its cause when `leg` has left the call: it hung up, was
   * hung up, or is the `a` handed back kept.
   */
  left(leg: CallLeg): Promise<HangupCause> {
    return this.#leftPromises.get(leg) ?? Promise.resolve(NORMAL);
  }

  /**
   * Adds an answered leg: the call becomes (or stays) a conference in the
   * room `roomId`. On an error nothing changed for the legs already in the
   * call (the first two are relayed again) and `leg` is not taken: the
   * caller hangs it up.
   */
  async add(leg: CallLeg): Promise<Result<void, MediaError>> {
    if (this.#state === 'ended' || leg.state !== 'confirmed') {
      const detail = this.#state === 'ended' ? 'the call is over' : `the leg is ${leg.state}`;
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail });
    }
    this.#isJoining = true;
    const joining = this.#state === 'bridged' ? [...this.#legs, leg] : [leg];
    const joined: CallLeg[] = [];
    let failure: MediaError | undefined;
    for (const member of joining) {
      const r = await this.media.join(member.media, { roomId: this.opts.roomId });
      if (!r.ok) {
        failure = r.error;
        break;
      }
      joined.push(member);
    }
    this.#isJoining = false;
    if (failure !== undefined) {
      for (const member of joined) await this.media.unjoin(member.media);
      if (this.#state === 'bridged') await this.media.mix(this.a.media, this.b.media);
      this.#settle();
      return err(failure);
    }
    this.#state = 'conference';
    this.#legs.push(leg);
    this.#watch(leg);
    if (isGone(leg)) this.#gone(leg, NORMAL);
    this.#settle();
    return ok(undefined);
  }

  #watch(leg: CallLeg): void {
    let resolveLeft: (cause: HangupCause) => void = () => undefined;
    this.#leftPromises.set(leg, new Promise((resolve) => (resolveLeft = resolve)));
    this.#left.set(leg, resolveLeft);
    const onHangup = (cause: HangupCause) => this.#gone(leg, cause);
    this.#onHangup.set(leg, onHangup);
    leg.on('hangup', onHangup);
  }

  /** Legs that hung up while a join ran are dealt with once it is done. */
  #settle(): void {
    for (const leg of [...this.#legs]) {
      if (leg.state === 'terminated') this.#gone(leg, this.#causes.get(leg) ?? NORMAL);
    }
  }

  #gone(leg: CallLeg, cause: HangupCause): void {
    const at = this.#legs.indexOf(leg);
    if (at < 0 || this.#state === 'ended') return this.#release(leg, cause);
    if (this.#isJoining) {
      this.#causes.set(leg, cause);
      return;
    }
    this.#legs.splice(at, 1);
    this.#release(leg, cause);
    // Relayed, the other leg goes too; in a room, the rest talk on.
    if (this.#state === 'conference' && this.#legs.length >= 2) return;
    this.#end(leg, cause);
  }

  /** One leg (or none) is left: hang it up, or hand back a kept `a`. */
  #end(first: CallLeg, cause: HangupCause): void {
    const wasConference = this.#state === 'conference';
    this.#state = 'ended';
    const last = this.#legs.splice(0);
    const kept = last.find(
      (l) => l === this.a && this.opts.isKeepingA === true && l.state !== 'terminated',
    );
    if (kept !== undefined) {
      this.#release(kept, cause);
      // Relayed, the media plane unpeers `a` as `b`'s session closes; in
      // a room, it leaves the room so that it can be played to at once.
      if (!wasConference) return this.#resolve({ first, cause, kept });
      void this.media.unjoin(kept.media).then(() => this.#resolve({ first, cause, kept }));
      return;
    }
    void Promise.all(last.map((l) => l.hangup(NORMAL))).then(() => {
      for (const l of last) this.#release(l, NORMAL);
      this.#resolve({ first, cause, kept: undefined });
    });
  }

  #release(leg: CallLeg, cause: HangupCause): void {
    const onHangup = this.#onHangup.get(leg);
    if (onHangup !== undefined) leg.off('hangup', onHangup);
    this.#onHangup.delete(leg);
    this.#left.get(leg)?.(cause);
    this.#left.delete(leg);
  }
}
