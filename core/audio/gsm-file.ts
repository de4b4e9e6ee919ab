import { ok, parseError } from '../result.ts';
import type { Result } from '../result.ts';
import {
  GSM610_FRAME_SAMPLES,
  Gsm610Decoder,
  emptyGsm610Frame,
  readGsm610Fields,
} from './gsm610.ts';
import type { Gsm610Frame } from './gsm610.ts';

/*
 * GSM 06.10 files. A raw `.gsm` file (libgsm's, as sox writes it) is a
 * bare sequence of 33-byte frames at 8 kHz: a 0xD signature nibble, then
 * the 260 parameter bits most significant first. WAVE format tag 0x0031
 * ("WAV49", Microsoft GSM 6.10) packs two frames in 65 bytes, with no
 * signature and each field's bits least significant first, the second
 * frame starting mid-byte at bit 260.
 */

/** Bytes of one raw frame. */
export const GSM_RAW_FRAME_BYTES = 33;
/** Bytes of one WAV49 block (two frames). */
export const GSM_WAV49_BLOCK_BYTES = 65;
/** Samples of one WAV49 block. */
export const GSM_WAV49_BLOCK_SAMPLES = 2 * GSM610_FRAME_SAMPLES;
/** Every raw GSM stream is 8 kHz. */
export const GSM_RATE_HZ = 8000;
const SIGNATURE = 0xd;
/** Frames decoded between two yields to the event loop (10 s of audio). */
const SLICE_FRAMES = 500;

/**
 * True when `buf` can be raw GSM: a whole number of frames, each starting
 * with the 0xD signature nibble. Raw GSM has no header, so this is the
 * sniffing test for uploads that come without a file name.
 */
export function looksLikeRawGsm(buf: Uint8Array): boolean {
  if (buf.length === 0 || buf.length % GSM_RAW_FRAME_BYTES !== 0) return false;
  for (let at = 0; at < buf.length; at += GSM_RAW_FRAME_BYTES) {
    if (buf[at]! >> 4 !== SIGNATURE) return false;
  }
  return true;
}

function rawFieldReader(buf: Uint8Array, frameAt: number): (bits: number) => number {
  // Bit 4 of the frame: the first four bits are the signature.
  let bit = 4;
  return (bits) => {
    let value = 0;
    for (let i = 0; i < bits; i++, bit++) {
      const byte = buf[frameAt + (bit >> 3)]!;
      value = (value << 1) | ((byte >> (7 - (bit & 7))) & 1);
    }
    return value;
  };
}

function wav49FieldReader(buf: Uint8Array, blockAt: number): (bits: number) => number {
  let bit = 0;
  return (bits) => {
    let value = 0;
    for (let i = 0; i < bits; i++, bit++) {
      const byte = buf[blockAt + (bit >> 3)]!;
      value |= ((byte >> (bit & 7)) & 1) << i;
    }
    return value;
  };
}

async function yieldToEventLoop(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Decodes a raw `.gsm` file to 8 kHz 16-bit PCM. Refuses, with the byte
 * offset, a length that is not a whole number of frames, a frame without
 * the signature, and more than `maxSamples` samples; yields to the event
 * loop every 500 frames.
 */
export async function decodeRawGsm(
  buf: Uint8Array,
  maxSamples: number,
): Promise<Result<Int16Array>> {
  const frames = Math.floor(buf.length / GSM_RAW_FRAME_BYTES);
  if (frames === 0 || buf.length % GSM_RAW_FRAME_BYTES !== 0) {
    return parseError(
      'ERR_GSM_LENGTH',
      frames * GSM_RAW_FRAME_BYTES,
      `${buf.length} bytes is not a whole number of ${GSM_RAW_FRAME_BYTES}-byte GSM frames`,
    );
  }
  if (frames * GSM610_FRAME_SAMPLES > maxSamples) {
    return parseError(
      'ERR_AUDIO_TOO_LONG',
      0,
      `${frames * GSM610_FRAME_SAMPLES} samples > ${maxSamples}`,
    );
  }
  for (let f = 0; f < frames; f++) {
    const at = f * GSM_RAW_FRAME_BYTES;
    if (buf[at]! >> 4 !== SIGNATURE) {
      return parseError('ERR_GSM_SIGNATURE', at, `frame ${f} does not start with 0xD`);
    }
  }
  const out = new Int16Array(frames * GSM610_FRAME_SAMPLES);
  const decoder = new Gsm610Decoder();
  const frame = emptyGsm610Frame();
  for (let f = 0; f < frames; f++) {
    readGsm610Fields(rawFieldReader(buf, f * GSM_RAW_FRAME_BYTES), frame);
    decoder.decodeInto(frame, out, f * GSM610_FRAME_SAMPLES);
    if ((f + 1) % SLICE_FRAMES === 0) await yieldToEventLoop();
  }
  return ok(out);
}

/**
 * Decodes the data chunk of a WAV49 file (format tag 0x0031) to 8 kHz PCM.
 * A tail shorter than a block (writers pad the chunk) is ignored.
 */
export async function decodeWav49(
  data: Uint8Array,
  dataOffset: number,
  maxSamples: number,
): Promise<Result<Int16Array>> {
  const blocks = Math.floor(data.length / GSM_WAV49_BLOCK_BYTES);
  if (blocks === 0) {
    return parseError('ERR_WAV_NO_DATA', dataOffset, 'data chunk holds no GSM block');
  }
  if (blocks * GSM_WAV49_BLOCK_SAMPLES > maxSamples) {
    return parseError(
      'ERR_AUDIO_TOO_LONG',
      dataOffset,
      `${blocks * GSM_WAV49_BLOCK_SAMPLES} samples > ${maxSamples}`,
    );
  }
  const out = new Int16Array(blocks * GSM_WAV49_BLOCK_SAMPLES);
  const decoder = new Gsm610Decoder();
  const frame: Gsm610Frame = emptyGsm610Frame();
  for (let b = 0; b < blocks; b++) {
    const read = wav49FieldReader(data, b * GSM_WAV49_BLOCK_BYTES);
    readGsm610Fields(read, frame);
    decoder.decodeInto(frame, out, b * GSM_WAV49_BLOCK_SAMPLES);
    readGsm610Fields(read, frame);
    decoder.decodeInto(frame, out, b * GSM_WAV49_BLOCK_SAMPLES + GSM610_FRAME_SAMPLES);
    if ((b + 1) % (SLICE_FRAMES / 2) === 0) await yieldToEventLoop();
  }
  return ok(out);
}
