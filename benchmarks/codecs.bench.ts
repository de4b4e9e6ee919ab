/*
 * Codec hot-path benchmarks. Run: node --import tsx benchmarks/codecs.bench.ts
 * Prints one JSON line per case: ops/s over about one second, and heap
 * bytes per op measured on a GC-cleared heap over a short batch.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench } from './bench-harness.ts';
import { MAX_DECODED_SAMPLES, decodeMp3, decodeRawGsm } from '../core/audio/index.ts';
import {
  G722Encoder,
  Resampler,
  decodeAlawInto,
  decodeUlawInto,
  encodeAlawInto,
  encodeUlawInto,
} from '../media/codecs/index.ts';

function sine(frequencyHz: number, rateHz: number, samples: number): Int16Array {
  return Int16Array.from({ length: samples }, (_, i) =>
    Math.round(10000 * Math.sin((2 * Math.PI * frequencyHz * i) / rateHz)),
  );
}

const pcm160 = sine(1000, 8000, 160);
const codes = new Uint8Array(160);
const decoded = new Int16Array(160);
encodeUlawInto(pcm160, codes);

bench('ulaw encodeInto (160 samples)', () => encodeUlawInto(pcm160, codes));
bench('ulaw decodeInto (160 samples)', () => decodeUlawInto(codes, decoded));
bench('alaw encodeInto (160 samples)', () => encodeAlawInto(pcm160, codes));
bench('alaw decodeInto (160 samples)', () => decodeAlawInto(codes, decoded));

const resampler = new Resampler(8000, 48000);
const pcm960 = new Int16Array(resampler.maxOutputSamples(160));
bench('resample 8k→48k processInto (20 ms)', () => resampler.processInto(pcm160, pcm960));

const down = new Resampler(48000, 8000);
const in960 = sine(1000, 48000, 960);
bench('resample 48k→8k processInto (20 ms)', () => down.processInto(in960, decoded));

const g722 = new G722Encoder();
const pcm320 = sine(1000, 16000, 320);
const g722Out = new Uint8Array(160);
bench('g722 encodeInto (20 ms, 320 samples)', () => g722.encodeInto(pcm320, g722Out));

/*
 * Upload decoding (core/audio): how many seconds of audio one second of
 * CPU decodes, MP3 through mpg123's WebAssembly build and GSM 06.10
 * through our decoder, on 10 s files that sox and lame make here. Each
 * figure is a whole-file decode as an upload runs it (frame scan, a fresh
 * decoder, the yields between slices), so it is a throughput, not ops/s.
 */
async function throughput(name: string, audioSeconds: number, op: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await op();
  let iterations = 0;
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - wallStart < 1000) {
    await op();
    iterations++;
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const audio = iterations * audioSeconds;
  console.log(
    JSON.stringify({
      name,
      audioSecondsPerCpuSecond: Math.round(audio / cpuSeconds),
      audioSecondsPerWallSecond: Math.round(audio / wallSeconds),
      iterations,
    }),
  );
}

const fixtures = mkdtempSync(join(tmpdir(), 'codecs-bench-'));
const at = (name: string) => join(fixtures, name);
const synth = (rateHz: number, channels: number, file: string) =>
  execFileSync(
    'sox',
    ['-n', '-r', String(rateHz), '-c', String(channels), at(file)].concat([
      'synth',
      '10',
      'sine',
      '300-3000',
    ]),
  );
synth(44100, 2, 's44.wav');
synth(8000, 1, 'm8.wav');
execFileSync('lame', ['--quiet', at('s44.wav'), at('s44.mp3')]);
execFileSync('lame', ['--quiet', '-b', '24', at('m8.wav'), at('m8.mp3')]);
execFileSync('sox', [at('m8.wav'), at('m8.gsm')]);
const mp3Stereo = readFileSync(at('s44.mp3'));
const mp3Narrow = readFileSync(at('m8.mp3'));
const gsm = readFileSync(at('m8.gsm'));
rmSync(fixtures, { recursive: true, force: true });

await throughput('mp3 decode 44.1 kHz stereo 128 kbit/s (10 s file)', 10, () =>
  decodeMp3(mp3Stereo, MAX_DECODED_SAMPLES),
);
await throughput('mp3 decode 8 kHz mono 24 kbit/s (10 s file)', 10, () =>
  decodeMp3(mp3Narrow, MAX_DECODED_SAMPLES),
);
await throughput('gsm 06.10 decode raw .gsm (10 s file)', 10, () =>
  decodeRawGsm(gsm, MAX_DECODED_SAMPLES),
);
