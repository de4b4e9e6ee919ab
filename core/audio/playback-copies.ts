import { ok, parseError } from '../result.ts';
import type { Result } from '../result.ts';
import { resamplePcmAsync } from './resample-pcm.ts';
import { parseWav, serializeWav } from './wav.ts';
import type { WavInfo } from './wav.ts';

/** Rate of the copy every call can play: G.711 and other narrowband codecs. */
export const PLAYBACK_RATE_HZ = 8000;
/** Rate of the extra copy for wideband calls (G.722, Opus). */
export const WIDEBAND_RATE_HZ = 16_000;

/** An uploaded file, checked and converted into what the player reads. */
export interface PlaybackCopies {
  /** The upload's own format. */
  readonly source: WavInfo;
  /** 8 kHz 16-bit mono PCM WAVE. */
  readonly narrowband: Buffer;
  /** 16 kHz copy, only when the source has that bandwidth (≥ 16 kHz). */
  readonly wideband: Buffer | undefined;
}

/** An MP3 file starts with an ID3v2 tag or an MPEG audio frame sync. */
function looksLikeMp3(buf: Buffer): boolean {
  if (buf.length >= 3 && buf.toString('latin1', 0, 3) === 'ID3') return true;
  return buf.length >= 2 && buf[0] === 0xff && (buf[1]! & 0xe0) === 0xe0;
}

/**
 * Parses an upload and makes its playback copies (spec 02 §0.6, VF-1),
 * so that the media plane never transcodes a prompt file at call time.
 * Asynchronous only to yield to the event loop while resampling.
 * MP3 is refused by name: no decoder is installed here (sox on this host
 * lists no mp3 format) and the product adds no dependency for it.
 */
export async function convertForPlayback(buf: Buffer): Promise<Result<PlaybackCopies>> {
  if (looksLikeMp3(buf)) {
    return parseError('ERR_AUDIO_FORMAT', 0, 'MP3 is not supported; upload a WAVE file');
  }
  const parsed = parseWav(buf);
  if (!parsed.ok) return parsed;
  const { samples, ...source } = parsed.value;
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
