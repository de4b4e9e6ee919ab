import type { InboundRouteDecision, InboundRouteRequest } from '../../core/index.ts';
import { ringExtension, type RoutableExtension } from './internal-number-router.ts';

/** The fields of a DID the router reads. */
export interface RoutableDid {
  readonly teamId: number;
  readonly destinationType: string;
  readonly destinationId: number | null;
  readonly status: string;
  /** DID-2: the prompt language of its calls; null or absent = system default. */
  readonly language?: string | null | undefined;
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

/**
 * DID-2 and PR-1: the prompt language of a call that came in on a DID,
 * for IVR, queue and voicemail prompts. Applications see the call's team
 * and the number dialled, which for a call from a trunk is the DID. An
 * internal call gets undefined (the system default) unless its number is
 * also a DID of the team, when it hears what callers of that DID hear.
 * An IVR that sets `LANGUAGE` overrides this for the rest of the call.
 */
export function didPromptLanguage(
  dids: {
    findByNumber(number: string): Pick<RoutableDid, 'teamId' | 'language'> | undefined;
  },
  call: { readonly teamId: number; readonly dialled: string },
): string | undefined {
  const did = dids.findByNumber(call.dialled);
  if (did === undefined || did.teamId !== call.teamId) return undefined;
  return did.language ?? undefined;
}
