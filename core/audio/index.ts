/*
 * Audio file handling that the admin API needs without the media plane:
 * reading uploaded WAVE files and making their playback copies.
 */
export { MAX_WAV_RATE_HZ, MIN_WAV_RATE_HZ, parseWav, serializeWav } from './wav.ts';
export type { WavAudio, WavEncoding, WavInfo } from './wav.ts';
export { resamplePcm, resamplePcmAsync } from './resample-pcm.ts';
export { convertForPlayback, PLAYBACK_RATE_HZ, WIDEBAND_RATE_HZ } from './playback-copies.ts';
export type { PlaybackCopies } from './playback-copies.ts';
