import type { MediaDirection } from './attributes.ts';

/** One codec we can send and receive. */
export interface CodecCapability {
  /** `audio` unless given; compared with the `m=` media type. */
  readonly mediaType?: string;
  /** Matched case-insensitively (RFC 4855 §3: media subtype names are case-insensitive). */
  readonly encodingName: string;
  readonly clockRateHz: number;
  /** Audio channels; 1 unless given. */
  readonly channels?: number;
  /** Our fmtp for this codec; absent means we echo the offerer's. */
  readonly fmtp?: string;
  /** The payload type used in our own offers (dynamic ones default from 96). */
  readonly payloadType?: number;
}

/** What the local side (our media plane) can do; the input of offer and answer. */
export interface LocalCapabilities {
  /** The `o=` username and session id; the version is managed by reviseSessionVersion. */
  readonly origin: { readonly username: string; readonly sessionId: string };
  /** Our media address for `c=` and `o=`: an IPv4 or IPv6 literal. */
  readonly address: string;
  /**
   * Our RTP port per `m=` line, by index. A stream with no port here is
   * rejected with port 0.
   */
  readonly ports: readonly (number | undefined)[];
  /** In order of our preference. */
  readonly codecs: readonly CodecCapability[];
  /**
   * RFC 4733 events we accept, as an fmtp range list such as `0-16`; absent
   * means telephone-event is not negotiated.
   */
  readonly telephoneEvents?: string;
  /** Our `a=ptime`; absent means we echo the offerer's. */
  readonly ptimeMs?: number;
  readonly maxptimeMs?: number;
  /** Whether we accept RTP and RTCP on one port (RFC 5761). */
  readonly isRtcpMuxSupported?: boolean;
  /** Transport protocols we accept; RTP/AVP and RTP/AVPF unless given. */
  readonly protocols?: readonly string[];
  /** The direction we want; sendrecv unless we are holding the call. */
  readonly direction?: MediaDirection;
  /** Order the answer by our codec preference instead of the offerer's. */
  readonly isLocalOrderPreferred?: boolean;
  /** Answer with at most this many codecs (1 avoids mid-call codec switches). */
  readonly maxCodecs?: number;
  /** The `s=` value; `-` unless given. */
  readonly sessionName?: string;
}

/** Why an offer or answer could not be negotiated; signalling maps it to 488. */
export interface NegotiationError {
  readonly code:
    'ERR_SDP_NO_COMMON_CODEC' | 'ERR_SDP_NO_ACCEPTABLE_MEDIA' | 'ERR_SDP_ANSWER_MISMATCH';
  readonly detail: string;
  /** The `m=` line index the error is about, when there is one. */
  readonly mediaIndex?: number;
}

/** The default transport protocols of LocalCapabilities.protocols. */
export const DEFAULT_PROTOCOLS: readonly string[] = ['RTP/AVP', 'RTP/AVPF'];
