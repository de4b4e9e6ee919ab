/*
 * The trunks of an outbound call, attempt by attempt (OutboundRouter
 * calls routeOver): each trunk's state, forced billing (TRK-7), rules
 * (TRK-6, TG-4, TG-5) and caller lists (OCR-1), and its target.
 */
import type { AgentPresence, RouteDecision, RouteRequest, TrunkTarget } from '../../core/index.ts';
import { isOutboundCallerAllowed, outboundCallerId, type OutboundCallerRule } from './caller-id.ts';
import { cascadeAgentNo, cascadeCallerId } from './cascade-trunk.ts';
import type { OutboundCaller, OutboundDirectory, RoutableTrunk } from './outbound-directory.ts';
import { applyGroupAndTrunkRules } from './trunk-rules.ts';
import { trunkTarget } from './trunk-target.ts';

/** What the attempts read: the directory, and who is signed in at a phone. */
export interface AttemptDeps {
  readonly directory: OutboundDirectory;
  /** Who is signed in at the calling phone, for cascade trunks (TRK-12). */
  readonly presence: Pick<AgentPresence, 'sessionAtPhone'> | undefined;
}

/** Trunks to try, in order, with the number they are offered. */
export interface Attempt {
  readonly number: string;
  readonly trunkIds: readonly number[];
  readonly trunkGroupId?: number | undefined;
  /** From a pin, group or team target: all disabled is 480, not 404. */
  readonly isTarget: boolean;
}

/** Trunks chosen by the precedence (EXT-11, AG-3, TM-5). */
export type TrunkChoice = { trunkIds: readonly number[]; trunkGroupId?: number | undefined };

/**
 * Whether the caller may use a trunk under its lists (OCR-1). Which number
 * the lists name is not stated (OCR-3, A-14): the sample `234` looks like
 * an extension number, while a carrier sees the outbound CLI. Both are
 * checked: either one blacklisted refuses the trunk, and a whitelist
 * admits the call if it lists either.
 */
function isTrunkAllowed(rules: readonly OutboundCallerRule[], numbers: readonly string[]): boolean {
  if (rules.length === 0) return true;
  const blacklist = rules.filter((rule) => rule.restrictionType === 'blacklist');
  const whitelist = rules.filter((rule) => rule.restrictionType === 'whitelist');
  return (
    numbers.every((number) => isOutboundCallerAllowed(blacklist, number)) &&
    numbers.some((number) => isOutboundCallerAllowed(whitelist, number))
  );
}

/**
 * The attempts' trunks in order, for the B2BUA's failover (TG-6). A
 * disabled trunk is skipped (TRK-5, TG-2), and so is a trunk whose own
 * lists, or whose group's, refuse the caller (TG-3, OCR-2), or whose
 * rules deny the number (TG-5). A pin, group or team target carries the
 * call alone: all of it disabled is `unavailable`, not a fall back to
 * the routes' trunks.
 */
export function routeOver(
  deps: AttemptDeps,
  request: RouteRequest,
  caller: OutboundCaller,
  attempts: readonly Attempt[],
): RouteDecision {
  const targets: TrunkTarget[] = [];
  let isAnyRefused = false;
  let isTargetDisabled = false;
  for (const attempt of attempts) {
    for (const trunkId of attempt.trunkIds) {
      const trunk = deps.directory.trunks.find(trunkId);
      if (trunk === undefined || trunk.status !== 'enabled') {
        isTargetDisabled ||= attempt.isTarget;
        continue;
      }
      if (trunk.forcedBilling === true && !isPriced(deps.directory, request, trunkId)) {
        isAnyRefused = true;
        continue;
      }
      const groupRules =
        attempt.trunkGroupId === undefined
          ? []
          : (deps.directory.trunkGroupRules?.enabledFor(attempt.trunkGroupId, trunkId) ?? []);
      const rules = deps.directory.trunkRules?.enabledFor(trunkId) ?? [];
      const number = applyGroupAndTrunkRules(groupRules, rules, attempt.number);
      if (number === undefined) {
        isAnyRefused = true;
        continue;
      }
      const target = targetOf(deps, trunk, number, caller, request.teamId);
      const use = { teamId: request.teamId, trunkId, trunkGroupId: attempt.trunkGroupId };
      if (!isCallerAllowed(deps.directory, use, caller, target.callerId.number)) {
        isAnyRefused = true;
        continue;
      }
      targets.push(target);
    }
  }
  if (targets.length > 0) return { kind: 'trunks', targets };
  if (isAnyRefused) return { kind: 'forbidden' };
  return isTargetDisabled ? { kind: 'unavailable', reason: 'disabled' } : { kind: 'not-found' };
}

/**
 * TRK-7: a forced-billing trunk carries the call only when an extension
 * rate prices the dialled number for the caller over it; otherwise the
 * next trunk is tried, as for a trunk rule's deny (D56).
 */
function isPriced(directory: OutboundDirectory, request: RouteRequest, trunkId: number): boolean {
  return (
    directory.extensionRates?.matches({
      teamId: request.teamId,
      callerExtensionId: request.callerExtensionId,
      trunkId,
      number: request.dialled,
    }) === true
  );
}

/** OCR-1 for one trunk: the team's lists on it, by both caller numbers. */
function isCallerAllowed(
  directory: OutboundDirectory,
  use: { teamId: number; trunkId: number; trunkGroupId?: number | undefined },
  caller: OutboundCaller,
  presentedNumber: string,
): boolean {
  const restrictions = directory.callerIdRestrictions;
  if (restrictions === undefined) return true;
  const rules = restrictions.rulesFor(use);
  const numbers = [...new Set([caller.internalNumber, presentedNumber])];
  return isTrunkAllowed(rules, numbers);
}

function targetOf(
  deps: AttemptDeps,
  trunk: RoutableTrunk,
  number: string,
  caller: OutboundCaller,
  teamId: number,
): TrunkTarget {
  const secret = trunk.username === null ? null : deps.directory.trunks.getSecret(trunk.id);
  if (trunk.cascade !== true) {
    return trunkTarget(trunk, secret, number, outboundCallerId(trunk, caller));
  }
  // TRK-12: the cascaded system sees the internal caller, not the CLI,
  // and the agent signed in at the phone, else the one linked to it.
  const agents = deps.directory.agents?.list(teamId) ?? [];
  const signedIn = deps.presence?.sessionAtPhone(teamId, caller.internalNumber);
  return {
    ...trunkTarget(trunk, secret, number, cascadeCallerId(caller)),
    cascade: { agentNo: cascadeAgentNo(agents, caller, signedIn) },
  };
}
