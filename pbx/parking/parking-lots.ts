import { TypedEmitter } from '../../core/index.ts';
import type {
  ApplicationCall,
  CallLeg,
  Clock,
  Destination,
  HangupCause,
  Logger,
  MediaControl,
  MediaOperation,
  MediaPlaySource,
  TimerHandle,
} from '../../core/index.ts';
import { bridgeLegs } from '../calls/index.ts';
import { sayNumber } from '../voicemail/say-number.ts';

/** A parking lot as the runtime needs it, read at call time. */
export interface ParkingLotConfig {
  readonly id: number;
  readonly teamId: number;
  readonly firstSlot: number;
  readonly slotCount: number;
  readonly parkingTimeoutS: number;
  /** Music on hold while parked (a class, a file); none plays silence. */
  readonly moh: MediaPlaySource | undefined;
  /** Where an unretrieved call goes; undefined calls the parker back. */
  readonly timeoutDestination: Destination | undefined;
}

/** Where the runtime reads lots (the config store, in app-pbx.ts). */
export interface ParkingDirectory {
  readonly parkingLots: { find(id: number): ParkingLotConfig | undefined };
  /** The extension with internal number `number`, to call a parker back. */
  extensionIdOf?(teamId: number, number: string): number | undefined;
}

/** Collaborators of ParkingLots. */
export interface ParkingDeps {
  readonly media: MediaControl;
  readonly clock: Clock;
  readonly directory: ParkingDirectory;
  readonly logger?: Logger | undefined;
  /** Where digits/0 … digits/20 are (sayNumber()); `digits` unless given. */
  readonly digitsDir?: string | undefined;
}

/** A call waiting in a slot. */
export interface ParkedCall {
  readonly lotId: number;
  readonly teamId: number;
  readonly slot: string;
  readonly callId: string;
  readonly callerNumber: string;
  readonly callerName: string | undefined;
  readonly parkedAtMs: number;
  /** Who parked it (the REFER's transferor), when known. */
  readonly parkedBy: { readonly number: string; readonly extensionId?: number } | undefined;
}

/** A slot changed: for busy lamps (RFC 4235) and the slots API. */
export interface SlotEvent {
  readonly teamId: number;
  readonly lotId: number;
  /** The slot number, as dialled to retrieve it. */
  readonly number: string;
  readonly state: 'occupied' | 'idle';
  readonly call: ParkedCall;
}

/** Events of ParkingLots. */
export type ParkingEvents = { slot: [SlotEvent] };

/** How parking left a call: done with it, or sent on (timeout). */
export type ParkingOutcome =
  { readonly kind: 'done' } | { readonly kind: 'destination'; readonly destination: Destination };

/** How a parked call's wait ends. */
type WaitEnd =
  | { readonly kind: 'hangup' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'retrieved'; readonly ended: Promise<unknown> };

interface Occupant {
  readonly info: ParkedCall;
  readonly leg: CallLeg;
  /** The announcement or music playing now. */
  playing: MediaOperation | undefined;
  isClaimed: boolean;
  /** Whether watchers were told the slot is occupied (so idle follows). */
  isLit: boolean;
  timer: TimerHandle | undefined;
  settle(end: WaitEnd): void;
}

const DONE: ParkingOutcome = { kind: 'done' };
const HANGUP: Destination = { type: 'hangup' };
const NO_LOT: HangupCause = { reason: 'not-found', q850: 1, sipStatus: 404 };
const EMPTY_SLOT: HangupCause = { reason: 'unavailable', q850: 20, sipStatus: 480 };
/** Asterisk sends congestion when a lot is full (res_parking "parking lot full"). */
const LOT_FULL: HangupCause = { reason: 'congestion', q850: 34, sipStatus: 503 };

