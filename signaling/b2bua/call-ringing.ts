/*
 * A B2BUA call while it rings (b2bua-call.ts): leg B forked to every
 * contact of the callee (RFC 3261 §13.2, §16.7 in spirit) or dialled over
 * trunks in turn, the caller told of progress or given a ringback
 * (EXT-13), and the call failed with the best status when no fork answers.
 */
import type { MediaPlaySource, TimerHandle, TrunkTarget } from '../../core/index.ts';
import { quote, type SipResponse } from '../message/index.ts';
import type { ContactTarget } from '../registrar/index.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import type { B2buaCallState, CallParties } from './call-parties.ts';
import type { CallOutcome } from './call-outcome.ts';
import type { CallSdp } from './call-sdp.ts';
import { ExtensionRingback } from './extension-ringback.ts';
import { bestStatus, relayedStatus } from './final-status.ts';
import type { InboundLeg } from './inbound-leg.ts';
import { OutboundLeg } from './outbound-leg.ts';
import { TrunkDialer, type TrunkDialerDeps } from './trunk-dialer.ts';

/** The call that rings (a B2buaCall). */
export interface RingingCall {
  readonly id: string;
  readonly a: InboundLeg;
  readonly parties: CallParties;
  readonly ringback: MediaPlaySource | undefined;
  state: B2buaCallState;
  readonly b: OutboundLeg | undefined;
}

/** What the ringing reports to its call. */
export interface RingingHooks {
  /** The first 180/183 from the callee side. */
  ringing(): void;
  /** A final response from a fork or the trunk dialer's answer. */
  final(leg: OutboundLeg, r: SipResponse): Promise<void>;
  fail(status: number, side?: CallOutcome['side']): void;
}

/** The forks of leg B, or the trunk dialer, until one answers. */
export class CallRinging {
  readonly forks: OutboundLeg[] = [];
  dialer: TrunkDialer | undefined;
  private readonly results: number[] = [];
  private hasRung = false;
  private ringTimer: TimerHandle | undefined;
  /** The ringback in play for this call, when it has one (EXT-13). */
  early: ExtensionRingback | undefined;

  constructor(
    private readonly ctx: B2buaContext,
    private readonly call: RingingCall,
    private readonly sdp: CallSdp,
    private readonly hooks: RingingHooks,
  ) {}

