import { TypedEmitter, uuid, type TrunkTarget } from '../../core/index.ts';
import type { CallLeg, MediaPlaySource } from '../../core/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { ContactTarget } from '../registrar/index.ts';
import { responseTo, type B2buaContext } from './b2bua-context.ts';
import type { TransferTarget } from './blind-transfer.ts';
import type { B2buaCallState, CallParties } from './call-parties.ts';
import {
  unansweredReason,
  unansweredResult,
  type CallOutcome,
  type UnansweredReason,
} from './call-outcome.ts';
import { relayReinvite } from './call-reinvite.ts';
import { CallRinging } from './call-ringing.ts';
import { CallSdp } from './call-sdp.ts';
import { CallTransfers, type InCallHotkeys } from './call-transfers.ts';
import type { SipDialogId } from './dialog-info.ts';
import type { InboundLeg } from './inbound-leg.ts';
import { answerLocally } from './local-reinvite.ts';
import { COMPLETED_ELSEWHERE, type OutboundLeg } from './outbound-leg.ts';
import type { ReferSubscription } from './refer-subscription.ts';
import { SessionRefresher } from './session-refresher.ts';
import type { LegSide, SipDialogLeg } from './sip-dialog-leg.ts';
import type { TrunkDialerDeps } from './trunk-dialer.ts';

