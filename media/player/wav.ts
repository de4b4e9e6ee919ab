/*
 * RIFF/WAVE reading and writing for 16-bit linear PCM and G.711 (µ-law
 * WAVE_FORMAT_MULAW = 7, A-law WAVE_FORMAT_ALAW = 6), mono or stereo.
 *
 *   "RIFF" <riff size u32> "WAVE"
 *   "fmt " <16|18|40> format, channels, rate, byte rate, block align, bits
 *   ["fact" <4> samples per channel]          (non-PCM formats only)
 *   "data" <data size u32> samples, interleaved, little endian
 *
 * Chunks are word aligned: an odd-sized chunk is followed by a pad byte
 * (RIFF, Microsoft Multimedia Programming Interface 1.0, §"RIFF Chunk").
 */
import { ok, parseError } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import { decodeAlawInto, decodeUlawInto, encodeAlawInto, encodeUlawInto } from '../codecs/index.ts';

/** How the samples of a WAV file are coded. */
export type WavEncoding = 'pcm16' | 'pcmu' | 'pcma';

/** The format of a WAV file's audio. */
export interface WavFormat {
  readonly encoding: WavEncoding;
  readonly sampleRateHz: number;
  /** 1 or 2; stereo samples are interleaved left, right. */
  readonly channels: number;
}

/** Where the audio of a WAV file sits, from its header. */
export interface WavHeader extends WavFormat {
  /** Byte offset of the first sample. */
  readonly dataOffset: number;
  /** The data chunk size written in the header (may exceed the file). */
  readonly dataBytes: number;
  /** The RIFF size written in the header. */
  readonly riffBytes: number;
  /** Bytes per sample frame (all channels). */
  readonly blockAlign: number;
}

/** A decoded WAV file: interleaved 16-bit samples. */
export interface WavAudio extends WavFormat {
  readonly samples: Int16Array;
}

const FORMAT_TAGS: Record<WavEncoding, number> = { pcm16: 1, pcma: 6, pcmu: 7 };
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** The "fmt " chunk payload: 16 bytes for PCM, 18 with cbSize otherwise. */
const PCM_HEADER_BYTES = 44;
const G711_HEADER_BYTES = 58;

/** Bytes of the header serializeWavHeader() writes for `encoding`. */
export function wavHeaderSize(encoding: WavEncoding): number {
  return encoding === 'pcm16' ? PCM_HEADER_BYTES : G711_HEADER_BYTES;
}

/** Bytes per sample of one channel. */
export function wavBytesPerSample(encoding: WavEncoding): number {
  return encoding === 'pcm16' ? 2 : 1;
}

function encodingOf(tag: number): WavEncoding | undefined {
  if (tag === 1) return 'pcm16';
  if (tag === 6) return 'pcma';
  if (tag === 7) return 'pcmu';
  return undefined;
}

function fourcc(buf: Uint8Array, at: number): string {
  return String.fromCharCode(buf[at]!, buf[at + 1]!, buf[at + 2]!, buf[at + 3]!);
}

/**
 * Parses the header of a WAV file up to the start of its data chunk. The
 * data chunk may be shorter than its declared size (a file cut by a crash);
 * parseWav() rejects that, repairWav() fixes it. Never throws.
 */
export function parseWavHeader(buf: Uint8Array): Result<WavHeader> {
  if (buf.length < 12) return parseError('ERR_WAV_TOO_SHORT', 0, `${buf.length} < 12 bytes`);
  if (fourcc(buf, 0) !== 'RIFF') return parseError('ERR_WAV_NOT_RIFF', 0, 'no "RIFF" id');
  if (fourcc(buf, 8) !== 'WAVE') return parseError('ERR_WAV_NOT_WAVE', 8, 'no "WAVE" form type');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const riffBytes = view.getUint32(4, true);
  let fmt: Omit<WavHeader, 'dataOffset' | 'dataBytes' | 'riffBytes'> | undefined;
  let at = 12;
  while (at + 8 <= buf.length) {
    const id = fourcc(buf, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'data') {
      if (fmt === undefined) return parseError('ERR_WAV_FMT_MISSING', at, '"data" before "fmt "');
      return ok({ ...fmt, dataOffset: body, dataBytes: size, riffBytes });
    }
    if (body + size > buf.length) {
      return parseError(
        'ERR_WAV_CHUNK_TRUNCATED',
        at,
        `"${id}" chunk of ${size} bytes: ${body + size} > ${buf.length}`,
      );
    }
    if (id === 'fmt ') {
      const parsed = parseFmt(view, body, size);
      if (!parsed.ok) return parsed;
      fmt = parsed.value;
    }
    at = body + size + (size & 1);
  }
  return parseError('ERR_WAV_DATA_MISSING', at, 'no "data" chunk');
}

