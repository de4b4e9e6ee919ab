import { TypedEmitter, type TimerHandle } from '../../core/index.ts';
import { serializeSipMessage, type SipRequest, type SipResponse } from '../message/index.ts';
import { armLastTimer } from './expiries.ts';
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
 * the final response is kept, not the request (D59), and as the bytes sent
 * when the transport takes bytes: the response's header lines point into
 * the request's text, which it would keep for 32 s (D105).
 */
export class NonInviteServerTransaction extends TypedEmitter<ServerTransactionEvents> {
  #state: NonInviteServerState = 'trying';
  #request: SipRequest | undefined;
  /** The response to send again; its bytes once final over a transport that takes bytes. */
  #lastResponse: SipResponse | Buffer | undefined;
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
    if (response.status < 200) {
      this.#lastResponse = response;
      this.#send(response);
      this.#state = 'proceeding';
      return;
    }
    this.#lastResponse =
      this.ctx.transport.sendBytes === undefined
        ? response
        : ownBytes(serializeSipMessage(response));
    this.#send(this.#lastResponse);
    this.#state = 'completed';
    this.#request = undefined;
    // Timer J: 64*T1 for unreliable transports, zero for reliable ones.
    const timerJMs = isReliable(this.destination.protocol) ? 0 : 64 * this.ctx.timers.t1Ms;
    this.#timerJ = armLastTimer(this.ctx, this, timerJMs);
  }

  terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#request = undefined;
    this.#lastResponse = undefined;
    if (this.#timerJ !== undefined) this.ctx.clock.clearTimeout(this.#timerJ);
    this.safeEmit('terminated');
  }

  #send(response: SipResponse | Buffer): void {
    const transport = this.ctx.transport;
    const sent = Buffer.isBuffer(response)
      ? transport.sendBytes!(response, this.destination)
      : transport.send(response, this.destination);
    void sent.then((result) => {
      if (!result.ok) {
        this.safeEmit('transportError', result.error);
        this.terminate();
      }
    });
  }
}

/**
 * The bytes in a buffer of their own: a serialised message under 4 KiB is a
 * slice of Node's shared 8 KiB pool, which a kept slice would hold whole.
 */
function ownBytes(bytes: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(own);
  return own;
}
