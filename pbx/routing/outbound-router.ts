import type { RouteDecision, RouteRequest, TrunkTarget } from '../../core/index.ts';
import {
  isOutboundCallerAllowed,
  outboundCallerId,
  type ExtensionCli,
  type OutboundCallerRule,
  type TrunkCli,
} from './caller-id.ts';

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
   * The calling team's enabled outbound caller-ID entries on a trunk
   * (OCR-1). ConfigStore has it; a directory without it restricts nothing.
   */
  readonly callerIdRestrictions?: {
    rulesFor(use: { teamId: number; trunkId: number }): readonly OutboundCallerRule[];
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
 */
export class OutboundRouter {
  constructor(private readonly directory: OutboundDirectory) {}

  route(request: RouteRequest): RouteDecision {
    const caller = this.directory.extensions.find(request.callerExtensionId);
    if (caller === undefined) return { kind: 'not-found' };
    if (!caller.allowOutbound) return { kind: 'forbidden' };
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
      if (!this.isCallerAllowed(request.teamId, trunk.id, caller, target.callerId.number)) {
        isAnyRefused = true;
        continue;
      }
      targets.push(target);
    }
    if (targets.length > 0) return { kind: 'trunks', targets };
    return isAnyRefused ? { kind: 'forbidden' } : { kind: 'not-found' };
  }

  /** OCR-1 for one trunk: the team's lists on it, by both caller numbers. */
  private isCallerAllowed(
    teamId: number,
    trunkId: number,
    caller: OutboundCaller,
    presentedNumber: string,
  ): boolean {
    const restrictions = this.directory.callerIdRestrictions;
    if (restrictions === undefined) return true;
    const rules = restrictions.rulesFor({ teamId, trunkId });
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
