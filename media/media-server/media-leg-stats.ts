/*
 * The counters a MediaLeg keeps beside its endpoint's (media-leg.ts), in
 * a file of their own so that the leg's relay and originated stream can
 * count into them.
 */

/** Counters of a leg beyond its endpoint's (STYLE §4.4). */
export interface MediaLegStats {
  /** Relayed or transcoded to the peer. */
  forwarded: number;
  /** Not forwarded: the peer is on hold, playing, or mixed. */
  suppressed: number;
  /** Payload types that are neither the codec, telephone-event nor CN. */
  unknownPayloadType: number;
  /** Payloads that did not decode or transcode. */
  decodeErrors: number;
  /** Packets we originated (prompts, tones, music, mixes, events). */
  originated: number;
  /**
   * RFC 4733 packets the native relay forwarded but could not copy to us
   * (its queue to JavaScript was full), so no 'dtmf' event saw them.
   */
  tapsDropped: number;
}
