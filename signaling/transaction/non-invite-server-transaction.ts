import { TypedEmitter, type TimerHandle } from '../../core/index.ts';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { isReliable, type Destination, type TransactionContext } from './transaction-types.ts';

/** States of the non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8). */
export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';

/** Events of a server transaction, for its owner. */
export type ServerTransactionEvents = {
  /** A response could not be sent (§17.2.4): the TU is told. */
  transportError: [Error];
  /** Timer H fired without an ACK (INVITE only). */
  timeout: [];
  terminated: [];
  listenererror: [string, unknown];
};

/**
 * The non-INVITE server transaction (RFC 3261 §17.2.2). Retransmitted
 * requests are absorbed: in 'trying' they are dropped, later the last
 * response is sent again. Timer J keeps the transaction in 'completed' for
 * 64*T1 over unreliable transports to absorb retransmissions; in it only
 * the final response is kept, not the request (D59).
 */
export class NonInviteServerTransaction extends TypedEmitter<ServerTransactionEvents> {
  #state: NonInviteServerState = 'trying';
  #request: SipRequest | undefined;
  #lastResponse: SipResponse | undefined;
  #timerJ: TimerHandle | undefined;

  constructor(
    readonly key: string,
    request: SipRequest,
    readonly destination: Destination,
    private readonly ctx: TransactionContext,
  ) {
    super(ctx.logger);
    this.#request = request;
  }

  get state(): NonInviteServerState {
    return this.#state;
  }

  /** The request; undefined once a final response was sent. */
  get request(): SipRequest | undefined {
    return this.#request;
  }

  /** A retransmission of the request arrived (§17.2.2). */
  receiveRequest(): void {
    if ((this.#state === 'proceeding' || this.#state === 'completed') && this.#lastResponse) {
      this.#send(this.#lastResponse);
    }
  }

  /** The TU responds; provisional responses only before a final one. */
  respond(response: SipResponse): void {
    if (this.#state === 'completed' || this.#state === 'terminated') return;
    this.#lastResponse = response;
    this.#send(response);
    if (response.status < 200) {
      this.#state = 'proceeding';
      return;
    }
    this.#state = 'completed';
    this.#request = undefined;
    // Timer J: 64*T1 for unreliable transports, zero for reliable ones.
    const timerJMs = isReliable(this.destination.protocol) ? 0 : 64 * this.ctx.timers.t1Ms;
    this.#timerJ = this.ctx.clock.setTimeout(() => this.terminate(), timerJMs);
  }

  terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#request = undefined;
    this.#lastResponse = undefined;
    if (this.#timerJ !== undefined) this.ctx.clock.clearTimeout(this.#timerJ);
    this.safeEmit('terminated');
  }

  #send(response: SipResponse): void {
    void this.ctx.transport.send(response, this.destination).then((result) => {
      if (!result.ok) {
        this.safeEmit('transportError', result.error);
        this.terminate();
      }
    });
  }
}
