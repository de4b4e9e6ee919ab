import { ok, parseError } from '../result.ts';
import type { Result } from '../result.ts';
import { GSM_RATE_HZ, decodeRawGsm, decodeWav49, looksLikeRawGsm } from './gsm-file.ts';
import { decodeMp3 } from './mp3.ts';
import { resamplePcmAsync } from './resample-pcm.ts';
import { WAV_FORMAT_GSM610, decodeWavData, readWavLayout, serializeWav } from './wav.ts';
import type { WavEncoding, WavInfo } from './wav.ts';

/** Rate of the copy every call can play: G.711 and other narrowband codecs. */
export const PLAYBACK_RATE_HZ = 8000;
/** Rate of the extra copy for wideband calls (G.722, Opus). */
export const WIDEBAND_RATE_HZ = 16_000;

/**
 * Most mono samples a decoded upload may have: what the largest WAVE
 * upload (20 MiB, the admin API's limit) holds at one byte a sample. A
 * compressed file that would decode to more (a few MB of 8 kbit/s MP3 or
 * of GSM is hours of audio) is refused before it is decoded.
 */
export const MAX_DECODED_SAMPLES = 20 * 1024 * 1024;

/** Encodings of an upload: WAVE's, MPEG Layer III, GSM 06.10. */
export type AudioEncoding = WavEncoding | 'mp3' | 'gsm';

/** Container formats convertForPlayback() reads. */
export type AudioFormat = 'wav' | 'mp3' | 'gsm';

/** The upload's own format, as WavInfo with the wider encoding. */
export interface AudioSourceInfo extends Omit<WavInfo, 'encoding'> {
  readonly encoding: AudioEncoding;
}

/** An uploaded file, checked and converted into what the player reads. */
export interface PlaybackCopies {
  /** The upload's own format. */
  readonly source: AudioSourceInfo;
  /** 8 kHz 16-bit mono PCM WAVE. */
  readonly narrowband: Buffer;
  /** 16 kHz copy, only when the source has that bandwidth (≥ 16 kHz). */
  readonly wideband: Buffer | undefined;
}

const EXTENSIONS: Readonly<Record<string, AudioFormat>> = {
  wav: 'wav',
  wave: 'wav',
  mp3: 'mp3',
  gsm: 'gsm',
};

const MEDIA_TYPES: Readonly<Record<string, AudioFormat>> = {
  'audio/wav': 'wav',
  'audio/wave': 'wav',
  'audio/x-wav': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/gsm': 'gsm',
  'audio/x-gsm': 'gsm',
};

/** The format a file name's extension names (`welcome.MP3` → mp3), if any. */
export function audioFormatOfFileName(fileName: string): AudioFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[fileName.slice(dot + 1).toLowerCase()];
}

/** The format a Content-Type names (`audio/mpeg` → mp3), if any. */
export function audioFormatOfMediaType(contentType: string | undefined): AudioFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === undefined ? undefined : MEDIA_TYPES[type];
}

function startsWith(buf: Buffer, text: string): boolean {
  return buf.length >= text.length && buf.toString('latin1', 0, text.length) === text;
}

/**
 * The format to decode `buf` as. Self-describing starts win ("RIFF" is
 * WAVE, "ID3" is MP3), whatever the name says; otherwise the name or
 * media type decides, which is the only sure way for raw GSM (it has no
 * header); with neither, an MPEG frame sync means MP3 and a whole number
 * of frames each opening with the 0xD nibble means GSM.
 */
function formatOf(buf: Buffer, hint: AudioFormat | undefined): AudioFormat {
  if (startsWith(buf, 'RIFF')) return 'wav';
  if (startsWith(buf, 'ID3')) return 'mp3';
  if (hint !== undefined) return hint;
  if (buf.length >= 2 && buf[0] === 0xff && (buf[1]! & 0xe0) === 0xe0) return 'mp3';
  return looksLikeRawGsm(buf) ? 'gsm' : 'wav';
}

/** Mono 16-bit PCM and what the source was. */
interface Decoded {
  readonly source: AudioSourceInfo;
  readonly samples: Int16Array;
}

function decoded(
  encoding: AudioEncoding,
  channels: number,
  sampleRateHz: number,
  samples: Int16Array,
): Decoded {
  const frames = samples.length;
  const durationMs = Math.round((frames * 1000) / sampleRateHz);
  return { source: { encoding, channels, sampleRateHz, frames, durationMs }, samples };
}

async function decodeWave(buf: Buffer): Promise<Result<Decoded>> {
  const layout = readWavLayout(buf);
  if (!layout.ok) return layout;
  const { format, data, dataOffset } = layout.value;
  if (format.tag !== WAV_FORMAT_GSM610) {
    const parsed = decodeWavData(layout.value);
    if (!parsed.ok) return parsed;
    const { samples, ...source } = parsed.value;
    return ok({ source, samples });
  }
  // GSM 06.10 is defined for 8 kHz mono only (EN 300 961).
  if (format.channels !== 1 || format.rateHz !== GSM_RATE_HZ) {
    const detail = `GSM 6.10 with ${format.channels} channels at ${format.rateHz} Hz`;
    return parseError('ERR_WAV_FMT', dataOffset, detail);
  }
  const pcm = await decodeWav49(data, dataOffset, MAX_DECODED_SAMPLES);
  return pcm.ok ? ok(decoded('gsm', 1, GSM_RATE_HZ, pcm.value)) : pcm;
}

async function decode(buf: Buffer, format: AudioFormat): Promise<Result<Decoded>> {
  switch (format) {
    case 'wav':
      return decodeWave(buf);
    case 'mp3': {
      const mp3 = await decodeMp3(buf, MAX_DECODED_SAMPLES);
      if (!mp3.ok) return mp3;
      const { channels, sampleRateHz, samples } = mp3.value;
      return ok(decoded('mp3', channels, sampleRateHz, samples));
    }
    case 'gsm': {
      const pcm = await decodeRawGsm(buf, MAX_DECODED_SAMPLES);
      return pcm.ok ? ok(decoded('gsm', 1, GSM_RATE_HZ, pcm.value)) : pcm;
    }
  }
}

/**
 * Parses an upload and makes its playback copies (spec 02 §0.6, VF-1),
 * so that the media plane never transcodes a prompt file at call time.
 * Reads WAVE (PCM, A-law, µ-law, GSM 6.10), MP3 and raw GSM; `hint` is
 * the format the file name or media type gives, when there is one.
 * Asynchronous so that decoding and resampling yield to the event loop.
 */
export async function convertForPlayback(
  buf: Buffer,
  hint?: AudioFormat,
): Promise<Result<PlaybackCopies>> {
  const result = await decode(buf, formatOf(buf, hint));
  if (!result.ok) return result;
  const { source, samples } = result.value;
  const narrowband = serializeWav(
    await resamplePcmAsync(samples, source.sampleRateHz, PLAYBACK_RATE_HZ),
    PLAYBACK_RATE_HZ,
  );
  const wideband =
    source.sampleRateHz >= WIDEBAND_RATE_HZ
      ? serializeWav(
          await resamplePcmAsync(samples, source.sampleRateHz, WIDEBAND_RATE_HZ),
          WIDEBAND_RATE_HZ,
        )
      : undefined;
  return ok({ source, narrowband, wideband });
}
