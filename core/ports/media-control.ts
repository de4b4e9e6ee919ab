import type { Result } from '../result.ts';

/**
 * The media plane as signalling and pbx/ see it, modelled on rtpengine's
 * ng control protocol (offer / answer / delete). Signalling hands over the
 * SDP it received and gets back the SDP to send on, rewritten so that media
 * flows through us; to signalling, SDP stays an opaque body (STYLE §2).
 */

/** Identifies one call leg's media: the SIP Call-ID (or bridge id) and the leg. */
export interface MediaSessionRef {
  readonly callId: string;
  readonly legId: string;
}

/** Stable error codes of MediaControl; signalling maps the SDP ones to 488. */
export type MediaErrorCode =
  | 'ERR_SDP_PARSE'
  | 'ERR_SDP_NO_COMMON_CODEC'
  | 'ERR_SDP_NO_ACCEPTABLE_MEDIA'
  | 'ERR_SDP_ANSWER_MISMATCH'
  | 'ERR_MEDIA_SESSION_NOT_FOUND'
  | 'ERR_MEDIA_NO_PORTS'
  | 'ERR_MEDIA_FILE_NOT_FOUND'
  | 'ERR_MEDIA_INVALID_STATE'
  | 'ERR_MEDIA_INTERNAL';

/** Why a media operation failed. */
export interface MediaError {
  readonly code: MediaErrorCode;
  readonly detail: string;
  /** The underlying error, when there is one (STYLE §4.8). */
  readonly cause?: unknown;
}

/** Options of offer(), answer() and update(). */
export interface MediaOfferOptions {
  /** The leg on the other side of the bridge, whose SDP this one is relayed to. */
  readonly peerLegId?: string;
  /** Transcode to these codecs (names as in rtpmap) if the far side lacks them. */
  readonly codecs?: readonly string[];
  /**
   * How this leg's party sends and takes keys: RFC 4733 events, SIP INFO,
   * or tones in the audio. With `info` or `inband` the SDP sent to the leg
   * has no telephone-event, and keys relayed to it are turned into tones
   * or 'dtmfInfo' events; unset, RFC 4733 when negotiated, else tones.
   */
  readonly dtmfMode?: 'rfc4733' | 'info' | 'inband';
  /** The same for the leg an offer is relayed to (offer() and update()); unset is automatic. */
  readonly peerDtmfMode?: 'rfc4733' | 'info' | 'inband';
  /** Terminate ICE/DTLS-SRTP on this leg (WebRTC) instead of plain RTP. */
  readonly isWebRtc?: boolean;
  /** Inactivity before a 'timeout' event; 60 s unless given. */
  readonly mediaTimeoutMs?: number;
  /** Keep the remote's SDP attributes we do not understand (true unless given). */
  readonly isPassthroughKept?: boolean;
}

/**
 * What play() plays: a file (WAV/raw, resolved by the media plane), a
 * tone, or a music-on-hold class (spec 02 §3.13) by its identifier, looked
 * up in `teamId`'s classes first, then the system's, then `default`.
 */
export type MediaPlaySource =
  | { readonly file: string }
  | { readonly moh: string; readonly teamId?: number }
  | {
      readonly tone:
        | 'ringback'
        | 'busy'
        | 'congestion'
        | 'dial'
        | 'beep'
        | {
            readonly frequenciesHz: readonly number[];
            readonly onMs: number;
            readonly offMs: number;
          };
    };

/** Options of play(). */
export interface MediaPlayOptions {
  /** Repeat until stopped (true) or a number of times; once unless given. */
  readonly loop?: boolean | number;
  /** Stop playing when the caller presses a key (IVR barge-in). */
  readonly isInterruptedByDtmf?: boolean;
}

/** Options of record(). */
export interface MediaRecordOptions {
  /** Where to write; the media plane owns the directory layout. */
  readonly path: string;
  /** `mixed` (both directions in one channel), `stereo` (one per side) or one side. */
  readonly mode?: 'mixed' | 'stereo' | 'inbound' | 'outbound';
  readonly format?: 'wav' | 'raw';
  /** Stop after this long; unbounded unless given. */
  readonly maxDurationMs?: number;
  /** Stop on this much silence (voicemail); never unless given. */
  readonly silenceTimeoutMs?: number;
  /**
   * Gain in dB applied to each direction before it is written, e.g. a
   * trunk's recording gains (TRK-10); 0 unless given.
   */
  readonly gainDb?: { readonly inbound?: number; readonly outbound?: number };
}

