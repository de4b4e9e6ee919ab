/*
 * Where an initial INVITE goes (b2bua.ts): a trusted trunk's call through
 * its DID, an extension's call after digest, each routed to extensions
 * (forked), trunks (failover) or a PBX application, or refused.
 */
import type { Destination, ExtensionTarget, TrunkPeer } from '../../core/index.ts';
import { createResponse, isSipUri, type SipRequest } from '../message/index.ts';
import type { ContactTarget, DirectoryEntry } from '../registrar/index.ts';
import type { InviteServerTransaction } from '../transaction/index.ts';
import type { InboundPacket } from '../transport/index.ts';
import type { ActiveCalls, TrackedCall } from './active-calls.ts';
import type { ApplicationCalls } from './application-calls.ts';
import { forwardUnanswered } from './application-handoff.ts';
import type { B2buaContext } from './b2bua-context.ts';
import type { B2buaCall, CallParties } from './b2bua-call.ts';
import type { B2buaDeps } from './b2bua-deps.ts';
import { authenticateInvite } from './invite-authenticator.ts';
import { refuseInvite } from './invite-refusal.ts';
import { parseReplacesValue } from './replaces.ts';
import type { TrunkChannels } from './trunk-channels.ts';
import { matchTrunkInvite } from './trunk-invite.ts';
import type { TrunkPeerMatcher } from './trunk-peer-matcher.ts';

/** What routing an initial INVITE needs from the B2BUA. */
export interface InviteRouting {
  readonly ctx: B2buaContext;
  readonly deps: B2buaDeps;
  readonly peers: TrunkPeerMatcher;
  readonly calls: ActiveCalls;
  readonly trunkChannels: TrunkChannels;
  readonly apps: ApplicationCalls;
  /** Leg A and its call, tracked; undefined (and 500 sent) without a Via. */
  newCall(
    request: SipRequest,
    tx: InviteServerTransaction,
    packet: InboundPacket,
    parties: CallParties,
    contactUser: string,
  ): B2buaCall | undefined;
}

/**
 * An INVITE outside a dialog that passed the B2BUA's checks: it is
 * routed, and the call to extensions or trunks starts, a PBX application
 * takes it, or it is refused.
 */
export async function routeInitialInvite(
  r: InviteRouting,
  request: SipRequest,
  tx: InviteServerTransaction,
  packet: InboundPacket,
  maxForwards: number,
): Promise<void> {
  const uri = request.uri();
  const dialled = uri !== undefined && isSipUri(uri) ? uri.user : undefined;
  // Spec TRK-3: a trunk is known by its address, so its calls are not
  // challenged unless its `insecure` asks for that (D91).
  const trunk = await matchTrunkInvite(r, request, tx, packet);
  if (trunk.kind === 'answered') return;
  if (trunk.kind === 'trunk') return routeTrunkCall(r, request, tx, packet, trunk, maxForwards);
  const caller = authenticateInvite(r.deps, request, tx, packet);
  if (caller === undefined) return;
  const replaces = request.getHeader('Replaces');
  if (replaces !== undefined) return pickUpByReplaces(r, request, tx, packet, caller, replaces);
  if (dialled === undefined) return tx.respond(createResponse(request, 404));
  const decision = r.deps.router.route({
    teamId: caller.teamId,
    callerExtensionId: caller.extensionId,
    callerNumber: caller.number,
    dialled,
  });
  if (decision.kind === 'extensions' || decision.kind === 'trunks') {
    const parties: CallParties = {
      teamId: caller.teamId,
      direction: decision.kind === 'trunks' ? 'outbound' : 'internal',
      domain: caller.realm,
      callerNumber: caller.number,
      calleeNumber: decision.kind === 'trunks' ? dialled : decision.targets[0]!.number,
      callerExtensionId: caller.extensionId,
      calleeExtensionId:
        decision.kind === 'extensions' ? decision.targets[0]!.extensionId : undefined,
    };
    if (decision.kind === 'extensions') {
      return ringExtensions(r, request, tx, packet, parties, decision.targets, maxForwards);
    }
    if (r.calls.countFor(caller.teamId, caller.number) >= r.ctx.options.maxCallsPerExtension) {
      return tx.respond(createResponse(request, 486));
    }
    if (isOverLimit(r, request, tx, parties)) return;
    const call = r.newCall(request, tx, packet, parties, dialled);
    if (call === undefined) return;
    const deps = {
      resolver: r.deps.resolver,
      channels: r.trunkChannels,
      attempts: r.deps.trunkAttempts,
      reachability: r.deps.trunkReachability,
    };
    void call.startTrunks(decision.targets, deps, maxForwards - 1);
    return;
  }
  if (decision.kind === 'application') {
    const parties: CallParties = {
      teamId: caller.teamId,
      direction: 'internal',
      domain: caller.realm,
      callerNumber: caller.number,
      calleeNumber: dialled,
      callerExtensionId: caller.extensionId,
    };
    return startApplication(r, request, tx, packet, parties, decision.destination);
  }
  refuseInvite(r.ctx, request, tx, decision);
}

