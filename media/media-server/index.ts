/**
 * The media server: the in-process implementation of core/ports
 * MediaControl on rtpengine's offer/answer/delete model, with playback,
 * recording, conference rooms, DTMF and per-leg quality reports.
 */
export { MediaServer } from './media-server.ts';
export type { MediaServerOptions } from './media-server.ts';
export { MediaLeg } from './media-leg.ts';
export type { MediaLegStats, PcmListener } from './media-leg.ts';
export { DtmfGate, GATE_DIGIT_TIMEOUT_MS } from './dtmf-gate.ts';
export type { DtmfGateVerdict } from './dtmf-gate.ts';
export { OutgoingStream } from './outgoing-stream.ts';
export { offloadBlocker } from './offload-decision.ts';
export type { OffloadBlocker } from './offload-decision.ts';
export type { RelayOffloadStats } from './relay-offload.ts';
export { findAudioIndex, planAnswer, planOffer } from './sdp-plan.ts';
export type { AnchorPoint, AnswerPlan, LegCodecs } from './sdp-plan.ts';
