import type { B2buaCallState, CallParties } from './b2bua-call.ts';
import type { ExtensionDialog, SipDialogId } from './dialog-info.ts';
import type { TrunkChannels } from './trunk-channels.ts';

/** A call the B2BUA tracks: a bridged call, or an application's inbound leg. */
export interface TrackedCall {
  readonly id: string;
  readonly parties: CallParties;
  readonly state: B2buaCallState;
  readonly startedAtMs: number;
  readonly answeredAtMs: number | undefined;
  /** The Call-ID of leg A. */
  readonly sipCallId: string | undefined;
  /**
   * Only the caller is on the call: an application's leg, whose callee is
   * the application's number, or an extension that no longer has the call
   * (taken by pickup, or forwarded to voicemail or elsewhere; D81).
   */
  readonly isCallerOnly?: boolean;
  /** Leg A's dialog, for a B2BUA call to extensions (BLF pickup, D89). */
  readonly callerDialog?: SipDialogId | undefined;
  hangup(): void;
}

/** A call as the admin API lists it. */
export interface ActiveCallSummary {
  readonly callId: string;
  readonly teamId: number;
  readonly callerNumber: string;
  readonly calleeNumber: string;
  readonly state: B2buaCallState;
  readonly startedAtMs: number;
  readonly answeredAtMs: number | undefined;
  /** The Call-ID of leg A, to match the caller's phone logs. */
  readonly sipCallId: string | undefined;
}

/**
 * A leg the switch placed to an extension for an application (a queue's
 * agent, a ring-group member, a party, a consult): not a call of its own
 * in the calls API, but the extension is on it.
 */
export interface PlacedExtensionLeg {
  readonly id: string;
  /** `teamId/number` of the extension rung. */
  readonly key: string;
  /** Who the leg presents as caller. */
  readonly callerNumber: string;
  readonly isAnswered: boolean;
  /** The caller's dialog of the application call the leg rings for (BLF pickup, D89). */
  readonly callerDialog?: SipDialogId | undefined;
}

/**
 * The calls in progress, by id and by extension: what the admin API lists
 * and hangs up, what the per-extension call limit counts, what busy lamps
 * show and what tells pbx/ whether an extension is free. Legs placed to
 * extensions count for their extension (D81).
 */
export class ActiveCalls {
  private readonly byId = new Map<string, TrackedCall>();
  private readonly placed = new Map<string, PlacedExtensionLeg>();
  private readonly byExtension = new Map<string, number>();
  /**
   * The calls and placed legs of each extension, so that its dialogs are
   * read without walking every call: the agent monitor asks per agent, the
   * busy lamps per NOTIFY (with 500 calls up, walking them all took 30 µs
   * per extension).
   */
  private readonly callsOf = new Map<string, Set<TrackedCall>>();
  private readonly placedOf = new Map<string, Set<PlacedExtensionLeg>>();
  private readonly byTeam = new Map<number, number>();
  private readonly idleListeners = new Set<(teamId: number, number: string) => void>();
  private readonly busyListeners = new Set<(teamId: number, number: string) => void>();

  /** `channels`: where an inbound call holds a channel of its trunk (D83). */
  constructor(private readonly channels?: TrunkChannels) {}

  get size(): number {
    return this.byId.size;
  }

  add(call: TrackedCall): void {
    this.byId.set(call.id, call);
    for (const key of extensionKeys(call)) {
      indexAdd(this.callsOf, key, call);
      this.occupy(key);
    }
    const { teamId, direction, trunkId } = call.parties;
    this.byTeam.set(teamId, (this.byTeam.get(teamId) ?? 0) + 1);
    if (direction === 'inbound' && trunkId !== undefined) this.channels?.hold(trunkId);
  }

  remove(call: TrackedCall): void {
    if (!this.byId.delete(call.id)) return;
    for (const key of extensionKeys(call)) {
      indexDelete(this.callsOf, key, call);
      this.release(key);
    }
    const { teamId, direction, trunkId } = call.parties;
    const n = (this.byTeam.get(teamId) ?? 1) - 1;
    if (n <= 0) this.byTeam.delete(teamId);
    else this.byTeam.set(teamId, n);
    if (direction === 'inbound' && trunkId !== undefined) this.channels?.release(trunkId);
  }

  /** Calls of `teamId` in progress (placed legs are parts of their calls, not calls). */
  countForTeam(teamId: number): number {
    return this.byTeam.get(teamId) ?? 0;
  }

  addPlaced(leg: PlacedExtensionLeg): void {
    this.placed.set(leg.id, leg);
    indexAdd(this.placedOf, leg.key, leg);
    this.occupy(leg.key);
  }

  removePlaced(leg: PlacedExtensionLeg): void {
    if (!this.placed.delete(leg.id)) return;
    indexDelete(this.placedOf, leg.key, leg);
    this.release(leg.key);
  }

  /** `listener` learns each time an extension's last call ends; returns its remover. */
  onIdle(listener: (teamId: number, number: string) => void): () => void {
    this.idleListeners.add(listener);
    return () => this.idleListeners.delete(listener);
  }

  /** `listener` learns each time an extension's first call starts; returns its remover. */
  onBusy(listener: (teamId: number, number: string) => void): () => void {
    this.busyListeners.add(listener);
    return () => this.busyListeners.delete(listener);
  }

