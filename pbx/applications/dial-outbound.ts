import type {
  ApplicationCall,
  HangupCause,
  OriginateTarget,
  RouteDecision,
  RouteRequest,
} from '../../core/index.ts';
import type { InternalNumberEntry } from '../routing/index.ts';
import type { ApplicationContext, ApplicationOutcome } from './application-types.ts';
import { ringAndBridge } from './ring-and-bridge.ts';

/** What an outboundRoute destination needs: the dial plan and the caller's number. */
export interface OutboundDialDeps {
  /** The switch's dial plan (DialPlanRouter), as the named extension would dial. */
  readonly router: { route(request: RouteRequest): RouteDecision };
  readonly directory: {
    readonly internalNumbers: {
      lookup(teamId: number, number: string): InternalNumberEntry | undefined;
    };
  };
  /** How long a trunk callee may ring; 60 s unless given. */
  readonly ringTimeoutMs?: number;
}

const DEFAULT_RING_TIMEOUT_MS = 60_000;

/** Why a route refused the number, as the caller's hangup cause. */
const REFUSALS: Readonly<Record<string, HangupCause>> = {
  forbidden: { reason: 'rejected', q850: 21, sipStatus: 403 },
  'not-found': { reason: 'not-found', q850: 1, sipStatus: 404 },
  unavailable: { reason: 'unavailable', q850: 20, sipStatus: 480 },
};

/**
 * A destination of type outboundRoute (spec 02 §0.5): `targetValue` is
 * dialled through the team's dial plan on behalf of extension `targetId`
 * (a forwarding extension: its outbound permission and caller ID apply),
 * or of the caller's own extension when no targetId is given. Trunks are
 * tried in order by the originator; the caller hears ringing and is
 * bridged on answer. A number that turns out to be an application's
 * goes on to that destination.
 */
export async function dialOutbound(
  call: ApplicationCall,
  ctx: ApplicationContext,
  deps: OutboundDialDeps,
): Promise<ApplicationOutcome> {
  const { leg } = call;
  const number = call.destination.targetValue;
  const callerExtensionId = call.destination.targetId ?? callerExtensionOf(call, deps);
  if (number === undefined || number === '' || callerExtensionId === undefined) {
    await leg.hangup(REFUSALS['not-found']);
    return { kind: 'done' };
  }
  const decision = deps.router.route({
    teamId: call.teamId,
    callerExtensionId,
    callerNumber: leg.remote.number,
    dialled: number,
  });
  let target: OriginateTarget;
  let ringTimeoutMs = deps.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS;
  switch (decision.kind) {
    case 'trunks':
      target = { kind: 'trunks', trunks: decision.targets };
      break;
    case 'extensions': {
      const extension = decision.targets[0]!;
      target = { kind: 'extension', extension };
      ringTimeoutMs = extension.ringTimeoutMs;
      break;
    }
    case 'application':
      return { kind: 'destination', destination: decision.destination };
    default:
      await leg.hangup(REFUSALS[decision.kind] ?? REFUSALS['unavailable']);
      return { kind: 'done' };
  }
  const placed = ctx.originator.originate({
    teamId: call.teamId,
    target,
    caller: leg.remote,
    ringTimeoutMs,
    parentCallId: call.callId,
    purpose: 'dial',
  });
  if (!placed.ok) {
    await leg.hangup({ reason: 'congestion', q850: 34 });
    return { kind: 'done' };
  }
  return ringAndBridge(call, ctx, placed.value);
}

function callerExtensionOf(call: ApplicationCall, deps: OutboundDialDeps): number | undefined {
  const entry = deps.directory.internalNumbers.lookup(call.teamId, call.leg.remote.number);
  return entry?.kind === 'extension' ? (entry.ownerId ?? undefined) : undefined;
}
