/**
 * The conference mixer: N parties in 20 ms PCM frames with N−1 mixing,
 * per-party gain and mute, supervisor listen/whisper/barge, and talk
 * detection. Pure code with no I/O.
 */
export { MAX_MIXER_PARTIES, Mixer } from './mixer.ts';
export type { MixerEvents, MixerOptions } from './mixer.ts';
export { MixerParty } from './mixer-party.ts';
export type { MixerPartyOptions, MixerRole } from './mixer-party.ts';
export {
  DEFAULT_TALK_DBOV,
  TalkDetector,
  dbovToMeanSquare,
  meanSquareToDbov,
} from './talk-detector.ts';
export type { TalkDetectorOptions } from './talk-detector.ts';