/** A running playback or recording, stoppable once (stop() is idempotent). */
export interface MediaOperation {
  readonly id: string;
  stop(): Promise<void>;
  /** Settles when the operation ends, by itself or by stop(). */
  readonly finished: Promise<{
    readonly reason: 'completed' | 'stopped' | 'dtmf' | 'hangup' | 'error';
    readonly durationMs: number;
  }>;
}

/** Options of join(): who hears whom in a bridge or conference. */
export interface MediaJoinOptions {
  /** A conference room id; legs with the same id are mixed together. */
  readonly roomId?: string;
  /** This leg is heard but does not hear (whisper/coach is the reverse). */
  readonly role?: 'speak-listen' | 'listen-only' | 'speak-only';
  /**
   * Talker optimisation (spec 02 CF-9): the leg is mixed only while it
   * talks, so line noise of silent members stays out; false unless given.
   */
  readonly isMixedOnlyWhileTalking?: boolean;
}

/** A member of a room started or stopped talking (spec 02 CF-9). */
export interface MediaTalkingNotification {
  readonly ref: MediaSessionRef;
  readonly roomId: string;
  readonly isTalking: boolean;
}

/** Options of sendDtmf(). */
export interface MediaDtmfOptions {
  /** Per-digit key-down time; 100 unless given. */
  readonly durationMs?: number;
  /** Gap between digits; 60 unless given. */
  readonly pauseMs?: number;
  /** How to send; the leg's negotiated mode unless given. */
  readonly mode?: 'rfc4733' | 'inband';
}

/** One DTMF key seen on a leg's media. */
export interface MediaDtmfNotification {
  readonly ref: MediaSessionRef;
  /** 0–9, *, #, A–D, or F for flash. */
  readonly digit: string;
  readonly durationMs: number;
  readonly source: 'rfc4733' | 'inband';
}

/** Periodic per-leg quality figures (RTCP-style). */
export interface MediaStats {
  readonly ref: MediaSessionRef;
  readonly packetsReceived: number;
  readonly packetsSent: number;
  readonly packetsLost: number;
  readonly jitterMs: number;
  readonly roundTripMs?: number;
  /** An E-model style estimate, 1–5, if computed. */
  readonly mos?: number;
}

/** The events of MediaControl (mediasoup-style typed map). */
/** A key for a leg whose party takes keys in SIP INFO (dtmfMode 'info'). */
export interface MediaInfoKey {
  readonly ref: MediaSessionRef;
  readonly digit: string;
  readonly durationMs: number;
}

export type MediaControlEvents = {
  /** A digit arrived on a leg. */
  dtmf: [MediaDtmfNotification];
  /**
   * A key relayed to `ref`, a leg whose dtmfMode is 'info': the signalling
   * sends it in SIP INFO (RFC 6086), since the media cannot.
   */
  dtmfInfo: [MediaInfoKey];
  /** No RTP arrived on a leg for mediaTimeoutMs: the call is probably dead. */
  timeout: [{ readonly ref: MediaSessionRef; readonly silentForMs: number }];
  /** Quality figures for a leg, every few seconds. */
  stats: [MediaStats];
  /** A leg in a room started or stopped talking (after onset or hangover). */
  talking: [MediaTalkingNotification];
};

/**
 * The one surface the B2BUA and pbx/ use to drive media. Every method
 * resolves to a Result for expected failures (no common codec, unknown
 * session) and rejects only on bugs. Implementations: the in-process media
 * plane (media/endpoint) and, later, a remote one.
 */
