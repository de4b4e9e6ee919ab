import type { RouteDecision, RouteRequest, TrunkTarget } from '../../core/index.ts';
import {
  isOutboundCallerAllowed,
  outboundCallerId,
  type ExtensionCli,
  type OutboundCallerRule,
  type TrunkCli,
} from './caller-id.ts';
import { TrunkGroupOrder, type HuntedTrunkGroup } from './trunk-group-order.ts';

/** The fields of an outbound route the router reads. */
export interface RoutableOutboundRoute {
  readonly stripDigits: number;
  readonly prepend: string;
  readonly trunkId: number;
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
}

/** The fields of the calling extension the router reads. */
export interface OutboundCaller extends ExtensionCli {
  readonly allowOutbound: boolean;
  /** EXT-11: the trunk all external calls of the extension take, if pinned. */
  readonly trunkId?: number | null;
  /** The owning account, whose account group may name a trunk (AG-3). */
  readonly accountId?: number | null;
}

/** The part of the config store outbound routing reads; ConfigStore fits it. */
export interface OutboundDirectory {
  readonly outboundRoutes: {
    findCandidates(teamId: number, number: string): readonly RoutableOutboundRoute[];
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
  readonly accountGroups?: {
    findByAccount(
      accountId: number,
    ): { readonly trunkId: number | null; readonly trunkGroupId?: number | null } | undefined;
  };
  /** Trunk groups an account group may send calls to (TG-1). */
  readonly trunkGroups?: { find(id: number): HuntedTrunkGroup | undefined };
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
 * Outbound routing (spec §3.7): the team's routes matching the dialled
 * number, longest prefix first (OR-2), each rewritten by strip and prepend
 * (OR-3) into a trunk to try; the B2BUA tries them in order (failover).
 * Disabled trunks are skipped, and so are trunks the caller's number may
 * not use (OCR-1): the next one is tried (OCR-2). When routes match but
 * every trunk refuses the caller, the call is forbidden (403), not 404.
 * An extension's pinned trunk (EXT-11) and then its account group's trunk
 * or trunk group (AG-3) replace the routes' trunks (spec 01 §0.8).
 */
export class OutboundRouter {
  readonly #groupOrder: TrunkGroupOrder;

  constructor(
    private readonly directory: OutboundDirectory,
    groupOrder: TrunkGroupOrder = new TrunkGroupOrder(),
  ) {
    this.#groupOrder = groupOrder;
  }

  route(request: RouteRequest): RouteDecision {
    const caller = this.directory.extensions.find(request.callerExtensionId);
    if (caller === undefined) return { kind: 'not-found' };
    if (!caller.allowOutbound) return { kind: 'forbidden' };
    const pinned = caller.trunkId ?? null;
    if (pinned !== null) return this.routeOver(request, caller, [pinned]);
    const group = this.groupOf(caller);
    if (group !== undefined) return this.routeOver(request, caller, group.trunkIds, group.id);
    const targets: TrunkTarget[] = [];
    let isAnyRefused = false;
    for (const route of this.directory.outboundRoutes.findCandidates(
      request.teamId,
      request.dialled,
    )) {
      const number = route.prepend + request.dialled.slice(route.stripDigits);
      const trunk = this.directory.trunks.find(route.trunkId);
      if (number === '' || trunk === undefined || trunk.status !== 'enabled') continue;
      const target = this.target(trunk, number, caller);
      const use = { teamId: request.teamId, trunkId: trunk.id };
      if (!this.isCallerAllowed(use, caller, target.callerId.number)) {
        isAnyRefused = true;
        continue;
      }
      targets.push(target);
    }
    if (targets.length > 0) return { kind: 'trunks', targets };
    return isAnyRefused ? { kind: 'forbidden' } : { kind: 'not-found' };
  }

  /**
   * AG-3, ACC-6: a member account's extensions call out over the group's
   * trunk, or hunt its trunk group (TG-1). Undefined when the account is
   * in no group or the group names neither.
   */
  private groupOf(
    caller: OutboundCaller,
  ): { trunkIds: readonly number[]; id?: number | undefined } | undefined {
    const accountId = caller.accountId ?? null;
    if (accountId === null || this.directory.accountGroups === undefined) return undefined;
    const group = this.directory.accountGroups.findByAccount(accountId);
    if (group === undefined) return undefined;
    if (group.trunkId !== null) return { trunkIds: [group.trunkId] };
    const trunkGroupId = group.trunkGroupId ?? null;
    const trunkGroup =
      trunkGroupId === null ? undefined : this.directory.trunkGroups?.find(trunkGroupId);
    if (trunkGroup === undefined) return undefined;
    return { trunkIds: this.#groupOrder.order(trunkGroup), id: trunkGroup.id };
  }

  /**
   * EXT-11: a pinned trunk has the highest precedence (spec 01 §0.8), then
   * the account group's trunk or trunk group (AG-3); they carry the call
   * alone, with no failover to the routes' trunks. The first matching route
   * still rewrites the number (OR-3); with no route, the number goes out as
   * dialled, as TM-5 sends unrouted calls out too. A disabled trunk is
   * skipped (TRK-5, TG-2), and so is a trunk whose own lists, or whose
   * group's, refuse the caller (TG-3, OCR-2); the B2BUA tries the rest in
   * order when one fails (TG-6).
   */
  private routeOver(
    request: RouteRequest,
    caller: OutboundCaller,
    trunkIds: readonly number[],
    trunkGroupId?: number,
  ): RouteDecision {
    const numbers = this.directory.outboundRoutes
      .findCandidates(request.teamId, request.dialled)
      .map((route) => route.prepend + request.dialled.slice(route.stripDigits))
      .filter((number) => number !== '');
    const number = numbers[0] ?? request.dialled;
    const targets: TrunkTarget[] = [];
    let isAnyRefused = false;
    for (const trunkId of trunkIds) {
      const trunk = this.directory.trunks.find(trunkId);
      if (trunk === undefined || trunk.status !== 'enabled') continue;
      const target = this.target(trunk, number, caller);
      const use = { teamId: request.teamId, trunkId, trunkGroupId };
      if (!this.isCallerAllowed(use, caller, target.callerId.number)) {
        isAnyRefused = true;
        continue;
      }
      targets.push(target);
    }
    if (targets.length > 0) return { kind: 'trunks', targets };
    return isAnyRefused ? { kind: 'forbidden' } : { kind: 'unavailable', reason: 'disabled' };
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

  private target(trunk: RoutableTrunk, number: string, caller: OutboundCaller): TrunkTarget {
    const secret = trunk.username === null ? null : this.directory.trunks.getSecret(trunk.id);
    return {
      trunkId: trunk.id,
      trunkName: trunk.name,
      host: trunk.host,
      port: trunk.port,
      transport: trunk.transport,
      number,
      callerId: outboundCallerId(trunk, caller),
      maxChannels: trunk.maxChannels ?? undefined,
      responseTimeoutMs: trunk.timeoutSec * 1000,
      codecs: trunk.codecs,
      credentials:
        trunk.username === null || secret === null
          ? undefined
          : { username: trunk.username, password: secret },
    };
  }
}
