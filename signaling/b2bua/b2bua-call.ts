import { TypedEmitter, uuid, type TimerHandle, type TrunkTarget } from '../../core/index.ts';
import type { CallLeg, MediaOfferOptions, MediaPlaySource } from '../../core/index.ts';
import { createResponse, quote, type SipRequest, type SipResponse } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { ContactTarget } from '../registrar/index.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import {
  unansweredReason,
  unansweredResult,
  type CallOutcome,
  type UnansweredReason,
} from './call-outcome.ts';
import { bestStatus, relayedStatus } from './final-status.ts';
import type { InboundLeg } from './inbound-leg.ts';
import { BlindTransfer, type TransferTarget } from './blind-transfer.ts';
import { transformSdp, type MediaOp } from './media-transform.ts';
import { OutboundLeg } from './outbound-leg.ts';
import type { ReferSubscription } from './refer-subscription.ts';
import { SessionRefresher } from './session-refresher.ts';
import type { LegSide, SipDialogLeg } from './sip-dialog-leg.ts';
import { TrunkDialer, type TrunkDialerDeps } from './trunk-dialer.ts';
import { answerLocally } from './local-reinvite.ts';
import { ExtensionRingback } from './extension-ringback.ts';

/** The life of a call: ringing until a 2xx wins, then answered. */
export type B2buaCallState = 'routing' | 'ringing' | 'answered' | 'ended';

/**
 * Where a call runs: between extensions, from an extension out over a
 * trunk, or in from a trunk to an extension.
 */
export type CallDirection = 'internal' | 'outbound' | 'inbound';

/**
 * Who talks to whom. Numbers are internal numbers of `teamId`, except the
 * far end of a trunk call: the dialled number (outbound) or the carrier's
 * caller (inbound).
 */
export interface CallParties {
  readonly teamId: number;
  readonly direction: CallDirection;
  /** The team's SIP domain, for From and To of leg B. */
  readonly domain: string;
  readonly callerNumber: string;
  readonly calleeNumber: string;
  /** The calling extension, when the caller authenticated as one (CDR, EXT-9). */
  readonly callerExtensionId?: number | undefined;
  /** The first extension rung, when the call goes to extensions (CDR, EXT-9). */
  readonly calleeExtensionId?: number | undefined;
  /** The trunk the call came in on; an outbound call's trunk is chosen later. */
  readonly trunkId?: number | undefined;
}

/** Events of a call, for the B2BUA that routes requests to it. */
export type B2buaCallEvents = {
  /** A leg now has a dialog: in-dialog requests must reach it. */
  dialog: [SipDialogLeg];
  /** The first 180/183 from the callee side (a TM-11 `call.ringing`). */
  ringing: [];
  answered: [];
  /** The call is over; the outcome is for its CDR. */
  ended: [CallOutcome];
  listenererror: [string, unknown];
};

/**
 * One call through the B2BUA: leg A (the caller's INVITE, §13.3) and leg
 * B (our INVITE to each registered contact of the callee, §13.2), with the
 * SDP of each passed through MediaControl. Forks run in parallel; the
 * first 2xx wins and the others are cancelled. BYE and re-INVITE on one
 * leg are relayed to the other.
 */
