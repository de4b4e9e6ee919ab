import type { AgentPresence, RouteDecision, RouteRequest, TrunkTarget } from '../../core/index.ts';
import {
  isOutboundCallerAllowed,
  outboundCallerId,
  type ExtensionCli,
  type OutboundCallerRule,
  type TrunkCli,
} from './caller-id.ts';
import type { AgentOutboundGate } from './agent-outbound-gate.ts';
import { isAccountCreditExhausted, isCreditExhausted, type CreditedTeam } from './credit-gate.ts';
import { TrunkGroupOrder, type HuntedTrunkGroup } from './trunk-group-order.ts';
import {
  applyGroupAndTrunkRules,
  type MatchableTrunkRule,
  type TrunkGroupRuleSource,
} from './trunk-rules.ts';
import { trunkTarget } from './trunk-target.ts';
import { cascadeAgentNo, cascadeCallerId, type CascadeAgent } from './cascade-trunk.ts';
import { rateTrunkChoice, type ExtensionRateFinder } from './rate-trunk.ts';

/** What a matching outbound route does with the call (OR-4). */
export type RouteAction = 'dialOut' | 'ringGroup' | 'queue' | 'end';

/** The fields of an outbound route the router reads. */
export interface RoutableOutboundRoute {
  readonly stripDigits: number;
  readonly prepend: string;
  /** Null: the trunk precedence chooses, ending at the team's (TM-5). */
  readonly trunkId: number | null;
  /** OR-4 `转接`; absent is `dialOut`. */
  readonly action?: RouteAction;
  /** The ring group or queue of a `ringGroup` / `queue` action. */
  readonly actionTargetId?: number | null;
}

/** The fields of a trunk the router reads. */
export interface RoutableTrunk extends TrunkCli {
  readonly id: number;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp' | 'tls';
  readonly username: string | null;
  readonly status: string;
  readonly timeoutSec: number;
  readonly maxChannels: number | null;
  readonly codecs?: readonly string[] | undefined;
  /** TRK-12: the peer is another Switchyard. */
  readonly cascade?: boolean;
  /** TRK-7 强制计费: carries only calls an extension rate prices. */
  readonly forcedBilling?: boolean;
}

/** The fields of the calling extension the router reads. */
export interface OutboundCaller extends ExtensionCli {
  readonly allowOutbound: boolean;
  /** EXT-11: the trunk all external calls of the extension take, if pinned. */
  readonly trunkId?: number | null;
  /** The owning account, whose account group may name a trunk (AG-3). */
  readonly accountId?: number | null;
}

/** The fields of an account group the router reads. */
export interface RoutingAccountGroup {
  readonly trunkId: number | null;
  readonly trunkGroupId?: number | null;
  /** AG-2: the routes its members dial by; none means the team's. */
  readonly outboundRouteIds?: readonly number[];
}

/** The part of the config store outbound routing reads; ConfigStore fits it. */
export interface OutboundDirectory {
  readonly outboundRoutes: {
    /**
     * Matching enabled routes, best first (OR-2): those of `routeIds`
     * (an account group's, AG-2), else the team's own.
     */
    findCandidates(
      teamId: number,
      number: string,
      routeIds?: readonly number[],
    ): readonly RoutableOutboundRoute[];
  };
  readonly trunks: {
    find(id: number): RoutableTrunk | undefined;
    getSecret(id: number): string | null;
  };
  readonly extensions: { find(id: number): OutboundCaller | undefined };
  /**
   * The account group of an account (AG-6: at most one), whose trunk its
   * members' external calls take (AG-3). ConfigStore has it.
   */
  readonly accountGroups?: { findByAccount(accountId: number): RoutingAccountGroup | undefined };
  /** Trunk groups an account group or team may send calls to (TG-1). */
  readonly trunkGroups?: { find(id: number): HuntedTrunkGroup | undefined };
  /** The team's default outbound target (TM-5) and its credit (TM-7). */
  readonly teams?: {
    find(id: number):
      | (CreditedTeam & {
          readonly outboundTargetType?: string;
          readonly outboundTargetId?: number | null;
          /** Spec 03 §5.3 (c) 3–4: extension rates pick the trunk. */
          readonly rateRouting?: boolean;
        })
      | undefined;
  };
  /** A team's agents, for the agent identity on cascade trunks (TRK-12). */
  readonly agents?: { list(teamId: number): readonly CascadeAgent[] };
  /** The calling account's payment mode and fees (AC-6); ConfigStore has it. */
  readonly accounts?: { find(id: number): CreditedTeam | undefined };
  /**
   * TRK-7: whether an extension rate (spec 03 §5.3) prices this call over
   * this trunk. Without it, a forced-billing trunk carries nothing. `find`
   * is the rate of a rate-routing team's call (5.3 (c) 3).
   */
  readonly extensionRates?: {
    matches(call: {
      teamId: number;
      callerExtensionId: number;
      trunkId: number;
      number: string;
    }): boolean;
  } & Partial<ExtensionRateFinder>;
  /** The enabled number rules of a trunk (TRK-6); without it, none. */
  readonly trunkRules?: { enabledFor(trunkId: number): readonly MatchableTrunkRule[] };
  /** A trunk group's rules for a member trunk (spec 02 §3.4); without it, none. */
  readonly trunkGroupRules?: TrunkGroupRuleSource;
  /**
   * The calling team's enabled outbound caller-ID entries on a trunk
   * (OCR-1). ConfigStore has it; a directory without it restricts nothing.
   */
  readonly callerIdRestrictions?: {
    rulesFor(use: {
      teamId: number;
      trunkId: number;
      trunkGroupId?: number | undefined;
    }): readonly OutboundCallerRule[];
  };
}