/**
 * Call parking as Asterisk's res_parking does it (no spec chapter; see
 * docs/decisions.md): a call sent to a lot is answered, takes the lowest
 * free slot, hears the slot number and then music on hold. Dialling the
 * slot bridges the dialler with it. A call not retrieved within the lot's
 * timeout goes to the lot's timeout destination, or back to whoever
 * parked it (Asterisk `comebacktoorigin`), or is hung up. Every slot
 * change is a 'slot' event, for busy lamps.
 */
export class ParkingLots extends TypedEmitter<ParkingEvents> {
  /** Occupants by `<lot id>:<slot>`. */
  private readonly occupants = new Map<string, Occupant>();

  constructor(private readonly deps: ParkingDeps) {
    super(deps.logger);
  }

  /** The calls parked in lot `lotId`, in slot order. */
  slots(lotId: number): ParkedCall[] {
    return [...this.occupants.values()]
      .map((o) => o.info)
      .filter((p) => p.lotId === lotId)
      .sort((a, b) => Number(a.slot) - Number(b.slot));
  }

  /** The call parked in slot `number` of any lot of `teamId`. */
  occupantOf(teamId: number, number: string): ParkedCall | undefined {
    for (const o of this.occupants.values()) {
      if (o.info.teamId === teamId && o.info.slot === number) return o.info;
    }
    return undefined;
  }

  /**
   * Parks `call` in lot `lotId`. Resolves when the call has left the
   * slot: hung up, retrieved and then ended, or timed out (the outcome
   * then names where it goes next).
   */
  async park(call: ApplicationCall, lotId: number): Promise<ParkingOutcome> {
    const { leg } = call;
    const lot = this.deps.directory.parkingLots.find(lotId);
    if (lot === undefined || lot.teamId !== call.teamId) return hangUp(leg, NO_LOT);
    const slot = this.freeSlot(lot);
    if (slot === undefined) return hangUp(leg, LOT_FULL);
    let settle!: (end: WaitEnd) => void;
    const ended = new Promise<WaitEnd>((resolve) => (settle = resolve));
    const occupant: Occupant = {
      info: {
        lotId,
        teamId: lot.teamId,
        slot,
        callId: call.callId,
        callerNumber: leg.remote.number,
        callerName: leg.remote.displayName,
        parkedAtMs: this.deps.clock.now(),
        parkedBy: call.referredBy,
      },
      leg,
      playing: undefined,
      isClaimed: false,
      isLit: false,
      timer: undefined,
      settle,
    };
    // The slot is taken before the answer, so two calls never share one.
    this.occupants.set(keyOf(lotId, slot), occupant);
    const onHangup = () => this.leave(occupant, { kind: 'hangup' });
    leg.on('hangup', onHangup);
    if (leg.state !== 'confirmed' && !(await leg.answer()).ok) {
      this.leave(occupant, { kind: 'hangup' });
    } else if (leg.state !== 'terminated') {
      occupant.timer = this.deps.clock.setTimeout(
        () => this.leave(occupant, { kind: 'timeout' }),
        lot.parkingTimeoutS * 1000,
      );
      occupant.isLit = true;
      this.safeEmit('slot', { ...slotEvent(occupant.info), state: 'occupied' });
      void this.announce(occupant, lot);
    }
    const end = await ended;
    leg.off('hangup', onHangup);
    if (end.kind === 'retrieved') {
      await end.ended;
      return DONE;
    }
    if (end.kind === 'hangup') return DONE;
    return { kind: 'destination', destination: this.timeoutDestination(lot, occupant.info) };
  }