export class B2buaCall extends TypedEmitter<B2buaCallEvents> {
  readonly id = uuid();
  readonly startedAtMs: number;
  answeredAtMs: number | undefined;
  state: B2buaCallState = 'routing';
  b: OutboundLeg | undefined;
  private readonly forks: OutboundLeg[] = [];
  private dialer: TrunkDialer | undefined;
  private readonly results: number[] = [];
  private hasRung = false;
  private ringTimer: TimerHandle | undefined;
  /** The caller's latest SDP, offered to the target of a transfer. */
  private aBody: Buffer;
  /** The callee's latest SDP, for an attended transfer that takes leg B. */
  private bBody: Buffer = Buffer.alloc(0);
  private transfer: BlindTransfer | undefined;
  /** The SDP we last sent to the caller, for a refresh re-INVITE. */
  private aSentBody: Buffer = Buffer.alloc(0);
  /** RFC 4028 on leg A, when the caller asked for it. */
  private session: SessionRefresher | undefined;
  /**
   * Set by the B2BUA when the callee sends unanswered calls somewhere
   * (forwards, voicemail): asked before leg A is refused; true if it took
   * the caller with releaseCaller().
   */
  onUnanswered: ((reason: UnansweredReason) => boolean) | undefined;
  /**
   * In-call hotkeys (D31), set by the B2BUA once answered: a BYE goes to
   * them first, and while one runs the call takes no re-INVITE or REFER.
   */
  hotkeys:
    | {
        bye(side: LegSide): boolean;
        readonly isBusy: boolean;
        referred(
          side: LegSide,
          number: string,
          report: (status: number) => void,
        ): (() => void) | undefined;
      }
    | undefined;
  /** After a hotkey transfer: the leg that took the place of one side. */
  private party: { readonly side: LegSide; readonly leg: CallLeg } | undefined;
  /** EXT-13: what the caller hears while the callee rings; set before start(). */
  ringback: MediaPlaySource | undefined;
  /** The ringback in play for this call, when it has one (EXT-13). */
  private early: ExtensionRingback | undefined;

  constructor(
    private readonly ctx: B2buaContext,
    readonly a: InboundLeg,
    readonly parties: CallParties,
  ) {
    super(ctx.logger);
    this.startedAtMs = ctx.clock.now();
    this.aBody = a.request.body;
    a.on('ackTimeout', () => this.hangup());
  }

  /** Offers the call to every contact at once (parallel forking). */
  async start(contacts: readonly ContactTarget[], ringTimeoutMs: number, maxForwards: number) {
    const request = this.a.request;
    const offer = await this.offerForForks(contacts);
    if (this.state !== 'routing') return;
    if (offer === undefined) return this.fail(488);
    // A contact registered over WebSocket is a browser (RFC 7118): its
    // fork gets a WebRTC offer from the media plane (D35).
    const isBrowser = (t: ContactTarget) => t.protocol === 'ws' || t.protocol === 'wss';
    const webOffer = contacts.some(isBrowser)
      ? await this.transform('offer', 'a', request.body, true)
      : undefined;
    if (this.state !== 'routing') return;
    this.state = 'ringing';
    const name = request.from()?.displayName;
    const { domain, callerNumber, calleeNumber } = this.parties;
    const from = `${name ? `${quote(name)} ` : ''}<sip:${callerNumber}@${domain}>`;
    for (const target of contacts) {
      const via = this.ctx.viaSource(target.protocol);
      const body = isBrowser(target) && this.ctx.media !== undefined ? webOffer : offer;
      if (via === undefined || body === undefined) continue;
      const leg = new OutboundLeg(this.ctx, target, via, contactFor(via, callerNumber), {
        requestUri: target.binding.contactUri,
        from,
        to: `<sip:${calleeNumber}@${domain}>`,
        maxForwards,
        body,
        contentType: request.getHeader('Content-Type'),
      });
      leg.on('provisional', (r) => void this.onProvisional(r));
      leg.on('final', (r) => void this.onFinal(leg, r));
      leg.on('failed', (status) => this.onForkDone(status));
      this.forks.push(leg);
      leg.start();
    }
    if (this.forks.length === 0) return this.fail(480);
    this.ringTimer = this.ctx.clock.setTimeout(() => this.giveUp(), ringTimeoutMs);
  }

  /**
   * The offer the forks get: the caller's, relayed through the media
   * plane, or with a ringback (EXT-13) our own, the caller's offer being
   * answered locally. A browser fork needs a WebRTC offer of its own, so
   * with one the call rings as usual.
   */
  private offerForForks(contacts: readonly ContactTarget[]): Promise<Buffer | undefined> {
    const body = this.a.request.body;
    const hasBrowser = contacts.some((t) => t.protocol === 'ws' || t.protocol === 'wss');
    this.early = hasBrowser
      ? undefined
      : ExtensionRingback.for(this.ctx, this.id, this.ringback, body);
    // A caller that is not an extension has no hotkeys: RFC 4733 only.
    const opts: MediaOfferOptions =
      this.parties.callerExtensionId === undefined ? { dtmfMode: 'rfc4733' } : {};
    return this.early?.prepare(body, opts) ?? this.transform('offer', 'a', body);
  }

