/**
 * Audio codecs and PCM utilities: G.711, G.722, L16, Opus, resampling,
 * comfort noise, and a registry and transcoder over them. Pure code apart
 * from the libopus binding, which loads on first use of Opus.
 */
export type { Codec, CodecOptions } from './codec.ts';
export {
  ALAW_TO_ULAW,
  ULAW_TO_ALAW,
  alawToLinear,
  decodeAlaw,
  decodeAlawInto,
  decodeUlaw,
  decodeUlawInto,
  encodeAlaw,
  encodeAlawInto,
  encodeUlaw,
  encodeUlawInto,
  linearToAlaw,
  linearToUlaw,
  ulawToLinear,
} from './g711.ts';
export { decodeL16, decodeL16Into, encodeL16, encodeL16Into } from './l16.ts';
export { Resampler } from './resampler.ts';
export type { ResamplerOptions } from './resampler.ts';
export { G722Decoder, G722Encoder } from './g722.ts';
export { OPUS_DEFAULT_PT, OpusCodec } from './opus-codec.ts';
export {
  CodecRegistry,
  createDefaultCodecRegistry,
  createG722,
  createL16,
  createOpus,
  createPcma,
  createPcmu,
} from './codec-registry.ts';
export type { CodecFactory } from './codec-registry.ts';
export { Transcoder } from './transcoder.ts';
export { TimestampRescaler } from './timestamp-rescaler.ts';
export {
  COMFORT_NOISE_PT,
  ComfortNoiseGenerator,
  isComfortNoise,
  parseComfortNoise,
  serializeComfortNoise,
} from './comfort-noise.ts';
export type { ComfortNoiseParams } from './comfort-noise.ts';
