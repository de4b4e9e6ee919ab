import { ok, parseError } from '../result.ts';
import type { Result } from '../result.ts';

/*
 * RIFF/WAVE reading and writing for uploaded prompts (spec 02 §3.16). The
 * layout is Microsoft's "Multimedia Programming Interface and Data
 * Specifications 1.0" (1991), as extended by WAVE_FORMAT_EXTENSIBLE:
 *
 *   "RIFF" size:u32 "WAVE"
 *     "fmt " size:u32 format:u16 channels:u16 rateHz:u32 byteRate:u32
 *                     blockAlign:u16 bits:u16 [cbSize:u16 … subFormat GUID]
 *     "data" size:u32 samples…
 *
 * Chunks are padded to an even length; unknown chunks (LIST, fact, …) are
 * skipped. Every integer is little-endian.
 */

/** Sample encodings we can decode (format tags 1, 6 and 7). */
export type WavEncoding = 'pcm8' | 'pcm16' | 'alaw' | 'ulaw';

/** What the fmt chunk says, plus where the samples are. */
export interface WavInfo {
  readonly encoding: WavEncoding;
  readonly channels: number;
  readonly sampleRateHz: number;
  /** Sample frames (one sample per channel) in the data chunk. */
  readonly frames: number;
  readonly durationMs: number;
}

/** A parsed file: its format and its samples mixed down to mono. */
export interface WavAudio extends WavInfo {
  /** Mono 16-bit PCM at `sampleRateHz`. */
  readonly samples: Int16Array;
}

/** Lowest and highest sample rates accepted. */
export const MIN_WAV_RATE_HZ = 8000;
export const MAX_WAV_RATE_HZ = 192_000;
const MAX_CHANNELS = 8;

/** The fmt chunk fields we use. */
export interface WavFormat {
  tag: number;
  channels: number;
  rateHz: number;
  align: number;
  bits: number;
}

const FORMAT_PCM = 1;
/** Microsoft GSM 6.10 ("WAV49"), decoded by gsm-file.ts. */
export const WAV_FORMAT_GSM610 = 0x31;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

/** ITU-T G.711 A-law expansion (Table 1a/G.711). */
function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude =
    exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

/** ITU-T G.711 µ-law expansion (Table 2a/G.711), bias 0x84. */
function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 0x07);
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

function encodingOf(formatTag: number, bits: number): WavEncoding | undefined {
  if (formatTag === FORMAT_PCM && bits === 8) return 'pcm8';
  if (formatTag === FORMAT_PCM && bits === 16) return 'pcm16';
  if (formatTag === FORMAT_ALAW && bits === 8) return 'alaw';
  if (formatTag === FORMAT_MULAW && bits === 8) return 'ulaw';
  return undefined;
}

function readSample(buf: Buffer, offset: number, encoding: WavEncoding): number {
  switch (encoding) {
    case 'pcm8':
      // 8-bit WAVE samples are unsigned, centred on 128.
      return (buf[offset]! - 128) << 8;
    case 'pcm16':
      return buf.readInt16LE(offset);
    case 'alaw':
      return alawToLinear(buf[offset]!);
    case 'ulaw':
      return ulawToLinear(buf[offset]!);
  }
}

/** The fmt chunk and the data chunk of a WAVE file, not yet decoded. */
export interface WavLayout {
  readonly format: WavFormat;
  readonly data: Buffer;
  /** Byte offset of the data chunk's header, for error offsets. */
  readonly dataOffset: number;
}

/**
 * Finds the fmt and data chunks of a WAVE file. Never throws: anything
 * that is not RIFF/WAVE, or whose chunks run past the end, is an error
 * with a code and the byte offset.
 */
export function readWavLayout(buf: Buffer): Result<WavLayout> {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF') {
    return parseError('ERR_WAV_NOT_RIFF', 0, 'not a RIFF file (no "RIFF" at offset 0)');
  }
  if (buf.toString('latin1', 8, 12) !== 'WAVE') {
    return parseError('ERR_WAV_NOT_WAVE', 8, 'RIFF form type is not "WAVE"');
  }
  let format: WavFormat | undefined;
  let offset = 12;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('latin1', offset, offset + 4);
    const declared = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (declared < 16 || body + declared > buf.length) {
        return parseError('ERR_WAV_FMT', offset, `fmt chunk of ${declared} bytes`);
      }
      format = {
        tag: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        rateHz: buf.readUInt32LE(body + 4),
        align: buf.readUInt16LE(body + 12),
        bits: buf.readUInt16LE(body + 14),
      };
      // WAVE_FORMAT_EXTENSIBLE keeps the real tag in the first two bytes
      // of the SubFormat GUID, 24 bytes into the fmt body.
      if (format.tag === FORMAT_EXTENSIBLE && declared >= 40) {
        format.tag = buf.readUInt16LE(body + 24);
      }
    } else if (id === 'data') {
      if (format === undefined)
        return parseError('ERR_WAV_FMT', offset, 'data chunk before fmt chunk');
      // Streaming writers leave 0xFFFFFFFF: the data runs to the end.
      const size = declared === 0xffffffff ? buf.length - body : declared;
      if (body + size > buf.length) {
        return parseError('ERR_WAV_TRUNCATED', offset, `data ${size} > ${buf.length - body}`);
      }
      return ok({ format, data: buf.subarray(body, body + size), dataOffset: body });
    }
    offset = body + declared + (declared & 1);
  }
  return parseError('ERR_WAV_NO_DATA', offset, format ? 'no data chunk' : 'no fmt chunk');
}