function parseFmt(
  view: DataView,
  at: number,
  size: number,
): Result<Omit<WavHeader, 'dataOffset' | 'dataBytes' | 'riffBytes'>> {
  if (size < 16) return parseError('ERR_WAV_FMT_TOO_SHORT', at, `"fmt " of ${size} < 16 bytes`);
  let tag = view.getUint16(at, true);
  // WAVE_FORMAT_EXTENSIBLE carries the real tag in the first two bytes of
  // its SubFormat GUID (Microsoft, WAVEFORMATEXTENSIBLE).
  if (tag === WAVE_FORMAT_EXTENSIBLE && size >= 40) tag = view.getUint16(at + 24, true);
  const encoding = encodingOf(tag);
  if (encoding === undefined) {
    return parseError('ERR_WAV_UNSUPPORTED_FORMAT', at, `format tag ${tag}: want 1, 6 or 7`);
  }
  const channels = view.getUint16(at + 2, true);
  if (channels < 1 || channels > 2) {
    return parseError('ERR_WAV_BAD_CHANNELS', at + 2, `${channels} channels: want 1 or 2`);
  }
  const sampleRateHz = view.getUint32(at + 4, true);
  if (sampleRateHz < 1000 || sampleRateHz > 192_000) {
    return parseError('ERR_WAV_BAD_RATE', at + 4, `sample rate ${sampleRateHz} Hz`);
  }
  const bits = view.getUint16(at + 14, true);
  const wantBits = wavBytesPerSample(encoding) * 8;
  if (bits !== wantBits) {
    return parseError(
      'ERR_WAV_BAD_BITS',
      at + 14,
      `${bits} bits for ${encoding}: want ${wantBits}`,
    );
  }
  const blockAlign = view.getUint16(at + 12, true);
  if (blockAlign !== channels * wavBytesPerSample(encoding)) {
    return parseError(
      'ERR_WAV_BAD_BLOCK_ALIGN',
      at + 12,
      `block align ${blockAlign} != ${channels} × ${wavBytesPerSample(encoding)}`,
    );
  }
  return ok({ encoding, sampleRateHz, channels, blockAlign });
}

/**
 * Parses a whole WAV file and decodes its samples to 16-bit PCM. A data
 * chunk that runs past the end of the file or past the RIFF size is an
 * error. Never throws.
 */
export function parseWav(buf: Uint8Array): Result<WavAudio> {
  const header = parseWavHeader(buf);
  if (!header.ok) return header;
  const h = header.value;
  if (h.riffBytes + 8 > buf.length) {
    return parseError('ERR_WAV_RIFF_SIZE', 4, `RIFF size ${h.riffBytes} + 8 > ${buf.length}`);
  }
  const end = h.dataOffset + h.dataBytes;
  if (end > buf.length || end > h.riffBytes + 8) {
    return parseError(
      'ERR_WAV_DATA_TRUNCATED',
      h.dataOffset - 8,
      `data of ${h.dataBytes} bytes ends at ${end} > ${Math.min(buf.length, h.riffBytes + 8)}`,
    );
  }
  if (h.dataBytes % h.blockAlign !== 0) {
    return parseError(
      'ERR_WAV_BAD_DATA_SIZE',
      h.dataOffset - 8,
      `data of ${h.dataBytes} bytes is not a multiple of ${h.blockAlign}`,
    );
  }
  const data = buf.subarray(h.dataOffset, end);
  return ok({
    encoding: h.encoding,
    sampleRateHz: h.sampleRateHz,
    channels: h.channels,
    samples: decodeWavData(h.encoding, data),
  });
}

