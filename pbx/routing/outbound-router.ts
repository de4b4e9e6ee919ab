import type { RouteDecision, RouteRequest, TrunkTarget } from '../../core/index.ts';
import { outboundCallerId, type ExtensionCli, type TrunkCli } from './caller-id.ts';

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
}

/**
 * Outbound routing (spec §3.7): the team's routes matching the dialled
 * number, longest prefix first (OR-2), each rewritten by strip and prepend
 * (OR-3) into a trunk to try; the B2BUA tries them in order (failover).
 * Disabled trunks are skipped.
 */
export class OutboundRouter {
  constructor(private readonly directory: OutboundDirectory) {}

  route(request: RouteRequest): RouteDecision {
    const caller = this.directory.extensions.find(request.callerExtensionId);
    if (caller === undefined) return { kind: 'not-found' };
    if (!caller.allowOutbound) return { kind: 'forbidden' };
    const targets: TrunkTarget[] = [];
    for (const route of this.directory.outboundRoutes.findCandidates(
      request.teamId,
      request.dialled,
    )) {
      const number = route.prepend + request.dialled.slice(route.stripDigits);
      const trunk = this.directory.trunks.find(route.trunkId);
      if (number === '' || trunk === undefined || trunk.status !== 'enabled') continue;
      targets.push(this.target(trunk, number, caller));
    }
    return targets.length === 0 ? { kind: 'not-found' } : { kind: 'trunks', targets };
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
      credentials:
        trunk.username === null || secret === null
          ? undefined
          : { username: trunk.username, password: secret },
    };
  }
}