  /** Offers the call to trunks one after the other (failover). */
  async startTrunks(targets: readonly TrunkTarget[], deps: TrunkDialerDeps, maxForwards: number) {
    const request = this.a.request;
    const offer = await this.transform('offer', 'a', request.body);
    if (this.state !== 'routing') return;
    if (offer === undefined) return this.fail(488);
    this.state = 'ringing';
    const contentType = request.getHeader('Content-Type');
    const dialer = new TrunkDialer(this.ctx, deps, targets, {
      body: offer,
      contentType,
      maxForwards,
    });
    this.dialer = dialer;
    dialer.on('provisional', (r) => void this.onProvisional(r));
    dialer.on('answered', (leg, r) => void this.onFinal(leg, r));
    dialer.on('failed', (status) => {
      if (this.state === 'ringing' && this.b === undefined) this.fail(status);
    });
    dialer.start();
  }

  /** The Call-ID of leg A, to match the caller's phone logs. */
  get sipCallId(): string | undefined {
    return this.a.request.callId();
  }

  /** The trunk carrying the call, for trunk calls. */
  get trunkId(): number | undefined {
    return this.dialer?.trunkId;
  }

  /** The caller's CANCEL (§9.2): 487 to A, CANCEL (or BYE) to every fork. */
  cancelByCaller(): void {
    if (this.state === 'ended' || this.a.isFinal) return;
    this.a.reject(487);
    this.endForks();
    this.end({ result: 'cancelled', side: 'caller', sipStatus: 487 });
  }

  /**
   * Gives leg A away before anyone answered (call pickup, a forward,
   * voicemail): the forks stop ringing and the call ends without a CDR
   * end of its own, as the new owner carries on the same record.
   */
  releaseCaller(): InboundLeg | undefined {
    if (this.state === 'ended' || this.state === 'answered' || this.a.isFinal) return undefined;
    this.endForks();
    this.end({ result: 'cancelled', side: 'system', sipStatus: undefined, isHandedOver: true });
    return this.a;
  }

  /**
   * Gives the answered leg A away, for a blind transfer to a PBX
   * application (parking, a queue): the transferor's leg B gets BYE and
   * the call ends without a CDR end; the new owner re-INVITEs leg A to its
   * own media (RFC 3261 §14.1).
   */
  releaseAnsweredCaller(): InboundLeg | undefined {
    if (this.state !== 'answered' || this.transfer !== undefined) return undefined;
    if (this.party !== undefined) return undefined;
    void this.b?.bye();
    this.b = undefined;
    this.end({ result: 'answered', side: 'callee', sipStatus: undefined, isHandedOver: true });
    return this.a;
  }

  /** Ends the call from our side (admin hangup, ACK timeout). */
  hangup(): void {
    if (this.state === 'ended') return;
    const wasAnswered = this.state === 'answered';
    if (this.a.isFinal) void this.a.bye();
    else this.a.reject(480);
    this.endForks();
    this.end(
      wasAnswered
        ? { result: 'answered', side: 'system', sipStatus: undefined }
        : { result: 'cancelled', side: 'system', sipStatus: 480 },
    );
  }

  /** A BYE on either leg: 200, then BYE the other leg (§15.1.2). */
  receiveBye(leg: SipDialogLeg, request: SipRequest, tx: { respond(r: SipResponse): void }) {
    leg.dialog?.receiveRequest(request);
    leg.receiveBye();
    tx.respond(this.response(request, 200));
    // A transferor that hangs up after the transfer only ends its own leg.
    if (!this.isCurrent(leg)) return;
    if (this.hotkeys?.bye(leg.side) === true) return;
    const wasAnswered = this.state === 'answered';
    if (leg.side === 'b' && !this.a.isFinal) this.a.reject(480);
    else void (leg.side === 'a' ? this.b : this.a)?.bye();
    this.end({
      result: wasAnswered ? 'answered' : 'failed',
      side: leg.side === 'a' ? 'caller' : 'callee',
      sipStatus: undefined,
    });
  }

