import type {
  ForbiddenReason,
  CallApplications,
  CallLeg,
  CallOriginator,
  CallRecorder,
  CallRouter,
  Destination,
  ExtensionTarget,
  MediaPlaySource,
  RingingCalls,
} from '../../core/index.ts';
import { createResponse, isSipUri, type SipRequest } from '../message/index.ts';
import { dialogKey } from '../dialog/index.ts';
import type { ContactTarget, Registrar } from '../registrar/index.ts';
import { InviteServerTransaction, type ServerTransaction } from '../transaction/index.ts';
import type { InboundPacket, TargetResolver } from '../transport/index.ts';
import type { UserAgentCore } from '../user-agent/index.ts';
import { ActiveCalls, extensionKeys, type TrackedCall } from './active-calls.ts';
import { ApplicationCalls } from './application-calls.ts';
import { BlfSubscriptions, type MailboxCounts } from './blf-subscriptions.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import { B2buaCall, type CallParties } from './b2bua-call.ts';
import { hotkeysFor, type HotkeyCodesOf, type HotkeyPolicy } from './b2bua-hotkeys.ts';
import type { CallHotkeys } from './call-hotkeys.ts';
import { callEnd } from './call-outcome.ts';
import { InboundLeg } from './inbound-leg.ts';
import { authenticateInvite, type InviteAuthDeps } from './invite-authenticator.ts';
import { receiveRefer, type ReferDeps } from './refer-handler.ts';
import type { ReferSubscription } from './refer-subscription.ts';
import { MIN_SESSION_EXPIRES_S, parseSessionExpires } from './session-timer.ts';
import { receiveInfo, type InfoDeps, type InfoDtmfParser } from './info-dtmf.ts';
import { SipCallLeg, type DialogEntry, type DialogOwner } from './sip-call-leg.ts';
import type { SipDialogLeg } from './sip-dialog-leg.ts';
import type { TrunkAttempts } from './trunk-attempts.ts';
import { TrunkChannels } from './trunk-channels.ts';
import { TrunkPeerMatcher } from './trunk-peer-matcher.ts';

/** The 403 reason phrase per refusal the phone should show (TM-7, GRP-4, GRP-5, 5.3 (c) 4). */
const FORBIDDEN_PHRASES: Readonly<Record<ForbiddenReason, string>> = {
  'credit-limit': 'Credit Limit Reached',
  'agent-inbound-only': 'Agent Works Inbound Only',
  'agent-restricted': 'Number Not In Agent Contacts',
  'no-rate': 'No Rate For Number',
};

/** What the B2BUA needs besides its context. */
export interface B2buaDeps extends InviteAuthDeps {
  readonly ua: UserAgentCore;
  readonly registrar: Pick<Registrar, 'lookup'>;
  readonly router: CallRouter;
  /** Locates trunk hosts (RFC 3263) for calls out and for trusting calls in. */
  readonly resolver: Pick<TargetResolver, 'resolve'>;
  /** Receives each call's start, answer and end, for its CDR (spec 01 §2.8). */
  readonly recorder?: CallRecorder | undefined;
  /**
   * Builds what runs queues, IVRs, conferences and voicemail, given the
   * originator for the legs they place; without it those calls get 480.
   */
  readonly applications?:
    ((originator: CallOriginator, ringing: RingingCalls) => CallApplications) | undefined;
  /**
   * Wraps the originator of every leg placed for a call (applications,
   * hotkey consults and transfers, click-to-call), e.g. to write each
   * leg's CDR row (CDR-1); the bare originator when absent.
   */
  readonly placedLegs?: ((originator: CallOriginator) => CallOriginator) | undefined;
  /** Voicemail counts for message-summary subscriptions (RFC 3842); none served without it. */
  readonly mailboxOf?:
    ((teamId: number, number: string) => Promise<MailboxCounts | undefined>) | undefined;
  /** A team's SIP domain, for legs the applications place to its extensions. */
  readonly domainOf?: ((teamId: number) => string | undefined) | undefined;
  /** The feature codes in force for a team; in-call hotkeys need it and media (D31). */
  readonly hotkeysOf?: HotkeyCodesOf | undefined;
  /** GRP-9: who may consult or transfer whom with a hotkey; everyone when absent. */
  readonly hotkeyPolicy?: HotkeyPolicy | undefined;
  /**
   * Hold hotkey keys back from the other party (D44). Off by default: a
   * gated leg cannot move to the native relay, which forwards events itself.
   */
  readonly swallowHotkeyDigits?: boolean | undefined;
  /** Reads DTMF in INFO bodies; without it INFO gets the user agent's 405. */
  readonly infoDtmf?: InfoDtmfParser | undefined;
  /**
   * EXT-13: what a caller hears while the extension rings, as early media
   * (needs media); without it, or when it gives nothing, the 180 is relayed.
   */
  readonly ringbackOf?:
    ((teamId: number, extensionId: number) => MediaPlaySource | undefined) | undefined;
  /** Trunks' extra INVITE headers and failure count (TRK-11, TRK-13). */
  readonly trunkAttempts?: TrunkAttempts | undefined;
}

