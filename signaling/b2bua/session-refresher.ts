import type { B2buaContext } from './b2bua-context.ts';
import type { InboundLeg } from './inbound-leg.ts';
import { negotiateSessionTimer, SessionTimer } from './session-timer.ts';

/**
 * RFC 4028 on leg A of a call: the timer granted in the 2xx, refreshes
 * by re-INVITE when we are the refresher, and the end of the call when
 * the session expires or a refresh finds it gone.
 */
export class SessionRefresher {
  /** Session-Expires for each 2xx to a re-INVITE of the caller (§9). */
  readonly responseHeaders: Array<[string, string]>;
  private readonly timer: SessionTimer;

  private constructor(
    private readonly ctx: B2buaContext,
    private readonly leg: InboundLeg,
    grant: NonNullable<ReturnType<typeof negotiateSessionTimer>>,
    private readonly lastSentBody: () => Buffer,
    private readonly onGone: () => void,
  ) {
    this.responseHeaders = grant.headers.filter(([name]) => name === 'Session-Expires');
    this.timer = new SessionTimer(
      ctx.clock,
      grant.deltaS,
      grant.refresher === 'uas',
      () => void this.refresh(),
      () => {
        // §10: no refresh came before the session expired: BYE.
        ctx.logger.info({ callId: leg.request.callId() }, 'session timer expired');
        onGone();
      },
    );
    this.timer.refreshed();
  }

  /**
   * Starts the timer if the caller's INVITE asked for one. `headers` go in
   * the 2xx: Session-Expires, and Require: timer when the caller refreshes.
   */
  static start(
    ctx: B2buaContext,
    leg: InboundLeg,
    lastSentBody: () => Buffer,
    onGone: () => void,
  ): { refresher: SessionRefresher; headers: Array<[string, string]> } | undefined {
    const grant = negotiateSessionTimer(leg.request);
    if (grant === undefined) return undefined;
    const refresher = new SessionRefresher(ctx, leg, grant, lastSentBody, onGone);
    return { refresher, headers: grant.headers };
  }

  /** A 2xx to a re-INVITE of the caller refreshed the session (§10). */
  refreshed(): void {
    this.timer.refreshed();
  }

  stop(): void {
    this.timer.stop();
  }

  /**
   * As refresher, a re-INVITE with the SDP last sent (§7.4). A 408 or 481,
   * or no answer, means the session is gone (§10); while another re-INVITE
   * is in progress on the leg, that one refreshes instead.
   */
  private async refresh(): Promise<void> {
    const leg = this.leg;
    if (leg.isTerminated) return;
    if (leg.hasIncomingReinvite || leg.hasOutgoingReinvite) return this.timer.refreshed();
    // §7.4: we send the refresh, so as its UAC we stay the refresher.
    const headers: Array<[string, string]> = [
      ['Supported', 'timer'],
      ['Session-Expires', `${this.timer.deltaS};refresher=uac`],
    ];
    const type = leg.request.getHeader('Content-Type');
    const r = await leg.reinvite(this.lastSentBody(), type, headers);
    if (leg.isTerminated) return;
    if (r === undefined || r.status === 408 || r.status === 481) return this.onGone();
    this.timer.refreshed();
  }
}