  /** An ACK in a leg's dialog. */
  receiveAck(leg: SipDialogLeg, ack: SipRequest): void {
    leg.receiveAck(ack);
  }

  /**
   * A re-INVITE or UPDATE on one leg (hold, resume, new address): relayed
   * to the other leg as a re-INVITE with its SDP through
   * MediaControl.update (§14, RFC 3311 §5). Glare: an offer while another
   * is pending on the call gets 491 (§14.2, RFC 3311 §5.2).
   */
  async receiveReinvite(leg: SipDialogLeg, request: SipRequest, tx: ServerTransaction) {
    const other = leg.side === 'a' ? this.b : this.a;
    if (!this.isCurrent(leg)) {
      // §12.2.2: the transferor's dialog no longer carries the session.
      tx.respond(this.response(request, 481));
      return;
    }
    if (this.party !== undefined && this.hotkeys?.isBusy !== true) {
      const extra = () => (leg.side === 'a' ? (this.session?.responseHeaders ?? []) : []);
      const isAnswered = await answerLocally(
        this.ctx,
        this.id,
        leg,
        request,
        tx,
        this.party.leg,
        extra,
      );
      // RFC 4028 §10: a 2xx to a re-INVITE from the caller refreshes it.
      if (isAnswered && leg.side === 'a') this.session?.refreshed();
      return;
    }
    if (
      this.state !== 'answered' ||
      other === undefined ||
      leg.dialog === undefined ||
      this.hotkeys?.isBusy === true
    ) {
      tx.respond(this.response(request, 491));
      return;
    }
    if (leg.dialog.receiveRequest(request) === 'out-of-order') {
      // §12.2.2: a CSeq lower than the last one is out of order.
      tx.respond(this.response(request, 500));
      return;
    }
    if (leg.hasIncomingReinvite) {
      // §14.2: a second INVITE before the first was answered gets 500.
      tx.respond(this.response(request, 500, [['Retry-After', '1']]));
      return;
    }
    if (leg.hasOutgoingReinvite || other.hasIncomingReinvite || other.hasOutgoingReinvite) {
      tx.respond(this.response(request, 491));
      return;
    }
    leg.hasIncomingReinvite = true;
    const contentType = request.getHeader('Content-Type');
    const offer = await this.transform('update', leg.side, request.body);
    if (offer === undefined) return leg.respondReinvite(request, tx, 488);
    const answer = await other.reinvite(offer, contentType);
    if (answer === undefined) return leg.respondReinvite(request, tx, 408);
    if (answer.status >= 300) return leg.respondReinvite(request, tx, answer.status);
    const sdp = await this.transform('answer', other.side, answer.body);
    if (sdp === undefined) return leg.respondReinvite(request, tx, 488);
    if (request.body.length > 0) {
      if (leg.side === 'a') this.aBody = request.body;
      else this.bBody = request.body;
    }
    let extra: Array<[string, string]> = [];
    if (leg.side === 'a') {
      this.aSentBody = sdp;
      // RFC 4028 §10: a 2xx to a re-INVITE from the caller refreshes it.
      this.session?.refreshed();
      extra = this.session?.responseHeaders ?? [];
    }
    leg.respondReinvite(request, tx, 200, sdp, answer.getHeader('Content-Type'), extra);
  }

