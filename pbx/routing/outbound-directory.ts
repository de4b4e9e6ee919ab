/*
 * What outbound routing reads: the fields of routes, trunks, callers and
 * account groups, and the part of the config store that holds them.
 */
import type { ExtensionCli, OutboundCallerRule, TrunkCli } from './caller-id.ts';
import type { CascadeAgent } from './cascade-trunk.ts';
import type { CreditedTeam } from './credit-gate.ts';
import type { ExtensionRateFinder } from './rate-trunk.ts';
import type { HuntedTrunkGroup } from './trunk-group-order.ts';
import type { MatchableTrunkRule, TrunkGroupRuleSource } from './trunk-rules.ts';

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