/** Trunks to try, in order, with the number they are offered. */
interface Attempt {
  readonly number: string;
  readonly trunkIds: readonly number[];
  readonly trunkGroupId?: number | undefined;
  /** From a pin, group or team target: all disabled is 480, not 404. */
  readonly isTarget: boolean;
}

/** Trunks chosen by the precedence (EXT-11, AG-3, TM-5). */
type TrunkChoice = { trunkIds: readonly number[]; trunkGroupId?: number | undefined };

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
 * Outbound routing (spec §3.7): the best matching route, longest prefix
 * first (OR-2), decides what happens (OR-4): `end` refuses the call (403),
 * `ringGroup` and `queue` hand it to that application, `dialOut` sends it
 * out rewritten by strip and prepend (OR-3). Member accounts of an account
 * group with routes dial by those, everyone else by the team's (AG-2).
 *
 * The trunk of a dial-out follows spec 01 §0.8 and OR-4: the extension's
 * pinned trunk (EXT-11), else its account group's trunk or trunk group
 * (AG-3), else each matching route's own trunk in turn, else the team's
 * target (TM-5), which also takes numbers no route matches, as dialled.
 * A team with rate routing (spec 03 §5.3 (c) 3–4) puts the matched
 * extension rate's trunk before all of these, and refuses numbers no rate
 * prices; a rate without a trunk leaves the choice to the precedence.
 * Each candidate trunk then applies its own rules (TRK-6, TG-4, TG-5).
 * Disabled trunks are skipped, and so are trunks the caller's number may
 * not use (OCR-1): the next one is tried (OCR-2). When trunks exist but
 * every one refuses the caller or the number, the call is forbidden (403).
 */
export class OutboundRouter {
  readonly #groupOrder: TrunkGroupOrder;

  readonly #agentGate: AgentOutboundGate | undefined;
  /** Who is signed in at the calling phone, for cascade trunks (TRK-12). */
  readonly #presence: Pick<AgentPresence, 'sessionAtPhone'> | undefined;

  constructor(
    private readonly directory: OutboundDirectory,
    groupOrder: TrunkGroupOrder = new TrunkGroupOrder(),
    agentGate?: AgentOutboundGate,
    presence?: Pick<AgentPresence, 'sessionAtPhone'>,
  ) {
    this.#groupOrder = groupOrder;
    this.#agentGate = agentGate;
    this.#presence = presence;
  }

