import { SystemClock } from '../../core/index.ts';
import type {
  AgentPresence,
  CallRouter,
  Clock,
  Destination,
  ExtensionTarget,
  InboundRouteDecision,
  InboundRouteRequest,
  RouteDecision,
  RouteRequest,
  TrunkPeer,
} from '../../core/index.ts';
import { CallerScreen } from './caller-screen.ts';
import type { CreditedTeam } from './credit-gate.ts';
import {
  InboundRouter,
  screenExtensionTargets,
  type InboundCall,
  type InboundDecision,
  type InboundRouteDirectory,
} from './inbound-router.ts';
import {
  InternalNumberRouter,
  externalExtensionDestination,
  type InternalNumberDirectory,
  type RoutableExtension,
} from './internal-number-router.ts';
import type { ScreenedExtension } from './caller-screen.ts';
import { CallForwarding, MAX_FORWARD_HOPS, type ForwardingExtension } from './call-forwarding.ts';
import type { AgentOutboundGate } from './agent-outbound-gate.ts';
import { OutboundRouter, type OutboundCaller, type OutboundDirectory } from './outbound-router.ts';
import { interTeamNumber, type DiallableTeam } from './inter-team-dialling.ts';
import { cascadePeerHost } from './cascade-trunk.ts';

/** The fields of a trunk peer matching reads. */
export interface PeerTrunk {
  readonly id: number;
  readonly teamId: number | null;
  readonly type: string;
  readonly host: string;
  readonly status: string;
  readonly port: number;
  readonly username: string | null;
  /** TRK-12: a cascaded Switchyard, trusted from `cascadeHost`. */
  readonly cascade?: boolean;
  readonly cascadeHost?: string | null;
}

/** Everything the dial plan reads; ConfigStore fits it as is. */
export interface DialPlanDirectory
  extends
    Omit<InternalNumberDirectory, 'extensions'>,
    Omit<OutboundDirectory, 'extensions' | 'trunks' | 'teams'>,
    Omit<InboundRouteDirectory, 'extensions'> {
  readonly extensions: {
    find(
      id: number,
    ): (RoutableExtension & OutboundCaller & ScreenedExtension & ForwardingExtension) | undefined;
    idsOfAccount(accountId: number): readonly number[];
  };
  readonly voicemailBoxes: { findByExtension(extensionId: number): { id: number } | undefined };
  readonly trunks: OutboundDirectory['trunks'] & {
    list(): readonly PeerTrunk[];
    /** The template's keys overlaid by the trunk's (T-1): `insecure` is read (D91). */
    effectiveConfig?(id: number): { readonly values: Readonly<Record<string, string>> };
  };
  readonly teams: {
    find(id: number):
      | (CreditedTeam & {
          readonly uid: string;
          readonly sipDomain: string | null;
          /** TM-3: false refuses extension-to-extension calls in the team. */
          readonly internalCallsAllowed?: boolean;
          /** TM-5: the team's default outbound trunk or trunk group. */
          readonly outboundTargetType?: string;
          readonly outboundTargetId?: number | null;
        })
      | undefined;
    /** Every team with its inter-team prefix (TM-4); without it, none. */
    list?(): readonly DiallableTeam[];
  };
}

/**
 * The switch's dial plan: an internal number of the caller's team first
 * (IN-2, refused when the team forbids internal calls, TM-3), then another
 * team's extension behind its inter-team prefix (TM-4), then the team's
 * outbound routes (spec §3.7); calls from trusted trunks go by the team's
 * inbound routes, then by DID (spec 02 §3.6). The callee team's caller
 * lists screen both internal and trunk calls (BL-1, WL-1).
 */
export class DialPlanRouter implements CallRouter {
  private readonly internal: InternalNumberRouter;
  private readonly outbound: OutboundRouter;
  private readonly inbound: InboundRouter;
  private readonly screen: CallerScreen;
  private readonly forwarding: CallForwarding;

  constructor(
    private readonly directory: DialPlanDirectory,
    clock: Pick<Clock, 'now'> = new SystemClock(),
    options: {
      readonly agentGate?: AgentOutboundGate | undefined;
      /** Signed-in agents, named on cascade trunks (TRK-12). */
      readonly presence?: Pick<AgentPresence, 'sessionAtPhone'> | undefined;
    } = {},
  ) {
    this.internal = new InternalNumberRouter(directory);
    this.outbound = new OutboundRouter(directory, undefined, options.agentGate, options.presence);
    this.inbound = new InboundRouter(directory, clock);
    this.screen = new CallerScreen(directory);
    this.forwarding = new CallForwarding(directory);
  }

