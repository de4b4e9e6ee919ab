import {
  createRequest,
  formatVia,
  generateBranch,
  generateTag,
  SipRequest,
} from '../message/index.ts';
import type { SipResponse } from '../message/index.ts';
import { Dialog, type ViaSource } from '../dialog/index.ts';
import type { ClientTransaction, Destination } from '../transaction/index.ts';
import type { B2buaContext } from './b2bua-context.ts';
import { reliableRseq } from './prack.ts';
import { ackAgain, SipDialogLeg } from './sip-dialog-leg.ts';

/** What the INVITE of a B leg carries. */
export interface OutboundInvite {
  readonly requestUri: string;
  /** From, without tag: the caller as the callee sees it. */
  readonly from: string;
  readonly to: string;
  readonly maxForwards: number;
  readonly body: Buffer;
  readonly contentType: string | undefined;
  /** Further headers, e.g. P-Asserted-Identity towards a trunk. */
  readonly headers?: ReadonlyArray<[string, string]>;
}

/**
 * RFC 3326 §2: a CANCEL because another branch answered carries this
 * Reason, so the phone does not list the call as missed (the example of
 * §2 and Asterisk's answered-elsewhere).
 */
export const COMPLETED_ELSEWHERE = 'SIP;cause=200;text="Call completed elsewhere"';

/**
 * The CANCEL of an INVITE (RFC 3261 §9.1): same Request-URI, Call-ID, To,
 * From, CSeq number and single top Via as the request it cancels, and its
 * Route headers; `reason` is a Reason header value (RFC 3326).
 */
export function buildCancel(invite: SipRequest, reason?: string): SipRequest {
  const cancel = new SipRequest('CANCEL', invite.requestUri, 'SIP/2.0', [], Buffer.alloc(0));
  cancel.addHeader('Via', invite.getHeaderValues('Via')[0] ?? '');
  for (const route of invite.getHeaders('Route')) cancel.addHeader('Route', route);
  cancel.addHeader('Max-Forwards', '70');
  cancel.addHeader('From', invite.getHeader('From') ?? '');
  cancel.addHeader('To', invite.getHeader('To') ?? '');
  cancel.addHeader('Call-ID', invite.getHeader('Call-ID') ?? '');
  cancel.addHeader('CSeq', `${invite.cseq()?.seq ?? 1} CANCEL`);
  if (reason !== undefined) cancel.addHeader('Reason', reason);
  cancel.addHeader('Content-Length', '0');
  return cancel;
}

/**
 * Leg B of a call towards one registered contact: our INVITE as a UAC
 * (§13.2), with its own Call-ID and From tag. One call may fork to several
 * of these; the first 2xx wins and the others are cancelled (§13.2.2.4).
 */
export class OutboundLeg extends SipDialogLeg {
  /** The INVITE in progress; a digest retry replaces it (§22.2). */
  invite: SipRequest;
  private tx: ClientTransaction | undefined;
  private readonly from: string;
  private readonly callId: string;
  private hasResponse = false;
  private hasProvisional = false;
  private hasFinal = false;
  private isCancelPending = false;
  private isCancelled = false;
  /** The Reason header of our CANCEL, if any (RFC 3326). */
  private cancelReason: string | undefined;
  private ack: SipRequest | undefined;
  /** Early dialogs by the callee's To tag, for PRACK (RFC 3262 §7.2). */
  private readonly early = new Map<string, { dialog: Dialog; lastRseq: number }>();

  constructor(
    ctx: B2buaContext,
    destination: Destination,
    via: ViaSource,
    contact: string,
    private readonly init: OutboundInvite,
  ) {
    super('b', ctx, destination, via, contact);
    this.from = `${init.from};tag=${generateTag()}`;
    this.callId = `${generateTag()}${generateTag()}@${via.host}`;
    this.invite = this.build(1, []);
  }

  /** True once a final response (or a failure) ended the INVITE transaction. */
  get isFinal(): boolean {
    return this.hasFinal;
  }

  /**
   * Sends the INVITE again with credentials after a 401 or 407 (§22.2):
   * same Call-ID, From tag and To, the CSeq one higher, a new branch.
   */
  authenticate(header: 'Authorization' | 'Proxy-Authorization', value: string): void {
    const seq = (this.invite.cseq()?.seq ?? 1) + 1;
    this.invite = this.build(seq, [[header, value]]);
    this.hasResponse = false;
    this.hasProvisional = false;
    this.hasFinal = false;
    this.start();
  }

  /**
   * Gives up on an INVITE that got no response at all, not even 100: its
   * transaction stops retransmitting. A CANCEL is not allowed before a
   * provisional response (§9.1), and nobody is there to read one. Returns
   * false, doing nothing, once any response arrived.
   */
  abandon(): boolean {
    if (this.hasResponse || this.hasFinal) return false;
    this.hasFinal = true;
    this.tx?.terminate();
    return true;
  }

