/*
 * What offer/answer agreed for a MediaLeg (media-leg.ts), as the leg and
 * its relay read it.
 */
import type { Codec } from '../codecs/index.ts';
import type { SdpCodec } from '../sdp/index.ts';

/** How a leg's stream was agreed in offer/answer. */
export interface LegNegotiation {
  readonly sdpCodec: SdpCodec;
  readonly codec: Codec | undefined;
  readonly telephoneEventPt: number;
  readonly isSendingTo: boolean;
}