export type { B2buaCallState, CallDirection, CallParties } from './call-parties.ts';

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
  /** Leg B's forks or trunk dialer until one answers. */
  private readonly ringing: CallRinging;
  /** The SDP of both sides, and the media plane's transform of it. */
  private readonly sdp: CallSdp;
  /** Blind, attended and hotkey transfers once answered. */
  private readonly transfers: CallTransfers;
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
  hotkeys: InCallHotkeys | undefined;
  /** EXT-13: what the caller hears while the callee rings; set before start(). */
  ringback: MediaPlaySource | undefined;

  constructor(
    private readonly ctx: B2buaContext,
    readonly a: InboundLeg,
    readonly parties: CallParties,
  ) {
    super(ctx.logger);
    this.startedAtMs = ctx.clock.now();
    this.sdp = new CallSdp(ctx, this.id, parties, a.request.body);
    this.sdp.trunkOfB = () => this.trunkId;
    this.transfers = new CallTransfers(ctx, this, this.sdp, {
      dialog: (leg) => this.safeEmit('dialog', leg),
      end: (outcome) => this.end(outcome),
      stopSession: () => this.session?.stop(),
      hasDialer: () => this.ringing.dialer !== undefined,
    });
    this.ringing = new CallRinging(ctx, this, this.sdp, {
      ringing: () => this.safeEmit('ringing'),
      final: (leg, r) => this.onFinal(leg, r),
      fail: (status, side) => this.fail(status, side),
    });
    a.on('ackTimeout', () => this.hangup());
  }

  /** Offers the call to every contact at once (parallel forking). */
  start(contacts: readonly ContactTarget[], ringTimeoutMs: number, maxForwards: number) {
    return this.ringing.start(contacts, ringTimeoutMs, maxForwards);
  }

  /** Offers the call to trunks one after the other (failover). */
  startTrunks(targets: readonly TrunkTarget[], deps: TrunkDialerDeps, maxForwards: number) {
    return this.ringing.startTrunks(targets, deps, maxForwards);
  }

  /** The Call-ID of leg A, to match the caller's phone logs. */
  get sipCallId(): string | undefined {
    return this.a.request.callId();
  }

  /** Leg A's dialog as we hold it: its Call-ID, our tag and the caller's (D89). */
  get callerDialog(): SipDialogId | undefined {
    return this.a.dialogId;
  }

  /** The trunk carrying the call, for trunk calls. */
  get trunkId(): number | undefined {
    return this.ringing.dialer?.trunkId;
  }

  /** The caller's CANCEL (§9.2): 487 to A, CANCEL (or BYE) to every fork. */
  cancelByCaller(): void {
    if (this.state === 'ended' || this.a.isFinal) return;
    this.a.reject(487);
    this.ringing.endForks();
    this.end({ result: 'cancelled', side: 'caller', sipStatus: 487 });
  }

  /**
   * Gives leg A away before anyone answered (call pickup, a forward,
   * voicemail): the forks stop ringing (their CANCEL carries `cancelReason`,
   * RFC 3326) and the call ends without a CDR end of its own, as the new
   * owner carries on the same record.
   */
  releaseCaller(cancelReason?: string): InboundLeg | undefined {
    if (this.state === 'ended' || this.state === 'answered' || this.a.isFinal) return undefined;
    this.ringing.endForks(cancelReason);
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
    if (this.state !== 'answered' || this.transfers.isTransferring) return undefined;
    if (this.transfers.party !== undefined) return undefined;
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
    this.ringing.endForks();
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
    tx.respond(responseTo(this.ctx, request, 200));
    // A transferor that hangs up after the transfer only ends its own leg.
    if (!this.transfers.isCurrent(leg)) return;
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
    const party = this.transfers.party;
    if (!this.transfers.isCurrent(leg)) {
      // §12.2.2: the transferor's dialog no longer carries the session.
      tx.respond(responseTo(this.ctx, request, 481));
      return;
    }
    if (party !== undefined && this.hotkeys?.isBusy !== true) {
      const extra = () => (leg.side === 'a' ? (this.session?.responseHeaders ?? []) : []);
      const isAnswered = await answerLocally(this.ctx, this.id, leg, request, tx, party.leg, extra);
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
      tx.respond(responseTo(this.ctx, request, 491));
      return;
    }
    if (leg.dialog.receiveRequest(request) === 'out-of-order') {
      // §12.2.2: a CSeq lower than the last one is out of order.
      tx.respond(responseTo(this.ctx, request, 500));
      return;
    }
    return relayReinvite(this.ctx, this.sdp, this.session, leg, other, request, tx);
  }

  /** A REFER from the caller's leg, run as its blind-transfer key (D31). */
  referFromCaller(
    leg: SipDialogLeg,
    number: string,
    report: (status: number) => void,
  ): (() => void) | undefined {
    return this.transfers.referFromCaller(leg, number, report);
  }

  /** Why a REFER from `leg` cannot start a transfer, as a status. */
  referRefusal(leg: SipDialogLeg): number | undefined {
    return this.transfers.referRefusal(leg);
  }

  /** Blind transfer by the callee's REFER (RFC 3515, RFC 5589 §6). */
  transferTo(
    target: Omit<TransferTarget, 'body' | 'contentType' | 'from' | 'contactUser'>,
    subscription: ReferSubscription,
    maxForwards: number,
  ): Promise<void> {
    return this.transfers.transferTo(target, subscription, maxForwards);
  }

  /** Whether this call can give its leg B to another in an attended transfer. */
  canDonate(leg: SipDialogLeg): boolean {
    return this.transfers.canDonate(leg);
  }

  /**
   * Attended transfer (RFC 5589 §7, RFC 3891 §3): leg B of `donor`, the
   * target talking to the transferor, replaces our leg B, the transferor.
   */
  takeOver(donor: B2buaCall, sub: ReferSubscription): Promise<void> {
    return this.transfers.takeOver(() => donor.donate(), sub);
  }

  /** Gives leg B and its SDP away, then ends this call (BYE to leg A). */
  private donate(): { leg: OutboundLeg; body: Buffer } | undefined {
    const leg = this.b;
    if (leg === undefined) return undefined;
    this.b = undefined;
    this.ringing.forks.splice(this.ringing.forks.indexOf(leg), 1);
    const body = this.sdp.bBody;
    this.hangup();
    return { leg, body };
  }

  /** A hotkey transfer (D31): `leg`, a leg we placed, takes side `gone`'s place. */
  replaceParty(gone: LegSide, leg: CallLeg): void {
    this.transfers.replaceParty(gone, leg);
  }

  /** Whether `side` has its party of the answer still (no transfer took it). */
  isOriginal(side: LegSide): boolean {
    return this.transfers.isOriginal(side);
  }

  private async onFinal(leg: OutboundLeg, r: SipResponse): Promise<void> {
    if (r.status >= 300) return this.ringing.onForkDone(r.status);
    if (this.state !== 'ringing' || this.b !== undefined) {
      // §13.2.2.4: a 2xx we no longer want (cancelled, or another fork
      // won) was ACKed by the leg; the session it set up is ended by BYE.
      void leg.bye();
      return;
    }
    this.b = leg;
    this.sdp.bBody = r.body;
    this.ringing.clearRingTimer();
    for (const f of this.ringing.forks) if (f !== leg) void f.hangup(COMPLETED_ELSEWHERE);
    this.safeEmit('dialog', leg);
    const sdp = await (this.ringing.early?.connect(r.body) ??
      this.sdp.transform('answer', 'b', r.body));
    if (this.state !== 'ringing') return;
    if (sdp === undefined) {
      void leg.bye();
      return this.fail(488);
    }
    this.state = 'answered';
    this.answeredAtMs = this.ctx.clock.now();
    this.sdp.aSentBody = sdp;
    const timer = SessionRefresher.start(
      this.ctx,
      this.a,
      () => this.sdp.aSentBody,
      () => this.hangup(),
    );
    this.session = timer?.refresher;
    this.a.answer(sdp, r.getHeader('Content-Type'), timer?.headers);
    this.safeEmit('dialog', this.a);
    this.safeEmit('answered');
  }

  private fail(status: number, side: CallOutcome['side'] = 'callee'): void {
    const reason = unansweredReason(status);
    if (reason !== undefined && this.onUnanswered?.(reason) === true) return;
    this.a.reject(status);
    this.end({ result: unansweredResult(status), side, sipStatus: status });
  }

  private end(outcome: CallOutcome): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.ringing.clearRingTimer();
    this.ringing.dialer?.close();
    this.transfers.cancel();
    this.session?.stop();
    void this.ringing.early?.stop();
    void this.transfers.party?.leg.hangup();
    if (this.ctx.media !== undefined) void this.ctx.media.delete(this.id).catch(() => undefined);
    this.safeEmit('ended', outcome);
  }
}