/** A trunk's call (TRK-3): routed by its DID, in the trunk's team. */
function routeTrunkCall(
  r: InviteRouting,
  request: SipRequest,
  tx: InviteServerTransaction,
  packet: InboundPacket,
  trunk: { readonly peer: TrunkPeer; readonly did: string | undefined },
  maxForwards: number,
): void {
  const { peer, did } = trunk;
  if (did === undefined) return tx.respond(createResponse(request, 404));
  const fromUri = request.from()?.uri;
  const callerNumber =
    fromUri !== undefined && isSipUri(fromUri) ? (fromUri.user ?? 'anonymous') : 'anonymous';
  const decision = r.deps.router.routeInbound({
    trunkId: peer.trunkId,
    trunkTeamId: peer.teamId,
    dialled: did,
    callerNumber,
  });
  if (decision.kind === 'application') {
    const parties: CallParties = {
      teamId: decision.teamId,
      direction: 'inbound',
      domain: decision.domain,
      callerNumber,
      calleeNumber: did,
      trunkId: peer.trunkId,
    };
    return startApplication(r, request, tx, packet, parties, decision.destination);
  }
  if (decision.kind !== 'extensions') return refuseInvite(r.ctx, request, tx, decision);
  const parties: CallParties = {
    teamId: decision.teamId,
    direction: 'inbound',
    domain: decision.domain,
    callerNumber,
    calleeNumber: decision.targets[0]!.number,
    calleeExtensionId: decision.targets[0]!.extensionId,
    trunkId: peer.trunkId,
  };
  ringExtensions(r, request, tx, packet, parties, decision.targets, maxForwards);
}

/**
 * An extension's INVITE with Replaces (RFC 3891): how phones pick up the
 * call a busy lamp shows ringing (D89). The header names leg A of a
 * ringing call of the caller's team as dialog-info gave it (our tag as
 * to-tag, the caller's as from-tag); the INVITE then runs the directed
 * pickup of whom it rings (pickupTarget()), with its pickup scope
 * (EXT-12). No such dialog: 481; nothing of it ringing any more: 486,
 * since only an early dialog is replaced here (§3). A team without a
 * pickup code: 403.
 */
function pickUpByReplaces(
  r: InviteRouting,
  request: SipRequest,
  tx: InviteServerTransaction,
  packet: InboundPacket,
  caller: DirectoryEntry,
  value: string,
): void {
  const replaces = parseReplacesValue(value);
  if (replaces === 'invalid') {
    return tx.respond(createResponse(request, 400, { reason: 'Bad Replaces' }));
  }
  let call: TrackedCall | undefined;
  for (const c of r.calls.values()) {
    const d = c.callerDialog;
    if (c.parties.teamId !== caller.teamId || d === undefined || c.state === 'ended') continue;
    if (d.callId !== replaces.callId) continue;
    // Phones differ on which of dialog-info's tags goes where: either order is this dialog.
    const { toTag, fromTag } = replaces;
    const tags = [d.localTag, d.remoteTag];
    if ((tags[0] === toTag && tags[1] === fromTag) || (tags[0] === fromTag && tags[1] === toTag)) {
      call = c;
    }
  }
  if (call === undefined) return tx.respond(createResponse(request, 481));
  const calleeNumber = pickupTarget(r, request, caller.teamId, call);
  if (calleeNumber === undefined) return tx.respond(createResponse(request, 486));
  const destination = r.deps.router.pickupOf?.(caller.teamId, calleeNumber);
  if (destination === undefined) return tx.respond(createResponse(request, 403));
  const parties: CallParties = {
    teamId: caller.teamId,
    direction: 'internal',
    domain: caller.realm,
    callerNumber: caller.number,
    calleeNumber,
    callerExtensionId: caller.extensionId,
  };
  startApplication(r, request, tx, packet, parties, destination);
}

/**
 * Whose ringing the Replaces of `call`'s caller dialog picks up: the
 * callee of a B2BUA call that still rings; for an application's call (a
 * ring group or queue ringing members, whose lamps show the caller's
 * dialog) the extension the INVITE is addressed to, if a leg of that call
 * rings there. Undefined when nothing of it rings any more.
 */
