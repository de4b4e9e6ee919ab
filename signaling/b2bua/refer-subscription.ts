import { reasonPhrase } from '../message/index.ts';
import type { B2buaContext } from './b2bua-context.ts';
import type { SipDialogLeg } from './sip-dialog-leg.ts';

/** How long the implicit subscription of a REFER lasts, in seconds. */
const SUBSCRIPTION_EXPIRES_S = 60;

/** The `message/sipfrag` body for a status: its status line (RFC 3515 §2.4.5). */
export function sipfrag(status: number): string {
  return `SIP/2.0 ${status} ${reasonPhrase(status)}\r\n`;
}

/**
 * The implicit subscription a REFER creates (RFC 3515 §2.4.4): NOTIFYs in
 * the referrer's dialog, with Event: refer, reporting the progress of the
 * referenced request as a sipfrag. The first NOTIFY goes out right after
 * the 202; a final status ends the subscription.
 */
export class ReferSubscription {
  private isTerminated = false;

  constructor(
    private readonly ctx: B2buaContext,
    private readonly leg: SipDialogLeg,
  ) {}

  /**
   * Reports `status` of the referenced INVITE. §2.4.5: a final response
   * ends the subscription (Subscription-State: terminated).
   */
  notify(status: number): void {
    const d = this.leg.dialog;
    if (this.isTerminated || d === undefined || d.state === 'terminated') return;
    const isFinal = status >= 200;
    if (isFinal) this.isTerminated = true;
    const state = isFinal
      ? 'terminated;reason=noresource'
      : `active;expires=${SUBSCRIPTION_EXPIRES_S}`;
    const request = d.createRequest('NOTIFY', this.leg.via, {
      contact: this.leg.contact,
      headers: [
        ['Event', 'refer'],
        ['Subscription-State', state],
        ['User-Agent', this.ctx.options.serverName],
      ],
      body: sipfrag(status),
      contentType: 'message/sipfrag;version=2.0',
    });
    const tx = this.ctx.transactions.sendRequest(request, this.leg.destination);
    tx.once('timeout', () =>
      this.ctx.logger.warn({ callId: d.callId, status }, 'NOTIFY for REFER timed out'),
    );
  }
}
