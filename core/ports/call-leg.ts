import type { Result } from '../result.ts';
import type { MediaSessionRef } from './media-control.ts';

/**
 * One side of a call, whatever carries it: a SIP dialog, a WebRTC peer or
 * a DAHDI channel. pbx/ drives calls only through this interface and
 * MediaControl, so routing, queues and IVRs run the same over every
 * technology (STYLE §2).
 */

/** The life of a leg, as in RFC 3261 §12 dialog states plus 'new'. */
export type CallLegState = 'new' | 'early' | 'confirmed' | 'terminated';

/** Whether we received the call or placed it. */
export type CallLegDirection = 'inbound' | 'outbound';

/** The technology under a leg. */
export type CallLegTechnology = 'sip' | 'webrtc' | 'dahdi';

/** A party of a call: who called or is called. */
export interface CallParty {
  /** A SIP or tel URI, or `dahdi:<span>/<channel>`. */
  readonly uri: string;
  /** The user part or number, for routing and display. */
  readonly number: string;
  readonly displayName?: string;
  /** Presentation restricted (RFC 3323 privacy / CLIR). */
  readonly isPrivate?: boolean;
}

/** Why a leg ended, in both SIP and ISDN terms (RFC 3326 Reason header). */
export interface HangupCause {
  readonly reason:
    | 'normal'
    | 'busy'
    | 'no-answer'
    | 'rejected'
    | 'unavailable'
    | 'cancelled'
    | 'not-found'
    | 'congestion'
    | 'media-timeout'
    | 'failed';
  /** The ITU-T Q.850 cause value (16 normal clearing, 17 busy, 19 no answer …). */
  readonly q850: number;
  /** The SIP final status to send or that was received, when SIP is involved. */
  readonly sipStatus?: number;
  readonly text?: string;
}

/** Options of ring(). */
export interface RingOptions {
  /** Send early media (183 with SDP) instead of a plain 180. */
  readonly isEarlyMedia?: boolean;
}

/** Options of sendDtmf() on a leg. */
export interface CallLegDtmfOptions {
  /** RFC 4733 in the media, SIP INFO, or in-band tones; the leg's default unless given. */
  readonly method?: 'rfc4733' | 'info' | 'inband';
  readonly durationMs?: number;
}

/** Where transfer() sends the remote party. */
export type TransferTarget =
  /** A blind transfer (RFC 3515 REFER to a URI). */
  | { readonly uri: string }
  /** An attended transfer: replace `leg`'s call (RFC 3891 Replaces). */
  | { readonly leg: CallLeg };

/** Why a leg operation failed. */
export interface CallLegError {
  readonly code:
    | 'ERR_CALL_LEG_INVALID_STATE'
    | 'ERR_CALL_LEG_REJECTED'
    | 'ERR_CALL_LEG_TIMEOUT'
    | 'ERR_CALL_LEG_NOT_SUPPORTED'
    | 'ERR_CALL_LEG_MEDIA';
  readonly detail: string;
  /** The remote's final status, when it refused. */
  readonly sipStatus?: number;
  readonly cause?: unknown;
}

/** The events of a CallLeg (mediasoup-style typed map). */
export type CallLegEvents = {
  /** Every state change, with the state left. */
  state: [state: CallLegState, previous: CallLegState];
  /** The far end is alerting (180/183, or DAHDI ringing). */
  ringing: [{ readonly hasEarlyMedia: boolean }];
  /** The call is answered: state 'confirmed'. */
  answered: [];
  /** The leg ended, by either side; emitted once. */
  hangup: [HangupCause];
  /** A digit from the remote party, however it was signalled. */
  dtmf: [
    {
      readonly digit: string;
      readonly durationMs: number;
      readonly method: 'rfc4733' | 'info' | 'inband';
    },
  ];
  /** The remote put us on hold (true) or took us off (false). */
  hold: [isOnHold: boolean];
  /** The remote asks to be transferred (an incoming REFER); pbx/ decides. */
  transferrequest: [TransferTarget];
};

/**
 * A call leg. Methods resolve to a Result for expected failures (wrong
 * state, remote refusal) and reject only on bugs. hangup() is idempotent
 * and, like every operation after 'terminated', resolves without effect.
 */
export interface CallLeg {
  readonly id: string;
  readonly direction: CallLegDirection;
  readonly technology: CallLegTechnology;
  readonly state: CallLegState;
  /** The other party: the caller for inbound legs, the callee for outbound. */
  readonly remote: CallParty;
  /** Our side as presented to the remote. */
  readonly local: CallParty;
  /** This leg's media, for MediaControl play/record/join. */
  readonly media: MediaSessionRef;
  /** Indicates alerting to an inbound caller (180, or 183 with early media). */
  ring(opts?: RingOptions): Promise<Result<void, CallLegError>>;
  /** Answers an inbound call (200 OK); state becomes 'confirmed'. */
  answer(): Promise<Result<void, CallLegError>>;
  /** Ends the leg: CANCEL, a final error status, or BYE, as the state requires. */
  hangup(cause?: HangupCause): Promise<Result<void, CallLegError>>;
  /** Holds the remote (re-INVITE sendonly, RFC 3264 §8.4). */
  hold(): Promise<Result<void, CallLegError>>;
  /** Resumes after hold (re-INVITE sendrecv). */
  unhold(): Promise<Result<void, CallLegError>>;
  /** Sends digits to the remote party. */
  sendDtmf(digits: string, opts?: CallLegDtmfOptions): Promise<Result<void, CallLegError>>;
  /** Transfers the remote party elsewhere and resolves when the transfer is accepted. */
  transfer(target: TransferTarget): Promise<Result<void, CallLegError>>;
  on<K extends keyof CallLegEvents & string>(
    event: K,
    listener: (...args: CallLegEvents[K]) => void,
  ): this;
  once<K extends keyof CallLegEvents & string>(
    event: K,
    listener: (...args: CallLegEvents[K]) => void,
  ): this;
  off<K extends keyof CallLegEvents & string>(
    event: K,
    listener: (...args: CallLegEvents[K]) => void,
  ): this;
}
