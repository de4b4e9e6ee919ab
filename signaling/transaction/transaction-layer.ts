import { TypedEmitter } from '../../core/index.ts';
import {
  createResponse,
  parseSipMessage,
  validateRequest,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  unshared,
} from '../message/index.ts';
import type { InboundPacket, RejectLog } from '../transport/index.ts';
import { Expiries } from './expiries.ts';
import { InviteClientTransaction } from './invite-client-transaction.ts';
import { InviteServerTransaction } from './invite-server-transaction.ts';
import { NonInviteClientTransaction } from './non-invite-client-transaction.ts';
import { NonInviteServerTransaction } from './non-invite-server-transaction.ts';
import { responseDestination, stampTopVia } from './response-destination.ts';
import { clientTransactionKey, serverTransactionKey } from './transaction-key.ts';
import type { Destination, TransactionContext } from './transaction-types.ts';

/** RFC 3261 §17.2.1 Figure 7: 100 Trying when the TU stays silent 200 ms. */
const DEFAULT_TRYING_DELAY_MS = 200;

/** A server transaction of either kind. */
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;
/** A client transaction of either kind. */
export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;

/** Events the transaction layer raises for its transaction user (TU). */
export type TransactionLayerEvents = {
  /** A new request (not ACK) with the server transaction created for it. */
  request: [SipRequest, ServerTransaction, InboundPacket];
  /** An ACK matching no transaction: the ACK of a 2xx, for the dialog layer (§17.2.1). */
  ack: [SipRequest, InboundPacket];
  /** A response matching no client transaction (§17.1.1.2 late 2xx, or stray). */
  strayResponse: [SipResponse, InboundPacket];
  listenererror: [string, unknown];
};

/** Options of the transaction layer. */
export interface TransactionLayerOptions {
  /** Methods the TU implements now; others get 405 with Allow (§8.2.1). */
  allowedMethods: () => readonly string[];
  /** Option tags we support, for 420 (§8.2.2.3). */
  supportedOptionTags: readonly string[];
  /** Upper bound on live server transactions; beyond it new requests get 503. */
  maxServerTransactions: number;
  /** Server header value for stateless replies. */
  serverHeader?: string;
  /**
   * Screens a valid request before any transaction or reply exists: a
   * returned reason drops it silently (scanners get no answer) and records it.
   */
  screenRequest?: (request: SipRequest, packet: InboundPacket) => string | undefined;
}

/**
 * The transaction layer of RFC 3261 §17 plus the stateless checks before it:
 * parses datagrams, answers bad requests statelessly (STYLE §4.2), records
 * every drop (§4.3), matches requests and responses to transactions, and
 * absorbs retransmissions so the TU sees each request once.
 */
export class TransactionLayer extends TypedEmitter<TransactionLayerEvents> {
  readonly #servers = new Map<string, ServerTransaction>();
  readonly #clients = new Map<string, ClientTransaction>();
  /** Requests without To tag by From tag, Call-ID and CSeq, for 482 (§8.2.2.2). */
  readonly #merged = new Map<string, string>();

  private readonly ctx: TransactionContext;
  /** The transactions' last timers, unless the context brought its own. */
  readonly #ownExpiries: Expiries | undefined;

