import { TypedEmitter, uuid, type TimerHandle, type TrunkTarget } from '../../core/index.ts';
import { createResponse, quote, type SipRequest, type SipResponse } from '../message/index.ts';
import type { InviteServerTransaction } from '../transaction/index.ts';
import type { ContactTarget } from '../registrar/index.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import { unansweredResult, type CallOutcome } from './call-outcome.ts';
import { bestStatus, relayedStatus } from './final-status.ts';
import type { InboundLeg } from './inbound-leg.ts';
import { OutboundLeg } from './outbound-leg.ts';
import type { LegSide, SipDialogLeg } from './sip-dialog-leg.ts';
import { TrunkDialer, type TrunkDialerDeps } from './trunk-dialer.ts';

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
}

/** Events of a call, for the B2BUA that routes requests to it. */
export type B2buaCallEvents = {
  /** A leg now has a dialog: in-dialog requests must reach it. */
  dialog: [SipDialogLeg];
  answered: [];
  /** The call is over; the outcome is for its CDR. */
  ended: [CallOutcome];
  listenererror: [string, unknown];
};

type MediaOp = 'offer' | 'answer' | 'update';

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

  constructor(
    private readonly ctx: B2buaContext,
    readonly a: InboundLeg,
    readonly parties: CallParties,
  ) {
    super(ctx.logger);
    this.startedAtMs = ctx.clock.now();
    a.on('ackTimeout', () => this.hangup());
  }

  /** Offers the call to every contact at once (parallel forking). */
  async start(contacts: readonly ContactTarget[], ringTimeoutMs: number, maxForwards: number) {
    const request = this.a.request;
    const offer = await this.transform('offer', 'a', request.body);
    if (this.state !== 'routing') return;
    if (offer === undefined) return this.fail(488);
    this.state = 'ringing';
    const name = request.from()?.displayName;
    const { domain, callerNumber, calleeNumber } = this.parties;
    const from = `${name ? `${quote(name)} ` : ''}<sip:${callerNumber}@${domain}>`;
    for (const target of contacts) {
      const via = this.ctx.viaSource(target.protocol);
      if (via === undefined) continue;
      const leg = new OutboundLeg(this.ctx, target, via, contactFor(via, callerNumber), {
        requestUri: target.binding.contactUri,
        from,
        to: `<sip:${calleeNumber}@${domain}>`,
        maxForwards,
        body: offer,
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
   * A re-INVITE on one leg (hold, resume, new address): relayed to the
   * other leg with its SDP through MediaControl.update (§14). Glare: a
   * re-INVITE while another is pending on the call gets 491 (§14.2).
   */
  async receiveReinvite(leg: SipDialogLeg, request: SipRequest, tx: InviteServerTransaction) {
    const other = leg.side === 'a' ? this.b : this.a;
    if (this.state !== 'answered' || other === undefined || leg.dialog === undefined) {
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
    leg.respondReinvite(request, tx, 200, sdp, answer.getHeader('Content-Type'));
  }

  private async onProvisional(r: SipResponse): Promise<void> {
    if (this.state !== 'ringing' || this.b !== undefined) return;
    this.hasRung = true;
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
    this.clearRingTimer();
    for (const f of this.forks) if (f !== leg) void f.hangup();
    this.safeEmit('dialog', leg);
    const sdp = await this.transform('answer', 'b', r.body);
    if (this.state !== 'ringing') return;
    if (sdp === undefined) {
      void leg.bye();
      return this.fail(488);
    }
    this.state = 'answered';
    this.answeredAtMs = this.ctx.clock.now();
    this.a.answer(sdp, r.getHeader('Content-Type'));
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
    this.a.reject(status);
    this.end({ result: unansweredResult(status), side, sipStatus: status });
  }

  private endForks(): void {
    for (const f of this.forks) void f.hangup();
    this.dialer?.close();
  }

  private end(outcome: CallOutcome): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.clearRingTimer();
    this.dialer?.close();
    if (this.ctx.media !== undefined) void this.ctx.media.delete(this.id).catch(() => undefined);
    this.safeEmit('ended', outcome);
  }

  private clearRingTimer(): void {
    if (this.ringTimer !== undefined) this.ctx.clock.clearTimeout(this.ringTimer);
    this.ringTimer = undefined;
  }

  /**
   * Passes SDP from `side` through the media plane; without one, or
   * without a body, it goes through as is. Undefined means refused (488).
   */
  private async transform(op: MediaOp, side: LegSide, body: Buffer): Promise<Buffer | undefined> {
    const media = this.ctx.media;
    if (media === undefined || body.length === 0) return body;
    const peerLegId = side === 'a' ? 'b' : 'a';
    try {
      const r = await media[op](this.id, side, body.toString('utf8'), { peerLegId });
      if (r.ok) return Buffer.from(r.value, 'utf8');
      this.ctx.logger.warn({ callId: this.id, op, error: r.error }, 'media refused SDP');
    } catch (err) {
      this.ctx.logger.error({ err, callId: this.id, op }, 'media control failed');
    }
    return undefined;
  }

  private response(request: SipRequest, status: number, headers: Array<[string, string]> = []) {
    return createResponse(request, status, {
      headers: [['User-Agent', this.ctx.options.serverName], ...headers],
    });
  }
}