/**
 * Parses a WAVE file and mixes it down to mono 16-bit PCM. Never throws:
 * anything else (MP3, text, a truncated header, 24-bit PCM) is an error
 * with a code, the byte offset and the numbers found.
 */
export function parseWav(buf: Buffer): Result<WavAudio> {
  const layout = readWavLayout(buf);
  if (!layout.ok) return layout;
  return decodeWavData(layout.value);
}

/** Decodes the data chunk of a PCM, A-law or µ-law file. */
export function decodeWavData(layout: WavLayout): Result<WavAudio> {
  return decode(layout.data, layout.format, layout.dataOffset);
}

function decode(data: Buffer, format: WavFormat, offset: number): Result<WavAudio> {
  const encoding = encodingOf(format.tag, format.bits);
  if (encoding === undefined) {
    return parseError(
      'ERR_WAV_ENCODING',
      offset,
      `format tag ${format.tag} with ${format.bits} bits: only PCM 8/16-bit, A-law, µ-law`,
    );
  }
  const { channels, rateHz } = format;
  if (channels < 1 || channels > MAX_CHANNELS) {
    return parseError('ERR_WAV_CHANNELS', offset, `${channels} channels: 1..${MAX_CHANNELS}`);
  }
  if (rateHz < MIN_WAV_RATE_HZ || rateHz > MAX_WAV_RATE_HZ) {
    return parseError(
      'ERR_WAV_RATE',
      offset,
      `${rateHz} Hz: ${MIN_WAV_RATE_HZ}..${MAX_WAV_RATE_HZ}`,
    );
  }
  const bytesPerSample = encoding === 'pcm16' ? 2 : 1;
  const frameBytes = bytesPerSample * channels;
  if (format.align !== frameBytes) {
    return parseError('ERR_WAV_FMT', offset, `blockAlign ${format.align} != ${frameBytes}`);
  }
  const frames = Math.floor(data.length / frameBytes);
  if (frames === 0) return parseError('ERR_WAV_NO_DATA', offset, 'data chunk holds no samples');
  const samples = new Int16Array(frames);
  if (encoding === 'pcm16') {
    mixPcm16(data, channels, samples);
  } else {
    mixBytes(data, channels, encoding, samples);
  }
  return ok({
    encoding,
    channels,
    sampleRateHz: rateHz,
    frames,
    durationMs: Math.round((frames * 1000) / rateHz),
    samples,
  });
}

/**
 * 16-bit samples through an Int16Array view: the hot case (a two-minute
 * 44.1 kHz stereo file is ten million samples). The copy aligns the data
 * to two bytes; the view reads little-endian, like every host Node runs on.
 */
function mixPcm16(data: Buffer, channels: number, out: Int16Array): void {
  const aligned = new Int16Array(out.length * channels);
  new Uint8Array(aligned.buffer).set(data.subarray(0, aligned.length * 2));
  if (channels === 1) {
    out.set(aligned);
    return;
  }
  for (let f = 0, i = 0; f < out.length; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += aligned[i++]!;
    out[f] = Math.round(sum / channels);
  }
}

function mixBytes(data: Buffer, channels: number, encoding: WavEncoding, out: Int16Array): void {
  const frameBytes = (encoding === 'pcm16' ? 2 : 1) * channels;
  const bytesPerSample = frameBytes / channels;
  const frames = out.length;
  const samples = out;
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      sum += readSample(data, f * frameBytes + c * bytesPerSample, encoding);
    }
    samples[f] = Math.round(sum / channels);
  }
}

/** Writes mono 16-bit PCM as a canonical 44-byte-header WAVE file. */
export function serializeWav(samples: Int16Array, sampleRateHz: number): Buffer {
  const dataBytes = samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(FORMAT_PCM, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRateHz, 24);
  out.writeUInt32LE(sampleRateHz * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes, 40);
  // The Int16Array is host order, little-endian on every host Node runs on.
  out.set(new Uint8Array(samples.buffer, samples.byteOffset, dataBytes), 44);
  return out;
}
