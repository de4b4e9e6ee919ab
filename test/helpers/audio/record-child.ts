/*
 * A child process for the recorder's crash test: records a 1 kHz tone in
 * real time, appending samples every 100 ms but rewriting the header only
 * every 2 s, and after each flush prints "flushed <bytes on disk> <bytes in
 * header>", until the parent kills it with SIGKILL.
 * Usage: node --import tsx record-child.ts OUT.wav
 */
import { systemClock } from '../../../core/index.ts';
import { Recorder } from '../../../media/recorder/index.ts';
import { sine } from './tone.ts';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: record-child.ts OUT.wav');
const recorder = await Recorder.open({
  path,
  sampleRateHz: 8000,
  mode: 'mixed',
  clock: systemClock,
  flushIntervalMs: 100,
  headerIntervalMs: 2000,
});
let sample = 0;
setInterval(() => {
  recorder.write([sine(1000, 8000, 160, 8000, sample)]);
  sample += 160;
}, 20);
setInterval(() => {
  void recorder
    .whenWritten()
    .then(() => console.log(`flushed ${recorder.dataBytesOnDisk} ${recorder.dataBytesInHeader}`));
}, 100);