  /**
   * Why a REFER from `leg` cannot start a transfer (RFC 3515 §2.4.2), as
   * a status: 403 unless the call is answered and `leg` is the callee's
   * current leg, 491 while another transfer is in progress.
   */
  /**
   * A REFER from the caller's leg (RFC 3515) to `number`: the callee is
   * transferred as the caller's blind-transfer key would do (D31), which
   * needs the media plane and the caller to be an extension. Returns the
   * start, to run once the REFER is accepted, or undefined when it cannot
   * run; `report` gets the sipfrag status.
   */
  referFromCaller(
    leg: SipDialogLeg,
    number: string,
    report: (status: number) => void,
  ): (() => void) | undefined {
    if (this.state !== 'answered' || leg !== this.a || this.transfer !== undefined) return;
    return this.hotkeys?.referred('a', number, report);
  }

  referRefusal(leg: SipDialogLeg): number | undefined {
    if (this.state !== 'answered' || leg !== this.b || this.party !== undefined) return 403;
    if (this.transfer !== undefined || this.hotkeys?.isBusy === true) return 491;
    return undefined;
  }

  /**
   * Blind transfer (RFC 3515, RFC 5589 §6): the callee's REFER was
   * accepted; the caller is offered to the target, and once the target
   * answers the caller's media is moved to it and the transferor's leg
   * ends with BYE. Progress goes to the transferor as NOTIFYs.
   */
  async transferTo(
    target: Omit<TransferTarget, 'body' | 'contentType' | 'from' | 'contactUser'>,
    subscription: ReferSubscription,
    maxForwards: number,
  ): Promise<void> {
    subscription.notify(100);
    const offer = await this.transform('offer', 'a', this.aBody);
    if (this.state !== 'answered') return subscription.notify(487);
    if (offer === undefined) return subscription.notify(488);
    const { callerNumber, domain } = this.parties;
    const name = this.a.request.from()?.displayName;
    const transfer = new BlindTransfer(this.ctx, subscription, {
      ...target,
      from: `${name ? `${quote(name)} ` : ''}<sip:${callerNumber}@${domain}>`,
      contactUser: callerNumber,
      body: offer,
      contentType: this.a.request.getHeader('Content-Type'),
    });
    this.transfer = transfer;
    transfer.on('failed', () => (this.transfer = undefined));
    transfer.on('answered', (leg, r) => {
      this.transfer = undefined;
      void this.completeTransfer(leg, r, subscription);
    });
    transfer.start(maxForwards);
  }

  /**
   * The target answered: it becomes leg B. Without a media plane the caller
   * gets the target's SDP in a re-INVITE (§14.1); with one, the caller keeps
   * talking to the same anchor, whose B side now faces the target.
   */
  private async completeTransfer(leg: OutboundLeg, r: SipResponse, sub: ReferSubscription) {
    if (this.state !== 'answered') {
      sub.notify(487);
      return void leg.bye();
    }
    const transferor = this.b;
    this.b = leg;
    this.bBody = r.body;
    this.safeEmit('dialog', leg);
    sub.notify(200);
    void transferor?.bye();
    const sdp = await this.transform('answer', 'b', r.body);
    if (sdp === undefined) return this.hangup();
    if (this.ctx.media !== undefined) return;
    this.aSentBody = sdp;
    const answer = await this.a.reinvite(sdp, r.getHeader('Content-Type'));
    if (answer === undefined || answer.status >= 300) {
      this.ctx.logger.warn(
        { callId: this.id, status: answer?.status },
        'transfer re-INVITE failed',
      );
      this.hangup();
    }
  }

  /**
   * Whether this call can give its leg B to another call in an attended
   * transfer: answered, the transferor on leg A, no transfer in progress,
   * and no trunk dialer (which ends its own leg when the call ends).
   */
  canDonate(leg: SipDialogLeg): boolean {
    return (
      this.state === 'answered' &&
      leg === this.a &&
      this.b !== undefined &&
      this.dialer === undefined &&
      this.transfer === undefined &&
      this.party === undefined &&
      this.hotkeys?.isBusy !== true
    );
  }

