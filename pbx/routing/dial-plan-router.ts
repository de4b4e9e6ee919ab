import type {
  CallRouter,
  InboundRouteDecision,
  InboundRouteRequest,
  RouteDecision,
  RouteRequest,
  TrunkPeer,
} from '../../core/index.ts';
import { DidRouter, type DidDirectory } from './did-router.ts';
import {
  InternalNumberRouter,
  type InternalNumberDirectory,
  type RoutableExtension,
} from './internal-number-router.ts';
import { OutboundRouter, type OutboundCaller, type OutboundDirectory } from './outbound-router.ts';

/** The fields of a trunk peer matching reads. */
export interface PeerTrunk {
  readonly id: number;
  readonly teamId: number | null;
  readonly type: string;
  readonly host: string;
  readonly status: string;
}

/** Everything the dial plan reads; ConfigStore fits it as is. */
export interface DialPlanDirectory
  extends
    Omit<InternalNumberDirectory, 'extensions'>,
    Omit<OutboundDirectory, 'extensions' | 'trunks'>,
    Omit<DidDirectory, 'extensions'> {
  readonly extensions: { find(id: number): (RoutableExtension & OutboundCaller) | undefined };
  readonly trunks: OutboundDirectory['trunks'] & { list(): readonly PeerTrunk[] };
}

/**
 * The switch's dial plan: an internal number of the caller's team first
 * (IN-2), then the team's outbound routes (spec §3.7); calls from trusted
 * trunks go by DID (spec §2.6).
 */
export class DialPlanRouter implements CallRouter {
  private readonly internal: InternalNumberRouter;
  private readonly outbound: OutboundRouter;
  private readonly inbound: DidRouter;

  constructor(private readonly directory: DialPlanDirectory) {
    this.internal = new InternalNumberRouter(directory);
    this.outbound = new OutboundRouter(directory);
    this.inbound = new DidRouter(directory);
  }

  route(request: RouteRequest): RouteDecision {
    const internal = this.internal.route(request);
    return internal.kind === 'not-found' ? this.outbound.route(request) : internal;
  }

  /** Enabled ipPeer trunks: only these are trusted by address (TRK-3). */
  trunkPeers(): TrunkPeer[] {
    return this.directory.trunks
      .list()
      .filter((t) => t.type === 'ipPeer' && t.status === 'enabled')
      .map((t) => ({ trunkId: t.id, teamId: t.teamId ?? undefined, host: t.host }));
  }

  routeInbound(request: InboundRouteRequest): InboundRouteDecision {
    return this.inbound.route(request);
  }
}
