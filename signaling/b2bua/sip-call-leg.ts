import { TypedEmitter, err, ok, uuid, type Result } from '../../core/index.ts';
import type {
  CallLeg,
  CallLegDirection,
  CallLegError,
  CallLegEvents,
  CallLegState,
  CallParty,
  HangupCause,
  MediaDtmfNotification,
  MediaInfoKey,
  MediaOfferOptions,
  MediaSessionRef,
  TransferTarget,
} from '../../core/index.ts';
import { createResponse, type SipRequest, type SipResponse } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import { filterOfferCodecs } from './sdp-codecs.ts';
import type { B2buaContext, DtmfMode } from './b2bua-context.ts';
import { NORMAL_CLEARING } from './hangup-causes.ts';
import type { SipDialogLeg } from './sip-dialog-leg.ts';

/** What the B2BUA routes in-dialog requests to: a call, or a CallLeg of an application. */
export interface DialogOwner {
  receiveBye(leg: SipDialogLeg, request: SipRequest, tx: { respond(r: SipResponse): void }): void;
  receiveAck(leg: SipDialogLeg, ack: SipRequest): void;
  /** A re-INVITE, or an UPDATE (RFC 3311), which carries an offer the same way. */
  receiveReinvite(
    leg: SipDialogLeg,
    request: SipRequest,
    tx: ServerTransaction,
  ): void | Promise<void>;
}

/** Who handles requests in a dialog (a call or an application leg), and its leg. */
export interface DialogEntry {
  readonly call: DialogOwner;
  readonly leg: SipDialogLeg;
}

/** Events a SIP CallLeg adds for the B2BUA that tracks it. */
export type SipCallLegEvents = CallLegEvents & {
  /** A dialog now exists: in-dialog requests must reach this leg. */
  dialog: [SipDialogLeg];
  listenererror: [string, unknown];
};

const notSupported = (detail: string): Result<never, CallLegError> =>
  err({ code: 'ERR_CALL_LEG_NOT_SUPPORTED', detail });

/** The key-down time an INFO key announces: MediaControl.sendDtmf()'s default. */
const INFO_KEY_MS = 100;

/**
 * What the two SIP CallLegs of application calls share: the state
 * machine, media terminated by our media plane (MediaControl answerLocal
 * / offerLocal), DTMF from the media plane, BYE and re-INVITE from the far
 * end (RFC 3261 §15, §14). pbx/ sees only the CallLeg port (STYLE §2).
 */