/**
 * The back-to-back user agent: it takes the caller's INVITE as a UAS (leg
 * A) and places its own INVITE as a UAC (leg B) to each registered contact
 * of the callee, or to a trunk (RFC 3261 §13, §12, §9, §15). Extensions
 * authenticate with digest; ipPeer trunks are trusted by source address
 * and reach extensions through DIDs. It handles INVITE, CANCEL and BYE in
 * the UA core, and the ACKs of 2xx, and routes in-dialog requests to their
 * call by dialog id.
 */
export class B2bua {
  readonly calls = new ActiveCalls();
  /** Channels in use per trunk, for maxChannels. */
  readonly trunkChannels = new TrunkChannels();
  private readonly peers: TrunkPeerMatcher;
  private readonly dialogs = new Map<string, DialogEntry>();
  private readonly pending = new Map<InviteServerTransaction, { cancelByCaller(): void }>();
  private readonly apps: ApplicationCalls;
  /** `apps` as the originator of placed legs, wrapped by deps.placedLegs. */
  private readonly placing: CallOriginator;
  /** Busy lamp fields: watchers of extensions' calls (RFC 4235). */
  readonly blf: BlfSubscriptions;
  /** Hotkeys of answered calls by call id, for the media plane's digits. */
  private readonly hotkeyCalls = new Map<string, CallHotkeys>();

  constructor(
    private readonly ctx: B2buaContext,
    private readonly deps: B2buaDeps,
  ) {
    this.peers = new TrunkPeerMatcher(deps.resolver, ctx.clock);
    this.apps = new ApplicationCalls(ctx, {
      recorder: deps.recorder,
      calls: this.calls,
      resolver: deps.resolver,
      channels: this.trunkChannels,
      attempts: deps.trunkAttempts,
      domainOf: (teamId) => deps.domainOf?.(teamId),
      lookup: (teamId, number) => deps.registrar.lookup(teamId, number),
      registerDialog: (owner, leg) => this.registerDialog(owner, leg),
      trackInvite: (tx, target) => {
        this.pending.set(tx, target);
        tx.once('terminated', () => this.pending.delete(tx));
      },
    });
    this.placing = deps.placedLegs?.(this.apps) ?? this.apps;
    this.apps.applications = deps.applications?.(this.placing, {
      pickUp: (teamId, numbers) => this.pickUp(teamId, numbers),
    });
    deps.ua.handle('INVITE', (req, tx, packet) => this.receiveInvite(req, tx, packet));
    deps.ua.handle('CANCEL', (req, tx) => this.receiveCancel(req, tx));
    deps.ua.handle('BYE', (req, tx) => this.receiveBye(req, tx));
    deps.ua.handle('UPDATE', (req, tx) => this.receiveUpdate(req, tx));
    const refer: ReferDeps = {
      ctx,
      router: deps.router,
      registrar: deps.registrar,
      findDialog: (request) => this.findDialog(request),
      dialogByKey: (key) => this.dialogs.get(key),
      toApplication: (call, destination, subscription) =>
        this.transferToApplication(call, destination, subscription),
    };
    deps.ua.handle('REFER', (req, tx) => receiveRefer(refer, req, tx));
    this.blf = new BlfSubscriptions(ctx, {
      directory: deps.directory,
      digest: deps.digest,
      rejects: deps.rejects,
      dialogsOf: (teamId, number) => this.calls.dialogsOf(teamId, number),
      mailboxOf: deps.mailboxOf,
    });
    deps.ua.handle('SUBSCRIBE', (req, tx, packet) => this.blf.receive(req, tx, packet));
    const parse = deps.infoDtmf;
    if (parse !== undefined) {
      const info: InfoDeps = {
        ctx,
        parse,
        findDialog: (request) => this.findDialog(request),
        digit: (entry, digit, durationMs) => this.infoDigit(entry, digit, durationMs),
      };
      deps.ua.handle('INFO', (req, tx) => receiveInfo(info, req, tx));
    }
    if (deps.hotkeysOf !== undefined) {
      ctx.media?.on('dtmf', (d) => this.hotkeyCalls.get(d.ref.callId)?.digit(d.ref.legId, d.digit));
    }
    deps.ua.on('ack', (ack) => {
      const entry = this.findDialog(ack);
      entry?.call.receiveAck(entry.leg, ack);
    });
  }

