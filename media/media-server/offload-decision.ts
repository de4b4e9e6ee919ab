import { isSameCodec } from '../sdp/index.ts';
import type { MediaLeg } from './media-leg.ts';

/** Why a pair of legs stays in JavaScript rather than in the native relay. */
export type OffloadBlocker =
  /** The legs are not each other's peer. */
  | 'not-paired'
  /** One leg has no answer yet (early media passes as it comes). */
  | 'not-negotiated'
  /** Codecs or payload types differ, so packets are transcoded or rewritten. */
  | 'codec-differs'
  /** The telephone-event payload types differ, so events are rewritten. */
  | 'events-differ'
  /** A leg hears a prompt, tone, RFC 4733 digits, music or a room mix. */
  | 'originating'
  /** A leg's far end does not want media (hold), so relay is suppressed. */
  | 'not-sending'
  /** Someone listens to decoded PCM: recording, a room, in-band DTMF. */
  | 'pcm-listeners'
  /** RTCP is not on rtpPort + 1, where the native relay expects it. */
  | 'rtcp-port'
  /** A leg is closed, or its endpoint could not take its ports back. */
  | 'closed'
  /** An operation is being set up on a leg (MediaServer pinned it). */
  | 'pinned';

/**
 * Decides whether two legs may be relayed natively, packet by packet
 * without JavaScript: only when JavaScript would do nothing but send each
 * packet on as it is (MediaLeg.receive's plain path). Returns the first
 * reason against it, or undefined when the pair may go. RFC 4733 events
 * are allowed: the native relay forwards them and copies them back to us
 * (taps), as long as no payload type has to be rewritten; a leg that holds
 * back feature-code keys gets them diverted to JavaScript instead. A leg whose
 * stream went on across a change of source (hold, a prompt, a transfer,
 * D44) may go too: the native relay continues the stream (toNative).
 */
export function offloadBlocker(
  a: MediaLeg,
  b: MediaLeg,
  isPinned: (leg: MediaLeg) => boolean = () => false,
): OffloadBlocker | undefined {
  if (a === b || a.peer !== b || b.peer !== a) return 'not-paired';
  const na = a.negotiated;
  const nb = b.negotiated;
  if (na === undefined || nb === undefined) return 'not-negotiated';
  if (
    !a.isByteRelay ||
    !b.isByteRelay ||
    na.sdpCodec.payloadType !== nb.sdpCodec.payloadType ||
    !isSameCodec(na.sdpCodec, nb.sdpCodec)
  ) {
    return 'codec-differs';
  }
  if (na.telephoneEventPt !== nb.telephoneEventPt) return 'events-differ';
  for (const leg of [a, b]) {
    // A suspended endpoint outside a native pair lost its ports (resume failed).
    if (leg.endpoint.closed || leg.endpoint.isSuspended) return 'closed';
    if (isPinned(leg)) return 'pinned';
    if (leg.isOriginating || leg.externalSource !== undefined) return 'originating';
    if (!leg.canSend) return 'not-sending';
    if (
      leg.inbound.size > 0 ||
      leg.outbound.size > 0 ||
      leg.isInbandDetected ||
      leg.dtmfMode === 'inband'
    ) {
      return 'pcm-listeners';
    }
    const ep = leg.endpoint;
    if (!ep.isRtcpMux && ep.rtcpPort !== ep.rtpPort + 1) return 'rtcp-port';
  }
  return undefined;
}
