import { TypedEmitter } from '../../core/index.ts';
import { createResponse, type SipRequest, type SipResponse } from '../message/index.ts';
import type { Dialog, ViaSource } from '../dialog/index.ts';
import {
  InviteServerTransaction,
  type Destination,
  type ServerTransaction,
} from '../transaction/index.ts';
import { AnswerRetransmitter } from './answer-retransmitter.ts';
import type { B2buaContext } from './b2bua-context.ts';

/** Which side of a B2BUA call a leg is: A (caller→switch) or B (switch→callee). */
export type LegSide = 'a' | 'b';

/** Events of a SIP leg, for the call that owns it. */
export type SipLegEvents = {
  /** A 1xx (not 100) to our INVITE (B legs). */
  provisional: [SipResponse];
  /** The final response to our INVITE (B legs). */
  final: [SipResponse];
  /** Our INVITE got no answer (408) or could not be sent (503), §8.1.3.1. */
  failed: [status: number];
  /** No ACK came for a 2xx we sent within 64*T1 (§13.3.1.4). */
  ackTimeout: [];
  listenererror: [string, unknown];
};

/**
 * What both sides of a call share once a dialog exists (RFC 3261 §12):
 * requests within it (BYE, re-INVITE, ACK), 2xx sent reliably until the
 * ACK, and the re-INVITE bookkeeping that glare detection needs (§14.1).
 * In-dialog requests go to `destination`: the flow the dialog was set up
 * on, which keeps working behind NAT.
 */
export abstract class SipDialogLeg extends TypedEmitter<SipLegEvents> {
  dialog: Dialog | undefined;
  /** We sent a re-INVITE on this leg and have no final response yet. */
  hasOutgoingReinvite = false;
  /** We received a re-INVITE on this leg and have not answered it yet. */
  hasIncomingReinvite = false;
  private readonly answers = new Set<AnswerRetransmitter>();

  protected constructor(
    readonly side: LegSide,
    protected readonly ctx: B2buaContext,
    readonly destination: Destination,
    readonly via: ViaSource,
    readonly contact: string,
  ) {
    super(ctx.logger);
  }

  /** True once BYE was sent or received. */
  get isTerminated(): boolean {
    return this.dialog?.state === 'terminated';
  }

  /** Sends BYE (§15.1.1); resolves when answered, timed out or unsendable. */
  bye(): Promise<void> {
    const d = this.dialog;
    this.stopAnswers();
    if (d === undefined || d.state === 'terminated') return Promise.resolve();
    const request = d.createRequest('BYE', this.via, { headers: this.commonHeaders() });
    d.terminate();
    return new Promise((resolve) => {
      const tx = this.ctx.transactions.sendRequest(request, this.destination);
      // The listeners go once settled: the transaction lingers T4 after its
      // final response (Timer K, §17.1.2.2) and would hold the call meanwhile.
      const settle = (): void => {
        tx.off('response', onResponse);
        tx.off('timeout', settle);
        tx.off('transportError', settle);
        tx.off('terminated', settle);
        resolve();
      };
      const onResponse = (r: SipResponse): void => {
        if (r.status >= 200) settle();
      };
      tx.on('response', onResponse);
      tx.once('timeout', settle);
      tx.once('transportError', settle);
      tx.once('terminated', settle);
    });
  }

  /**
   * Sends a key in INFO (RFC 6086's legacy usage, `application/dtmf-relay`
   * as Asterisk and Cisco send it) to a party that takes keys so (D88).
   * Not retried: a lost key is as lost as a lost RFC 4733 event.
   */
  info(digit: string, durationMs: number): void {
    const d = this.dialog;
    if (d === undefined || d.state !== 'confirmed') return;
    const signal = digit === 'F' ? '!' : digit;
    const request = d.createRequest('INFO', this.via, {
      headers: this.commonHeaders(),
      body: Buffer.from(`Signal=${signal}\r\nDuration=${durationMs}\r\n`, 'utf8'),
      contentType: 'application/dtmf-relay',
    });
    this.ctx.transactions.sendRequest(request, this.destination);
  }

  /** The BYE from the peer: the dialog is over (§15.1.2). */
  receiveBye(): void {
    this.stopAnswers();
    this.dialog?.terminate();
  }

