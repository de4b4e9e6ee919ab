/**
 * WebRTC call legs (D35): ICE and DTLS-SRTP terminated with werift in
 * front of the media server, which sees each browser as a plain RTP
 * phone on loopback.
 */
export { WebRtcMediaControl } from './webrtc-media-control.ts';
export type { WebRtcMediaControlOptions } from './webrtc-media-control.ts';
export { WebRtcLeg, toWeriftCodec } from './webrtc-leg.ts';
export type { AgreedCodecs, RtpTarget, WebRtcLegOptions } from './webrtc-leg.ts';
export {
  gatewayCodecs,
  isWebRtcSdp,
  keepCandidatesOn,
  plainSdp,
  summarizeAudio,
} from './webrtc-sdp.ts';
export type { AudioSummary, PlainSdpOptions } from './webrtc-sdp.ts';
