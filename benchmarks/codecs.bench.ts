/*
 * Codec hot-path benchmarks. Run: node --import tsx benchmarks/codecs.bench.ts
 * Prints one JSON line per case: ops/s over about one second, and heap
 * bytes per op measured on a GC-cleared heap over a short batch.
 */
import { bench } from './bench-harness.ts';
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