  /**
   * Sends a re-INVITE with `body` as offer (§14.1) and ACKs its 2xx. Resolves
   * to the final response, or undefined on timeout or transport error.
   */
  reinvite(
    body: Buffer,
    contentType: string | undefined,
    headers: Array<[string, string]> = [],
  ): Promise<SipResponse | undefined> {
    const d = this.dialog;
    if (d === undefined || d.state === 'terminated') return Promise.resolve(undefined);
    const request = d.createRequest('INVITE', this.via, {
      contact: this.contact,
      headers: [...this.commonHeaders(), ...headers],
      body,
      contentType,
    });
    this.hasOutgoingReinvite = true;
    return new Promise((resolve) => {
      const tx = this.ctx.transactions.sendRequest(request, this.destination);
      const settle = (r: SipResponse | undefined): void => {
        tx.off('response', onResponse);
        tx.off('timeout', onFailure);
        tx.off('transportError', onFailure);
        this.hasOutgoingReinvite = false;
        resolve(r);
      };
      const onResponse = (r: SipResponse): void => {
        if (r.status < 200) return;
        if (r.status < 300) {
          d.receiveResponse(r);
          const ack = d.createRequest('ACK', this.via, {
            cseq: request.cseq()?.seq ?? d.localSeq,
          });
          this.ctx.transactions.sendStateless(ack, this.destination);
          // §13.2.2.4: 2xx retransmissions get the ACK again. The transaction
          // lingers 32 s after a 2xx (RFC 6026 §7.2); this listener holds
          // only the ACK, so the call can be collected meanwhile.
          tx.on('response', ackAgain(this.ctx.transactions, ack, this.destination));
        }
        settle(r);
      };
      const onFailure = (): void => settle(undefined);
      tx.on('response', onResponse);
      tx.once('timeout', onFailure);
      tx.once('transportError', onFailure);
    });
  }

  /**
   * Sends a 2xx to an INVITE in `tx` and retransmits it until the ACK
   * (§13.3.1.4); after 64*T1 without ACK the leg reports 'ackTimeout'.
   */
  protected respondReliably(tx: InviteServerTransaction, response: SipResponse): void {
    tx.respond(response);
    const r = new AnswerRetransmitter(
      this.ctx.transactions,
      this.ctx.clock,
      this.ctx.timers,
      response,
      tx.destination,
      () => {
        this.answers.delete(r);
        this.safeEmit('ackTimeout');
      },
    );
    this.answers.add(r);
    r.start();
  }

  /** An ACK in this dialog: stops the 2xx it acknowledges (§13.3.1.4). */
  receiveAck(ack: SipRequest): void {
    const seq = ack.cseq()?.seq;
    for (const r of this.answers) {
      if (r.seq === seq) {
        r.stop();
        this.answers.delete(r);
      }
    }
  }

  /** Answers a re-INVITE received on this leg (2xx reliably). */
  respondReinvite(
    request: SipRequest,
    tx: ServerTransaction,
    status: number,
    body?: Buffer,
    contentType?: string,
    extra: Array<[string, string]> = [],
  ): void {
    this.hasIncomingReinvite = false;
    const headers: Array<[string, string]> = [...this.commonHeaders(), ...extra];
    if (status >= 200 && status < 300) headers.push(['Contact', this.contact]);
    const response = buildResponse(request, status, headers, body, contentType);
    // Only a 2xx to an INVITE is retransmitted until its ACK (§13.3.1.4);
    // an UPDATE's 2xx is an ordinary non-INVITE response (RFC 3311 §5.2).
    if (status >= 200 && status < 300 && tx instanceof InviteServerTransaction) {
      this.respondReliably(tx, response);
    } else tx.respond(response);
  }

  protected commonHeaders(): Array<[string, string]> {
    return [['User-Agent', this.ctx.options.serverName]];
  }

  private stopAnswers(): void {
    for (const r of this.answers) r.stop();
    this.answers.clear();
  }
}

/** A response with optional SDP body. */
export function buildResponse(
  request: SipRequest,
  status: number,
  headers: Array<[string, string]>,
  body?: Buffer,
  contentType?: string,
  toTag?: string,
): SipResponse {
  const hasBody = body !== undefined && body.length > 0;
  return createResponse(request, status, {
    headers,
    toTag,
    body: hasBody ? body : undefined,
    contentType: hasBody ? (contentType ?? 'application/sdp') : undefined,
  });
}

/**
 * A response listener that sends `ack` again (§13.2.2.4), for the time an
 * INVITE transaction lingers after its 2xx. Made at module level so that
 * it holds only its arguments: a closure made inside a leg's method holds
 * that method's scope, and with it the leg and its call.
 */
export function ackAgain(
  transactions: B2buaContext['transactions'],
  ack: SipRequest,
  destination: Destination,
): () => void {
  return () => transactions.sendStateless(ack, destination);
}
