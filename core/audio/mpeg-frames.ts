import { ok, parseError } from '../result.ts';
import type { Result } from '../result.ts';

/*
 * Finding the frames of an MP3 file before decoding it, so that a file is
 * checked (and its decoded length known) without running the decoder. A
 * file is optional ID3v2 tags (id3v2.4.0-structure §3.1), then MPEG audio
 * Layer III frames (ISO/IEC 11172-3 §2.4.1.3, 13818-3 for the low rates,
 * and the "MPEG 2.5" extension to 8–12 kHz), then optional trailing tags.
 * Each frame starts with this 32-bit header:
 *
 *   AAAAAAAA AAABBCCD EEEEFFGH IIJJKLMM
 *   A sync (all ones)   B version (00 2.5, 10 MPEG-2, 11 MPEG-1)
 *   C layer (01 III)    D no CRC   E bitrate index   F rate index
 *   G padding   H private   I mode (11 mono)   J..M not needed here
 */

/** What the frame headers say about a stream. */
export interface MpegStream {
  readonly sampleRateHz: number;
  /** 1 for single-channel mode, else 2. */
  readonly channels: number;
  readonly samplesPerFrame: number;
  /** Byte offset of each frame, then the offset where the last one ends. */
  readonly frameOffsets: readonly number[];
}

/** One parsed header. */
interface FrameHeader {
  version: number;
  sampleRateHz: number;
  channels: number;
  bytes: number;
  samples: number;
}

const BITRATES_KBPS_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_KBPS_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES_HZ: Record<number, readonly number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};
/** How far past the tags a stream may start (some writers pad). */
const MAX_LEADING_JUNK_BYTES = 4096;
const ID3V1_BYTES = 128;

/** The Layer III header at `at`, or undefined when there is none. */
function headerAt(buf: Uint8Array, at: number): FrameHeader | undefined {
  if (at + 4 > buf.length) return undefined;
  const b1 = buf[at + 1]!;
  const b2 = buf[at + 2]!;
  if (buf[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3;
  const rates = RATES_HZ[version];
  // Layer III only; free-format (index 0) has no length to check.
  if (rates === undefined || ((b1 >> 1) & 3) !== 1) return undefined;
  const kbps = (version === 3 ? BITRATES_KBPS_V1 : BITRATES_KBPS_V2)[b2 >> 4];
  const sampleRateHz = rates[(b2 >> 2) & 3];
  if (kbps === undefined || kbps === 0 || sampleRateHz === undefined) return undefined;
  const samples = version === 3 ? 1152 : 576;
  const bytes = Math.floor(((samples / 8) * kbps * 1000) / sampleRateHz) + ((b2 >> 1) & 1);
  const channels = buf[at + 3]! >> 6 === 3 ? 1 : 2;
  return { version, sampleRateHz, channels, bytes, samples };
}

/** The offset after any ID3v2 tags at `at` (10-byte header, syncsafe size). */
function skipId3v2(buf: Uint8Array, at: number): number {
  while (
    at + 10 <= buf.length &&
    buf[at] === 0x49 &&
    buf[at + 1] === 0x44 &&
    buf[at + 2] === 0x33
  ) {
    const size =
      ((buf[at + 6]! & 0x7f) << 21) |
      ((buf[at + 7]! & 0x7f) << 14) |
      ((buf[at + 8]! & 0x7f) << 7) |
      (buf[at + 9]! & 0x7f);
    const hasFooter = (buf[at + 5]! & 0x10) !== 0;
    at += 10 + size + (hasFooter ? 10 : 0);
  }
  return at;
}

function startsWith(buf: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > buf.length) return false;
  for (let i = 0; i < text.length; i++) if (buf[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** True when the bytes from `at` are a trailing tag: ID3v1, APEv2, Lyrics3. */
function isTrailer(buf: Uint8Array, at: number): boolean {
  if (startsWith(buf, at, 'TAG')) return buf.length - at === ID3V1_BYTES;
  return startsWith(buf, at, 'APETAGEX') || startsWith(buf, at, 'LYRICSBEGIN');
}

/** True when a frame at `at` is followed by another frame or the end. */
function chains(buf: Uint8Array, at: number, header: FrameHeader): boolean {
  const next = at + header.bytes;
  if (next > buf.length) return false;
  if (next === buf.length || isTrailer(buf, next)) return true;
  const after = headerAt(buf, next);
  return after !== undefined && after.sampleRateHz === header.sampleRateHz;
}

/** The first frame from `at`, confirmed by the one after it. */
function findFirstFrame(buf: Uint8Array, at: number): number | undefined {
  const last = Math.min(buf.length - 4, at + MAX_LEADING_JUNK_BYTES);
  for (let i = at; i <= last; i++) {
    const header = headerAt(buf, i);
    if (header !== undefined && chains(buf, i, header)) return i;
  }
  return undefined;
}

/**
 * Walks the frames of an MP3 file. Never throws: a file with no frames
 * (an ID3 tag then anything else), a frame cut off by the end of the
 * file, a lost sync, a change of sample rate, or more than `maxSamples`
 * samples is an error naming the byte offset.
 */
export function scanMpegFrames(buf: Uint8Array, maxSamples: number): Result<MpegStream> {
  const afterTags = skipId3v2(buf, 0);
  const first = findFirstFrame(buf, afterTags);
  if (first === undefined) {
    return parseError(
      'ERR_MP3_NO_FRAMES',
      Math.min(afterTags, buf.length),
      'no MPEG audio Layer III frame',
    );
  }
  const head = headerAt(buf, first)!;
  const frameOffsets: number[] = [];
  let at = first;
  while (at < buf.length && !isTrailer(buf, at)) {
    const header = headerAt(buf, at);
    if (header === undefined) {
      const detail = `no frame header after ${frameOffsets.length} frames`;
      return parseError('ERR_MP3_SYNC', at, detail);
    }
    if (header.sampleRateHz !== head.sampleRateHz) {
      const detail = `sample rate changes from ${head.sampleRateHz} to ${header.sampleRateHz} Hz`;
      return parseError('ERR_MP3_RATE', at, detail);
    }
    if (at + header.bytes > buf.length) {
      const detail = `frame of ${header.bytes} bytes, ${buf.length - at} left`;
      return parseError('ERR_MP3_TRUNCATED', at, detail);
    }
    frameOffsets.push(at);
    if (frameOffsets.length * head.samples > maxSamples) {
      return parseError('ERR_AUDIO_TOO_LONG', at, `more than ${maxSamples} samples`);
    }
    at += header.bytes;
  }
  frameOffsets.push(at);
  return ok({
    sampleRateHz: head.sampleRateHz,
    channels: head.channels,
    samplesPerFrame: head.samples,
    frameOffsets,
  });
}
