import { TypedEmitter, type TimerHandle } from '../../core/index.ts';
import { createResponse, type SipRequest, type SipResponse } from '../message/index.ts';
import type { ServerTransactionEvents } from './non-invite-server-transaction.ts';
import { armLastTimer } from './expiries.ts';
import { isReliable, type Destination, type TransactionContext } from './transaction-types.ts';

/**
 * States of the INVITE server transaction (RFC 3261 §17.2.1, Figure 7, with
 * the 'accepted' state of RFC 6026 §7.1).
 */
export type InviteServerState =
  'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

/**
 * The INVITE server transaction. A 2xx moves it to 'accepted' (RFC 6026)
 * where Timer L absorbs INVITE retransmissions while the TU retransmits the
 * 2xx; a 3xx–6xx moves it to 'completed' where Timer G retransmits the
 * response until the ACK, and Timer H gives up.
 *
 * The transaction outlives the call by up to 64*T1, so it lets go of what
 * its state no longer needs (D59): the request once a final response is
 * sent, and the response once nothing can be retransmitted ('accepted',
 * 'confirmed'). Holding them kept every call's messages for 32 s, and
 * the garbage collector promoted and marked them.
 */
export class InviteServerTransaction extends TypedEmitter<ServerTransactionEvents> {
  #state: InviteServerState = 'proceeding';
  #request: SipRequest | undefined;
  #lastResponse: SipResponse | undefined;
  #timerG: TimerHandle | undefined;
  #timerGIntervalMs: number;
  #timerH: TimerHandle | undefined;
  #timerI: TimerHandle | undefined;
  #timerL: TimerHandle | undefined;
  #tryingTimer: TimerHandle | undefined;

  constructor(
    readonly key: string,
    request: SipRequest,
    readonly destination: Destination,
    private readonly ctx: TransactionContext,
  ) {
    super(ctx.logger);
    this.#request = request;
    this.#timerGIntervalMs = ctx.timers.t1Ms;
  }

  get state(): InviteServerState {
    return this.#state;
  }

  /** The INVITE; undefined once a final response was sent. */
  get request(): SipRequest | undefined {
    return this.#request;
  }

  /**
   * The last response sent while it may still be retransmitted:
   * undefined before any, and in 'accepted', 'confirmed', 'terminated'.
   */
  get lastResponse(): SipResponse | undefined {
    return this.#lastResponse;
  }

  /**
   * Arms the 100 Trying of §17.2.1: it goes out only if the TU has not
   * responded within `delayMs` (Figure 7: "send 100 if TU won't in
   * 200ms"), so a request the TU answers at once (a 401 challenge, a
   * 404) costs one datagram instead of two. 0 sends it now.
   */
  armTrying(delayMs: number): void {
    if (delayMs <= 0) {
      this.#sendTrying();
      return;
    }
    this.#tryingTimer = this.ctx.clock.setTimeout(() => {
      this.#tryingTimer = undefined;
      this.#sendTrying();
    }, delayMs);
  }

  /**
   * A retransmitted INVITE: answered with the last provisional in
   * 'proceeding' (§17.2.1), with the final in 'completed', ignored in
   * 'accepted' (RFC 6026 §7.1). A retransmission before any response shows
   * the client is waiting, so the 100 Trying goes out at once.
   */
  receiveRequest(): void {
    if (this.#state === 'proceeding' && this.#lastResponse === undefined) {
      this.#sendTrying();
      return;
    }
    if ((this.#state === 'proceeding' || this.#state === 'completed') && this.#lastResponse) {
      this.#send(this.#lastResponse);
    }
  }

  /** An ACK for a non-2xx final response (§17.2.1): stop Timers G and H. */
  receiveAck(): void {
    if (this.#state !== 'completed') return;
    this.#state = 'confirmed';
    this.#lastResponse = undefined;
    this.#clear();
    // Timer I absorbs further ACK retransmissions: T4, or zero if reliable.
    const timerIMs = isReliable(this.destination.protocol) ? 0 : this.ctx.timers.t4Ms;
    this.#timerI = armLastTimer(this.ctx, this, timerIMs);
  }

  /** The TU responds. */
  respond(response: SipResponse): void {
    if (this.#state !== 'proceeding') return;
    this.#clearTrying();
    this.#lastResponse = response;
    this.#send(response);
    if (response.status < 200) return;
    this.#request = undefined;
    if (response.status < 300) {
      // RFC 6026 §7.1: 'accepted' for 64*T1 (Timer L), absorbing
      // retransmitted INVITEs; the TU retransmits the 2xx itself.
      this.#state = 'accepted';
      this.#lastResponse = undefined;
      this.#timerL = armLastTimer(this.ctx, this, 64 * this.ctx.timers.t1Ms);
      return;
    }
    this.#state = 'completed';
    if (!isReliable(this.destination.protocol)) this.#armTimerG();
    // Timer H: 64*T1 waiting for the ACK, on every transport.
    this.#timerH = this.ctx.clock.setTimeout(() => {
      this.safeEmit('timeout');
      this.terminate();
    }, 64 * this.ctx.timers.t1Ms);
  }

  terminate(): void {
    if (this.#state === 'terminated') return;
    this.#state = 'terminated';
    this.#request = undefined;
    this.#lastResponse = undefined;
    this.#clear();
    this.#clearTrying();
    if (this.#timerI !== undefined) this.ctx.clock.clearTimeout(this.#timerI);
    if (this.#timerL !== undefined) this.ctx.clock.clearTimeout(this.#timerL);
    this.safeEmit('terminated');
  }

  #armTimerG(): void {
    // Timer G: T1, doubling up to T2 (§17.2.1).
    this.#timerG = this.ctx.clock.setTimeout(() => {
      if (this.#state !== 'completed' || this.#lastResponse === undefined) return;
      this.#send(this.#lastResponse);
      this.#timerGIntervalMs = Math.min(2 * this.#timerGIntervalMs, this.ctx.timers.t2Ms);
      this.#armTimerG();
    }, this.#timerGIntervalMs);
  }

  #sendTrying(): void {
    this.#clearTrying();
    const request = this.#request;
    if (this.#state !== 'proceeding' || this.#lastResponse !== undefined) return;
    if (request !== undefined) this.respond(createResponse(request, 100));
  }

  #clearTrying(): void {
    if (this.#tryingTimer === undefined) return;
    this.ctx.clock.clearTimeout(this.#tryingTimer);
    this.#tryingTimer = undefined;
  }

  #clear(): void {
    if (this.#timerG !== undefined) this.ctx.clock.clearTimeout(this.#timerG);
    if (this.#timerH !== undefined) this.ctx.clock.clearTimeout(this.#timerH);
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
