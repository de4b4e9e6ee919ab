/**
 * Playback of 20 ms PCM frames: WAV prompts (loaded once from the data
 * dir's sounds/ and converted to the session rate), playlists,
 * call-progress tones per country (ITU-T E.180 Supplement 2) and shared
 * music-on-hold streams. No sockets: the media endpoint pulls frames.
 */
export {
  decodeWavData,
  encodeWavDataInto,
  parseWav,
  parseWavHeader,
  serializeWav,
  serializeWavHeader,
  wavBytesPerSample,
  wavHeaderSize,
  writeWavSizes,
} from './wav.ts';
export type { WavAudio, WavEncoding, WavFormat, WavHeader } from './wav.ts';
export { loadPrompts, parsePrompt, promptFromWav } from './prompt.ts';
export type { Prompt, PromptLibrary, PromptLoadFailure } from './prompt.ts';
export { TONE_COUNTRIES, TONE_NAMES, TONE_TABLE, toneFor } from './tone-table.ts';
export type { ToneCountry, ToneName, ToneSegment, ToneSpec } from './tone-table.ts';
export { ToneGenerator } from './tone-generator.ts';
export { Player } from './player.ts';
export type {
  PlayOptions,
  PlayToneOptions,
  PlayerDoneReason,
  PlayerEvents,
  PlayerOptions,
} from './player.ts';
export { MohStream } from './moh-stream.ts';
export type { MohListener, MohStreamOptions } from './moh-stream.ts';
export { MusicOnHold } from './music-on-hold.ts';
export type { MusicOnHoldOptions } from './music-on-hold.ts';
export { MohClasses } from './moh-classes.ts';
export type {
  MohClassesOptions,
  MohPlaylist,
  MohPlaylistLookup,
  MohPromptLoader,
} from './moh-classes.ts';
