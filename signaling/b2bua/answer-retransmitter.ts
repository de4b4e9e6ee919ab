import type { Clock, TimerHandle } from '../../core/index.ts';
import type { SipResponse } from '../message/index.ts';
import type { Destination, TimerSettings, TransactionLayer } from '../transaction/index.ts';

/**
 * Retransmits a 2xx to an INVITE until its ACK arrives (RFC 3261
 * §13.3.1.4): the UAS core, not the transaction, owns the 2xx. Over UDP
 * the interval starts at T1 and doubles up to T2; on every transport the
 * UAS gives up after 64*T1 and the caller ends the session.
 */
export class AnswerRetransmitter {
  private timer: TimerHandle | undefined;
  private deadline: TimerHandle | undefined;
  private intervalMs: number;
  private isDone = false;

  constructor(
    private readonly transactions: TransactionLayer,
    private readonly clock: Clock,
    private readonly timers: TimerSettings,
    readonly response: SipResponse,
    private readonly destination: Destination,
    private readonly onGiveUp: () => void,
  ) {
    this.intervalMs = timers.t1Ms;
  }

  /** The CSeq number the ACK must carry. */
  get seq(): number {
    return this.response.cseq()?.seq ?? -1;
  }

  /** Sends the 2xx once; the transaction already sent it the first time. */
  start(): void {
    if (this.destination.protocol === 'udp') this.arm();
    this.deadline = this.clock.setTimeout(() => {
      this.stop();
      this.onGiveUp();
    }, 64 * this.timers.t1Ms);
  }

  /** The ACK came (or the dialog ended): no more retransmissions. */
  stop(): void {
    if (this.isDone) return;
    this.isDone = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    if (this.deadline !== undefined) this.clock.clearTimeout(this.deadline);
  }

  private arm(): void {
    this.timer = this.clock.setTimeout(() => {
      if (this.isDone) return;
      this.transactions.sendStateless(this.response, this.destination);
      this.intervalMs = Math.min(2 * this.intervalMs, this.timers.t2Ms);
      this.arm();
    }, this.intervalMs);
  }
}