  /** Places legs for pbx/ applications (queues, ring groups, …). */
  get originator(): CallOriginator {
    return this.placing;
  }

  /** Live dialogs, for tests and metrics. */
  get dialogCount(): number {
    return this.dialogs.size;
  }

  private receiveInvite(request: SipRequest, tx: ServerTransaction, packet: InboundPacket): void {
    if (!(tx instanceof InviteServerTransaction)) return;
    if (request.toTag() !== undefined) {
      const entry = this.findDialog(request);
      // §12.2.2: a request for a dialog we do not know gets 481.
      if (entry === undefined) return tx.respond(createResponse(request, 481));
      void entry.call.receiveReinvite(entry.leg, request, tx);
      return;
    }
    // §8.2 / §16.3 step 3: Max-Forwards 0 means the request looped too far.
    const maxForwards = request.maxForwards() ?? 70;
    if (maxForwards <= 0) return tx.respond(createResponse(request, 483));
    const se = parseSessionExpires(request.getHeader('Session-Expires'));
    if (se === 'invalid') {
      return tx.respond(createResponse(request, 400, { reason: 'Bad Session-Expires' }));
    }
    if (se !== undefined && se.deltaS < MIN_SESSION_EXPIRES_S) {
      // RFC 4028 §9: an interval below our minimum gets 422 with Min-SE.
      const headers: Array<[string, string]> = [['Min-SE', String(MIN_SESSION_EXPIRES_S)]];
      return tx.respond(createResponse(request, 422, { headers }));
    }
    this.receiveInitialInvite(request, tx, packet, maxForwards).catch((err: unknown) => {
      // STYLE §4.8: never swallowed; the caller gets 500 instead of silence.
      this.ctx.logger.error({ err, callId: request.callId() }, 'routing the INVITE failed');
      tx.respond(createResponse(request, 500));
    });
  }

