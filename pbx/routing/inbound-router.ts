import type {
  Clock,
  Destination,
  DestinationType,
  ExtensionTarget,
  InboundRouteDecision,
  InboundRouteRequest,
} from '../../core/index.ts';
import { CallerScreen, type CallerListDirectory, type ScreenedExtension } from './caller-screen.ts';
import type { OutboundCallerRule } from './caller-id.ts';
import type { DidDirectory, RoutableDid } from './did-router.ts';
import { ringExtension, type RoutableExtension } from './internal-number-router.ts';
import { isWorkScheduleActive, type WorkSchedule } from './work-hours.ts';

/** A call from a trunk with the caller's number (From user part), if any. */
export interface InboundCall extends InboundRouteRequest {
  readonly callerNumber?: string | undefined;
}

/**
 * Where a call from a trunk leads, including a refusal by the caller lists
 * or an `end` route, which signalling answers with 603 Decline (BL-3).
 */
export type InboundDecision =
  | InboundRouteDecision
  | {
      readonly kind: 'declined';
      readonly reason: 'blacklisted' | 'not-whitelisted' | 'route-end';
    };

/** The fields of an inbound route the router reads (spec 02 §3.6). */
export interface RoutableInboundRoute {
  readonly id: number;
  readonly didId: number | null;
  /** IR-2 `组匹配`: the called number must be in this DID group (DG-2). */
  readonly didGroupId?: number | null | undefined;
  readonly callerPattern: string | null;
  readonly trunkId: number | null;
  readonly workHoursId: number | null;
  readonly destinationType: string;
  readonly destinationId: number | null;
  readonly priority: number;
  readonly status: string;
}

/** A DID group as routing reads it (spec 01 §2.5). */
export interface RoutableDidGroup {
  readonly teamId: number;
  readonly matchType: string;
  readonly entries: readonly string[];
}

/** A team's default traffic (TM-12); absent or null type means none. */
export interface TeamDefaultTraffic {
  readonly defaultTrafficType?: string | null | undefined;
  readonly defaultTrafficTargetId?: number | null | undefined;
}

/** Everything inbound routing reads; ConfigStore fits it as is. */
export interface InboundRouteDirectory
  extends Omit<DidDirectory, 'dids' | 'extensions' | 'teams'>, CallerListDirectory {
  readonly dids: { findByNumber(number: string): (RoutableDid & { id: number }) | undefined };
  readonly teams: {
    find(
      id: number,
    ):
      | ({ readonly uid: string; readonly sipDomain: string | null } & TeamDefaultTraffic)
      | undefined;
  };
  /**
   * DID groups, read at call time (DG-2). Without it no route with a group
   * condition matches.
   */
  readonly didGroups?: { find(id: number): RoutableDidGroup | undefined };
  readonly extensions: {
    find(id: number): (RoutableExtension & ScreenedExtension) | undefined;
    /** The account's extensions, rung by an auto-match route. */
    idsOfAccount(accountId: number): readonly number[];
  };
  readonly inboundRoutes: { list(teamId: number): readonly RoutableInboundRoute[] };
  readonly workHours: { find(id: number): WorkSchedule | undefined };
  /**
   * The team's caller-ID entries on a trunk (spec 02 §3.10), whose
   * blacklist also refuses callers coming in on it (OCR-4). ConfigStore
   * has it; a directory without it screens nothing here.
   */
  readonly callerIdRestrictions?: {
    rulesFor(use: {
      teamId: number;
      trunkId: number;
      trunkGroupId?: number | undefined;
    }): readonly OutboundCallerRule[];
  };
  readonly ringGroups: {
    find(id: number):
      | {
          readonly teamId: number;
          readonly extensionIds: readonly number[];
          readonly strategy?: string;
        }
      | undefined;
  };
}

/** A decision before the team's domain is known: the targets, or why none. */
export type TargetsDecision =
  | Exclude<InboundDecision, { kind: 'extensions' } | { kind: 'application' }>
  | { readonly kind: 'application'; readonly destination: Destination }
  | {
      readonly kind: 'extensions';
      readonly targets: readonly ExtensionTarget[];
    };

/** Inbound destinations run by a PBX application (IR-8). */
const APPLICATION_TYPES: ReadonlySet<string> = new Set([
  'queue',
  'ivr',
  'conference',
  'voicemail',
  'application',
]);

