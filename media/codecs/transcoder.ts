import { ok } from '../../core/index.ts';
import type { Result } from '../../core/index.ts';
import type { Codec } from './codec.ts';
import { ALAW_TO_ULAW, ULAW_TO_ALAW } from './g711.ts';
import { Resampler } from './resampler.ts';

/**
 * Converts payloads of one codec to another: decode, resample to the
 * target's PCM rate, encode. PCMU↔PCMA takes a single table lookup per
 * octet instead. One instance per stream direction: it holds codec and
 * resampler state.
 */
export class Transcoder {
  readonly from: Codec;
  readonly to: Codec;
  readonly #resampler: Resampler | undefined;
  readonly #table: Uint8Array | undefined;

  constructor(from: Codec, to: Codec) {
    if (from.channels !== to.channels) {
      throw new RangeError(`channel counts differ: ${from.channels} → ${to.channels}`);
    }
    this.from = from;
    this.to = to;
    this.#table =
      from.name === 'PCMU' && to.name === 'PCMA'
        ? ULAW_TO_ALAW
        : from.name === 'PCMA' && to.name === 'PCMU'
          ? ALAW_TO_ULAW
          : undefined;
    this.#resampler =
      from.sampleRateHz === to.sampleRateHz
        ? undefined
        : new Resampler(from.sampleRateHz, to.sampleRateHz);
  }

  /** Transcodes one payload. Fails only if the source payload does not decode. */
  transcode(payload: Uint8Array): Result<Buffer> {
    const table = this.#table;
    if (table !== undefined) {
      const out = Buffer.allocUnsafe(payload.length);
      for (let i = 0; i < payload.length; i++) out[i] = table[payload[i]!]!;
      return ok(out);
    }
    const decoded = this.from.decode(payload);
    if (!decoded.ok) return decoded;
    const pcm =
      this.#resampler === undefined ? decoded.value : this.#resampler.process(decoded.value);
    return ok(this.to.encode(pcm));
  }

  /**
   * The RTP timestamp increment on the output side for one input packet of
   * `inputTimestampUnits`, since clock rates may differ (G.722 runs 8000 Hz).
   */
  outputTimestampUnits(inputTimestampUnits: number): number {
    return Math.round((inputTimestampUnits * this.to.clockRateHz) / this.from.clockRateHz);
  }
}