  /**
   * Attended transfer (RFC 5589 §7, RFC 3891 §3): leg B of `donor`, the
   * target talking to the transferor, replaces our leg B, the transferor.
   * The donor call ends (BYE to the transferor's other leg), and our leg
   * A and the new leg B are pointed at each other's media.
   */
  async takeOver(donor: B2buaCall, sub: ReferSubscription): Promise<void> {
    sub.notify(100);
    sub.notify(200);
    const taken = donor.donate();
    if (taken === undefined) return;
    const transferor = this.b;
    this.b = taken.leg;
    this.bBody = taken.body;
    this.safeEmit('dialog', taken.leg);
    void transferor?.bye();
    if (!(await this.reconnectMedia(taken.leg))) this.hangup();
  }

  /** Gives leg B and its SDP away, then ends this call (BYE to leg A). */
  private donate(): { leg: OutboundLeg; body: Buffer } | undefined {
    const leg = this.b;
    if (leg === undefined) return undefined;
    this.b = undefined;
    this.forks.splice(this.forks.indexOf(leg), 1);
    const body = this.bBody;
    this.hangup();
    return { leg, body };
  }

  /**
   * Points leg A and a leg B taken from another call at each other (§14.1).
   * Without a media plane A is offered B's SDP and its answer is offered to
   * B, so both end up sendrecv; with one, B is offered the anchor's SDP and
   * A keeps talking to the same anchor.
   */
  private async reconnectMedia(leg: OutboundLeg): Promise<boolean> {
    const type = this.a.request.getHeader('Content-Type');
    if (this.ctx.media === undefined) {
      this.aSentBody = this.bBody;
      const a = await this.a.reinvite(this.bBody, type);
      if (a === undefined || a.status >= 300) return false;
      this.aBody = a.body;
      const b = await leg.reinvite(a.body, type);
      if (b === undefined || b.status >= 300) return false;
      this.bBody = b.body;
      return true;
    }
    const offer = await this.transform('offer', 'a', this.aBody);
    if (offer === undefined) return false;
    const b = await leg.reinvite(offer, type);
    if (b === undefined || b.status >= 300) return false;
    this.bBody = b.body;
    return (await this.transform('answer', 'b', b.body)) !== undefined;
  }

  /**
   * A hotkey transfer (D31): side `gone` leaves (BYE, unless its dialog
   * already ended) and the call goes on between the other side and `leg`,
   * a leg we placed; the call's CDR carries on, as in D28. Media of the
   * side that left is freed; the hotkeys relay the rest.
   */
  replaceParty(gone: LegSide, leg: CallLeg): void {
    if (this.state !== 'answered' || this.party !== undefined) {
      void leg.hangup();
      return;
    }
    void (gone === 'a' ? this.a : this.b)?.bye();
    if (gone === 'b') this.b = undefined;
    this.party = { side: gone, leg };
    // RFC 4028: the caller's session timer dies with the caller's dialog.
    if (gone === 'a') this.session?.stop();
    void this.ctx.media?.delete(this.id, gone).catch(() => undefined);
    leg.once('hangup', () => {
      if (this.state === 'ended') return;
      void (gone === 'a' ? this.b : this.a)?.bye();
      const side = gone === 'a' ? 'caller' : 'callee';
      this.end({ result: 'answered', side, sipStatus: undefined });
    });
  }

  /** Whether `side` has its party of the answer still (no transfer took it). */
  isOriginal(side: LegSide): boolean {
    return this.party?.side !== side && this.transfer === undefined;
  }

  /** Whether `leg` still carries the call (not a transferred-away leg). */
  private isCurrent(leg: SipDialogLeg): boolean {
    return (leg === this.a && this.party?.side !== 'a') || leg === this.b;
  }

  private async onProvisional(r: SipResponse): Promise<void> {
    if (this.state !== 'ringing' || this.b !== undefined) return;
    if (!this.hasRung) this.safeEmit('ringing');
    this.hasRung = true;
    // EXT-13: the caller hears the ringback instead of the relayed 1xx.
    if (this.early !== undefined) return this.early.start(this.a);
    const sdp = await this.transform('answer', 'b', r.body);
    if (this.state !== 'ringing' || this.b !== undefined) return;
    const status = r.status === 183 ? 183 : 180;
    this.a.provisional(status, sdp, r.getHeader('Content-Type'));
  }

