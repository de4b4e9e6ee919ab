import { createRequire } from 'node:module';
import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import type { OpusEncoder } from '@discordjs/opus';
import type { Codec, CodecOptions } from './codec.ts';

interface OpusModule {
  readonly OpusEncoder: typeof OpusEncoder;
}

let opusModule: OpusModule | undefined;

/**
 * Loads the native libopus binding on first use, so the rest of the codec
 * set works on a machine where it is not built.
 */
function loadOpus(): OpusModule {
  if (opusModule === undefined) {
    const require = createRequire(import.meta.url);
    opusModule = require('@discordjs/opus') as OpusModule;
  }
  return opusModule;
}

/** Default dynamic payload type for Opus (the one browsers offer). */
export const OPUS_DEFAULT_PT = 111;
const OPUS_RATE_HZ = 48000;
/** Frame sizes libopus encodes at 48 kHz: 2.5, 5, 10, 20, 40 and 60 ms. */
const OPUS_FRAME_SAMPLES = new Set([120, 240, 480, 960, 1920, 2880]);

/**
 * Opus (RFC 6716, RTP mapping RFC 7587) through libopus, mono at 48 kHz.
 * RFC 7587 §7 makes SDP always say opus/48000/2; a mono decoder downmixes a
 * stereo stream, so PCM here is one channel whatever the sender does.
 * encode() takes 2.5, 5, 10, 20, 40 or 60 ms of PCM (120 … 2880 samples).
 */
export class OpusCodec implements Codec {
  readonly name = 'opus';
  readonly clockRateHz = OPUS_RATE_HZ;
  readonly sampleRateHz = OPUS_RATE_HZ;
  readonly channels = 1;
  readonly payloadType: number;
  readonly isStaticPayloadType = false;
  readonly #opus: OpusEncoder;

  constructor(options: CodecOptions = {}, bitrate = 32000) {
    this.payloadType = options.payloadType ?? OPUS_DEFAULT_PT;
    this.#opus = new (loadOpus().OpusEncoder)(OPUS_RATE_HZ, 1);
    this.#opus.setBitrate(bitrate);
  }

  frameSamples(ptimeMs: number): number {
    return (OPUS_RATE_HZ * ptimeMs) / 1000;
  }

  decode(payload: Uint8Array): Result<Int16Array> {
    // RFC 6716 §3.1: a packet has at least the TOC octet. libopus would
    // answer an empty one with 120 ms of concealment.
    if (payload.length === 0) {
      return parseError('ERR_OPUS_EMPTY', 0, 'Opus packet of 0 octets < 1');
    }
    let pcm: Buffer;
    try {
      pcm = this.#opus.decode(Buffer.from(payload.buffer, payload.byteOffset, payload.length));
    } catch (error) {
      return parseError(
        'ERR_OPUS_DECODE',
        0,
        `libopus refused ${payload.length} octets: ${String(error)}`,
      );
    }
    // libopus writes host-order (little-endian) samples; copy if misaligned.
    const aligned = pcm.byteOffset % 2 === 0 ? pcm : Buffer.from(pcm);
    return ok(new Int16Array(aligned.buffer, aligned.byteOffset, aligned.length >> 1));
  }

  encode(pcm: Int16Array): Buffer {
    // Checked here because the binding aborts the whole process (a fatal
    // napi_throw) on any other length (STYLE §4.7).
    if (!OPUS_FRAME_SAMPLES.has(pcm.length)) {
      throw new RangeError(
        `Opus frames are 120, 240, 480, 960, 1920 or 2880 samples, not ${pcm.length}`,
      );
    }
    return this.#opus.encode(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  }
}
