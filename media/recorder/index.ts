/**
 * Call recording to WAV: legs mixed to mono or split to stereo, with
 * pause/resume, a header kept current every second, and repair of files
 * left behind by a crash.
 */
export { Recorder } from './recorder.ts';
export type {
  RecorderEvents,
  RecorderMode,
  RecorderOptions,
  RecorderPauseMode,
} from './recorder.ts';
export { repairRecordings, repairWav } from './repair-wav.ts';
export type { RecordingsRepair, WavRepair } from './repair-wav.ts';