  private async onFinal(leg: OutboundLeg, r: SipResponse): Promise<void> {
    if (r.status >= 300) return this.onForkDone(r.status);
    if (this.state !== 'ringing' || this.b !== undefined) {
      // §13.2.2.4: a 2xx we no longer want (cancelled, or another fork
      // won) was ACKed by the leg; the session it set up is ended by BYE.
      void leg.bye();
      return;
    }
    this.b = leg;
    this.bBody = r.body;
    this.clearRingTimer();
    for (const f of this.forks) if (f !== leg) void f.hangup();
    this.safeEmit('dialog', leg);
    const sdp = await (this.early?.connect(r.body) ?? this.transform('answer', 'b', r.body));
    if (this.state !== 'ringing') return;
    if (sdp === undefined) {
      void leg.bye();
      return this.fail(488);
    }
    this.state = 'answered';
    this.answeredAtMs = this.ctx.clock.now();
    this.aSentBody = sdp;
    const timer = SessionRefresher.start(
      this.ctx,
      this.a,
      () => this.aSentBody,
      () => this.hangup(),
    );
    this.session = timer?.refresher;
    this.a.answer(sdp, r.getHeader('Content-Type'), timer?.headers);
    this.safeEmit('dialog', this.a);
    this.safeEmit('answered');
  }

  private onForkDone(status: number): void {
    this.results.push(status === 408 && this.hasRung ? 480 : relayedStatus(status));
    if (this.state !== 'ringing' || this.b !== undefined) return;
    if (!this.forks.every((f) => f.isFinal)) return;
    this.fail(bestStatus(this.results));
  }

  /** No answer within the ring timeout: 480 to A, cancel the forks. */
  private giveUp(): void {
    if (this.state !== 'ringing' || this.b !== undefined) return;
    this.endForks();
    this.fail(480, 'system');
  }

  private fail(status: number, side: CallOutcome['side'] = 'callee'): void {
    const reason = unansweredReason(status);
    if (reason !== undefined && this.onUnanswered?.(reason) === true) return;
    this.a.reject(status);
    this.end({ result: unansweredResult(status), side, sipStatus: status });
  }

  private endForks(): void {
    for (const f of this.forks) void f.hangup();
    // After a transfer, leg B is the target's, which was never a fork.
    if (this.b !== undefined && !this.forks.includes(this.b)) void this.b.hangup();
    this.dialer?.close();
  }

  private end(outcome: CallOutcome): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.clearRingTimer();
    this.dialer?.close();
    this.transfer?.cancel();
    this.session?.stop();
    void this.early?.stop();
    void this.party?.leg.hangup();
    if (this.ctx.media !== undefined) void this.ctx.media.delete(this.id).catch(() => undefined);
    this.safeEmit('ended', outcome);
  }

  private clearRingTimer(): void {
    if (this.ringTimer !== undefined) this.ctx.clock.clearTimeout(this.ringTimer);
    this.ringTimer = undefined;
  }

  /**
   * A side that is not an extension of ours (a trunk, another switch)
   * has no hotkeys (D31), the one use of digits on a relayed call, so its
   * leg is not decoded for in-band DTMF: only RFC 4733 events are seen.
   */
  private transform(
    op: MediaOp,
    side: LegSide,
    body: Buffer,
    isWebRtc?: boolean,
  ): Promise<Buffer | undefined> {
    const { callerExtensionId, calleeExtensionId } = this.parties;
    const isExtension = (side === 'a' ? callerExtensionId : calleeExtensionId) !== undefined;
    const dtmfMode = isExtension ? undefined : 'rfc4733';
    return transformSdp(this.ctx, this.id, op, side, body, dtmfMode, isWebRtc);
  }

  private response(request: SipRequest, status: number, headers: Array<[string, string]> = []) {
    return createResponse(request, status, {
      headers: [['User-Agent', this.ctx.options.serverName], ...headers],
    });
  }
}