  constructor(
    ctx: TransactionContext,
    private readonly rejects: RejectLog,
    private readonly options: TransactionLayerOptions,
  ) {
    super(ctx.logger);
    this.#ownExpiries = ctx.expiries === undefined ? new Expiries(ctx.clock) : undefined;
    this.ctx = { ...ctx, expiries: ctx.expiries ?? this.#ownExpiries };
  }

  get serverTransactionCount(): number {
    return this.#servers.size;
  }

  get clientTransactionCount(): number {
    return this.#clients.size;
  }

  /** Entry point for every packet a transport received. Never throws. */
  receive(packet: InboundPacket): void {
    const parsed = parseSipMessage(packet.data);
    if (!parsed.ok) {
      this.rejects.record(packet.source, parsed.error.code, packet.data);
      // A framing defect (Content-Length) still leaves a request that can be
      // answered with 400 (RFC 4475 §3.1.2.2; STYLE §4.2).
      const partial = parsed.error.partial;
      if (
        partial?.isRequest === true &&
        partial.method !== 'ACK' &&
        partial.topVia() !== undefined
      ) {
        this.#replyStateless(partial, packet, 400, 'Bad Request', []);
      }
      return;
    }
    const message: SipMessage = parsed.value;
    if (message.isRequest) this.#receiveRequest(message, packet);
    else this.#receiveResponse(message, packet);
  }

  #receiveRequest(request: SipRequest, packet: InboundPacket): void {
    const defect = validateRequest(request, {
      supportedOptionTags: this.options.supportedOptionTags,
    });
    if (defect !== undefined) {
      this.rejects.record(packet.source, defect.code, packet.data);
      if (defect.status !== undefined && request.method !== 'ACK') {
        const headers: Array<[string, string]> = [];
        if (defect.unsupported) headers.push(['Unsupported', defect.unsupported.join(', ')]);
        this.#replyStateless(request, packet, defect.status, defect.reason, headers);
      }
      return;
    }
    const screened = this.options.screenRequest?.(request, packet);
    if (screened !== undefined) {
      this.rejects.record(packet.source, screened, packet.data);
      return;
    }
    stampTopVia(request, packet);
    const key = serverTransactionKey(request)!;
    const existing = this.#servers.get(key);
    if (existing !== undefined) {
      if (request.method === 'ACK') {
        if (existing instanceof InviteServerTransaction) existing.receiveAck();
      } else {
        existing.receiveRequest();
      }
      return;
    }
    if (request.method === 'ACK') {
      this.safeEmit('ack', request, packet);
      return;
    }
    // §8.2.1: a method we do not implement gets 405 with Allow.
    const allowed = this.options.allowedMethods();
    if (!allowed.includes(request.method)) {
      this.rejects.record(packet.source, 'ERR_SIP_METHOD_NOT_ALLOWED', packet.data);
      this.#replyStateless(request, packet, 405, 'Method Not Allowed', [
        ['Allow', allowed.join(', ')],
      ]);
      return;
    }
    // §8.2.2.2: a request without To tag that matches an ongoing one by
    // From tag, Call-ID and CSeq but not by branch has looped or forked back.
    const mergedKey =
      request.toTag() === undefined
        ? `${request.fromTag() ?? ''}\x00${request.callId() ?? ''}\x00${request.cseq()!.seq}\x00${request.method}`
        : undefined;
    if (mergedKey !== undefined) {
      const other = this.#merged.get(mergedKey);
      if (other !== undefined && other !== key && this.#servers.has(other)) {
        this.rejects.record(packet.source, 'ERR_SIP_LOOP_DETECTED', packet.data);
        this.#replyStateless(request, packet, 482, 'Loop Detected', []);
        return;
      }
    }
    if (this.#servers.size >= this.options.maxServerTransactions) {
      this.rejects.record(packet.source, 'ERR_SIP_OVERLOAD', packet.data);
      this.#replyStateless(request, packet, 503, 'Service Unavailable', [['Retry-After', '5']]);
      return;
    }
    const destination = responseDestination(request.topVia()!, packet);
    // The keys outlive the request by up to 64*T1 (Timers J and L): stored
    // as copies that do not keep the request's whole text alive.
    const txKey = unshared(key);
    const txMergedKey = mergedKey === undefined ? undefined : unshared(mergedKey);
    const tx =
      request.method === 'INVITE'
        ? new InviteServerTransaction(txKey, request, destination, this.ctx)
        : new NonInviteServerTransaction(txKey, request, destination, this.ctx);
    this.#servers.set(txKey, tx);
    if (txMergedKey !== undefined) this.#merged.set(txMergedKey, txKey);
    tx.once('terminated', () => {
      this.#servers.delete(txKey);
      if (txMergedKey !== undefined && this.#merged.get(txMergedKey) === txKey)
        this.#merged.delete(txMergedKey);
    });
    // §17.2.1: 100 Trying stops the client's retransmissions; it is sent
    // only when the TU has not responded within tryingDelayMs (Figure 7).
    if (tx instanceof InviteServerTransaction) {
      tx.armTrying(this.ctx.timers.tryingDelayMs ?? DEFAULT_TRYING_DELAY_MS);
    }
    this.safeEmit('request', request, tx, packet);
  }

  #receiveResponse(response: SipResponse, packet: InboundPacket): void {
    const key = clientTransactionKey(response);
    const tx = key === undefined ? undefined : this.#clients.get(key);
    if (tx === undefined) {
      this.safeEmit('strayResponse', response, packet);
      return;
    }
    tx.receiveResponse(response);
  }

  /**
   * Starts a client transaction for `request`, whose top Via must carry a
   * fresh branch (§8.1.1.7). The caller listens to its events.
   */
  sendRequest(request: SipRequest, destination: Destination): ClientTransaction {
    const key = clientTransactionKey(request);
    if (key === undefined) throw new TypeError('request needs a top Via with branch and a CSeq');
    const tx =
      request.method === 'INVITE'
        ? new InviteClientTransaction(key, request, destination, this.ctx)
        : new NonInviteClientTransaction(key, request, destination, this.ctx);
    this.#clients.set(key, tx);
    tx.once('terminated', () => this.#clients.delete(key));
    tx.start();
    return tx;
  }

  /** Sends a message outside any transaction (ACK of a 2xx, stateless proxying). */
  sendStateless(message: SipMessage, destination: Destination): void {
    void this.ctx.transport.send(message, destination);
  }

  /** The INVITE server transaction a CANCEL refers to (§9.2). */
  findInviteFor(cancel: SipRequest): InviteServerTransaction | undefined {
    const key = serverTransactionKey(cancel, 'INVITE');
    const tx = key === undefined ? undefined : this.#servers.get(key);
    return tx instanceof InviteServerTransaction ? tx : undefined;
  }

  /** Terminates every transaction, for shutdown. */
  stop(): void {
    for (const tx of [...this.#servers.values()]) tx.terminate();
    for (const tx of [...this.#clients.values()]) tx.terminate();
    this.#ownExpiries?.stop();
  }

  #replyStateless(
    request: SipRequest,
    packet: InboundPacket,
    status: number,
    reason: string,
    headers: Array<[string, string]>,
  ): void {
    const via = request.topVia();
    if (via === undefined) return;
    stampTopVia(request, packet);
    if (this.options.serverHeader !== undefined)
      headers.push(['Server', this.options.serverHeader]);
    const response = createResponse(request, status, { reason, headers });
    this.sendStateless(response, responseDestination(via, packet));
  }
}