  private async receiveInitialInvite(
    request: SipRequest,
    tx: InviteServerTransaction,
    packet: InboundPacket,
    maxForwards: number,
  ): Promise<void> {
    const uri = request.uri();
    const dialled = uri !== undefined && isSipUri(uri) ? uri.user : undefined;
    // Spec TRK-3: an ipPeer trunk is trusted by address, so its calls are
    // not challenged; a request with credentials is an extension's.
    if (request.authorization().length === 0) {
      const peer = await this.peers.match(this.deps.router.trunkPeers(), packet.source.address);
      if (peer !== undefined) {
        if (dialled === undefined) return tx.respond(createResponse(request, 404));
        const fromUri = request.from()?.uri;
        const callerNumber =
          fromUri !== undefined && isSipUri(fromUri) ? (fromUri.user ?? 'anonymous') : 'anonymous';
        const decision = this.deps.router.routeInbound({
          trunkId: peer.trunkId,
          trunkTeamId: peer.teamId,
          dialled,
          callerNumber,
        });
        if (decision.kind === 'application') {
          const parties: CallParties = {
            teamId: decision.teamId,
            direction: 'inbound',
            domain: decision.domain,
            callerNumber,
            calleeNumber: dialled,
            trunkId: peer.trunkId,
          };
          return this.startApplication(request, tx, packet, parties, decision.destination);
        }
        if (decision.kind !== 'extensions') return this.refuse(request, tx, decision);
        const parties: CallParties = {
          teamId: decision.teamId,
          direction: 'inbound',
          domain: decision.domain,
          callerNumber,
          calleeNumber: decision.targets[0]!.number,
          calleeExtensionId: decision.targets[0]!.extensionId,
          trunkId: peer.trunkId,
        };
        return this.ringExtensions(request, tx, packet, parties, decision.targets, maxForwards);
      }
    }
    const caller = authenticateInvite(this.deps, request, tx, packet);
    if (caller === undefined) return;
    if (dialled === undefined) return tx.respond(createResponse(request, 404));
    const decision = this.deps.router.route({
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
        return this.ringExtensions(request, tx, packet, parties, decision.targets, maxForwards);
      }
      if (
        this.calls.countFor(caller.teamId, caller.number) >= this.ctx.options.maxCallsPerExtension
      ) {
        return tx.respond(createResponse(request, 486));
      }
      const call = this.newCall(request, tx, packet, parties, dialled);
      if (call === undefined) return;
      const deps = {
        resolver: this.deps.resolver,
        channels: this.trunkChannels,
        attempts: this.deps.trunkAttempts,
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
      return this.startApplication(request, tx, packet, parties, decision.destination);
    }
    this.refuse(request, tx, decision);
  }

  /** A queue, IVR, conference or voicemail number: pbx/ takes the call. */
  private startApplication(
    request: SipRequest,
    tx: InviteServerTransaction,
    packet: InboundPacket,
    parties: CallParties,
    destination: Destination,
  ): void {
    const via = this.ctx.viaSource(packet.local.protocol);
    if (via === undefined) return tx.respond(createResponse(request, 500));
    const dialled = parties.calleeNumber;
    this.apps.start({ request, tx, via, parties, dialled, destination });
  }

  /** A decision that routes nowhere: 403, 404, or 486 / 480. */
  private refuse(
    request: SipRequest,
    tx: InviteServerTransaction,
    decision:
      | { readonly kind: 'forbidden'; readonly reason?: ForbiddenReason | undefined }
      | { readonly kind: 'not-found' }
      | { readonly kind: 'unavailable'; readonly reason: string }
      | { readonly kind: 'declined'; readonly reason: string },
  ): void {
    let status = 480;
    // Spec BL-1/WL-1: a listed (or unlisted) caller is declined outright.
    if (decision.kind === 'declined') status = 603;
    else if (decision.kind === 'forbidden') status = 403;
    else if (decision.kind === 'not-found') status = 404;
    else if (decision.reason === 'dnd') status = 486;
    // TM-7, GRP-4, GRP-5, 5.3 (c) 4: the phone shows why (RFC 3261
    // §21.4.4 lets the reason phrase say it), and so does the log.
    let reason: string | undefined;
    if (decision.kind === 'forbidden' && decision.reason !== undefined) {
      reason = FORBIDDEN_PHRASES[decision.reason];
      const refusal = { callId: request.callId(), status, refusal: decision.reason };
      this.ctx.logger.info(refusal, 'call refused');
    }
    tx.respond(createResponse(request, status, reason === undefined ? {} : { reason }));
  }

  /** Leg B to every registered contact of the target extensions (forking). */
  private ringExtensions(
    request: SipRequest,
    tx: InviteServerTransaction,
    packet: InboundPacket,
    parties: CallParties,
    targets: readonly ExtensionTarget[],
    maxForwards: number,
  ): void {
    const limit = this.ctx.options.maxCallsPerExtension;
    const callee = targets[0]!;
    // A ring group rings several: its own failover applies, not theirs.
    const forwards = targets.length === 1 ? callee.onUnavailable : undefined;
    if (
      (parties.direction === 'internal' &&
        this.calls.countFor(parties.teamId, parties.callerNumber) >= limit) ||
      this.calls.countFor(callee.teamId, callee.number) >= limit
    ) {
      if (forwards?.busy !== undefined && this.apps.applications !== undefined) {
        return this.startApplication(request, tx, packet, parties, forwards.busy);
      }
      return tx.respond(createResponse(request, 486));
    }
    const contacts: ContactTarget[] = targets.flatMap((t) =>
      this.deps.registrar.lookup(t.teamId, t.number),
    );
    if (contacts.length === 0) {
      if (forwards?.unreachable !== undefined && this.apps.applications !== undefined) {
        return this.startApplication(request, tx, packet, parties, forwards.unreachable);
      }
      return tx.respond(createResponse(request, 480));
    }
    const call = this.newCall(request, tx, packet, parties, callee.number);
    // EXT-13: one extension's ringback; a ring group has its own (RG-4).
    if (call !== undefined && targets.length === 1) {
      call.ringback = this.deps.ringbackOf?.(callee.teamId, callee.extensionId);
    }
    if (call !== undefined && forwards !== undefined) {
      call.onUnanswered = (reason) => this.forward(call, forwards[reason]);
    }
    void call?.start(contacts, callee.ringTimeoutMs, maxForwards - 1);
  }

  /**
   * The callee of `call` did not answer: leg A goes on to `destination`
   * (a forward, voicemail) and keeps its CDR. False if it cannot.
   */
  private forward(call: B2buaCall, destination: Destination | undefined): boolean {
    if (destination === undefined || this.apps.applications === undefined) return false;
    const sip = call.releaseCaller();
    if (sip === undefined) return false;
    const { parties } = call;
    const recordAs = { callId: call.id, startedAtMs: call.startedAtMs };
    this.apps.adopt({ sip, parties, dialled: parties.calleeNumber, recordAs, destination });
    return true;
  }

  /**
   * Call pickup (RingingCalls, spec EXT-12): the longest-ringing B2BUA
   * call to one of `numbers` stops ringing there and its caller's leg is
   * handed over, unanswered, still on its CDR.
   */
  private pickUp(teamId: number, numbers: readonly string[]): CallLeg | undefined {
    let oldest: B2buaCall | undefined;
    for (const call of this.calls.values()) {
      if (!(call instanceof B2buaCall) || call.state !== 'ringing') continue;
      if (call.parties.teamId !== teamId || !numbers.includes(call.parties.calleeNumber)) continue;
      if (oldest === undefined || call.startedAtMs < oldest.startedAtMs) oldest = call;
    }
    if (oldest === undefined) return undefined;
    const sip = oldest.releaseCaller();
    if (sip === undefined) return undefined;
    const { parties } = oldest;
    const recordAs = { callId: oldest.id, startedAtMs: oldest.startedAtMs };
    return this.apps.adopt({ sip, parties, dialled: parties.calleeNumber, recordAs });
  }

  /**
   * A blind transfer to a PBX application (parking, a queue, an IVR):
   * the transferor is told it worked and released, and the caller's
   * answered leg is re-INVITEd to our media and runs the application.
   */
  private transferToApplication(
    call: B2buaCall,
    destination: Destination,
    subscription: ReferSubscription,
  ): void {
    subscription.notify(100);
    if (this.apps.applications === undefined || call.answeredAtMs === undefined) {
      return subscription.notify(480);
    }
    // RFC 3515 §2.4.5: the final NOTIFY goes out before we BYE the transferor.
    subscription.notify(200);
    this.handToApplication(call, destination);
  }

  /**
   * The answered caller of `call` goes to `destination`, its callee (the
   * transferor) gets BYE, and the application leg carries on the CDR.
   * False when there are no applications or the call cannot let go.
   */
  private handToApplication(call: B2buaCall, destination: Destination): boolean {
    const answeredAtMs = call.answeredAtMs;
    if (this.apps.applications === undefined || answeredAtMs === undefined) return false;
    const sip = call.releaseAnsweredCaller();
    if (sip === undefined) return false;
    const { parties } = call;
    this.apps.adopt({
      sip,
      parties,
      dialled: parties.calleeNumber,
      recordAs: { callId: call.id, startedAtMs: call.startedAtMs },
      answeredAtMs,
      destination,
      referredBy: { number: parties.calleeNumber },
    });
    return true;
  }

  /** In-call hotkeys for `call`, now answered, when its team has any (D31). */
  private attachHotkeys(call: B2buaCall): void {
    const media = this.ctx.media;
    const codesOf = this.deps.hotkeysOf;
    if (media === undefined || codesOf === undefined || this.hotkeyCalls.has(call.id)) return;
    const hotkeys = hotkeysFor(call, {
      clock: this.ctx.clock,
      logger: this.ctx.logger,
      media,
      codesOf,
      router: this.deps.router,
      registrar: this.deps.registrar,
      originator: this.placing,
      toApplication: (c, destination) => this.handToApplication(c, destination),
      policy: this.deps.hotkeyPolicy,
      ...(this.deps.swallowHotkeyDigits === true
        ? { gateDtmf: (ref, codes) => void media.gateDtmf(ref, codes) }
        : {}),
    });
    if (hotkeys === undefined) return;
    call.hotkeys = hotkeys;
    this.hotkeyCalls.set(call.id, hotkeys);
    call.once('ended', () => {
      this.hotkeyCalls.delete(call.id);
      hotkeys.close();
    });
  }

  /** Leg A and its call, tracked; undefined (and 500 sent) without a Via. */
  private newCall(
    request: SipRequest,
    tx: InviteServerTransaction,
    packet: InboundPacket,
    parties: CallParties,
    contactUser: string,
  ): B2buaCall | undefined {
    const via = this.ctx.viaSource(packet.local.protocol);
    if (via === undefined) {
      tx.respond(createResponse(request, 500));
      return undefined;
    }
    const a = new InboundLeg(this.ctx, request, tx, via, contactFor(via, contactUser));
    const call = new B2buaCall(this.ctx, a, parties);
    this.track(call, tx);
    return call;
  }

  /** §9.2: 200 to the CANCEL; the call then answers its INVITE with 487. */
  private receiveCancel(request: SipRequest, tx: ServerTransaction): void {
    const invite = this.ctx.transactions.findInviteFor(request);
    if (invite === undefined) return tx.respond(createResponse(request, 481));
    tx.respond(createResponse(request, 200));
    this.pending.get(invite)?.cancelByCaller();
  }

  /**
   * UPDATE (RFC 3311) in a confirmed dialog: an offer like a re-INVITE's,
   * handled the same way (the other leg gets a re-INVITE, which every
   * phone supports). Outside a dialog it gets 481 (§5.2).
   */
  private receiveUpdate(request: SipRequest, tx: ServerTransaction): void {
    const entry = this.findDialog(request);
    if (entry === undefined) return tx.respond(createResponse(request, 481));
    void entry.call.receiveReinvite(entry.leg, request, tx);
  }

  /**
   * A key sent in INFO: on a call it feeds the hotkeys (D31) and goes to
   * the other party as RFC 4733 events (in-band tones when that leg has no
   * telephone-event), as Asterisk converts between DTMF modes; on an
   * application's leg it is one of the leg's digits.
   */
  private infoDigit(entry: DialogEntry, digit: string, durationMs: number): void {
    const { call, leg } = entry;
    if (call instanceof SipCallLeg) return call.receiveInfoDigit(digit, durationMs);
    if (!(call instanceof B2buaCall) || call.state !== 'answered') return;
    this.hotkeyCalls.get(call.id)?.digit(leg.side, digit);
    const other = { callId: call.id, legId: leg.side === 'a' ? 'b' : 'a' };
    void this.ctx.media?.sendDtmf(other, digit, { durationMs }).catch((error: unknown) => {
      this.ctx.logger.warn({ err: error, callId: call.id }, 'relaying an INFO digit failed');
    });
  }

  private receiveBye(request: SipRequest, tx: ServerTransaction): void {
    const entry = this.findDialog(request);
    if (entry === undefined) return tx.respond(createResponse(request, 481));
    entry.call.receiveBye(entry.leg, request, tx);
  }

  private track(call: B2buaCall, tx: InviteServerTransaction): void {
    this.calls.add(call);
    const recorder = this.deps.recorder;
    if (recorder !== undefined) {
      const { teamId, direction, callerNumber, calleeNumber } = call.parties;
      const { callerExtensionId, calleeExtensionId, trunkId } = call.parties;
      const uri = call.a.request.uri();
      recorder.started({
        callId: call.id,
        teamId,
        callType: direction,
        callerNumber,
        callerName: call.a.request.from()?.displayName,
        calledNumber: calleeNumber,
        did: direction === 'inbound' && uri !== undefined && isSipUri(uri) ? uri.user : undefined,
        extensionId: callerExtensionId ?? calleeExtensionId,
        callerExtensionId,
        calleeExtensionId,
        trunkId,
        startedAtMs: call.startedAtMs,
      });
      call.once('ringing', () => recorder.ringing?.(call.id, this.ctx.clock.now()));
      call.on('answered', () =>
        recorder.answered(
          call.id,
          call.answeredAtMs ?? this.ctx.clock.now(),
          undefined,
          call.trunkId,
        ),
      );
      call.once('ended', (outcome) => {
        // A handed-over caller carries the record on under its new owner.
        if (outcome.isHandedOver !== true) {
          recorder.ended(call.id, callEnd(outcome, this.ctx.clock.now()));
        }
      });
    }
    this.pending.set(tx, call);
    tx.once('terminated', () => this.pending.delete(tx));
    const removers: Array<() => void> = [];
    call.on('dialog', (leg) => removers.push(this.registerDialog(call, leg)));
    this.lampsOf(call);
    call.on('answered', () => this.lampsOf(call));
    call.on('answered', () => this.attachHotkeys(call));
    call.once('ended', () => {
      this.calls.remove(call);
      this.pending.delete(tx);
      for (const remove of removers) remove();
      this.lampsOf(call, true);
    });
  }

  /** Tells the watchers of every extension in `call` that its calls changed. */
  private lampsOf(call: TrackedCall, hasEnded = false): void {
    for (const key of extensionKeys(call)) {
      const [teamId, number] = key.split('/') as [string, string];
      const { callerNumber, direction } = call.parties;
      const isCaller = direction !== 'inbound' && callerNumber === number;
      const ended = hasEnded
        ? {
            id: call.id,
            state: 'terminated' as const,
            direction: isCaller ? ('initiator' as const) : ('recipient' as const),
          }
        : undefined;
      this.blf.changed(Number(teamId), number, ended);
    }
  }

  /**
   * Routes in-dialog requests of `leg` to `owner`; the returned function
   * stops it, unless the dialog was given to another owner meanwhile (a
   * transferred leg is that call's now).
   */
  private registerDialog(owner: DialogOwner, leg: SipDialogLeg): () => void {
    const key = leg.dialog?.key;
    if (key === undefined) return () => undefined;
    this.dialogs.set(key, { call: owner, leg });
    return () => {
      if (this.dialogs.get(key)?.call === owner) this.dialogs.delete(key);
    };
  }

  /** The dialog a request belongs to: Call-ID, our tag in To, theirs in From. */
  private findDialog(request: SipRequest): DialogEntry | undefined {
    const callId = request.callId();
    const local = request.toTag();
    const remote = request.fromTag();
    if (callId === undefined || local === undefined || remote === undefined) return undefined;
    return this.dialogs.get(dialogKey(callId, local, remote));
  }
}
