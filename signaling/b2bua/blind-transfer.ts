import { TypedEmitter, type TimerHandle } from '../../core/index.ts';
import type { SipResponse } from '../message/index.ts';
import type { ContactTarget } from '../registrar/index.ts';
import { contactFor, type B2buaContext } from './b2bua-context.ts';
import { bestStatus, relayedStatus } from './final-status.ts';
import { COMPLETED_ELSEWHERE, OutboundLeg } from './outbound-leg.ts';
import type { ReferSubscription } from './refer-subscription.ts';

/** Who the transfer target is and what its INVITE carries. */
export interface TransferTarget {
  readonly number: string;
  readonly contacts: readonly ContactTarget[];
  readonly ringTimeoutMs: number;
  /** From of the new INVITE: the transferee, as the target sees it. */
  readonly from: string;
  /** User part of our Contact towards the target. */
  readonly contactUser: string;
  readonly domain: string;
  readonly body: Buffer;
  readonly contentType: string | undefined;
}

/** Events of a transfer attempt. */
export type BlindTransferEvents = {
  /** The target answered on `leg`; the other forks are being ended. */
  answered: [leg: OutboundLeg, response: SipResponse];
  /** No contact answered: the best final status, already notified. */
  failed: [status: number];
  listenererror: [string, unknown];
};

/**
 * The INVITE towards the target of a blind transfer (RFC 3515 §2.4.4,
 * RFC 5589 §6): forked to every registered contact of the target like a
 * new call, the first 2xx wins and the others are cancelled. Progress
 * and failure go to the referrer as NOTIFYs; success is the call's to
 * report, once the target is joined.
 */
export class BlindTransfer extends TypedEmitter<BlindTransferEvents> {
  private readonly forks: OutboundLeg[] = [];
  private readonly results: number[] = [];
  private isDone = false;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly ctx: B2buaContext,
    private readonly subscription: ReferSubscription,
    private readonly target: TransferTarget,
  ) {
    super(ctx.logger);
  }

  /** Sends the INVITEs; 'failed' with 480 when no contact can be reached. */
  start(maxForwards: number): void {
    const t = this.target;
    for (const contact of t.contacts) {
      const via = this.ctx.viaSource(contact.protocol);
      if (via === undefined) continue;
      const leg = new OutboundLeg(this.ctx, contact, via, contactFor(via, t.contactUser), {
        requestUri: contact.binding.contactUri,
        from: t.from,
        to: `<sip:${t.number}@${t.domain}>`,
        maxForwards,
        body: t.body,
        contentType: t.contentType,
      });
      leg.on('provisional', (r) => {
        // RFC 3515 §2.4.5: provisional progress is reported too.
        if (!this.isDone) this.subscription.notify(r.status);
      });
      leg.on('final', (r) => this.onFinal(leg, r));
      leg.on('failed', (status) => this.onForkDone(status));
      this.forks.push(leg);
      leg.start();
    }
    if (this.forks.length === 0) return this.finish(480);
    this.timer = this.ctx.clock.setTimeout(() => {
      this.cancel();
      this.finish(480);
    }, t.ringTimeoutMs);
  }

  /** Ends every fork still ringing (CANCEL), e.g. when the transferee hung up. */
  cancel(): void {
    for (const f of this.forks) if (!f.isFinal) f.cancel();
  }

  private onFinal(leg: OutboundLeg, r: SipResponse): void {
    if (r.status >= 300) return this.onForkDone(r.status);
    if (this.isDone) {
      // §13.2.2.4: a late 2xx was ACKed by the leg; end that session.
      void leg.bye();
      return;
    }
    this.isDone = true;
    this.clearTimer();
    for (const f of this.forks) if (f !== leg) void f.hangup(COMPLETED_ELSEWHERE);
    this.safeEmit('answered', leg, r);
  }

  private onForkDone(status: number): void {
    this.results.push(relayedStatus(status));
    if (this.isDone || !this.forks.every((f) => f.isFinal)) return;
    this.finish(bestStatus(this.results));
  }

  private finish(status: number): void {
    if (this.isDone) return;
    this.isDone = true;
    this.clearTimer();
    this.subscription.notify(status);
    this.safeEmit('failed', status);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
