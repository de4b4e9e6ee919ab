import type { CallOriginator } from '../../core/index.ts';
import { createResponse, type SipRequest } from '../message/index.ts';
import { InviteServerTransaction, type ServerTransaction } from '../transaction/index.ts';
import type { InboundPacket } from '../transport/index.ts';
import { ActiveCalls, lampChanges, type TrackedCall } from './active-calls.ts';
import {
  handToApplication,
  oldestRinging,
  pickUpRinging,
  transferToApplication,
} from './application-handoff.ts';
import { ApplicationCalls } from './application-calls.ts';
import { BlfSubscriptions } from './blf-subscriptions.ts';
import type { ExtensionDialog } from './dialog-info.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import { B2buaCall, type CallParties } from './b2bua-call.ts';
import type { B2buaDeps } from './b2bua-deps.ts';
import { hotkeysFor } from './b2bua-hotkeys.ts';
import type { CallHotkeys } from './call-hotkeys.ts';
import { DialogTable } from './dialog-table.ts';
import { InboundLeg } from './inbound-leg.ts';
import { routeInitialInvite, type InviteRouting } from './invite-routing.ts';
import { receiveRefer, type ReferDeps } from './refer-handler.ts';
import { recordCall } from './record-call.ts';
import { MIN_SESSION_EXPIRES_S, parseSessionExpires } from './session-timer.ts';
import { receiveInfo, type InfoDeps } from './info-dtmf.ts';
import { SipCallLeg, type DialogEntry } from './sip-call-leg.ts';
import { TrunkChannels } from './trunk-channels.ts';
import { TrunkPeerMatcher } from './trunk-peer-matcher.ts';