  private occupy(key: string): void {
    const n = (this.byExtension.get(key) ?? 0) + 1;
    this.byExtension.set(key, n);
    if (n === 1) this.tell(this.busyListeners, key);
  }

  private release(key: string): void {
    const n = (this.byExtension.get(key) ?? 1) - 1;
    if (n > 0) {
      this.byExtension.set(key, n);
      return;
    }
    this.byExtension.delete(key);
    this.tell(this.idleListeners, key);
  }

  private tell(listeners: Set<(teamId: number, number: string) => void>, key: string): void {
    if (listeners.size === 0) return;
    const slash = key.indexOf('/');
    const teamId = Number(key.slice(0, slash));
    const number = key.slice(slash + 1);
    for (const listener of listeners) listener(teamId, number);
  }

  /** Every call in progress, in the order they started. */
  values(): IterableIterator<TrackedCall> {
    return this.byId.values();
  }

  /** Calls the extension is in, as caller or callee. */
  countFor(teamId: number, number: string): number {
    return this.byExtension.get(`${teamId}/${number}`) ?? 0;
  }

  /** The call with this id, while in progress. */
  get(callId: string): TrackedCall | undefined {
    return this.byId.get(callId);
  }

  /** The team a call belongs to, if the call exists. */
  teamOf(callId: string): number | undefined {
    return this.byId.get(callId)?.parties.teamId;
  }

  /** The calls of a team (every team when undefined), oldest first. */
  list(teamId: number | undefined): ActiveCallSummary[] {
    const out: ActiveCallSummary[] = [];
    for (const call of this.byId.values()) {
      if (teamId !== undefined && call.parties.teamId !== teamId) continue;
      out.push({
        callId: call.id,
        teamId: call.parties.teamId,
        callerNumber: call.parties.callerNumber,
        calleeNumber: call.parties.calleeNumber,
        state: call.state,
        startedAtMs: call.startedAtMs,
        answeredAtMs: call.answeredAtMs,
        sipCallId: call.sipCallId,
      });
    }
    return out;
  }

  /**
   * The calls extension `number` of `teamId` is in, as the dialog event
   * package reports them (RFC 4235): ringing is early, answered confirmed.
   */
  dialogsOf(teamId: number, number: string): ExtensionDialog[] {
    const key = `${teamId}/${number}`;
    const out: ExtensionDialog[] = [];
    for (const call of this.callsOf.get(key) ?? []) {
      if (call.state === 'ended') continue;
      const { callerNumber, direction } = call.parties;
      const isCaller = direction !== 'inbound' && callerNumber === number;
      const early = call.state !== 'answered';
      out.push({
        id: call.id,
        state: early ? 'early' : 'confirmed',
        direction: isCaller ? 'initiator' : 'recipient',
        ...(early && !isCaller ? { remoteNumber: callerNumber, sipDialog: call.callerDialog } : {}),
      });
    }
    for (const leg of this.placedOf.get(key) ?? []) {
      out.push({
        id: leg.id,
        state: leg.isAnswered ? 'confirmed' : 'early',
        direction: 'recipient',
        ...(leg.isAnswered ? {} : { remoteNumber: leg.callerNumber, sipDialog: leg.callerDialog }),
      });
    }
    return out;
  }

  /** Whether the extension is in calls and every one of them is ringing it (D97). */
  isRinging(teamId: number, number: string): boolean {
    if (this.countFor(teamId, number) === 0) return false;
    return this.dialogsOf(teamId, number).every(
      (d) => d.state === 'early' && d.direction === 'recipient',
    );
  }

  /** Ends a call (BYE, or 480 and CANCEL if unanswered); false if unknown. */
  hangup(callId: string): boolean {
    const call = this.byId.get(callId);
    if (call === undefined) return false;
    call.hangup();
    return true;
  }
}

/** The extensions a call occupies (`teamId/number`): the far end of a trunk call is none. */
export function extensionKeys(call: TrackedCall): string[] {
  const { teamId, callerNumber, calleeNumber, direction } = call.parties;
  const keys: string[] = [];
  if (direction !== 'inbound') keys.push(`${teamId}/${callerNumber}`);
  const callee = `${teamId}/${calleeNumber}`;
  if (direction !== 'outbound' && call.isCallerOnly !== true && !keys.includes(callee)) {
    keys.push(callee);
  }
  return keys;
}

/**
 * What the busy lamps of each extension in `call` are told: that its
 * calls changed, with the dialog that ended when `call` has (RFC 4235).
 */
export function lampChanges(
  call: TrackedCall,
  hasEnded: boolean,
): Array<{ readonly key: string; readonly ended: ExtensionDialog | undefined }> {
  const { teamId, callerNumber, direction } = call.parties;
  const callerKey = direction === 'inbound' ? undefined : `${teamId}/${callerNumber}`;
  return extensionKeys(call).map((key) => ({
    key,
    ended: hasEnded
      ? {
          id: call.id,
          state: 'terminated' as const,
          direction: key === callerKey ? ('initiator' as const) : ('recipient' as const),
        }
      : undefined,
  }));
}

function indexAdd<T>(index: Map<string, Set<T>>, key: string, value: T): void {
  const set = index.get(key);
  if (set === undefined) index.set(key, new Set([value]));
  else set.add(value);
}

function indexDelete<T>(index: Map<string, Set<T>>, key: string, value: T): void {
  const set = index.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
