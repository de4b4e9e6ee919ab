import { TypedEmitter, type TimerHandle, type TrunkTarget } from '../../core/index.ts';
import { quote, type SipResponse } from '../message/index.ts';
import type { ViaSource } from '../dialog/index.ts';
import type { Destination } from '../transaction/index.ts';
import type { TargetResolver } from '../transport/index.ts';
import { DigestClient } from '../user-agent/index.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import { relayedStatus } from './final-status.ts';
import { restrictOfferCodecs } from './sdp-codecs.ts';
import { OutboundLeg } from './outbound-leg.ts';
import type { TrunkChannels } from './trunk-channels.ts';
import { isTrunkFailure, type TrunkAttemptOutcome, type TrunkAttempts } from './trunk-attempts.ts';

/**
 * TRK-12: to a cascaded Switchyard, the calling agent's job number rides
 * in an extension header (RFC 3261 §7.3.1 lets a UA ignore it); the
 * internal number is already the asserted identity.
 */
function cascadeHeaders(target: TrunkTarget): Array<[string, string]> {
  const agentNo = target.cascade?.agentNo;
  // Only a token (RFC 3261 §25.1) goes into the header as it is.
  if (agentNo === undefined || !/^[\w.!%*+`'~-]+$/.test(agentNo)) return [];
  return [['X-Switchyard-Agent', agentNo]];
}

/** What a trunk call needs besides the context. */
export interface TrunkDialerDeps {
  readonly resolver: Pick<TargetResolver, 'resolve'>;
  readonly channels: TrunkChannels;
  /** Per-trunk INVITE headers and the failure count (TRK-11, TRK-13). */
  readonly attempts?: TrunkAttempts | undefined;
  /** Trunks found unreachable by qualify (D84); every trunk is tried without it. */
  readonly reachability?: { isUnreachable(trunkId: number): boolean } | undefined;
}

/** The offer and hop count every attempt carries. */
export interface TrunkOffer {
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly maxForwards: number;
}

/** Events of a dialer, for the call that owns it. */
export type TrunkDialerEvents = {
  provisional: [SipResponse];
  /** A trunk answered; the leg is leg B of the call from now on. */
  answered: [OutboundLeg, SipResponse];
  /** No trunk took the call; the status is for leg A. */
  failed: [status: number];
  listenererror: [string, unknown];
};

/**
 * Places an outbound call over a list of trunks, one at a time (spec §3.7
 * failover): each attempt holds one of the trunk's channels, is sent to
 * the trunk's host as RFC 3263 locates it, and answers one 401/407 with
 * the trunk's credentials (RFC 3261 §22.2). A 5xx, a 408, no response
 * within the trunk's timeout, or a full trunk moves on to the next; any
 * other final response is the callee's and ends the search. Each INVITE
 * carries the trunk's own extra headers (TRK-11), and each attempt's
 * outcome goes to `attempts`, which counts failures in a row (TRK-13).
 */
export class TrunkDialer extends TypedEmitter<TrunkDialerEvents> {
  private next = 0;
  private leg: OutboundLeg | undefined;
  private heldTrunkId: number | undefined;
  private responseTimer: TimerHandle | undefined;
  private lastStatus = 503;
  private isClosed = false;

  constructor(
    private readonly ctx: B2buaContext,
    private readonly deps: TrunkDialerDeps,
    private readonly targets: readonly TrunkTarget[],
    private readonly offer: TrunkOffer,
  ) {
    super(ctx.logger);
  }

  /** The trunk of the current attempt or answered call. */
  get trunkId(): number | undefined {
    return this.heldTrunkId;
  }

  start(): void {
    void this.tryNext();
  }

  /**
   * Ends the dialer: CANCEL or BYE for the current leg, and its channel
   * back. Idempotent; the call closes it when it ends for any reason.
   */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.clearResponseTimer();
    void this.leg?.hangup();
    this.releaseChannel();
  }

  private async tryNext(): Promise<void> {
    this.releaseChannel();
    while (!this.isClosed) {
      const target = this.targets[this.next++];
      if (target === undefined) {
        this.safeEmit('failed', this.lastStatus >= 500 ? 503 : this.lastStatus);
        return;
      }
      const body = this.bodyFor(target);
      if (body === undefined) {
        // RFC 3261 §21.4.26: we could not offer this trunk anything it takes.
        this.ctx.logger.info({ trunk: target.trunkName }, 'no codec the trunk takes, skipped');
        this.lastStatus = 488;
        continue;
      }
      // D84: a trunk whose carrier does not answer OPTIONS is not tried, as
      // Asterisk does not dial an UNREACHABLE peer; the next one is at once.
      if (this.deps.reachability?.isUnreachable(target.trunkId) === true) {
        this.ctx.logger.info({ trunk: target.trunkName }, 'trunk unreachable (qualify), skipped');
        this.lastStatus = 503;
        continue;
      }
      if (!this.deps.channels.tryAcquire(target.trunkId, target.maxChannels)) {
        this.ctx.logger.info({ trunk: target.trunkName }, 'trunk at maxChannels, skipped');
        this.lastStatus = 503;
        continue;
      }
      this.heldTrunkId = target.trunkId;
      const resolved = await this.deps.resolver
        .resolve({ host: target.host, port: target.port, transport: target.transport })
        .catch(() => []);
      // close() while resolving has given the channel back already.
      if (this.isClosed) return;
      const destination = resolved[0];
      const via = destination === undefined ? undefined : this.ctx.viaSource(destination.protocol);
      if (destination === undefined || via === undefined) {
        this.ctx.logger.warn({ trunk: target.trunkName }, 'trunk host not reachable');
        this.record(target.trunkId, 'failed');
        this.lastStatus = 503;
        this.releaseChannel();
        continue;
      }
      this.dial(target, destination, via, body);
      return;
    }
  }

  /**
   * The offer narrowed to the trunk's codecs, without telephone-event for
   * a trunk taking keys as tones or in INFO (D88); undefined when none of
   * its codecs is in it.
   */
  private bodyFor(target: TrunkTarget): Buffer | undefined {
    const codecs = target.codecs ?? [];
    const mode = this.ctx.dtmfModes?.trunk(target.trunkId);
    const hasEvents = mode !== 'inband' && mode !== 'info';
    if ((codecs.length === 0 && hasEvents) || this.offer.body.length === 0) {
      return this.offer.body;
    }
    const narrowed = restrictOfferCodecs(this.offer.body.toString('utf8'), codecs, hasEvents);
    return narrowed === undefined ? undefined : Buffer.from(narrowed, 'utf8');
  }

  private dial(target: TrunkTarget, destination: Destination, via: ViaSource, body: Buffer): void {
    const host = target.host.includes(':') ? `[${target.host}]` : target.host;
    const param = target.transport === 'udp' ? '' : `;transport=${target.transport}`;
    const requestUri = `sip:${target.number}@${host}:${target.port}${param}`;
    const { number, name } = target.callerId;
    const identity = `${name ? `${quote(name)} ` : ''}<sip:${number}@${via.host}>`;
    const leg = new OutboundLeg(this.ctx, destination, via, contactFor(via, number), {
      requestUri,
      from: identity,
      to: `<sip:${target.number}@${host}>`,
      maxForwards: this.offer.maxForwards,
      body,
      contentType: this.offer.contentType,
      // RFC 3325 §9.1: the identity we assert to a trusted carrier.
      headers: [
        ['P-Asserted-Identity', identity],
        ...cascadeHeaders(target),
        ...this.trunkHeaders(target.trunkId),
      ],
    });
    this.leg = leg;
    let hasAuthenticated = false;
    leg.on('provisional', (r) => this.safeEmit('provisional', r));
    leg.on('failed', (status) => this.moveOn(leg, status));
    leg.on('final', (r) => {
      this.clearResponseTimer();
      // §13.2.2.4: a 2xx nobody wants any more was ACKed; BYE ends it.
      if (this.isClosed && r.status < 300) return void leg.bye();
      if (this.leg !== leg || this.isClosed) return;
      if (r.status < 300) {
        this.record(target.trunkId, 'reached');
        return this.safeEmit('answered', leg, r);
      }
      if ((r.status === 401 || r.status === 407) && !hasAuthenticated) {
        hasAuthenticated = true;
        if (this.authenticate(leg, target, r, requestUri))
          return this.armResponseTimer(leg, target);
      }
      if (isTrunkFailure(r.status)) return this.moveOn(leg, r.status);
      this.record(target.trunkId, 'reached');
      this.releaseChannel();
      this.safeEmit('failed', relayedStatus(r.status));
    });
    leg.start();
    this.armResponseTimer(leg, target);
  }

  /** §22.2: one retry with the trunk's credentials; false if we have none. */
  private authenticate(
    leg: OutboundLeg,
    target: TrunkTarget,
    challenge: SipResponse,
    uri: string,
  ): boolean {
    if (target.credentials === undefined) return false;
    const isProxy = challenge.status === 407;
    const digest = new DigestClient(target.credentials);
    const values = challenge.getHeaders(isProxy ? 'Proxy-Authenticate' : 'WWW-Authenticate');
    if (!digest.handleChallenge(values).ok) return false;
    const credentials = digest.authorize({ method: 'INVITE', uri });
    if (credentials === undefined) return false;
    leg.authenticate(isProxy ? 'Proxy-Authorization' : 'Authorization', credentials);
    return true;
  }

  private moveOn(leg: OutboundLeg, status: number): void {
    this.clearResponseTimer();
    if (this.leg !== leg || this.isClosed) return;
    this.ctx.logger.info({ trunkId: this.heldTrunkId, status }, 'trunk failed, trying the next');
    if (this.heldTrunkId !== undefined) this.record(this.heldTrunkId, 'failed');
    this.lastStatus = status;
    this.leg = undefined;
    void this.tryNext();
  }

  /**
   * The trunk's timeout (or Timer B, whichever is first) for the first
   * response of any kind: a trunk that says nothing is taken for dead.
   */
  private armResponseTimer(leg: OutboundLeg, target: TrunkTarget): void {
    this.clearResponseTimer();
    this.responseTimer = this.ctx.clock.setTimeout(() => {
      this.responseTimer = undefined;
      if (leg.abandon()) this.moveOn(leg, 408);
    }, target.responseTimeoutMs);
  }

  private clearResponseTimer(): void {
    if (this.responseTimer !== undefined) this.ctx.clock.clearTimeout(this.responseTimer);
    this.responseTimer = undefined;
  }

  /** TRK-11: the trunk's extra INVITE headers; none if the lookup throws. */
  private trunkHeaders(trunkId: number): Array<[string, string]> {
    try {
      return (this.deps.attempts?.headersFor(trunkId) ?? []).map(([n, v]) => [n, v]);
    } catch (error) {
      this.ctx.logger.error({ err: error, trunkId }, 'trunk headers lookup failed');
      return [];
    }
  }

  /** TRK-13: reports an attempt's outcome; a failing store never ends the call. */
  private record(trunkId: number, outcome: TrunkAttemptOutcome): void {
    try {
      this.deps.attempts?.record(trunkId, outcome);
    } catch (error) {
      this.ctx.logger.error({ err: error, trunkId, outcome }, 'trunk attempt not recorded');
    }
  }

  private releaseChannel(): void {
    if (this.heldTrunkId !== undefined) this.deps.channels.release(this.heldTrunkId);
    this.heldTrunkId = undefined;
  }
}