export type { B2buaDeps } from './b2bua-deps.ts';

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
  /** Channels in use per trunk, for maxChannels. */
  readonly trunkChannels = new TrunkChannels();
  readonly calls = new ActiveCalls(this.trunkChannels);
  private readonly peers: TrunkPeerMatcher;
  private readonly dialogs = new DialogTable();
  private readonly pending = new Map<InviteServerTransaction, { cancelByCaller(): void }>();
  private readonly apps: ApplicationCalls;
  /** `apps` as the originator of placed legs, wrapped by deps.placedLegs. */
  private readonly placing: CallOriginator;
  /** Busy lamp fields: watchers of extensions' calls (RFC 4235). */
  readonly blf: BlfSubscriptions;
  /** Hotkeys of answered calls by call id, for the media plane's digits. */
  private readonly hotkeyCalls = new Map<string, CallHotkeys>();
  /** What routes initial INVITEs to their calls. */
  private readonly routing: InviteRouting;

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
      reachability: deps.trunkReachability,
      domainOf: (teamId) => deps.domainOf?.(teamId),
      lookup: (teamId, number) => deps.registrar.lookup(teamId, number),
      registerDialog: (owner, leg) => this.dialogs.register(owner, leg),
      trackInvite: (tx, target) => {
        this.pending.set(tx, target);
        this.forgetOnTerminated(tx);
      },
      lampChanged: (key, ended) => this.lampChanged(key, ended),
    });
    this.placing = deps.placedLegs?.(this.apps) ?? this.apps;
    this.apps.applications = deps.applications?.(
      this.placing,
      {
        pickUp: (teamId, numbers) => pickUpRinging(this.apps, this.calls, teamId, numbers),
        ringingSince: (teamId, numbers) => oldestRinging(this.calls, teamId, numbers)?.startedAtMs,
      },
      {
        callCount: (teamId, number) => this.calls.countFor(teamId, number),
        isRinging: (teamId, number) => this.calls.isRinging(teamId, number),
        isRegistered: (teamId, number) => deps.registrar.lookup(teamId, number).length > 0,
        onIdle: (listener) => this.calls.onIdle(listener),
        onBusy: (listener) => this.calls.onBusy(listener),
      },
    );
    this.routing = {
      ctx,
      deps,
      peers: this.peers,
      calls: this.calls,
      trunkChannels: this.trunkChannels,
      apps: this.apps,
      newCall: (request, tx, packet, parties, contactUser) =>
        this.newCall(request, tx, packet, parties, contactUser),
    };
    deps.ua.handle('INVITE', (req, tx, packet) => this.receiveInvite(req, tx, packet));
    deps.ua.handle('CANCEL', (req, tx) => this.receiveCancel(req, tx));
    deps.ua.handle('BYE', (req, tx) => this.receiveBye(req, tx));
    deps.ua.handle('UPDATE', (req, tx) => this.receiveUpdate(req, tx));
    const refer: ReferDeps = {
      ctx,
      router: deps.router,
      registrar: deps.registrar,
      findDialog: (request) => this.dialogs.find(request),
      dialogByKey: (key) => this.dialogs.get(key),
      toApplication: (call, destination, subscription) =>
        transferToApplication(this.apps, call, destination, subscription),
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
        findDialog: (request) => this.dialogs.find(request),
        digit: (entry, digit, durationMs) => this.infoDigit(entry, digit, durationMs),
      };
      deps.ua.handle('INFO', (req, tx) => receiveInfo(info, req, tx));
    }
    if (deps.hotkeysOf !== undefined) {
      ctx.media?.on('dtmf', (d) => this.hotkeyCalls.get(d.ref.callId)?.digit(d.ref.legId, d.digit));
    }
    ctx.media?.on('dtmfInfo', ({ ref, digit, durationMs }) => {
      const call = this.calls.get(ref.callId);
      if (!(call instanceof B2buaCall) || call.state !== 'answered') return;
      (ref.legId === 'a' ? call.a : call.b)?.info(digit, durationMs);
    });
    deps.ua.on('ack', (ack) => {
      const entry = this.dialogs.find(ack);
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
      const entry = this.dialogs.find(request);
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
    routeInitialInvite(this.routing, request, tx, packet, maxForwards).catch((err: unknown) => {
      // STYLE §4.8: never swallowed; the caller gets 500 instead of silence.
      this.ctx.logger.error({ err, callId: request.callId() }, 'routing the INVITE failed');
      tx.respond(createResponse(request, 500));
    });
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
      toApplication: (c, destination) => handToApplication(this.apps, c, destination),
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
    const entry = this.dialogs.find(request);
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
    const entry = this.dialogs.find(request);
    if (entry === undefined) return tx.respond(createResponse(request, 481));
    entry.call.receiveBye(entry.leg, request, tx);
  }

  private track(call: B2buaCall, tx: InviteServerTransaction): void {
    this.calls.add(call);
    if (this.deps.recorder !== undefined) recordCall(this.deps.recorder, this.ctx.clock, call);
    this.pending.set(tx, call);
    this.forgetOnTerminated(tx);
    const removers: Array<() => void> = [];
    call.on('dialog', (leg) => removers.push(this.dialogs.register(call, leg)));
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

  /**
   * Drops `tx` from the pending INVITEs when it terminates. A method of its
   * own so the listener's closure holds only `tx`: a closure made in track()
   * shares its scope with the ones that hold the call, and the transaction
   * lingers 64*T1 after a 2xx (RFC 6026 §7.1), which kept every ended call
   * and its legs alive that long.
   */
  private forgetOnTerminated(tx: InviteServerTransaction): void {
    tx.once('terminated', () => this.pending.delete(tx));
  }

  /** Tells the watchers of every extension in `call` that its calls changed. */
  private lampsOf(call: TrackedCall, hasEnded = false): void {
    for (const { key, ended } of lampChanges(call, hasEnded)) this.lampChanged(key, ended);
  }

  /** Tells the watchers of extension `key` (`teamId/number`) that its calls changed. */
  private lampChanged(key: string, ended?: ExtensionDialog): void {
    const slash = key.indexOf('/');
    this.blf.changed(Number(key.slice(0, slash)), key.slice(slash + 1), ended);
  }
}