  /**
   * Retrieves slot `slot` of lot `lotId` for `call`: the caller is
   * answered and bridged with the parked call. An empty slot is hung up
   * as unavailable (480).
   */
  async retrieve(call: ApplicationCall, lotId: number, slot: string): Promise<ParkingOutcome> {
    const { leg } = call;
    const lot = this.deps.directory.parkingLots.find(lotId);
    if (lot === undefined || lot.teamId !== call.teamId) return hangUp(leg, NO_LOT);
    const key = keyOf(lotId, slot);
    if (this.occupants.get(key)?.isClaimed !== false) return hangUp(leg, EMPTY_SLOT);
    if (leg.state !== 'confirmed' && !(await leg.answer()).ok) return DONE;
    // The parked call may have gone while the retriever was answered.
    const occupant = this.occupants.get(key);
    if (occupant === undefined || occupant.isClaimed) return hangUp(leg, EMPTY_SLOT);
    const stopped = this.claim(occupant);
    await stopped;
    const bridge = await bridgeLegs(this.deps.media, leg, occupant.leg);
    if (!bridge.ok) {
      this.deps.logger?.warn({ err: bridge.error, slot }, 'bridging a parked call failed');
      await Promise.all([leg.hangup({ reason: 'failed', q850: 47 }), occupant.leg.hangup()]);
      occupant.settle({ kind: 'hangup' });
      return DONE;
    }
    occupant.settle({ kind: 'retrieved', ended: bridge.value.ended });
    await bridge.value.ended;
    return DONE;
  }

  private freeSlot(lot: ParkingLotConfig): string | undefined {
    for (let i = 0; i < lot.slotCount; i++) {
      const slot = String(lot.firstSlot + i);
      if (!this.occupants.has(keyOf(lot.id, slot))) return slot;
    }
    return undefined;
  }

  /** The slot number, then music on hold in a loop until the call leaves. */
  private async announce(occupant: Occupant, lot: ParkingLotConfig): Promise<void> {
    const { media } = this.deps;
    const sources = sayNumber(Number(occupant.info.slot), this.deps.digitsDir ?? 'digits');
    for (const source of sources) {
      if (occupant.isClaimed) return;
      const played = await media.play(occupant.leg.media, source);
      if (!played.ok) continue;
      if (!this.keepPlaying(occupant, played.value)) return;
      await played.value.finished;
    }
    if (occupant.isClaimed || lot.moh === undefined) return;
    const moh = await media.play(occupant.leg.media, lot.moh, { loop: true });
    if (moh.ok) this.keepPlaying(occupant, moh.value);
  }

  /** Records `op` as the occupant's media, or stops it if the call left meanwhile. */
  private keepPlaying(occupant: Occupant, op: MediaOperation): boolean {
    if (occupant.isClaimed) {
      void op.stop();
      return false;
    }
    occupant.playing = op;
    return true;
  }

  /** Takes the occupant out of its slot; resolves when its media has stopped. */
  private claim(occupant: Occupant): Promise<void> {
    occupant.isClaimed = true;
    if (occupant.timer !== undefined) this.deps.clock.clearTimeout(occupant.timer);
    const { lotId, slot } = occupant.info;
    if (this.occupants.get(keyOf(lotId, slot)) === occupant) {
      this.occupants.delete(keyOf(lotId, slot));
    }
    if (occupant.isLit) this.safeEmit('slot', { ...slotEvent(occupant.info), state: 'idle' });
    return occupant.playing?.stop() ?? Promise.resolve();
  }

  private leave(occupant: Occupant, end: WaitEnd): void {
    if (occupant.isClaimed) return;
    void this.claim(occupant).then(() => occupant.settle(end));
  }

  private timeoutDestination(lot: ParkingLotConfig, info: ParkedCall): Destination {
    if (lot.timeoutDestination !== undefined) return lot.timeoutDestination;
    const parker = info.parkedBy;
    if (parker === undefined) return HANGUP;
    const extensionId =
      parker.extensionId ?? this.deps.directory.extensionIdOf?.(info.teamId, parker.number);
    return extensionId === undefined ? HANGUP : { type: 'extension', targetId: extensionId };
  }
}

function keyOf(lotId: number, slot: string): string {
  return `${lotId}:${slot}`;
}

function slotEvent(info: ParkedCall): Omit<SlotEvent, 'state'> {
  return { teamId: info.teamId, lotId: info.lotId, number: info.slot, call: info };
}

async function hangUp(leg: CallLeg, cause: HangupCause): Promise<ParkingOutcome> {
  if (leg.state !== 'terminated') await leg.hangup(cause);
  return DONE;
}
