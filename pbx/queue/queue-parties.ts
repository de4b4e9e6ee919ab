import { ok } from '../../core/index.ts';
import type {
  CallLeg,
  CallOriginator,
  MediaControl,
  CallRecorder,
  Clock,
  HangupCause,
  Logger,
  Result,
  RouteDecision,
  RouteRequest,
} from '../../core/index.ts';
import type { PartyBridge } from '../calls/index.ts';
import { unansweredResult } from '../cdr/index.ts';
import type { Queue } from './queue.ts';
import type { QueueCall } from './queue-call.ts';
import { QueuePartyKey } from './queue-party-key.ts';
import {
  planQueueParty,
  refuse,
  type QueuePartyPlan,
  type QueuePartyRefusal,
} from './queue-party-plan.ts';

/** What QueueParties works with. */
export interface QueuePartiesDeps {
  readonly originator: CallOriginator;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The switch's dial plan, so that the party is routed as the member's phone dials. */
  readonly router: { route(request: RouteRequest): RouteDecision };
  /**
   * The queue's 多方通话 as stored now, so that an admin turning it
   * off stops the next add on calls already talking.
   */
  readonly isMultiParty: (queueId: number) => boolean;
  /** Receives the party leg's CDR; no record without it. */
  readonly recorder?: CallRecorder | undefined;
  /** The member's in-call key (QueuePartyKey); members add parties over the API only without it. */
  readonly keys?:
    | {
        readonly media: MediaControl;
        /** The team's enabled `multi-party` hotkey, if any (R15.9-1). */
        readonly codeOf: (teamId: number) => string | undefined;
        /** D44: hold the code's keys back from the caller. */
        readonly isSwallowing: boolean;
      }
    | undefined;
}

/** Who asks: an admin of the call's team, or an agent with its own token (D62). */
export interface QueuePartyRequester {
  /** Set for an agent token: only the agent talking on the call may add. */
  readonly agentId?: number | undefined;
}

/** A party being added: its leg rings now. */
export interface AddedQueueParty {
  /** The party leg's CDR id: `<callId>-party-<n>`. */
  readonly partyId: string;
  readonly callId: string;
  readonly number: string;
  readonly state: 'ringing';
}

/**
 * At most this many legs in one call (the caller, the member and four
 * more): a queue call is not a conference room, and each member costs a
 * mixer input every 20 ms.
 */
export const MAX_QUEUE_CALL_PARTIES = 6;

const NORMAL: HangupCause = { reason: 'normal', q850: 16 };
const CANCELLED: HangupCause = { reason: 'cancelled', q850: 16, sipStatus: 487 };
const FAILED: HangupCause = { reason: 'failed', q850: 47 };

/**
 * Q-19 multi-party queue calls: while a member talks with a caller that
 * came through a queue whose 多方通话 is on, the member (or an admin of
 * the team) adds a party by number. The party's leg rings with the member
 * as the caller; the caller and the member keep talking meanwhile, and
 * stay bridged if it never answers. Once it answers, the call becomes a
 * three-way conference in the media plane's mixer (PartyBridge). The
 * party's leg has its own CDR, a call of the member's extension to the
 * number (`<callId>-party-<n>`), so that a trunk leg is charged as the
 * member's own call would be.
 */
export class QueueParties {
  readonly #queues = new Set<Queue>();
  readonly #added = new Map<string, number>();
  readonly #ringing = new Set<string>();
  /** Party legs not yet ended, by party id; `isDropped` once drop() hung one up. */
  readonly #legs = new Map<string, { callId: string; leg: CallLeg; isDropped: boolean }>();

  constructor(private readonly deps: QueuePartiesDeps) {}

  /** Takes a queue runtime into account (app-pbx's onQueue). */
  attach(queue: Queue): void {
    this.#queues.add(queue);
    queue.on('answered', (e) => this.#watchKey(queue, e.callId));
  }

  /** The member of a call just bridged may key the multi-party code. */
  #watchKey(queue: Queue, callId: string): void {
    const keys = this.deps.keys;
    const connection = queue.talkingCall(callId)?.connection;
    const member = connection?.member;
    if (keys === undefined || connection === undefined || member === undefined) return;
    if (!this.deps.isMultiParty(queue.config.id)) return;
    const code = keys.codeOf(member.target.teamId);
    if (code === undefined) return;
    const { bridge } = connection;
    const key = new QueuePartyKey(
      { media: keys.media, clock: this.deps.clock },
      {
        teamId: member.target.teamId,
        code,
        caller: bridge.a,
        member: bridge.b,
        bridge,
        isSwallowing: keys.isSwallowing,
      },
      (number) => {
        const added = this.add(callId, number, {});
        if (!added.ok) {
          this.deps.logger.info({ callId, number, code: added.error.code }, 'party key refused');
        }
      },
    );
    key.start();
  }

