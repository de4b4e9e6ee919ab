import type { Clock, Logger } from '../../core/index.ts';
import type {
  AgentPresence,
  CallLeg,
  CallOriginator,
  LegPurpose,
  OriginateRequest,
} from '../../core/ports/index.ts';
import { unansweredResult } from './call-result.ts';
import type { CdrRow } from './cdr-recorder.ts';

/** One ended leg of a call (spec 01 §2.8 CdrLeg). Times in ms since the epoch. */
export interface CdrLegRow {
  /** The call's CDR. */
  callId: string;
  legId: string;
  target: 'extension' | 'trunk';
  calledNumber: string;
  extensionId: number | null;
  trunkId: number | null;
  agentId: number | null;
  agentNo: string | null;
  /** 坐席组: the agent's group serving the queue, for a queue's agent leg. */
  agentGroupId: number | null;
  purpose: LegPurpose | null;
  startedAtMs: number;
  answeredAtMs: number | null;
  endedAtMs: number;
  totalDurationSec: number;
  billableDurationSec: number;
  result: CdrRow['result'];
  hangupCause: number | null;
}

/** Where ended legs go (the CDR store's cdr_legs). */
export interface CdrLegStorage {
  insertLeg(row: CdrLegRow): void;
}

export interface LegRecorderDeps {
  readonly storage: CdrLegStorage;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
  /** Who is signed in at an extension, for the leg's 坐席工号. */
  readonly agents?: Pick<AgentPresence, 'sessionAtPhone'> | undefined;
}

function calledOf(
  request: OriginateRequest,
): Pick<CdrLegRow, 'target' | 'calledNumber' | 'extensionId' | 'trunkId'> {
  const { target } = request;
  if (target.kind === 'extension') {
    const { extension } = target;
    return {
      target: 'extension',
      calledNumber: extension.number,
      extensionId: extension.extensionId,
      trunkId: null,
    };
  }
  const first = target.trunks[0];
  return {
    target: 'trunk',
    calledNumber: first?.number ?? '',
    extensionId: null,
    trunkId: first?.trunkId ?? null,
  };
}

/** A placed leg still ringing or talking, as GET /calls shows it under its call. */
export interface LiveLeg {
  readonly legId: string;
  readonly target: CdrLegRow['target'];
  readonly calledNumber: string;
  readonly agentNo: string | null;
  readonly purpose: LegPurpose | null;
  readonly state: 'ringing' | 'answered';
  readonly startedAtMs: number;
  readonly answeredAtMs: number | null;
}

/**
 * CDR-1's per-leg rows: wraps the originator of placed legs, and writes
 * each leg that belongs to a call (a parentCallId) once it ends: what it
 * rang, the agent signed in there, when it was answered, how it ended.
 * Until then the leg is live, listed under its call. A leg still ringing
 * or talking at a crash has no row; its call's CDR is closed as
 * incomplete (CDR-1). A failed write is logged and the call goes on.
 */
export class PlacedLegBook {
  /** Live legs by call id, then leg id. */
  readonly #live = new Map<string, Map<string, LiveLeg>>();

  constructor(private readonly deps: LegRecorderDeps) {}

  /** The legs of `callId` still ringing or talking, in the order they were placed. */
  live(callId: string): LiveLeg[] {
    const legs = this.#live.get(callId);
    return legs === undefined ? [] : [...legs.values()];
  }

  /** `originator`, with each leg it places for a call kept in this book. */
  wrap(originator: CallOriginator): CallOriginator {
    return {
      originate: (request) => {
        const placed = originator.originate(request);
        const callId = request.parentCallId;
        // A leg that ended inside originate() has emitted its hangup already.
        if (placed.ok && callId !== undefined && placed.value.state !== 'terminated') {
          this.#track(callId, placed.value, request);
        }
        return placed;
      },
    };
  }

  #track(callId: string, leg: CallLeg, request: OriginateRequest): void {
    const { deps } = this;
    const startedAtMs = deps.clock.now();
    const called = calledOf(request);
    const agent =
      called.target === 'extension'
        ? deps.agents?.sessionAtPhone(request.teamId, called.calledNumber)
        : undefined;
    const live: LiveLeg = {
      legId: leg.id,
      target: called.target,
      calledNumber: called.calledNumber,
      agentNo: agent?.agentNo ?? null,
      purpose: request.purpose ?? null,
      state: 'ringing',
      startedAtMs,
      answeredAtMs: null,
    };
    let legs = this.#live.get(callId);
    if (legs === undefined) this.#live.set(callId, (legs = new Map()));
    legs.set(leg.id, live);
    let answeredAtMs: number | null = null;
    leg.once('answered', () => {
      answeredAtMs = deps.clock.now();
      legs.set(leg.id, { ...live, state: 'answered', answeredAtMs });
    });
    leg.once('hangup', (cause) => {
      legs.delete(leg.id);
      if (legs.size === 0) this.#live.delete(callId);
      const endedAtMs = deps.clock.now();
      const row: CdrLegRow = {
        callId,
        legId: leg.id,
        ...called,
        agentId: agent?.agentId ?? null,
        agentNo: agent?.agentNo ?? null,
        agentGroupId: request.agentGroupId ?? null,
        purpose: request.purpose ?? null,
        startedAtMs,
        answeredAtMs,
        endedAtMs,
        totalDurationSec: Math.max(0, Math.round((endedAtMs - startedAtMs) / 1000)),
        billableDurationSec:
          answeredAtMs === null ? 0 : Math.max(0, Math.round((endedAtMs - answeredAtMs) / 1000)),
        result: answeredAtMs === null ? unansweredResult(cause) : 'answered',
        hangupCause: cause.q850,
      };
      try {
        deps.storage.insertLeg(row);
      } catch (err) {
        deps.logger.error({ err, callId, legId: leg.id }, 'writing a CDR leg failed');
      }
    });
  }
}
