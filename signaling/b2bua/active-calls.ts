import type { B2buaCallState, CallParties } from './b2bua-call.ts';
import type { ExtensionDialog } from './dialog-info.ts';

/** A call the B2BUA tracks: a bridged call, or an application's inbound leg. */
export interface TrackedCall {
  readonly id: string;
  readonly parties: CallParties;
  readonly state: B2buaCallState;
  readonly startedAtMs: number;
  readonly answeredAtMs: number | undefined;
  /** The Call-ID of leg A. */
  readonly sipCallId: string | undefined;
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
 * The calls in progress, by id and by extension: what the admin API lists
 * and hangs up, and what the per-extension call limit counts.
 */
export class ActiveCalls {
  private readonly byId = new Map<string, TrackedCall>();
  private readonly byExtension = new Map<string, number>();

  get size(): number {
    return this.byId.size;
  }

  add(call: TrackedCall): void {
    this.byId.set(call.id, call);
    for (const key of extensionKeys(call)) {
      this.byExtension.set(key, (this.byExtension.get(key) ?? 0) + 1);
    }
  }

  remove(call: TrackedCall): void {
    if (!this.byId.delete(call.id)) return;
    for (const key of extensionKeys(call)) {
      const n = (this.byExtension.get(key) ?? 1) - 1;
      if (n <= 0) this.byExtension.delete(key);
      else this.byExtension.set(key, n);
    }
  }

  /** Every call in progress, in the order they started. */
  values(): IterableIterator<TrackedCall> {
    return this.byId.values();
  }

  /** Calls the extension is in, as caller or callee. */
  countFor(teamId: number, number: string): number {
    return this.byExtension.get(`${teamId}/${number}`) ?? 0;
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
    for (const call of this.byId.values()) {
      if (call.state === 'ended' || !extensionKeys(call).includes(key)) continue;
      const { callerNumber, direction } = call.parties;
      const isCaller = direction !== 'inbound' && callerNumber === number;
      const early = call.state !== 'answered';
      out.push({
        id: call.id,
        state: early ? 'early' : 'confirmed',
        direction: isCaller ? 'initiator' : 'recipient',
        ...(early && !isCaller ? { remoteNumber: callerNumber } : {}),
      });
    }
    return out;
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
  if (direction !== 'outbound' && !keys.includes(callee)) keys.push(callee);
  return keys;
}