  /**
   * TM-7: a team out of credit places no trunk call; the refusal comes
   * after routing so that numbers which stay inside the switch (a route's
   * ring group or queue) still work. The agent gate (GRP-4, GRP-5) follows
   * the same rule.
   */
  route(request: RouteRequest): RouteDecision {
    const decision = this.#route(request);
    if (decision.kind !== 'trunks') return decision;
    if (isCreditExhausted(this.directory.teams?.find(request.teamId))) {
      return { kind: 'forbidden', reason: 'credit-limit' };
    }
    const caller = this.directory.extensions.find(request.callerExtensionId);
    // AC-6: the account's own gate as well; the stricter of the two wins.
    const accountId = caller?.accountId ?? null;
    if (accountId !== null && isAccountCreditExhausted(this.directory.accounts?.find(accountId))) {
      return { kind: 'forbidden', reason: 'credit-limit' };
    }
    const refusal =
      caller === undefined
        ? undefined
        : this.#agentGate?.refusal({
            teamId: request.teamId,
            extensionId: request.callerExtensionId,
            extensionNumber: caller.internalNumber,
            numbers: [request.dialled, ...decision.targets.map((t) => t.number)],
          });
    return refusal === undefined ? decision : { kind: 'forbidden', reason: refusal };
  }

  #route(request: RouteRequest): RouteDecision {
    const caller = this.directory.extensions.find(request.callerExtensionId);
    if (caller === undefined) return { kind: 'not-found' };
    if (!caller.allowOutbound) return { kind: 'forbidden' };
    const group = this.accountGroupOf(caller);
    const groupRouteIds = group?.outboundRouteIds ?? [];
    const routes = this.directory.outboundRoutes.findCandidates(
      request.teamId,
      request.dialled,
      groupRouteIds.length > 0 ? groupRouteIds : undefined,
    );
    const best = routes[0];
    const action = best?.action ?? 'dialOut';
    if (action === 'end') return { kind: 'forbidden' };
    if (action === 'ringGroup' || action === 'queue') {
      const targetId = best?.actionTargetId ?? null;
      if (targetId === null) return { kind: 'not-found' };
      return { kind: 'application', destination: { type: action, targetId } };
    }
    const dialOut = routes
      .filter((route) => (route.action ?? 'dialOut') === 'dialOut')
      .map((route) => ({
        route,
        number: route.prepend + request.dialled.slice(route.stripDigits),
      }))
      .filter(({ number }) => number !== '');
    // Spec 03 §5.3 (c) 3–4: a rate-routing team's rate picks the trunk
    // over the pin, group and routes; its trunk carries the call alone.
    const byRate = rateTrunkChoice(
      this.directory.teams?.find(request.teamId),
      this.directory.extensionRates,
      {
        teamId: request.teamId,
        callerExtensionId: request.callerExtensionId,
        number: request.dialled,
      },
    );
    if (byRate.kind === 'refused') return { kind: 'forbidden', reason: 'no-rate' };
    const rateTrunk = byRate.kind === 'trunk' ? { trunkIds: [byRate.trunkId] } : undefined;
    const override = rateTrunk ?? this.pinnedTrunk(caller) ?? this.groupTarget(group);
    if (override !== undefined) {
      const number = dialOut[0]?.number ?? request.dialled;
      return this.routeOver(request, caller, [{ number, ...override, isTarget: true }]);
    }
    const teamTarget = this.teamTarget(request.teamId);
    const attempts: Attempt[] = [];
    for (const { route, number } of dialOut) {
      if (route.trunkId !== null) {
        attempts.push({ number, trunkIds: [route.trunkId], isTarget: false });
      } else if (teamTarget !== undefined) {
        attempts.push({ number, ...teamTarget, isTarget: true });
      }
    }
    if (routes.length === 0 && teamTarget !== undefined) {
      attempts.push({ number: request.dialled, ...teamTarget, isTarget: true });
    }
    return this.routeOver(request, caller, attempts);
  }

  /** The account group of the caller's account (AG-6: at most one). */
  private accountGroupOf(caller: OutboundCaller): RoutingAccountGroup | undefined {
    const accountId = caller.accountId ?? null;
    if (accountId === null) return undefined;
    return this.directory.accountGroups?.findByAccount(accountId);
  }

  /** EXT-11: a pinned trunk has the highest precedence (spec 01 §0.8). */
  private pinnedTrunk(caller: OutboundCaller): TrunkChoice | undefined {
    const pinned = caller.trunkId ?? null;
    return pinned === null ? undefined : { trunkIds: [pinned] };
  }

  /**
   * AG-3, ACC-6: a member account's extensions call out over the group's
   * trunk, or hunt its trunk group (TG-1). Undefined when the account is
   * in no group or the group names neither.
   */
  private groupTarget(group: RoutingAccountGroup | undefined): TrunkChoice | undefined {
    if (group === undefined) return undefined;
    if (group.trunkId !== null) return { trunkIds: [group.trunkId] };
    return this.huntGroup(group.trunkGroupId ?? null);
  }

  /** TM-5: the team's default trunk or trunk group, if it has one. */
  private teamTarget(teamId: number): TrunkChoice | undefined {
    const team = this.directory.teams?.find(teamId);
    const id = team?.outboundTargetId ?? null;
    if (team === undefined || id === null) return undefined;
    if (team.outboundTargetType === 'trunk') return { trunkIds: [id] };
    return team.outboundTargetType === 'trunkGroup' ? this.huntGroup(id) : undefined;
  }

  private huntGroup(trunkGroupId: number | null): TrunkChoice | undefined {
    const trunkGroup =
      trunkGroupId === null ? undefined : this.directory.trunkGroups?.find(trunkGroupId);
    if (trunkGroup === undefined) return undefined;
    return { trunkIds: this.#groupOrder.order(trunkGroup), trunkGroupId: trunkGroup.id };
  }

  /**
   * The attempts' trunks in order, for the B2BUA's failover (TG-6). A
   * disabled trunk is skipped (TRK-5, TG-2), and so is a trunk whose own
   * lists, or whose group's, refuse the caller (TG-3, OCR-2), or whose
   * rules deny the number (TG-5). A pin, group or team target carries the
   * call alone: all of it disabled is `unavailable`, not a fall back to
   * the routes' trunks.
   */
  private routeOver(
    request: RouteRequest,
    caller: OutboundCaller,
    attempts: readonly Attempt[],
  ): RouteDecision {
    const targets: TrunkTarget[] = [];
    let isAnyRefused = false;
    let isTargetDisabled = false;
    for (const attempt of attempts) {
      for (const trunkId of attempt.trunkIds) {
        const trunk = this.directory.trunks.find(trunkId);
        if (trunk === undefined || trunk.status !== 'enabled') {
          isTargetDisabled ||= attempt.isTarget;
          continue;
        }
        if (trunk.forcedBilling === true && !this.isPriced(request, trunkId)) {
          isAnyRefused = true;
          continue;
        }
        const groupRules =
          attempt.trunkGroupId === undefined
            ? []
            : (this.directory.trunkGroupRules?.enabledFor(attempt.trunkGroupId, trunkId) ?? []);
        const rules = this.directory.trunkRules?.enabledFor(trunkId) ?? [];
        const number = applyGroupAndTrunkRules(groupRules, rules, attempt.number);
        if (number === undefined) {
          isAnyRefused = true;
          continue;
        }
        const target = this.target(trunk, number, caller, request.teamId);
        const use = { teamId: request.teamId, trunkId, trunkGroupId: attempt.trunkGroupId };
        if (!this.isCallerAllowed(use, caller, target.callerId.number)) {
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
  private isPriced(request: RouteRequest, trunkId: number): boolean {
    return (
      this.directory.extensionRates?.matches({
        teamId: request.teamId,
        callerExtensionId: request.callerExtensionId,
        trunkId,
        number: request.dialled,
      }) === true
    );
  }

  /** OCR-1 for one trunk: the team's lists on it, by both caller numbers. */
  private isCallerAllowed(
    use: { teamId: number; trunkId: number; trunkGroupId?: number | undefined },
    caller: OutboundCaller,
    presentedNumber: string,
  ): boolean {
    const restrictions = this.directory.callerIdRestrictions;
    if (restrictions === undefined) return true;
    const rules = restrictions.rulesFor(use);
    const numbers = [...new Set([caller.internalNumber, presentedNumber])];
    return isTrunkAllowed(rules, numbers);
  }

  private target(
    trunk: RoutableTrunk,
    number: string,
    caller: OutboundCaller,
    teamId: number,
  ): TrunkTarget {
    const secret = trunk.username === null ? null : this.directory.trunks.getSecret(trunk.id);
    if (trunk.cascade !== true) {
      return trunkTarget(trunk, secret, number, outboundCallerId(trunk, caller));
    }
    // TRK-12: the cascaded system sees the internal caller, not the CLI,
    // and the agent signed in at the phone, else the one linked to it.
    const agents = this.directory.agents?.list(teamId) ?? [];
    const signedIn = this.#presence?.sessionAtPhone(teamId, caller.internalNumber);
    return {
      ...trunkTarget(trunk, secret, number, cascadeCallerId(caller)),
      cascade: { agentNo: cascadeAgentNo(agents, caller, signedIn) },
    };
  }
}
