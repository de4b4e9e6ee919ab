import { err, ok } from '../../core/index.ts';
import type {
  CallParty,
  CallType,
  ExtensionTarget,
  OriginateTarget,
  Result,
  RouteDecision,
  RouteRequest,
} from '../../core/index.ts';

/** Why a party cannot be added to a queue call; `status` is the HTTP one. */
export interface QueuePartyRefusal {
  readonly code:
    | 'ERR_NOT_FOUND'
    | 'ERR_CALL_NOT_IN_QUEUE'
    | 'ERR_MULTI_PARTY_DISABLED'
    | 'ERR_PARTY_BUSY'
    | 'ERR_PARTY_LIMIT'
    | 'ERR_PARTY_FORBIDDEN'
    | 'ERR_PARTY_NOT_FOUND'
    | 'ERR_PARTY_UNAVAILABLE'
    | 'ERR_PARTY_NOT_PLACED';
  readonly status: 403 | 404 | 409 | 503;
  readonly message: string;
}

/** The third party's leg as planned: where it rings and how its CDR reads. */
export interface QueuePartyPlan {
  readonly target: OriginateTarget;
  /** Who the party's phone sees calling: the member that adds it. */
  readonly caller: CallParty;
  readonly ringTimeoutMs: number;
  readonly record: {
    readonly callType: CallType;
    readonly callerNumber: string;
    readonly calledNumber: string;
    readonly callerExtensionId: number;
    readonly calleeExtensionId?: number | undefined;
    readonly trunkId?: number | undefined;
  };
}

/** How long a trunk party rings (no extension ring timeout applies). */
export const PARTY_TRUNK_RING_MS = 60_000;

export function refuse<T>(
  code: QueuePartyRefusal['code'],
  status: QueuePartyRefusal['status'],
  message: string,
): Result<T, QueuePartyRefusal> {
  return err({ code, status, message });
}

/**
 * Q-19: routes `number` exactly as the member's extension would dial it
 * (its internal numbers, outbound routes, rights, caller ID, TM-7 credit
 * and the agents' GRP-4/GRP-5 gates, which the switch's dial plan
 * applies to a signed-in agent's extension). Phones only: a number that
 * leads to a PBX application (queue, IVR, conference) is refused, as
 * click-to-call refuses it (D55).
 */
export function planQueueParty(
  router: { route(request: RouteRequest): RouteDecision },
  member: ExtensionTarget,
  number: string,
): Result<QueuePartyPlan, QueuePartyRefusal> {
  const decision = router.route({
    teamId: member.teamId,
    callerExtensionId: member.extensionId,
    callerNumber: member.number,
    dialled: number,
  });
  const caller: CallParty = {
    uri: `sip:${member.number}@queue-party.invalid`,
    number: member.number,
  };
  const record = {
    callerNumber: member.number,
    calledNumber: number,
    callerExtensionId: member.extensionId,
  };
  switch (decision.kind) {
    case 'extensions': {
      const extension = decision.targets[0];
      if (extension === undefined) break;
      return ok({
        target: { kind: 'extension', extension },
        caller,
        ringTimeoutMs: extension.ringTimeoutMs,
        record: { ...record, callType: 'internal', calleeExtensionId: extension.extensionId },
      });
    }
    case 'trunks':
      if (decision.targets.length === 0) break;
      return ok({
        target: { kind: 'trunks', trunks: decision.targets },
        caller,
        ringTimeoutMs: PARTY_TRUNK_RING_MS,
        record: { ...record, callType: 'outbound', trunkId: decision.targets[0]?.trunkId },
      });
    case 'forbidden':
      return refuse(
        'ERR_PARTY_FORBIDDEN',
        403,
        decision.reason === undefined
          ? 'the member may not dial this number'
          : `the member may not dial this number (${decision.reason})`,
      );
    case 'application':
      return refuse(
        'ERR_PARTY_UNAVAILABLE',
        409,
        'the number is a PBX application; only phones can be added to a call',
      );
    case 'unavailable':
      return refuse(
        'ERR_PARTY_UNAVAILABLE',
        409,
        `the number takes no calls now (${decision.reason})`,
      );
    case 'not-found':
      break;
  }
  return refuse('ERR_PARTY_NOT_FOUND', 404, 'no route to the number');
}