/** Decodes WAV sample bytes of `encoding` to 16-bit PCM. */
export function decodeWavData(encoding: WavEncoding, data: Uint8Array): Int16Array {
  if (encoding === 'pcmu') return decodeG711(data, decodeUlawInto);
  if (encoding === 'pcma') return decodeG711(data, decodeAlawInto);
  const out = new Int16Array(data.length >> 1);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

function decodeG711(
  data: Uint8Array,
  decodeInto: (codes: Uint8Array, out: Int16Array) => number,
): Int16Array {
  const out = new Int16Array(data.length);
  decodeInto(data, out);
  return out;
}

/**
 * Encodes 16-bit PCM into WAV sample bytes of `encoding` in `out`, which
 * must hold samples.length × wavBytesPerSample(encoding) bytes; returns the
 * bytes written. Allocation-free, for the recorder's per-frame path.
 */
export function encodeWavDataInto(
  encoding: WavEncoding,
  samples: Int16Array,
  out: Uint8Array,
): number {
  if (encoding === 'pcmu') return encodeUlawInto(samples, out);
  if (encoding === 'pcma') return encodeAlawInto(samples, out);
  const n = samples.length;
  if (out.length < n * 2) throw new RangeError(`output holds ${out.length} bytes < ${n * 2}`);
  for (let i = 0; i < n; i++) {
    const s = samples[i]!;
    out[i * 2] = s & 0xff;
    out[i * 2 + 1] = (s >> 8) & 0xff;
  }
  return n * 2;
}

/** Serialises the header of a WAV file whose data chunk holds `dataBytes`. */
export function serializeWavHeader(format: WavFormat, dataBytes: number): Buffer {
  const size = wavHeaderSize(format.encoding);
  const out = Buffer.alloc(size);
  const bytesPerSample = wavBytesPerSample(format.encoding);
  const blockAlign = format.channels * bytesPerSample;
  const isPcm = format.encoding === 'pcm16';
  out.write('RIFF', 0, 'latin1');
  out.write('WAVE', 8, 'latin1');
  out.write('fmt ', 12, 'latin1');
  out.writeUInt32LE(isPcm ? 16 : 18, 16);
  out.writeUInt16LE(FORMAT_TAGS[format.encoding], 20);
  out.writeUInt16LE(format.channels, 22);
  out.writeUInt32LE(format.sampleRateHz, 24);
  out.writeUInt32LE(format.sampleRateHz * blockAlign, 28);
  out.writeUInt16LE(blockAlign, 32);
  out.writeUInt16LE(bytesPerSample * 8, 34);
  if (!isPcm) {
    // cbSize = 0, then the "fact" chunk that non-PCM formats must carry.
    out.writeUInt16LE(0, 36);
    out.write('fact', 38, 'latin1');
    out.writeUInt32LE(4, 42);
  }
  out.write('data', size - 8, 'latin1');
  writeWavSizes(out, format, dataBytes);
  return out;
}

/**
 * Writes the size fields (RIFF size, data size and, for G.711, the fact
 * sample count) of a header made by serializeWavHeader() into `header`.
 */
export function writeWavSizes(header: Buffer, format: WavFormat, dataBytes: number): void {
  const size = wavHeaderSize(format.encoding);
  const padded = dataBytes + (dataBytes & 1);
  header.writeUInt32LE(Math.min(0xffff_ffff, size - 8 + padded), 4);
  header.writeUInt32LE(Math.min(0xffff_ffff, dataBytes), size - 4);
  if (format.encoding !== 'pcm16') {
    header.writeUInt32LE(Math.floor(dataBytes / format.channels), 46);
  }
}

/** Serialises a whole WAV file. */
export function serializeWav(audio: WavAudio): Buffer {
  const dataBytes = audio.samples.length * wavBytesPerSample(audio.encoding);
  const header = serializeWavHeader(audio, dataBytes);
  const out = Buffer.alloc(header.length + dataBytes + (dataBytes & 1));
  header.copy(out, 0);
  encodeWavDataInto(audio.encoding, audio.samples, out.subarray(header.length));
  return out;
}