/**
 * Inbound calls from trunks (spec 02 §3.6): the called DID names the team
 * (IR-1), the team's caller lists screen the caller (BL-4), the team's
 * matching route with the largest priority picks the destination (IR-6).
 * With no route (IR-9, A-11) the DID's own extension is rung (DID-3);
 * an unbound DID goes to the team's default traffic (TM-12), the more
 * general setting, and with none of these the call is not routable.
 */
export class InboundRouter {
  private readonly screen: CallerScreen;

  constructor(
    private readonly directory: InboundRouteDirectory,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    this.screen = new CallerScreen(directory);
  }

  route(call: InboundCall): InboundDecision {
    const did = this.directory.dids.findByNumber(call.dialled);
    if (did === undefined || did.status !== 'enabled') return { kind: 'not-found' };
    // TRK-1: a team's trunk cannot reach another team's DIDs.
    if (call.trunkTeamId !== undefined && call.trunkTeamId !== did.teamId) {
      return { kind: 'not-found' };
    }
    const team = this.directory.teams.find(did.teamId);
    if (team === undefined) return { kind: 'not-found' };
    const teamVerdict = this.screen.screenTeam(did.teamId, call.callerNumber);
    if (teamVerdict !== 'allowed') return { kind: 'declined', reason: teamVerdict };
    if (this.isBlacklistedOnTrunk(did.teamId, call))
      return { kind: 'declined', reason: 'blacklisted' };
    const route = this.selectRoute(did, call);
    const decision =
      route !== undefined
        ? this.ringDestination(did.teamId, route.destinationType, route.destinationId)
        : this.unroutedDestination(did, team);
    if (decision.kind === 'application') {
      const domain = team.sipDomain ?? team.uid;
      return { kind: 'application', teamId: did.teamId, domain, destination: decision.destination };
    }
    if (decision.kind !== 'extensions') return decision;
    const screened = this.screenTargets(did.teamId, call.callerNumber, decision.targets);
    if (screened.kind !== 'extensions') return screened;
    // The team's realm (its SIP domain, else its uid) names it in From and To.
    return { ...screened, teamId: did.teamId, domain: team.sipDomain ?? team.uid };
  }

  /**
   * OCR-4 (A-15: listed numbers "cannot dial out or in"): a number on the
   * team's enabled blacklist of the trunk the call came in on is refused.
   * Whitelists stay outbound only: they list the extensions allowed to
   * use a trunk, and applied inbound they would refuse every outside caller.
   */
  private isBlacklistedOnTrunk(teamId: number, call: InboundCall): boolean {
    const caller = call.callerNumber;
    const restrictions = this.directory.callerIdRestrictions;
    if (caller === undefined || caller === '' || restrictions === undefined) return false;
    return restrictions
      .rulesFor({ teamId, trunkId: call.trunkId })
      .some(
        (rule) =>
          rule.restrictionType === 'blacklist' &&
          rule.trunkId === call.trunkId &&
          rule.number === caller,
      );
  }

  /** IR-2…IR-6: the enabled matching route of largest priority, then lowest id. */
  private selectRoute(
    did: RoutableDid & { id: number },
    call: InboundCall,
  ): RoutableInboundRoute | undefined {
    const at = new Date(this.clock.now());
    const matching = this.directory.inboundRoutes
      .list(did.teamId)
      .filter((r) => r.status === 'enabled')
      .filter((r) => r.didId === null || r.didId === did.id)
      .filter((r) => r.didGroupId == null || this.isInGroup(r.didGroupId, did.teamId, call.dialled))
      // IR-3 and A-9: the caller condition is an exact match.
      .filter((r) => isBlank(r.callerPattern) || r.callerPattern === call.callerNumber)
      .filter((r) => r.trunkId === null || r.trunkId === call.trunkId)
      .filter((r) => r.workHoursId === null || this.isInHours(r.workHoursId, at));
    matching.sort((a, b) => b.priority - a.priority || a.id - b.id);
    return matching[0];
  }

  /**
   * DG-1, DG-2: membership is read now, so a group edited after the route
   * was saved counts as it is. A group of another team never matches.
   */
  private isInGroup(groupId: number, teamId: number, calledNumber: string): boolean {
    const group = this.directory.didGroups?.find(groupId);
    if (group === undefined || group.teamId !== teamId) return false;
    return group.matchType === 'prefix'
      ? group.entries.some((entry) => calledNumber.startsWith(entry))
      : group.entries.includes(calledNumber);
  }

