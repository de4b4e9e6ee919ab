import { MPEGDecoder } from 'mpg123-decoder';
import { ok, parseError } from '../result.ts';
import type { Result } from '../result.ts';
import { scanMpegFrames } from './mpeg-frames.ts';

/*
 * MP3 decoding for uploads, through mpg123 compiled to WebAssembly (the
 * mpg123-decoder package). The frames are found and counted first
 * (mpeg-frames.ts), so a bad or over-long file is refused before any
 * decoding, and the decoder is fed whole frames a slice at a time.
 */

/** A decoded MP3 file, mixed down to mono. */
export interface Mp3Audio {
  readonly sampleRateHz: number;
  /** Channels of the source: 1 (single-channel mode) or 2. */
  readonly channels: number;
  /** Mono 16-bit PCM at `sampleRateHz`. */
  readonly samples: Int16Array;
}

/**
 * Frames fed to the decoder between two yields to the event loop: 1.3 s
 * of 44.1 kHz audio, under 10 ms of CPU (benchmarks/codecs.bench.ts).
 */
const SLICE_FRAMES = 50;

/** Float samples in [−1, 1) to 16-bit, mixing two channels when given. */
function toPcm16(left: Float32Array, right: Float32Array | undefined, out: Int16Array, at: number) {
  for (let i = 0; i < left.length; i++) {
    const value = (right === undefined ? left[i]! : (left[i]! + right[i]!) / 2) * 32768;
    out[at + i] = value >= 32767 ? 32767 : value <= -32768 ? -32768 : Math.round(value);
  }
}

/**
 * Decodes an MP3 file (MPEG-1, 2 and 2.5 Layer III) to mono 16-bit PCM.
 * Never throws on file content: no frames, a cut-off or garbled stream, a
 * frame mpg123 cannot decode, no audio at all, or more than `maxSamples`
 * samples is an error with the byte offset. Gapless: the encoder delay and
 * padding that a LAME/Xing header states are removed (mpg123's default).
 *
 * The decoder keeps state between calls (bit reservoir, gapless counters),
 * so each file gets its own instance, freed at the end. reset() frees and
 * re-instantiates just as a new instance does (both about 2 ms here once
 * the WebAssembly module is compiled, 70 ms the first time), and with an
 * instance per file two uploads decoding at once cannot mix.
 */
export async function decodeMp3(buf: Uint8Array, maxSamples: number): Promise<Result<Mp3Audio>> {
  const scanned = scanMpegFrames(buf, maxSamples);
  if (!scanned.ok) return scanned;
  const { sampleRateHz, channels, samplesPerFrame, frameOffsets } = scanned.value;
  const frames = frameOffsets.length - 1;
  const out = new Int16Array(frames * samplesPerFrame);
  let length = 0;
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    for (let f = 0; f < frames; f += SLICE_FRAMES) {
      const from = frameOffsets[f]!;
      const to = frameOffsets[Math.min(frames, f + SLICE_FRAMES)]!;
      const decoded = decoder.decode(buf.subarray(from, to));
      const error = decoded.errors[0];
      if (error !== undefined) {
        return parseError('ERR_MP3_DECODE', from, `mpg123: ${error.message}`);
      }
      const [left, right] = decoded.channelData;
      if (left !== undefined && decoded.samplesDecoded > 0) {
        // Decoding never yields more samples than the frames hold.
        const take = Math.min(decoded.samplesDecoded, out.length - length);
        const mono = channels === 1 ? undefined : right?.subarray(0, take);
        toPcm16(left.subarray(0, take), mono, out, length);
        length += take;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    decoder.free();
  }
  if (length === 0) return parseError('ERR_MP3_NO_AUDIO', frameOffsets[0]!, 'no samples decoded');
  return ok({ sampleRateHz, channels, samples: out.slice(0, length) });
}