export interface MediaControl {
  /**
   * Takes the SDP offer received on `legId` and returns the offer to send on
   * the other leg, with our address and ports. Creates the session if new.
   */
  offer(
    callId: string,
    legId: string,
    sdp: string,
    opts?: MediaOfferOptions,
  ): Promise<Result<string, MediaError>>;
  /**
   * Takes the SDP answer received on `legId` (to our relayed offer) and
   * returns the answer to send back to the offering leg.
   */
  answer(
    callId: string,
    legId: string,
    sdp: string,
    opts?: MediaOfferOptions,
  ): Promise<Result<string, MediaError>>;
  /** A re-offer in an existing session (hold, codec change, new address). */
  update(
    callId: string,
    legId: string,
    sdp: string,
    opts?: MediaOfferOptions,
  ): Promise<Result<string, MediaError>>;
  /**
   * Answers the SDP offer received on `legId` ourselves (rtpengine has no
   * such thing; FreeSWITCH does it for every leg): the leg gets the first
   * offered codec we can decode, plus telephone-event if offered, and is
   * relayed to nothing until mix() or join(). For IVRs, voicemail,
   * conferences and the legs of application calls. A later call on the
   * same leg is a re-offer (hold, new address) and answers it again.
   */
  answerLocal(
    callId: string,
    legId: string,
    sdp: string,
    opts?: MediaOfferOptions,
  ): Promise<Result<string, MediaError>>;
  /** Our own offer for a leg we place (CallOriginator), with every codec we decode. */
  offerLocal(
    callId: string,
    legId: string,
    opts?: MediaOfferOptions,
  ): Promise<Result<string, MediaError>>;
  /** The far end's answer to offerLocal(); the leg's codec is then set. */
  acceptAnswer(
    callId: string,
    legId: string,
    sdp: string,
    opts?: MediaOfferOptions,
  ): Promise<Result<void, MediaError>>;
  /** Frees one leg's media, or the whole call's when `legId` is absent. Idempotent. */
  delete(callId: string, legId?: string): Promise<Result<void, MediaError>>;
  /** Plays a file or tone to a leg. */
  play(
    ref: MediaSessionRef,
    source: MediaPlaySource,
    opts?: MediaPlayOptions,
  ): Promise<Result<MediaOperation, MediaError>>;
  /** Records a leg. */
  record(
    ref: MediaSessionRef,
    opts: MediaRecordOptions,
  ): Promise<Result<MediaOperation, MediaError>>;
  /**
   * Records the full mix of room `roomId` (what every member says, not the
   * N−1 mix of one member) in one mono channel at the room's rate. The room
   * must exist (a leg joined it); the recording ends by stop(), at
   * maxDurationMs, or with reason 'hangup' when the room's last leg leaves.
   * `mode` must be 'mixed' or absent; silenceTimeoutMs is not applied.
   */
  recordRoom(roomId: string, opts: MediaRecordOptions): Promise<Result<MediaOperation, MediaError>>;
  /** Bridges two legs directly, so each hears the other. */
  mix(a: MediaSessionRef, b: MediaSessionRef): Promise<Result<void, MediaError>>;
  /** Puts a leg in a mixed room (conference, barge, whisper). */
  join(ref: MediaSessionRef, opts: MediaJoinOptions): Promise<Result<void, MediaError>>;
  /** Takes a leg out of whatever it was mixed with. */
  unjoin(ref: MediaSessionRef): Promise<Result<void, MediaError>>;
  /**
   * Holds back the RFC 4733 keys a leg receives while they could still
   * spell one of `codes` (in-call hotkeys), drops a completed code, and
   * sends the rest on; `dtmf` events still fire for every key. No codes
   * lifts the gate (D44).
   */
  gateDtmf(ref: MediaSessionRef, codes: readonly string[]): Result<void, MediaError>;
  /** Sends digits on a leg's media. */
  sendDtmf(
    ref: MediaSessionRef,
    digits: string,
    opts?: MediaDtmfOptions,
  ): Promise<Result<void, MediaError>>;
  on<K extends keyof MediaControlEvents & string>(
    event: K,
    listener: (...args: MediaControlEvents[K]) => void,
  ): this;
  off<K extends keyof MediaControlEvents & string>(
    event: K,
    listener: (...args: MediaControlEvents[K]) => void,
  ): this;
}
