export type {
  SdpAttribute,
  SdpBandwidth,
  SdpConnection,
  SdpMediaDescription,
  SdpOrigin,
  SdpTiming,
  SessionDescription,
} from './session-description.ts';
export { parseSdp } from './parse-sdp.ts';
export { serializeSdp, formatConnection } from './serialize-sdp.ts';
export { isIPv4, isIPv6, isHostname, isValidAddress, isUnspecifiedAddress } from './address.ts';
export {
  STATIC_PAYLOAD_TYPES,
  directionOf,
  findAttribute,
  findAttributes,
  formatRtcp,
  formatRtpmap,
  getCodecs,
  getConnection,
  getDirection,
  getMaxptimeMs,
  getPtimeMs,
  getRtcp,
  hasAttribute,
  isRtcpMux,
  parseFmtp,
  parseFmtpParameters,
  parsePacketTime,
  parseRtcp,
  parseRtpmap,
  withDirection,
} from './attributes.ts';
export type { Fmtp, MediaDirection, RtcpAttribute, Rtpmap, SdpCodec } from './attributes.ts';
export { DEFAULT_PROTOCOLS } from './capabilities.ts';
export type { CodecCapability, LocalCapabilities, NegotiationError } from './capabilities.ts';
export {
  DEFAULT_TELEPHONE_EVENTS,
  answerDirection,
  formatEventList,
  intersectEventLists,
  isSameCodec,
  isTelephoneEvent,
  parseEventList,
} from './codec-match.ts';
export { createAnswer, rejectedMedia } from './create-answer.ts';
export { effectiveDirection, isOldStyleHold } from './hold.ts';
export { createOffer } from './create-offer.ts';
export { negotiate } from './negotiate.ts';
export type { NegotiatedEndpoint, NegotiatedMedia, NegotiatedTelephoneEvent } from './negotiate.ts';
export { reviseSessionVersion } from './session-version.ts';
export { anchorMedia } from './anchor.ts';
export type { AnchorOptions } from './anchor.ts';
export { withTelephoneEventOf, withoutTelephoneEvents } from './telephone-event.ts';
