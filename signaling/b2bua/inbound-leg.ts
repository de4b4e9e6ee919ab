import { generateTag, type SipRequest } from '../message/index.ts';
import { Dialog, type ViaSource } from '../dialog/index.ts';
import type { InviteServerTransaction } from '../transaction/index.ts';
import type { B2buaContext } from './b2bua-context.ts';
import type { SipDialogId } from './dialog-info.ts';
import { SipDialogLeg, buildResponse } from './sip-dialog-leg.ts';

/**
 * Leg A of a call: the INVITE a phone sent us, answered as a UAS (RFC 3261
 * §13.3). Provisional and final responses go out in its server
 * transaction; every response carries our To tag, and the ones that create
 * a dialog copy Record-Route and add our Contact (§12.1.1).
 */
export class InboundLeg extends SipDialogLeg {
  readonly localTag = generateTag();
  private hasFinal = false;

  constructor(
    ctx: B2buaContext,
    readonly request: SipRequest,
    readonly tx: InviteServerTransaction,
    via: ViaSource,
    contact: string,
  ) {
    super('a', ctx, tx.destination, via, contact);
  }

  /** The leg's dialog as we hold it: the INVITE's Call-ID, our tag, the caller's (D89). */
  get dialogId(): SipDialogId | undefined {
    const callId = this.request.callId();
    const remoteTag = this.request.fromTag();
    if (callId === undefined || remoteTag === undefined) return undefined;
    return { callId, localTag: this.localTag, remoteTag };
  }

  /** True once a final response was sent to the INVITE. */
  get isFinal(): boolean {
    return this.hasFinal;
  }

  /** Relays a 1xx (180, or 183 with early media SDP). */
  provisional(status: number, body?: Buffer, contentType?: string): void {
    if (this.hasFinal) return;
    this.tx.respond(
      buildResponse(this.request, status, this.dialogHeaders(), body, contentType, this.localTag),
    );
  }

  /** Answers with 200 and SDP; the dialog is confirmed (§13.3.1.4). */
  answer(body: Buffer, contentType?: string, headers: Array<[string, string]> = []): void {
    if (this.hasFinal) return;
    this.hasFinal = true;
    this.dialog = Dialog.asUas(this.request, this.localTag, 'confirmed');
    const response = buildResponse(
      this.request,
      200,
      [...this.dialogHeaders(), ...headers],
      body,
      contentType,
      this.localTag,
    );
    this.respondReliably(this.tx, response);
  }

  /** Refuses the call with a final 3xx–6xx (§13.3.1.3). */
  reject(status: number, headers: Array<[string, string]> = []): void {
    if (this.hasFinal) return;
    this.hasFinal = true;
    this.tx.respond(
      buildResponse(
        this.request,
        status,
        [...this.commonHeaders(), ...headers],
        undefined,
        undefined,
        this.localTag,
      ),
    );
  }

  private dialogHeaders(): Array<[string, string]> {
    const headers: Array<[string, string]> = this.request
      .getHeaders('Record-Route')
      .map((rr) => ['Record-Route', rr]);
    headers.push(['Contact', this.contact], ...this.commonHeaders());
    return headers;
  }
}