export abstract class SipCallLeg
  extends TypedEmitter<SipCallLegEvents>
  implements CallLeg, DialogOwner
{
  readonly id = uuid();
  readonly technology = 'sip' as const;
  readonly media: MediaSessionRef;
  state: CallLegState = 'new';
  /** When the leg was answered, for CDRs. */
  answeredAtMs: number | undefined;
  /** Which side ended the leg, once it ended. */
  endedBy: 'remote' | 'local' | undefined;
  /** How the far end takes keys (D88), given with the leg's first SDP; automatic if unset. */
  dtmfMode: DtmfMode | undefined;
  /** The SDP encodings the far end's phone may use (its `allow=`, D94); any if unset. */
  codecs: readonly string[] | undefined;
  private readonly onDtmf = (d: MediaDtmfNotification): void => {
    if (d.ref.callId !== this.media.callId || d.ref.legId !== this.media.legId) return;
    this.safeEmit('dtmf', { digit: d.digit, durationMs: d.durationMs, method: d.source });
  };
  /** A key relayed to this leg's party, which takes keys in INFO (D88). */
  private readonly onInfoKey = (d: MediaInfoKey): void => {
    if (d.ref.callId !== this.media.callId || d.ref.legId !== this.media.legId) return;
    if (this.state === 'confirmed') this.sipLeg?.info(d.digit, d.durationMs);
  };

  protected constructor(
    protected readonly ctx: B2buaContext,
    readonly direction: CallLegDirection,
    readonly remote: CallParty,
    readonly local: CallParty,
  ) {
    super(ctx.logger);
    this.media = { callId: this.id, legId: direction === 'inbound' ? 'a' : 'b' };
    ctx.media?.on('dtmf', this.onDtmf);
    ctx.media?.on('dtmfInfo', this.onInfoKey);
  }

  abstract ring(opts?: { isEarlyMedia?: boolean }): Promise<Result<void, CallLegError>>;
  abstract answer(): Promise<Result<void, CallLegError>>;
  abstract hangup(cause?: HangupCause): Promise<Result<void, CallLegError>>;
  /** The SIP leg carrying the confirmed dialog, if any. */
  protected abstract get sipLeg(): SipDialogLeg | undefined;

  hold(): Promise<Result<void, CallLegError>> {
    return Promise.resolve(notSupported('hold from an application leg'));
  }

  unhold(): Promise<Result<void, CallLegError>> {
    return Promise.resolve(notSupported('unhold from an application leg'));
  }

  transfer(_target: TransferTarget): Promise<Result<void, CallLegError>> {
    return Promise.resolve(notSupported('REFER from an application leg'));
  }

  async sendDtmf(digits: string): Promise<Result<void, CallLegError>> {
    const media = this.ctx.media;
    if (this.state !== 'confirmed' || media === undefined) {
      return err({ code: 'ERR_CALL_LEG_INVALID_STATE', detail: `leg is ${this.state}` });
    }
    const sip = this.sipLeg;
    if (this.dtmfMode === 'info' && sip !== undefined) {
      // D88: a party that takes keys in INFO gets one INFO per key, in order.
      if (!/^[0-9A-D*#]+$/i.test(digits)) {
        return err({ code: 'ERR_CALL_LEG_MEDIA', detail: `"${digits}" is not a DTMF string` });
      }
      for (const digit of digits.toUpperCase()) sip.info(digit, INFO_KEY_MS);
      return ok(undefined);
    }
    const r = await media.sendDtmf(this.media, digits);
    return r.ok ? ok(undefined) : err({ code: 'ERR_CALL_LEG_MEDIA', detail: r.error.detail });
  }

  /**
   * An offer to or from this leg's phone with only the codecs it may use
   * (D94), in the offer's order; undefined when none is left.
   */
  protected narrow(sdp: string): string | undefined {
    return this.codecs === undefined || sdp === '' ? sdp : filterOfferCodecs(sdp, this.codecs);
  }

  /** The leg's DTMF mode as MediaOfferOptions. */
  protected dtmfOpts(): MediaOfferOptions {
    return this.dtmfMode === undefined ? {} : { dtmfMode: this.dtmfMode };
  }

  /** A key the far end sent in INFO (RFC 6086): one of the leg's digits. */
  receiveInfoDigit(digit: string, durationMs: number): void {
    if (this.state !== 'confirmed') return;
    this.safeEmit('dtmf', { digit, durationMs, method: 'info' });
  }

  /** BYE from the far end (§15.1.2): 200, and the leg is over. */
  receiveBye(leg: SipDialogLeg, request: SipRequest, tx: { respond(r: SipResponse): void }): void {
    leg.dialog?.receiveRequest(request);
    leg.receiveBye();
    tx.respond(createResponse(request, 200, { headers: this.serverHeader() }));
    this.endedBy ??= 'remote';
    this.terminate(NORMAL_CLEARING);
  }

  receiveAck(leg: SipDialogLeg, ack: SipRequest): void {
    leg.receiveAck(ack);
  }

  /**
   * A re-INVITE (§14.2): the new offer is answered by our media plane, as
   * the first was. sendonly or inactive from the far end is a hold
   * (RFC 3264 §8.4), reported as a 'hold' event.
   */
  async receiveReinvite(
    leg: SipDialogLeg,
    request: SipRequest,
    tx: ServerTransaction,
  ): Promise<void> {
    const media = this.ctx.media;
    if (this.state !== 'confirmed' || leg.dialog === undefined) {
      return tx.respond(createResponse(request, 491, { headers: this.serverHeader() }));
    }
    if (leg.dialog.receiveRequest(request) === 'out-of-order') {
      return tx.respond(createResponse(request, 500, { headers: this.serverHeader() }));
    }
    if (media === undefined || request.body.length === 0) {
      return leg.respondReinvite(request, tx, 488);
    }
    const sdp = request.body.toString('utf8');
    const offer = this.narrow(sdp);
    if (offer === undefined) return leg.respondReinvite(request, tx, 488);
    const r = await media.answerLocal(this.media.callId, this.media.legId, offer, this.dtmfOpts());
    if (!r.ok) return leg.respondReinvite(request, tx, 488);
    leg.respondReinvite(request, tx, 200, Buffer.from(r.value, 'utf8'));
    const isHold = /^a=(sendonly|inactive)\r?$/m.test(sdp) || /^c=IN IP4 0\.0\.0\.0/m.test(sdp);
    this.safeEmit('hold', isHold);
  }

  /** True once the leg ended (a getter, so checks after an await are not narrowed away). */
  get isOver(): boolean {
    return this.state === 'terminated';
  }

  protected setState(next: CallLegState): void {
    const previous = this.state;
    if (previous === next || previous === 'terminated') return;
    this.state = next;
    this.safeEmit('state', next, previous);
  }

  protected confirm(): void {
    this.answeredAtMs = this.ctx.clock.now();
    this.setState('confirmed');
    this.safeEmit('answered');
  }

  /** Ends the leg once: media freed, 'hangup' emitted. */
  protected terminate(cause: HangupCause): void {
    if (this.state === 'terminated') return;
    this.setState('terminated');
    this.ctx.media?.off('dtmf', this.onDtmf);
    this.ctx.media?.off('dtmfInfo', this.onInfoKey);
    if (this.ctx.media !== undefined) {
      void this.ctx.media.delete(this.media.callId, this.media.legId).catch(() => undefined);
    }
    this.safeEmit('hangup', cause);
  }

  protected serverHeader(): Array<[string, string]> {
    return [['User-Agent', this.ctx.options.serverName]];
  }
}