  /** Offers the call to every contact at once (parallel forking). */
  async start(contacts: readonly ContactTarget[], ringTimeoutMs: number, maxForwards: number) {
    const request = this.call.a.request;
    const offer = await this.offerForForks(contacts);
    if (this.call.state !== 'routing') return;
    if (offer === undefined) return this.hooks.fail(488);
    // A contact registered over WebSocket is a browser (RFC 7118): its
    // fork gets a WebRTC offer from the media plane (D35).
    const isBrowser = (t: ContactTarget) => t.protocol === 'ws' || t.protocol === 'wss';
    const webOffer = contacts.some(isBrowser)
      ? await this.sdp.transform('offer', 'a', request.body, true)
      : undefined;
    if (this.call.state !== 'routing') return;
    this.call.state = 'ringing';
    const name = request.from()?.displayName;
    const { domain, callerNumber, calleeNumber } = this.call.parties;
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
      leg.on('final', (r) => void this.hooks.final(leg, r));
      leg.on('failed', (status) => this.onForkDone(status));
      this.forks.push(leg);
      leg.start();
    }
    if (this.forks.length === 0) return this.hooks.fail(480);
    this.ringTimer = this.ctx.clock.setTimeout(() => this.giveUp(), ringTimeoutMs);
  }

  /**
   * The offer the forks get: the caller's, relayed through the media
   * plane, or with a ringback (EXT-13) our own, the caller's offer being
   * answered locally. A browser fork needs a WebRTC offer of its own, so
   * with one the call rings as usual.
   */
  private offerForForks(contacts: readonly ContactTarget[]): Promise<Buffer | undefined> {
    const body = this.call.a.request.body;
    const hasBrowser = contacts.some((t) => t.protocol === 'ws' || t.protocol === 'wss');
    this.early = hasBrowser
      ? undefined
      : ExtensionRingback.for(this.ctx, this.call.id, this.call.ringback, body);
    const modeA = this.sdp.dtmfModeOf('a');
    const modeB = this.sdp.dtmfModeOf('b');
    if (this.early === undefined) return this.sdp.transform('offer', 'a', body);
    // Answered and offered by us: each side narrowed to its phone's codecs (D94).
    const offer = this.sdp.narrow('a', body);
    if (offer === undefined) return Promise.resolve(undefined);
    return this.early
      .prepare(
        offer,
        modeA === undefined ? {} : { dtmfMode: modeA },
        modeB === undefined ? {} : { dtmfMode: modeB },
      )
      .then((ours) => (ours === undefined ? undefined : this.sdp.narrow('b', ours)));
  }

  /** Offers the call to trunks one after the other (failover). */
  async startTrunks(targets: readonly TrunkTarget[], deps: TrunkDialerDeps, maxForwards: number) {
    const request = this.call.a.request;
    const offer = await this.sdp.transform('offer', 'a', request.body);
    if (this.call.state !== 'routing') return;
    if (offer === undefined) return this.hooks.fail(488);
    this.call.state = 'ringing';
    const contentType = request.getHeader('Content-Type');
    const dialer = new TrunkDialer(this.ctx, deps, targets, {
      body: offer,
      contentType,
      maxForwards,
    });
    this.dialer = dialer;
    dialer.on('provisional', (r) => void this.onProvisional(r));
    dialer.on('answered', (leg, r) => void this.hooks.final(leg, r));
    dialer.on('failed', (status) => {
      if (this.call.state === 'ringing' && this.call.b === undefined) this.hooks.fail(status);
    });
    dialer.start();
  }

  /** A 1xx from a fork or trunk: ringing, relayed or with our ringback. */
  async onProvisional(r: SipResponse): Promise<void> {
    if (this.call.state !== 'ringing' || this.call.b !== undefined) return;
    if (!this.hasRung) this.hooks.ringing();
    this.hasRung = true;
    // EXT-13: the caller hears the ringback instead of the relayed 1xx.
    if (this.early !== undefined) return this.early.start(this.call.a);
    const sdp = await this.sdp.transform('answer', 'b', r.body);
    if (this.call.state !== 'ringing' || this.call.b !== undefined) return;
    const status = r.status === 183 ? 183 : 180;
    this.call.a.provisional(status, sdp, r.getHeader('Content-Type'));
  }

  /** A fork ended without a 2xx: the call fails once every fork has. */
  onForkDone(status: number): void {
    this.results.push(status === 408 && this.hasRung ? 480 : relayedStatus(status));
    if (this.call.state !== 'ringing' || this.call.b !== undefined) return;
    if (!this.forks.every((f) => f.isFinal)) return;
    this.hooks.fail(bestStatus(this.results));
  }

  /** No answer within the ring timeout: 480 to A, cancel the forks. */
  private giveUp(): void {
    if (this.call.state !== 'ringing' || this.call.b !== undefined) return;
    this.endForks();
    this.hooks.fail(480, 'system');
  }

  /** Ends every fork, leg B if it was not one, and the trunk dialer; `reason` goes on CANCELs. */
  endForks(cancelReason?: string): void {
    for (const f of this.forks) void f.hangup(cancelReason);
    // After a transfer, leg B is the target's, which was never a fork.
    if (this.call.b !== undefined && !this.forks.includes(this.call.b)) void this.call.b.hangup();
    this.dialer?.close();
  }

  /** Stops the ring timeout (answered, or the call ended). */
  clearRingTimer(): void {
    if (this.ringTimer !== undefined) this.ctx.clock.clearTimeout(this.ringTimer);
    this.ringTimer = undefined;
  }
}