function pickupTarget(
  r: InviteRouting,
  request: SipRequest,
  teamId: number,
  call: TrackedCall,
): string | undefined {
  if (call.isCallerOnly !== true) {
    return call.state === 'ringing' ? call.parties.calleeNumber : undefined;
  }
  const uri = request.uri();
  const number = uri !== undefined && isSipUri(uri) ? uri.user : undefined;
  const callId = call.callerDialog?.callId;
  if (number === undefined || callId === undefined) return undefined;
  const rings = r.calls
    .dialogsOf(teamId, number)
    .some((d) => d.state === 'early' && d.sipDialog?.callId === callId);
  return rings ? number : undefined;
}

/** A queue, IVR, conference or voicemail number: pbx/ takes the call. */
function startApplication(
  r: InviteRouting,
  request: SipRequest,
  tx: InviteServerTransaction,
  packet: InboundPacket,
  parties: CallParties,
  destination: Destination,
): void {
  if (isOverLimit(r, request, tx, parties)) return;
  const via = r.ctx.viaSource(packet.local.protocol);
  if (via === undefined) return tx.respond(createResponse(request, 500));
  const dialled = parties.calleeNumber;
  r.apps.start({ request, tx, via, parties, dialled, destination });
}

/** Leg B to every registered contact of the target extensions (forking). */
function ringExtensions(
  r: InviteRouting,
  request: SipRequest,
  tx: InviteServerTransaction,
  packet: InboundPacket,
  parties: CallParties,
  targets: readonly ExtensionTarget[],
  maxForwards: number,
): void {
  if (isOverLimit(r, request, tx, parties)) return;
  const limit = r.ctx.options.maxCallsPerExtension;
  const callee = targets[0]!;
  // A ring group rings several: its own failover applies, not theirs.
  const forwards = targets.length === 1 ? callee.onUnavailable : undefined;
  if (
    (parties.direction === 'internal' &&
      r.calls.countFor(parties.teamId, parties.callerNumber) >= limit) ||
    r.calls.countFor(callee.teamId, callee.number) >= limit
  ) {
    if (forwards?.busy !== undefined && r.apps.applications !== undefined) {
      return startApplication(r, request, tx, packet, parties, forwards.busy);
    }
    return tx.respond(createResponse(request, 486));
  }
  const contacts: ContactTarget[] = targets.flatMap((t) =>
    r.deps.registrar.lookup(t.teamId, t.number),
  );
  if (contacts.length === 0) {
    if (forwards?.unreachable !== undefined && r.apps.applications !== undefined) {
      return startApplication(r, request, tx, packet, parties, forwards.unreachable);
    }
    return tx.respond(createResponse(request, 480));
  }
  const call = r.newCall(request, tx, packet, parties, callee.number);
  // EXT-13: one extension's ringback; a ring group has its own (RG-4).
  if (call !== undefined && targets.length === 1) {
    call.ringback = r.deps.ringbackOf?.(callee.teamId, callee.extensionId);
  }
  if (call !== undefined && forwards !== undefined) {
    call.onUnanswered = (reason) => forwardUnanswered(r.apps, call, forwards[reason]);
  }
  void call?.start(contacts, callee.ringTimeoutMs, maxForwards - 1);
}

/**
 * D83: a new call beyond its team's maxConcurrentCalls, or an inbound call
 * beyond its trunk's maxChannels (TRK-5), is refused with 503: no channel
 * is available (Q.850 cause 34, RFC 3398 §7.2.4.1), which lets a carrier
 * try another route. True when it was refused.
 */
function isOverLimit(
  r: InviteRouting,
  request: SipRequest,
  tx: InviteServerTransaction,
  parties: CallParties,
): boolean {
  const limits = r.deps.callLimits;
  if (limits === undefined) return false;
  const { teamId, direction, trunkId } = parties;
  let limit: 'team' | 'trunk' | undefined;
  const teamMax = limits.teamMaxCalls(teamId);
  if (teamMax !== undefined && r.calls.countForTeam(teamId) >= teamMax) limit = 'team';
  else if (direction === 'inbound' && trunkId !== undefined) {
    const trunkMax = limits.trunkMaxChannels(trunkId);
    if (trunkMax !== undefined && r.trunkChannels.count(trunkId) >= trunkMax) limit = 'trunk';
  }
  if (limit === undefined) return false;
  r.ctx.logger.info({ teamId, trunkId, limit }, 'call over its concurrent-call limit, refused');
  tx.respond(
    createResponse(request, 503, {
      headers: [['Reason', `Q.850;cause=34;text="${limit} channel limit reached"`]],
    }),
  );
  return true;
}
