/*
 * Transfers of an answered B2BUA call (b2bua-call.ts): blind transfer by
 * the callee's REFER (RFC 3515, RFC 5589 §6), attended transfer taking
 * another call's leg B (RFC 5589 §7, RFC 3891), a REFER from the caller
 * run as its blind-transfer key, and hotkey transfers that put a placed
 * leg in one side's place (D31).
 */
import type { CallLeg } from '../../core/index.ts';
import { quote, type SipResponse } from '../message/index.ts';
import type { B2buaContext } from './b2bua-context.ts';
import { BlindTransfer, type TransferTarget } from './blind-transfer.ts';
import type { B2buaCallState, CallParties } from './call-parties.ts';
import type { CallOutcome } from './call-outcome.ts';
import type { CallSdp } from './call-sdp.ts';
import type { InboundLeg } from './inbound-leg.ts';
import type { OutboundLeg } from './outbound-leg.ts';
import type { ReferSubscription } from './refer-subscription.ts';
import type { LegSide, SipDialogLeg } from './sip-dialog-leg.ts';

/**
 * In-call hotkeys (D31), as the call sees them: a BYE goes to them first,
 * and while one runs the call takes no re-INVITE or REFER.
 */
export interface InCallHotkeys {
  bye(side: LegSide): boolean;
  readonly isBusy: boolean;
  referred(
    side: LegSide,
    number: string,
    report: (status: number) => void,
  ): (() => void) | undefined;
}

/** The call whose legs the transfers move (a B2buaCall). */
export interface TransferredCall {
  readonly id: string;
  readonly a: InboundLeg;
  b: OutboundLeg | undefined;
  readonly state: B2buaCallState;
  readonly parties: CallParties;
  readonly hotkeys: InCallHotkeys | undefined;
  hangup(): void;
}

/** What the call lets its transfers do beyond its public members. */
export interface TransferHooks {
  /** A leg now has a dialog: in-dialog requests must reach it. */
  dialog(leg: SipDialogLeg): void;
  end(outcome: CallOutcome): void;
  /** RFC 4028: stops the caller's session timer. */
  stopSession(): void;
  /** True while a trunk dialer, which ends its own leg, carries leg B. */
  hasDialer(): boolean;
}

/** The transfers of one call: the one in progress, and who took a side. */
export class CallTransfers {
  private transfer: BlindTransfer | undefined;
  /** After a hotkey transfer: the leg that took the place of one side. */
  party: { readonly side: LegSide; readonly leg: CallLeg } | undefined;

  constructor(
    private readonly ctx: B2buaContext,
    private readonly call: TransferredCall,
    private readonly sdp: CallSdp,
    private readonly hooks: TransferHooks,
  ) {}

  /** True while a blind transfer's target is being called. */
  get isTransferring(): boolean {
    return this.transfer !== undefined;
  }

