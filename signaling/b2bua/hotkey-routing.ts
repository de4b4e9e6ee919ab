import type { CallLeg, CallOriginator, CallParty, CallRouter } from '../../core/index.ts';
import type { Registrar } from '../registrar/index.ts';
import type { CallParties } from './b2bua-call.ts';
import type { HotkeyRoute } from './hotkey-transfer.ts';
import type { LegSide } from './sip-dialog-leg.ts';

/** How long a trunk target rings when no extension ring timeout applies. */
export const TRUNK_TARGET_RING_TIMEOUT_MS = 60_000;

/** What hotkey routing needs from the B2BUA. */
export interface HotkeyRoutingDeps {
  readonly router: CallRouter;
  readonly registrar: Pick<Registrar, 'lookup'>;
  readonly originator: CallOriginator;
}

/** The party of `side`, as an extension of the call's team or a far end. */
export function partyOf(parties: CallParties, side: LegSide, displayName?: string): CallParty {
  const number = side === 'a' ? parties.callerNumber : parties.calleeNumber;
  return {
    uri: `sip:${number}@${parties.domain}`,
    number,
    ...(displayName === undefined ? {} : { displayName }),
  };
}

/**
 * Routes a number keyed after a transfer hotkey exactly as a call the
 * transferor dialled would go (internal numbers, its forwards, outbound
 * routes with its rights and caller-ID rule): the B2BUA's CallRouter,
 * not a second router. An extension with no registered phone counts as
 * unroutable, so that a blind transfer re-bridges instead of dropping.
 */
export function routeHotkey(
  deps: HotkeyRoutingDeps,
  parties: CallParties,
  side: LegSide,
  dialled: string,
): HotkeyRoute {
  const extensionId = side === 'a' ? parties.callerExtensionId : parties.calleeExtensionId;
  if (extensionId === undefined) return { kind: 'unroutable', reason: 'not an extension' };
  const decision = deps.router.route({
    teamId: parties.teamId,
    callerExtensionId: extensionId,
    callerNumber: side === 'a' ? parties.callerNumber : parties.calleeNumber,
    dialled,
  });
  if (decision.kind === 'application') {
    return { kind: 'application', destination: decision.destination };
  }
  if (decision.kind === 'trunks') {
    return {
      kind: 'originate',
      target: { kind: 'trunks', trunks: decision.targets },
      ringTimeoutMs: TRUNK_TARGET_RING_TIMEOUT_MS,
    };
  }
  if (decision.kind !== 'extensions') return { kind: 'unroutable', reason: decision.kind };
  // The dial plan names one extension per number; ring groups and
  // queues reach us as applications.
  const extension = decision.targets[0];
  if (extension === undefined) return { kind: 'unroutable', reason: 'no target' };
  if (deps.registrar.lookup(extension.teamId, extension.number).length === 0) {
    return { kind: 'unroutable', reason: 'no registered phone' };
  }
  return {
    kind: 'originate',
    target: { kind: 'extension', extension },
    ringTimeoutMs: extension.ringTimeoutMs,
  };
}

/** Places the target leg for a hotkey transfer of call `parentCallId`. */
export function originateHotkey(
  deps: HotkeyRoutingDeps,
  parties: CallParties,
  parentCallId: string,
  route: HotkeyRoute & { kind: 'originate' },
  caller: CallParty,
): CallLeg | undefined {
  const r = deps.originator.originate({
    teamId: parties.teamId,
    target: route.target,
    caller,
    ringTimeoutMs: route.ringTimeoutMs,
    parentCallId,
    purpose: route.purpose,
  });
  return r.ok ? r.value : undefined;
}