  /** Starts adding `number` to call `callId`; the leg rings in the background. */
  add(
    callId: string,
    number: string,
    by: QueuePartyRequester,
  ): Result<AddedQueueParty, QueuePartyRefusal> {
    const found = this.#find(callId);
    const connection = found?.call.connection;
    if (!isRequesterOn(connection, by)) {
      // An agent sees only its own calls: anything else does not exist (D62).
      return refuse('ERR_NOT_FOUND', 404, `call ${callId} not found`);
    }
    if (found === undefined || connection === undefined || connection.member === undefined) {
      return refuse(
        'ERR_CALL_NOT_IN_QUEUE',
        409,
        'the call is not a queue call with a member on it (Q-19)',
      );
    }
    if (!this.deps.isMultiParty(found.queue.config.id)) {
      return refuse(
        'ERR_MULTI_PARTY_DISABLED',
        409,
        `queue ${found.queue.config.number} has multiParty off (Q-19)`,
      );
    }
    const { bridge } = connection;
    if (this.#ringing.has(callId)) {
      return refuse('ERR_PARTY_BUSY', 409, 'a party is still ringing for this call');
    }
    if (bridge.legs.length >= MAX_QUEUE_CALL_PARTIES) {
      return refuse('ERR_PARTY_LIMIT', 409, `a call has at most ${MAX_QUEUE_CALL_PARTIES} parties`);
    }
    const plan = planQueueParty(this.deps.router, connection.member.target, number);
    if (!plan.ok) return plan;
    const teamId = connection.member.target.teamId;
    const placed = this.deps.originator.originate({
      teamId,
      target: plan.value.target,
      caller: plan.value.caller,
      ringTimeoutMs: plan.value.ringTimeoutMs,
      parentCallId: callId,
      purpose: 'party',
    });
    if (!placed.ok) {
      return refuse('ERR_PARTY_NOT_PLACED', 503, `the party's leg: ${placed.error.detail}`);
    }
    const n = (this.#added.get(callId) ?? 0) + 1;
    this.#added.set(callId, n);
    const partyId = `${callId}-party-${n}`;
    this.#legs.set(partyId, { callId, leg: placed.value, isDropped: false });
    this.#ringing.add(callId);
    void this.#run(partyId, callId, teamId, plan.value, placed.value, bridge).finally(() => {
      this.#ringing.delete(callId);
    });
    void bridge.ended.then(() => this.#added.delete(callId));
    return ok({ partyId, callId, number, state: 'ringing' });
  }

  /**
   * Hangs up party `partyId` of call `callId`, ringing or talking; the
   * caller and the member stay (PartyBridge: a leg that leaves only leaves
   * the room). Only a party added to this call, by the same requesters as
   * add(); anything else is 404.
   */
  drop(
    callId: string,
    partyId: string,
    by: QueuePartyRequester,
  ): Result<{ partyId: string }, QueuePartyRefusal> {
    const party = this.#legs.get(partyId);
    const connection = this.#find(callId)?.call.connection;
    if (party === undefined || party.callId !== callId || !isRequesterOn(connection, by)) {
      return refuse('ERR_NOT_FOUND', 404, `party ${partyId} of call ${callId} not found`);
    }
    party.isDropped = true;
    void party.leg.hangup(party.leg.state === 'confirmed' ? NORMAL : CANCELLED);
    return ok({ partyId });
  }

  #find(callId: string): { queue: Queue; call: QueueCall } | undefined {
    for (const queue of this.#queues) {
      const call = queue.talkingCall(callId);
      if (call !== undefined) return { queue, call };
    }
    return undefined;
  }

  /**
   * The party's leg from ringing to its answer; resolves once it is in the
   * call or gone. Its CDR is closed when the leg ends.
   */
  async #run(
    partyId: string,
    callId: string,
    teamId: number,
    plan: QueuePartyPlan,
    leg: CallLeg,
    bridge: PartyBridge,
  ): Promise<void> {
    const { clock, recorder, logger } = this.deps;
    recorder?.started({
      callId: partyId,
      teamId,
      ...plan.record,
      extensionId: plan.record.callerExtensionId,
      startedAtMs: clock.now(),
    });
    // Set once the party answers; read when its leg ends.
    const answer: { atMs?: number } = {};
    leg.once('hangup', (cause: HangupCause) => {
      const isDropped = this.#legs.get(partyId)?.isDropped === true;
      this.#legs.delete(partyId);
      // The bridge hanging the party up (the others left), or a drop(), is our side's doing.
      const isOurs = bridge.state === 'ended' || cause.reason === 'cancelled' || isDropped;
      recorder?.ended(partyId, {
        endedAtMs: clock.now(),
        result: answer.atMs === undefined ? unansweredResult(cause) : 'answered',
        hangupCause: cause.q850,
        hangupSide: answer.atMs === undefined ? 'system' : isOurs ? 'caller' : 'callee',
        sipStatus: answer.atMs === undefined ? cause.sipStatus : undefined,
      });
    });
    // The call ending while the party rings cancels it.
    const onOver = () => {
      if (leg.state !== 'confirmed' && leg.state !== 'terminated') void leg.hangup(CANCELLED);
    };
    void bridge.ended.then(onOver);
    const isAnswered = await new Promise<boolean>((resolve) => {
      if (leg.state === 'confirmed') return resolve(true);
      if (leg.state === 'terminated') return resolve(false);
      leg.once('answered', () => resolve(true));
      leg.once('hangup', () => resolve(false));
    });
    if (!isAnswered) {
      logger.info({ callId, partyId }, 'queue call party did not answer; the call goes on');
      return;
    }
    answer.atMs = clock.now();
    recorder?.answered(partyId, answer.atMs, leg.media, plan.record.trunkId);
    const added = await bridge.add(leg);
    if (!added.ok) {
      logger.warn({ callId, partyId, err: added.error }, 'queue call party not mixed');
      await leg.hangup(bridge.state === 'ended' ? NORMAL : FAILED);
    }
  }
}

/** Whether `by` may act on the call: an admin always, an agent only on its own call (D62). */
function isRequesterOn(
  connection: QueueCall['connection'] | undefined,
  by: QueuePartyRequester,
): boolean {
  return by.agentId === undefined || connection?.memberKey === `agent:${by.agentId}`;
}