  /**
   * A refusal by the caller lists is 403 until the port has a decline
   * decision for 603 (BL-3).
   */
  route(request: RouteRequest): RouteDecision {
    return this.#route(request, 0);
  }

  pickupOf(teamId: number, number: string): Destination | undefined {
    return this.internal.pickupOf(teamId, number);
  }

  /**
   * An extension forwarding every call re-routes the call as if it had
   * dialled the number itself, keeping the caller's number, for at most
   * MAX_FORWARD_HOPS hops; past that the extension reached rings.
   */
  #route(request: RouteRequest, hops: number): RouteDecision {
    const internal = this.internal.route(request);
    if (internal.kind === 'not-found') {
      const other = this.#interTeam(request);
      if (other === undefined) return this.outbound.route(request);
      return this.#ring(request, other.teamId, other.targets, hops);
    }
    if (internal.kind !== 'extensions') return internal;
    // TM-3: the team may forbid its extensions to call each other; the
    // scope for queues, ring groups and IVRs is open (A1-4), so only
    // extension numbers are refused.
    if (this.directory.teams.find(request.teamId)?.internalCallsAllowed === false) {
      return { kind: 'forbidden' };
    }
    return this.#ring(request, request.teamId, internal.targets, hops);
  }

  /**
   * TM-4: an extension of another team, dialled with that team's prefix.
   * Only extensions are reached this way: an application runs in its own
   * team's context, which the port cannot yet carry across teams.
   */
  #interTeam(
    request: RouteRequest,
  ): { teamId: number; targets: readonly ExtensionTarget[] } | undefined {
    const teams = this.directory.teams.list?.() ?? [];
    const other = interTeamNumber(teams, request.teamId, request.dialled);
    if (other === undefined) return undefined;
    const decision = this.internal.route({
      ...request,
      teamId: other.teamId,
      dialled: other.number,
    });
    return decision.kind === 'extensions'
      ? { teamId: other.teamId, targets: decision.targets }
      : undefined;
  }

  /** Rings extensions of `teamId`, after its forwards and its caller lists. */
  #ring(
    request: RouteRequest,
    teamId: number,
    targets: readonly ExtensionTarget[],
    hops: number,
  ): RouteDecision {
    const target = targets[0];
    const forwardTo =
      target === undefined ? undefined : this.forwarding.alwaysTo(target.extensionId);
    if (target !== undefined && forwardTo !== undefined && hops < MAX_FORWARD_HOPS) {
      const forwarded = {
        ...request,
        teamId,
        callerExtensionId: target.extensionId,
        dialled: forwardTo,
      };
      return this.#route(forwarded, hops + 1);
    }
    if (this.screen.screenTeam(teamId, request.callerNumber) !== 'allowed') {
      return { kind: 'forbidden' };
    }
    const screened = screenExtensionTargets(
      this.screen,
      this.directory,
      teamId,
      request.callerNumber,
      targets,
    );
    if (screened.kind !== 'extensions') return { kind: 'forbidden' };
    return {
      kind: 'extensions',
      targets: screened.targets.map((t) => this.forwarding.withUnavailable(t)),
    };
  }

  /**
   * Enabled trunks whose calls we take by their source address (TRK-3):
   * ipPeer trunks, registration trunks (their carrier's host, told apart
   * by the username we registered), and cascade trunks by their cascade
   * host (TRK-12). A trunk's `insecure` says how strictly (T-2, D91).
   */
  trunkPeers(): TrunkPeer[] {
    return this.directory.trunks.list().flatMap((t) => {
      if (t.status !== 'enabled' || t.host === '') return [];
      const isRegistration = t.type === 'registration' && t.username !== null;
      if (t.type !== 'ipPeer' && t.cascade !== true && !isRegistration) return [];
      return [
        {
          trunkId: t.id,
          teamId: t.teamId ?? undefined,
          host: t.cascade === true ? cascadePeerHost(t) : t.host,
          ...(isRegistration ? { username: t.username! } : {}),
          ...this.#insecurity(t),
        },
      ];
    });
  }

  /**
   * Asterisk's `insecure` of a trunk (T-2): without `port` its calls must
   * come from its port as well as its host; without `invite` they must
   * carry its credentials, when it has a secret to check them against.
   * `very` is the old spelling of both. A trunk without the key is strict,
   * as in Asterisk; the default SIP trunk template has `port,invite`.
   */
  #insecurity(t: PeerTrunk): Pick<TrunkPeer, 'port' | 'credentials'> {
    const config = this.directory.trunks.effectiveConfig?.(t.id);
    if (config === undefined) return {};
    const words = (config.values['insecure'] ?? '')
      .toLowerCase()
      .split(',')
      .map((w) => w.trim());
    const isVery = words.includes('very');
    const out: { port?: number; credentials?: { username: string; password: string } } = {};
    if (!isVery && !words.includes('port')) out.port = t.port;
    if (!isVery && !words.includes('invite') && t.username !== null) {
      const password = this.directory.trunks.getSecret(t.id);
      if (password !== null && password !== '')
        out.credentials = { username: t.username, password };
    }
    return out;
  }

  /**
   * The port carries neither the caller's number nor a decline decision
   * yet, so caller conditions see no number and a refusal is 480.
   */
  routeInbound(request: InboundRouteRequest): InboundRouteDecision {
    return this.#forwardInbound(this.#cascade(request) ?? this.inbound.route(request));
  }

  /** The full inbound decision, with the caller's number and 603 refusals. */
  routeInboundCall(call: InboundCall): InboundDecision {
    return this.#forwardInbound(this.#cascade(call) ?? this.inbound.route(call));
  }

  /**
   * TRK-12: a call over a cascade trunk of a team is an internal call of
   * that team: the dialled number is an internal number (an extension,
   * queue, IVR, …), never a DID, and the caller's lists still screen it.
   * Feature codes and parking stay with the team's own phones, and so do
   * outbound routes: the cascaded caller has no extension here. Undefined
   * for any other trunk.
   */
  #cascade(call: InboundCall): InboundDecision | undefined {
    const trunk = this.directory.trunks.find(call.trunkId);
    const teamId = call.trunkTeamId;
    if (trunk?.cascade !== true || teamId === undefined) return undefined;
    const team = this.directory.teams.find(teamId);
    if (team === undefined) return { kind: 'not-found' };
    const domain = team.sipDomain ?? team.uid;
    if (this.directory.internalNumbers.lookup(teamId, call.dialled) === undefined) {
      return { kind: 'not-found' };
    }
    const decision = this.internal.route({
      teamId,
      callerExtensionId: 0,
      callerNumber: call.callerNumber ?? 'anonymous',
      dialled: call.dialled,
    });
    if (decision.kind === 'application') {
      return { kind: 'application', teamId, domain, destination: decision.destination };
    }
    if (decision.kind !== 'extensions') return decision;
    const verdict = this.screen.screenTeam(teamId, call.callerNumber);
    if (verdict !== 'allowed') return { kind: 'declined', reason: verdict };
    const screened = screenExtensionTargets(
      this.screen,
      this.directory,
      teamId,
      call.callerNumber,
      decision.targets,
    );
    return screened.kind === 'extensions' ? { ...screened, teamId, domain } : screened;
  }

  /**
   * A trunk call reaching an extension follows its forwards too: an
   * unconditional forward becomes the destination that dials the number
   * (an application, since the trunk caller has no outbound routes of its
   * own), and the other forwards ride on the targets.
   */
  #forwardInbound<D extends InboundDecision>(decision: D): D {
    if (decision.kind !== 'extensions') return decision;
    const target = decision.targets.length === 1 ? decision.targets[0] : undefined;
    const forwardTo =
      target === undefined ? undefined : this.forwarding.alwaysTo(target.extensionId);
    const ext =
      target === undefined ? undefined : this.directory.extensions.find(target.extensionId);
    if (forwardTo !== undefined && ext !== undefined) {
      const destination = this.forwarding.destinationOf(ext, forwardTo);
      return {
        kind: 'application',
        teamId: decision.teamId,
        domain: decision.domain,
        destination,
      } as D;
    }
    // EXT-15: a DID or inbound route to an external extension dials its
    // external number out, as a direct call to it does (D40, D48).
    if (ext?.deviceType === 'external') {
      const external = externalExtensionDestination(this.directory, ext);
      if (external === undefined) return { kind: 'unavailable', reason: 'not-routable' } as D;
      return {
        kind: 'application',
        teamId: decision.teamId,
        domain: decision.domain,
        destination: external,
      } as D;
    }
    return {
      ...decision,
      targets: decision.targets.map((t) => this.forwarding.withUnavailable(t)),
    };
  }
}
