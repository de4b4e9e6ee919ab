import type { InboundRouteDecision, InboundRouteRequest } from '../../core/index.ts';
import { ringExtension, type RoutableExtension } from './internal-number-router.ts';

/** The fields of a DID the router reads. */
export interface RoutableDid {
  readonly teamId: number;
  readonly destinationType: string;
  readonly destinationId: number | null;
  readonly status: string;
}

/** The part of the config store DID routing reads; ConfigStore fits it. */
export interface DidDirectory {
  readonly dids: { findByNumber(number: string): RoutableDid | undefined };
  readonly extensions: { find(id: number): RoutableExtension | undefined };
  readonly teams: {
    find(id: number): { readonly uid: string; readonly sipDomain: string | null } | undefined;
  };
}

/**
 * Inbound calls from trunks (spec §2.6): the called number is a DID, unique
 * across teams (DID-1), and its destination extension is rung. A trunk of
 * one team cannot reach another team's DIDs (TRK-1); a system-wide trunk
 * reaches any.
 */
export class DidRouter {
  constructor(private readonly directory: DidDirectory) {}

  route(request: InboundRouteRequest): InboundRouteDecision {
    const did = this.directory.dids.findByNumber(request.dialled);
    if (did === undefined || did.status !== 'enabled') return { kind: 'not-found' };
    if (request.trunkTeamId !== undefined && request.trunkTeamId !== did.teamId) {
      return { kind: 'not-found' };
    }
    const team = this.directory.teams.find(did.teamId);
    if (team === undefined) return { kind: 'not-found' };
    if (did.destinationType !== 'extension' || did.destinationId === null) {
      return { kind: 'unavailable', reason: 'not-routable' };
    }
    const decision = ringExtension(this.directory.extensions.find(did.destinationId), did.teamId);
    if (decision.kind !== 'extensions') return decision;
    // The team's realm (its SIP domain, else its uid) names it in From and To.
    const domain = team.sipDomain ?? team.uid;
    return { kind: 'extensions', teamId: did.teamId, domain, targets: decision.targets };
  }
}
