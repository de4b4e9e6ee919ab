import { TypedEmitter, type TimerHandle } from '../../core/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { armLastTimer } from './expiries.ts';
import { isReliable, type Destination, type TransactionContext } from './transaction-types.ts';

/** States of the non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6). */
export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';

/** Events of a client transaction, for its TU. */
export type ClientTransactionEvents = {
  /** A response for the TU (retransmissions of finals are absorbed). */
  response: [SipResponse];
  /** Timer B or F fired: the TU treats it as a 408 (§8.1.3.1). */
  timeout: [];
  /** The request could not be sent (§17.1.4): the TU treats it as a 503. */
  transportError: [Error];
  terminated: [];
  listenererror: [string, unknown];
};

/**
 * The non-INVITE client transaction (RFC 3261 §17.1.2). Timer E
 * retransmits over UDP (T1 doubling, capped at T2; T2 once a provisional
 * came), Timer F gives up after 64*T1, Timer K lingers T4 in 'completed' to
 * absorb retransmitted finals, without the request (D59).
 */
export class NonInviteClientTransaction extends TypedEmitter<ClientTransactionEvents> {
  #state: NonInviteClientState = 'trying';
  #request: SipRequest | undefined;
  #timerE: TimerHandle | undefined;
  #timerEIntervalMs: number;
  #timerF: TimerHandle | undefined;
  #timerK: TimerHandle | undefined;

  constructor(
    readonly key: string,
    request: SipRequest,
    readonly destination: Destination,
    private readonly ctx: TransactionContext,
  ) {
    super(ctx.logger);
    this.#request = request;
    this.#timerEIntervalMs = ctx.timers.t1Ms;
  }

  get state(): NonInviteClientState {
    return this.#state;
  }

  /** The request; undefined once a final response arrived. */
  get request(): SipRequest | undefined {
    return this.#request;
  }

  /** Sends the request and arms Timers E and F. */
  start(): void {
    this.#send();
    if (!isReliable(this.destination.protocol)) this.#armTimerE();
    this.#timerF = this.ctx.clock.setTimeout(() => {
      if (this.#state !== 'trying' && this.#state !== 'proceeding') return;
      this.safeEmit('timeout');
      this.terminate();
    }, 64 * this.ctx.timers.t1Ms);
  }

  receiveResponse(response: SipResponse): void {
    if (this.#state === 'completed' || this.#state === 'terminated') return;
    if (response.status < 200) {
      this.#state = 'proceeding';
      this.safeEmit('response', response);
      return;
    }
    this.#state = 'completed';
    this.#request = undefined;
    this.#clear();
    this.safeEmit('response', response);
    const timerKMs = isReliable(this.destination.protocol) ? 0 : this.ctx.timers.t4Ms;
    this.#timerK = armLastTimer(this.ctx, this, timerKMs);
  }

  terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#request = undefined;
    this.#clear();
    if (this.#timerK !== undefined) this.ctx.clock.clearTimeout(this.#timerK);
    this.safeEmit('terminated');
  }

  #armTimerE(): void {
    this.#timerE = this.ctx.clock.setTimeout(() => {
      if (this.#state !== 'trying' && this.#state !== 'proceeding') return;
      this.#send();
      // §17.1.2.2: in 'proceeding' the interval is T2; in 'trying' it doubles up to T2.
      this.#timerEIntervalMs =
        this.#state === 'proceeding'
          ? this.ctx.timers.t2Ms
          : Math.min(2 * this.#timerEIntervalMs, this.ctx.timers.t2Ms);
      this.#armTimerE();
    }, this.#timerEIntervalMs);
  }

  #clear(): void {
    if (this.#timerE !== undefined) this.ctx.clock.clearTimeout(this.#timerE);
    if (this.#timerF !== undefined) this.ctx.clock.clearTimeout(this.#timerF);
  }

  #send(): void {
    if (this.#request === undefined) return;
    void this.ctx.transport.send(this.#request, this.destination).then((result) => {
      if (!result.ok && this.#state !== 'terminated') {
        this.safeEmit('transportError', result.error);
        this.terminate();
      }
    });
  }
}
