/*
 * Audio file handling that the admin API needs without the media plane:
 * reading uploaded WAVE, MP3 and GSM files, making their playback copies, and keeping
 * voice files on disk (also for recordings made by phone, VF-2).
 */
export { MAX_WAV_RATE_HZ, MIN_WAV_RATE_HZ, parseWav, serializeWav } from './wav.ts';
export type { WavAudio, WavEncoding, WavInfo } from './wav.ts';
export { resamplePcm, resamplePcmAsync } from './resample-pcm.ts';
export {
  audioFormatOfFileName,
  audioFormatOfMediaType,
  convertForPlayback,
  MAX_DECODED_SAMPLES,
  PLAYBACK_RATE_HZ,
  WIDEBAND_RATE_HZ,
} from './playback-copies.ts';
export type {
  AudioEncoding,
  AudioFormat,
  AudioSourceInfo,
  PlaybackCopies,
} from './playback-copies.ts';
export { decodeMp3 } from './mp3.ts';
export type { Mp3Audio } from './mp3.ts';
export { decodeRawGsm, decodeWav49, looksLikeRawGsm } from './gsm-file.ts';
export { Gsm610Decoder } from './gsm610.ts';
export { AudioFiles, voiceFileAudioFields } from './audio-files.ts';