  /**
   * IR-9 with no matching route: the DID's bound extension (DID-3), else
   * the team's default traffic (TM-12). A bound DID whose extension cannot
   * take the call does not fall through to the team default: the
   * extension's own forwards and voicemail handle that.
   */
  private unroutedDestination(did: RoutableDid, team: TeamDefaultTraffic): TargetsDecision {
    if (did.destinationId !== null) {
      return this.ringDestination(did.teamId, did.destinationType, did.destinationId);
    }
    const type = team.defaultTrafficType;
    if (type == null) return { kind: 'unavailable', reason: 'not-routable' };
    return this.ringDestination(did.teamId, type, team.defaultTrafficTargetId ?? null);
  }

  /** IR-5: a missing schedule is never in force, like a disabled one (P-2). */
  private isInHours(workHoursId: number, at: Date): boolean {
    const schedule = this.directory.workHours.find(workHoursId);
    return schedule !== undefined && isWorkScheduleActive(schedule, at);
  }

  /**
   * IR-8: `end` hangs up, an extension rings, a queue, IVR, room, mailbox
   * or application goes to its PBX application, an account (auto-match,
   * A-10) rings all its extensions at once, a ring group with the ringall
   * strategy rings its members in parallel right here (each screened,
   * BL-1) and one with another strategy goes to the ring group
   * application, which hunts through them.
   */
  private ringDestination(teamId: number, type: string, id: number | null): TargetsDecision {
    if (type === 'end') return { kind: 'declined', reason: 'route-end' };
    if (id === null) return { kind: 'unavailable', reason: 'not-routable' };
    if (type === 'extension') return ringExtension(this.directory.extensions.find(id), teamId);
    if (APPLICATION_TYPES.has(type)) {
      return { kind: 'application', destination: { type: type as DestinationType, targetId: id } };
    }
    if (type === 'account') return this.ringAll(teamId, this.directory.extensions.idsOfAccount(id));
    if (type !== 'ringGroup') return { kind: 'unavailable', reason: 'not-routable' };
    const group = this.directory.ringGroups.find(id);
    if (group === undefined || group.teamId !== teamId) return { kind: 'not-found' };
    if (group.strategy !== undefined && group.strategy !== 'ringall') {
      return { kind: 'application', destination: { type, targetId: id } };
    }
    return this.ringAll(teamId, group.extensionIds);
  }

  /** Every ringable extension of `extensionIds` at once; unavailable when none is. */
  private ringAll(teamId: number, extensionIds: readonly number[]): TargetsDecision {
    const targets = extensionIds.flatMap((extensionId) => {
      const decision = ringExtension(this.directory.extensions.find(extensionId), teamId);
      return decision.kind === 'extensions' ? decision.targets : [];
    });
    if (targets.length === 0) return { kind: 'unavailable', reason: 'not-routable' };
    return { kind: 'extensions', targets };
  }

  /** BL-1, WL-1 at account and extension scope: drop the refused targets. */
  private screenTargets(
    teamId: number,
    callerNumber: string | undefined,
    targets: readonly ExtensionTarget[],
  ): ScreenedTargets {
    return screenExtensionTargets(this.screen, this.directory, teamId, callerNumber, targets);
  }
}

/** What screening leaves: the targets the caller may ring, or a refusal. */
export type ScreenedTargets = Extract<TargetsDecision, { kind: 'extensions' | 'declined' }>;

/**
 * The targets the caller may ring; declined when the lists refuse them
 * all. Shared with internal calls, which are screened the same way.
 */
export function screenExtensionTargets(
  screen: CallerScreen,
  directory: { readonly extensions: { find(id: number): ScreenedExtension | undefined } },
  teamId: number,
  callerNumber: string | undefined,
  targets: readonly ExtensionTarget[],
): ScreenedTargets {
  let refusal: 'blacklisted' | 'not-whitelisted' = 'blacklisted';
  const allowed = targets.filter((target) => {
    const extension = directory.extensions.find(target.extensionId);
    if (extension === undefined) return false;
    const verdict = screen.screenExtension(teamId, callerNumber, extension);
    if (verdict !== 'allowed') refusal = verdict;
    return verdict === 'allowed';
  });
  if (allowed.length === 0) return { kind: 'declined', reason: refusal };
  return { kind: 'extensions', targets: allowed };
}

function isBlank(value: string | null): boolean {
  return value === null || value.trim() === '';
}
