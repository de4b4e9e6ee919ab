import { TypedEmitter, type TimerHandle } from '../../core/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { buildAckForNon2xx } from './build-ack.ts';
import type { ClientTransactionEvents } from './non-invite-client-transaction.ts';
import { armLastTimer } from './expiries.ts';
import { isReliable, type Destination, type TransactionContext } from './transaction-types.ts';

/**
 * States of the INVITE client transaction (RFC 3261 §17.1.1, Figure 5, with
 * the 'accepted' state of RFC 6026 §7.2).
 */
export type InviteClientState = 'calling' | 'proceeding' | 'completed' | 'accepted' | 'terminated';

/**
 * The INVITE client transaction. Timer A retransmits over UDP, Timer B
 * gives up, a 3xx–6xx is ACKed here and Timer D absorbs its
 * retransmissions; a 2xx goes to the TU (which ACKs it) and 'accepted'
 * passes retransmitted 2xx to the TU for Timer M (RFC 6026). Past
 * 'proceeding' only the ACK of a 3xx–6xx is kept, not the INVITE (D59).
 */
export class InviteClientTransaction extends TypedEmitter<ClientTransactionEvents> {
  #state: InviteClientState = 'calling';
  #request: SipRequest | undefined;
  #timerA: TimerHandle | undefined;
  #timerAIntervalMs: number;
  #timerB: TimerHandle | undefined;
  #timerD: TimerHandle | undefined;
  #timerM: TimerHandle | undefined;
  #ack: SipRequest | undefined;

  constructor(
    readonly key: string,
    request: SipRequest,
    readonly destination: Destination,
    private readonly ctx: TransactionContext,
  ) {
    super(ctx.logger);
    this.#request = request;
    this.#timerAIntervalMs = ctx.timers.t1Ms;
  }

  get state(): InviteClientState {
    return this.#state;
  }

  /** The INVITE; undefined once a final response arrived. */
  get request(): SipRequest | undefined {
    return this.#request;
  }

  /** Sends the INVITE and arms Timers A and B. */
  start(): void {
    if (this.#request !== undefined) this.#send(this.#request);
    if (!isReliable(this.destination.protocol)) this.#armTimerA();
    this.#timerB = this.ctx.clock.setTimeout(() => {
      if (this.#state !== 'calling') return;
      this.safeEmit('timeout');
      this.terminate();
    }, 64 * this.ctx.timers.t1Ms);
  }

  receiveResponse(response: SipResponse): void {
    switch (this.#state) {
      case 'calling':
      case 'proceeding':
        if (response.status < 200) {
          this.#state = 'proceeding';
          this.#clearAB();
          this.safeEmit('response', response);
        } else if (response.status < 300) {
          this.#accept(response);
        } else {
          this.#complete(response);
        }
        return;
      case 'accepted':
        // RFC 6026 §7.2: retransmitted 2xx go to the TU, which ACKs them.
        if (response.status >= 200 && response.status < 300) this.safeEmit('response', response);
        return;
      case 'completed':
        // §17.1.1.2: a retransmitted final gets the same ACK again.
        if (response.status >= 300 && this.#ack !== undefined) this.#send(this.#ack);
        return;
      case 'terminated':
        return;
    }
  }

  terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#request = undefined;
    this.#ack = undefined;
    this.#clearAB();
    if (this.#timerD !== undefined) this.ctx.clock.clearTimeout(this.#timerD);
    if (this.#timerM !== undefined) this.ctx.clock.clearTimeout(this.#timerM);
    this.safeEmit('terminated');
  }

  #accept(response: SipResponse): void {
    this.#state = 'accepted';
    this.#request = undefined;
    this.#clearAB();
    this.safeEmit('response', response);
    this.#timerM = armLastTimer(this.ctx, this, 64 * this.ctx.timers.t1Ms);
  }

  #complete(response: SipResponse): void {
    this.#state = 'completed';
    this.#clearAB();
    if (this.#request !== undefined) this.#ack = buildAckForNon2xx(this.#request, response);
    this.#request = undefined;
    if (this.#ack !== undefined) this.#send(this.#ack);
    this.safeEmit('response', response);
    // Timer D: at least 32 s for unreliable transports, zero for reliable.
    const timerDMs = isReliable(this.destination.protocol)
      ? 0
      : Math.max(32_000, 64 * this.ctx.timers.t1Ms);
    this.#timerD = armLastTimer(this.ctx, this, timerDMs);
  }

  #armTimerA(): void {
    // Timer A: T1, doubling each time, until Timer B fires (§17.1.1.2).
    this.#timerA = this.ctx.clock.setTimeout(() => {
      if (this.#state !== 'calling' || this.#request === undefined) return;
      this.#send(this.#request);
      this.#timerAIntervalMs *= 2;
      this.#armTimerA();
    }, this.#timerAIntervalMs);
  }

  #clearAB(): void {
    if (this.#timerA !== undefined) this.ctx.clock.clearTimeout(this.#timerA);
    if (this.#timerB !== undefined) this.ctx.clock.clearTimeout(this.#timerB);
  }

  #send(message: SipRequest): void {
    void this.ctx.transport.send(message, this.destination).then((result) => {
      if (!result.ok && this.#state !== 'terminated') {
        this.safeEmit('transportError', result.error);
        this.terminate();
      }
    });
  }
}