  /** Sends the INVITE and reports its responses as events. */
  start(): void {
    const tx = this.ctx.transactions.sendRequest(this.invite, this.destination);
    this.tx = tx;
    const onResponse = (r: SipResponse): void => {
      this.receiveResponse(r);
      if (r.status < 200) return;
      // After a final the transaction lingers 32 s (Timer D, or Timer M of
      // RFC 6026 §7.2) and has nothing more for the leg but 2xx
      // retransmissions, which need only the ACK again (§13.2.2.4). Listeners
      // that hold just the ACK let the call be collected meanwhile (D59);
      // fail() after a final did nothing anyway.
      tx.off('response', onResponse);
      tx.off('timeout', onTimeout);
      tx.off('transportError', onTransportError);
      const ack = this.ack;
      if (r.status >= 300 || ack === undefined) return;
      tx.on('response', ackAgain(this.ctx.transactions, ack, this.destination));
    };
    const onTimeout = (): void => this.fail(408);
    const onTransportError = (): void => this.fail(503);
    tx.on('response', onResponse);
    tx.once('timeout', onTimeout);
    tx.once('transportError', onTransportError);
  }

  /**
   * Cancels the INVITE. §9.1: a CANCEL must not be sent before a
   * provisional response arrived, so it waits for one.
   */
  cancel(reason?: string): void {
    if (this.hasFinal || this.isCancelled) return;
    this.cancelReason = reason;
    if (!this.hasProvisional) {
      this.isCancelPending = true;
      return;
    }
    this.sendCancel();
  }

  /**
   * Ends the leg whatever its state: CANCEL (with `reason`, RFC 3326)
   * before a final, BYE after a 2xx.
   */
  hangup(reason?: string): Promise<void> {
    if (!this.hasFinal) {
      this.cancel(reason);
      return Promise.resolve();
    }
    return this.bye();
  }

  private receiveResponse(r: SipResponse): void {
    this.hasResponse = true;
    if (r.status < 200) {
      if (this.hasFinal) return;
      // §9.1: any provisional response, 100 included, allows the CANCEL.
      this.hasProvisional = true;
      if (this.isCancelPending) {
        this.sendCancel();
        return;
      }
      if (r.status === 100 || this.isCancelled) return;
      if (reliableRseq(r) !== undefined && !this.prack(r)) return;
      this.safeEmit('provisional', r);
      return;
    }
    if (r.status >= 300) {
      if (this.hasFinal) return;
      this.hasFinal = true;
      this.safeEmit('final', r);
      return;
    }
    // §13.2.2.4: each 2xx, retransmissions included, is ACKed by the UAC core.
    if (this.ack === undefined) {
      const dialog = Dialog.asUac(this.invite, r);
      if (dialog === undefined) return;
      // RFC 3262 §7.2: PRACKs used CSeq numbers of the dialog the 2xx confirms.
      const early = this.early.get(dialog.remoteTag);
      if (early !== undefined) dialog.localSeq = Math.max(dialog.localSeq, early.dialog.localSeq);
      this.dialog = dialog;
      this.ack = dialog.createRequest('ACK', this.via, { cseq: this.invite.cseq()?.seq ?? 1 });
    }
    this.ctx.transactions.sendStateless(this.ack, this.destination);
    if (this.hasFinal) return;
    this.hasFinal = true;
    this.safeEmit('final', r);
  }

  /**
   * Acknowledges a reliable provisional response with PRACK in its early
   * dialog (RFC 3262 §7.2). The B2BUA ends the reliability here and relays
   * the response to leg A as an ordinary one. Returns false for an RSeq
   * already seen (a retransmission, §4), which is neither PRACKed again
   * nor relayed.
   */
  private prack(r: SipResponse): boolean {
    const rseq = reliableRseq(r)!;
    const tag = r.toTag();
    if (tag === undefined) return false;
    let early = this.early.get(tag);
    if (early === undefined) {
      const dialog = Dialog.asUac(this.invite, r);
      if (dialog === undefined) return false;
      early = { dialog, lastRseq: 0 };
      this.early.set(tag, early);
    }
    if (rseq <= early.lastRseq) return false;
    early.lastRseq = rseq;
    const cseq = this.invite.cseq()?.seq ?? 1;
    const prack = early.dialog.createRequest('PRACK', this.via, {
      headers: [
        ['RAck', `${rseq} ${cseq} INVITE`],
        ['User-Agent', this.ctx.options.serverName],
      ],
    });
    this.ctx.transactions.sendRequest(prack, this.destination);
    return true;
  }

  private sendCancel(): void {
    this.isCancelPending = false;
    this.isCancelled = true;
    if (this.tx === undefined) return;
    this.ctx.transactions.sendRequest(
      buildCancel(this.invite, this.cancelReason),
      this.destination,
    );
  }

  private build(cseq: number, extra: ReadonlyArray<[string, string]>): SipRequest {
    const init = this.init;
    const hasBody = init.body.length > 0;
    return createRequest({
      method: 'INVITE',
      requestUri: init.requestUri,
      via: formatVia({ ...this.via, branch: generateBranch(), rport: true }),
      from: this.from,
      to: init.to,
      callId: this.callId,
      cseq,
      maxForwards: init.maxForwards,
      contact: this.contact,
      headers: [
        ['User-Agent', this.ctx.options.serverName],
        ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS'],
        ['Supported', '100rel'],
        ...(init.headers ?? []),
        ...extra,
      ],
      body: hasBody ? init.body : undefined,
      contentType: hasBody ? (init.contentType ?? 'application/sdp') : undefined,
    });
  }

  private fail(status: number): void {
    if (this.hasFinal) return;
    this.hasFinal = true;
    this.safeEmit('failed', status);
  }
}
