/*
 * OutboundRouter: what a dialled external number does (OR-4), by which
 * routes, and which trunks carry it in which order; the directory it
 * reads and the per-trunk checks are beside it.
 */
import type { AgentPresence, RouteDecision, RouteRequest } from '../../core/index.ts';
import type { AgentOutboundGate } from './agent-outbound-gate.ts';
import { isAccountCreditExhausted, isCreditExhausted } from './credit-gate.ts';
import {
  routeOver,
  type Attempt,
  type AttemptDeps,
  type TrunkChoice,
} from './outbound-attempts.ts';
import type {
  OutboundCaller,
  OutboundDirectory,
  RoutableOutboundRoute,
  RoutableTrunk,
  RouteAction,
  RoutingAccountGroup,
} from './outbound-directory.ts';
import { TrunkGroupOrder } from './trunk-group-order.ts';
import { rateTrunkChoice } from './rate-trunk.ts';

export type {
  OutboundCaller,
  OutboundDirectory,
  RoutableOutboundRoute,
  RoutableTrunk,
  RouteAction,
  RoutingAccountGroup,
};

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
  /** The directory, and who is signed in at a phone for cascade trunks (TRK-12). */
  readonly #attempts: AttemptDeps;

  constructor(
    private readonly directory: OutboundDirectory,
    groupOrder: TrunkGroupOrder = new TrunkGroupOrder(),
    agentGate?: AgentOutboundGate,
    presence?: Pick<AgentPresence, 'sessionAtPhone'>,
  ) {
    this.#groupOrder = groupOrder;
    this.#agentGate = agentGate;
    this.#attempts = { directory, presence };
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
      return routeOver(this.#attempts, request, caller, [{ number, ...override, isTarget: true }]);
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
    return routeOver(this.#attempts, request, caller, attempts);
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
}