  /** Stops a blind transfer in progress (the call ended). */
  cancel(): void {
    this.transfer?.cancel();
  }

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
    const call = this.call;
    if (call.state !== 'answered' || leg !== call.a || this.transfer !== undefined) return;
    return call.hotkeys?.referred('a', number, report);
  }

  /**
   * Why a REFER from `leg` cannot start a transfer (RFC 3515 §2.4.2), as
   * a status: 403 unless the call is answered and `leg` is the callee's
   * current leg, 491 while another transfer is in progress.
   */
  referRefusal(leg: SipDialogLeg): number | undefined {
    const call = this.call;
    if (call.state !== 'answered' || leg !== call.b || this.party !== undefined) return 403;
    if (this.transfer !== undefined || call.hotkeys?.isBusy === true) return 491;
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
    const call = this.call;
    subscription.notify(100);
    const wasTransferred = this.sdp.isBTransferred;
    this.sdp.isBTransferred = true;
    const offer = await this.sdp.transform('offer', 'a', this.sdp.aBody);
    if (call.state !== 'answered') return subscription.notify(487);
    if (offer === undefined) return subscription.notify(488);
    const { callerNumber, domain } = call.parties;
    const name = call.a.request.from()?.displayName;
    const transfer = new BlindTransfer(this.ctx, subscription, {
      ...target,
      from: `${name ? `${quote(name)} ` : ''}<sip:${callerNumber}@${domain}>`,
      contactUser: callerNumber,
      body: offer,
      contentType: call.a.request.getHeader('Content-Type'),
    });
    this.transfer = transfer;
    transfer.on('failed', () => {
      this.transfer = undefined;
      this.sdp.isBTransferred = wasTransferred;
    });
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
    const call = this.call;
    if (call.state !== 'answered') {
      sub.notify(487);
      return void leg.bye();
    }
    const transferor = call.b;
    call.b = leg;
    this.sdp.bBody = r.body;
    this.hooks.dialog(leg);
    sub.notify(200);
    void transferor?.bye();
    const sdp = await this.sdp.transform('answer', 'b', r.body);
    if (sdp === undefined) return call.hangup();
    if (this.ctx.media !== undefined) return;
    this.sdp.aSentBody = sdp;
    const answer = await call.a.reinvite(sdp, r.getHeader('Content-Type'));
    if (answer === undefined || answer.status >= 300) {
      this.ctx.logger.warn(
        { callId: call.id, status: answer?.status },
        'transfer re-INVITE failed',
      );
      call.hangup();
    }
  }

  /**
   * Whether this call can give its leg B to another call in an attended
   * transfer: answered, the transferor on leg A, no transfer in progress,
   * and no trunk dialer (which ends its own leg when the call ends).
   */
  canDonate(leg: SipDialogLeg): boolean {
    const call = this.call;
    return (
      call.state === 'answered' &&
      leg === call.a &&
      call.b !== undefined &&
      !this.hooks.hasDialer() &&
      this.transfer === undefined &&
      this.party === undefined &&
      call.hotkeys?.isBusy !== true
    );
  }

  /**
   * Attended transfer (RFC 5589 §7, RFC 3891 §3): leg B of the donor call,
   * the target talking to the transferor, replaces our leg B, the
   * transferor. `donate` ends the donor call (BYE to the transferor's other
   * leg), and our leg A and the new leg B are pointed at each other's media.
   */
  async takeOver(
    donate: () => { leg: OutboundLeg; body: Buffer } | undefined,
    sub: ReferSubscription,
  ): Promise<void> {
    const call = this.call;
    sub.notify(100);
    sub.notify(200);
    const taken = donate();
    if (taken === undefined) return;
    const transferor = call.b;
    call.b = taken.leg;
    this.sdp.bBody = taken.body;
    this.sdp.isBTransferred = true;
    this.hooks.dialog(taken.leg);
    void transferor?.bye();
    if (!(await this.sdp.reconnect(call.a, taken.leg))) call.hangup();
  }

  /**
   * A hotkey transfer (D31): side `gone` leaves (BYE, unless its dialog
   * already ended) and the call goes on between the other side and `leg`,
   * a leg we placed; the call's CDR carries on, as in D28. Media of the
   * side that left is freed; the hotkeys relay the rest.
   */
  replaceParty(gone: LegSide, leg: CallLeg): void {
    const call = this.call;
    if (call.state !== 'answered' || this.party !== undefined) {
      void leg.hangup();
      return;
    }
    void (gone === 'a' ? call.a : call.b)?.bye();
    if (gone === 'b') call.b = undefined;
    this.party = { side: gone, leg };
    // RFC 4028: the caller's session timer dies with the caller's dialog.
    if (gone === 'a') this.hooks.stopSession();
    void this.ctx.media?.delete(call.id, gone).catch(() => undefined);
    leg.once('hangup', () => {
      if (call.state === 'ended') return;
      void (gone === 'a' ? call.b : call.a)?.bye();
      const side = gone === 'a' ? 'caller' : 'callee';
      this.hooks.end({ result: 'answered', side, sipStatus: undefined });
    });
  }

  /** Whether `side` has its party of the answer still (no transfer took it). */
  isOriginal(side: LegSide): boolean {
    return this.party?.side !== side && this.transfer === undefined;
  }

  /** Whether `leg` still carries the call (not a transferred-away leg). */
  isCurrent(leg: SipDialogLeg): boolean {
    const call = this.call;
    return (leg === call.a && this.party?.side !== 'a') || leg === call.b;
  }
}
