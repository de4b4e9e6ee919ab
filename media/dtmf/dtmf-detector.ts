import type { DtmfDigit, DtmfEvent } from './dtmf-digit.ts';
import { goertzelCoefficient, goertzelPower } from './goertzel.ts';

/** Settings of a DtmfDetector; the defaults follow ITU-T Q.24 and spandsp. */
export interface DtmfDetectorOptions {
  readonly sampleRateHz?: number;
  /** Samples per analysis block; 102 (12.75 ms at 8 kHz) unless given. */
  readonly blockSize?: number;
  /** The weakest tone accepted, in dBm0; -36 unless given. */
  readonly minLevelDbm0?: number;
}

/** The DTMF frequencies (ITU-T Q.23): rows are the low group, columns the high. */
export const DTMF_ROW_HZ = [697, 770, 852, 941] as const;
export const DTMF_COLUMN_HZ = [1209, 1336, 1477, 1633] as const;
const KEYPAD: readonly (readonly DtmfDigit[])[] = [
  ['1', '2', '3', 'A'],
  ['4', '5', '6', 'B'],
  ['7', '8', '9', 'C'],
  ['*', '0', '#', 'D'],
];

/** The 16-bit amplitude of a 0 dBm0 sine (G.711: full scale is +3.17 dBm0). */
const ZERO_DBM0_AMPLITUDE = 22_750;
/** Row may exceed column by 8 dB ("normal twist"), column row by 4 dB ("reverse"). */
const NORMAL_TWIST = 6.31;
const REVERSE_TWIST = 2.51;
/** The winning tone must beat the others of its group by 8 dB. */
const RELATIVE_PEAK = 6.31;
/**
 * The two tones must hold this share of the block energy. Whole tone blocks
 * measure 0.9–1.1; 0.85 also makes a block less than 85% covered by a tone
 * fail, so two hits need more than 20 ms of tone (Q.24 non-operate).
 */
const MIN_TONE_SHARE = 0.85;
/** A column's second harmonic must be 10 dB below it; speech fails this. */
const MAX_SECOND_HARMONIC = 0.1;
/** Blocks of the same digit before it begins, and blocks without it before it ends. */
const HITS_TO_BEGIN = 2;
const MISSES_TO_END = 2;

/**
 * In-band DTMF detection over 16-bit linear PCM, in any frame sizes.
 * Each block is checked with Goertzel filters at the eight DTMF frequencies
 * and the column second harmonics: level, twist, relative peak within each
 * group, the two tones' share of the block energy, and the harmonic, so
 * that speech and music do not produce digits (talk-off).
 *
 * With 12.75 ms blocks a digit begins after two whole blocks of it and
 * ends after two blocks without it: a 40 ms tone always spans two whole
 * blocks and is detected, tones under 25.5 ms never are, and a 40 ms
 * pause always separates two presses of the same key (Q.24 timings).
 */
export class DtmfDetector {
  readonly #block: Float64Array;
  readonly #blockMs: number;
  readonly #rowCoefficients: number[];
  readonly #columnCoefficients: number[];
  readonly #harmonicCoefficients: number[];
  readonly #minTonePower: number;
  readonly #rowPowers = [0, 0, 0, 0];
  readonly #columnPowers = [0, 0, 0, 0];
  #fill = 0;
  #candidate: DtmfDigit | undefined;
  #candidateHits = 0;
  #current: DtmfDigit | undefined;
  #currentBlocks = 0;
  #misses = 0;

  constructor(options: DtmfDetectorOptions = {}) {
    const rate = options.sampleRateHz ?? 8000;
    const size = options.blockSize ?? Math.round((102 * rate) / 8000);
    this.#block = new Float64Array(size);
    this.#blockMs = (size * 1000) / rate;
    this.#rowCoefficients = DTMF_ROW_HZ.map((f) => goertzelCoefficient(f, rate));
    this.#columnCoefficients = DTMF_COLUMN_HZ.map((f) => goertzelCoefficient(f, rate));
    this.#harmonicCoefficients = DTMF_COLUMN_HZ.map((f) => goertzelCoefficient(2 * f, rate));
    const amplitude = ZERO_DBM0_AMPLITUDE * 10 ** ((options.minLevelDbm0 ?? -36) / 20);
    this.#minTonePower = (amplitude * amplitude) / 2;
  }

  /** Feeds samples; returns the begin/end events they complete, in order. */
  process(samples: Int16Array): DtmfEvent[] {
    const out: DtmfEvent[] = [];
    const size = this.#block.length;
    for (let i = 0; i < samples.length; i++) {
      this.#block[this.#fill++] = samples[i] ?? 0;
      if (this.#fill === size) {
        this.#fill = 0;
        this.#step(this.#analyse(), out);
      }
    }
    return out;
  }

  /** Ends a digit still held, as at the end of a stream. */
  flush(): DtmfEvent[] {
    const out: DtmfEvent[] = [];
    if (this.#current !== undefined) this.#endCurrent(out);
    this.#fill = 0;
    this.#candidate = undefined;
    this.#candidateHits = 0;
    return out;
  }

  #step(hit: DtmfDigit | undefined, out: DtmfEvent[]): void {
    if (this.#current !== undefined) {
      if (hit === this.#current) {
        this.#currentBlocks += 1 + this.#misses;
        this.#misses = 0;
      } else if (++this.#misses >= MISSES_TO_END) {
        this.#endCurrent(out);
      }
      if (this.#current !== undefined) return;
    }
    if (hit === undefined || hit !== this.#candidate) {
      this.#candidate = hit;
      this.#candidateHits = hit === undefined ? 0 : 1;
    } else {
      this.#candidateHits++;
    }
    if (this.#candidate !== undefined && this.#candidateHits >= HITS_TO_BEGIN) {
      this.#current = this.#candidate;
      this.#currentBlocks = this.#candidateHits;
      this.#misses = 0;
      this.#candidate = undefined;
      this.#candidateHits = 0;
      out.push({ kind: 'begin', digit: this.#current });
    }
  }

  #endCurrent(out: DtmfEvent[]): void {
    if (this.#current === undefined) return;
    out.push({
      kind: 'end',
      digit: this.#current,
      durationMs: Math.round(this.#currentBlocks * this.#blockMs),
    });
    this.#current = undefined;
    this.#misses = 0;
    this.#currentBlocks = 0;
  }

  /** Returns the digit present in the current block, if every check passes. */
  #analyse(): DtmfDigit | undefined {
    const block = this.#block;
    const n = block.length;
    let energy = 0;
    for (let i = 0; i < n; i++) energy += (block[i] ?? 0) * (block[i] ?? 0);
    energy /= n;
    if (energy < 2 * this.#minTonePower) return undefined;
    const row = strongest(block, this.#rowCoefficients, this.#rowPowers);
    const column = strongest(block, this.#columnCoefficients, this.#columnPowers);
    const rowPower = this.#rowPowers[row] ?? 0;
    const columnPower = this.#columnPowers[column] ?? 0;
    if (rowPower < this.#minTonePower || columnPower < this.#minTonePower) return undefined;
    if (columnPower > rowPower * REVERSE_TWIST || rowPower > columnPower * NORMAL_TWIST)
      return undefined;
    for (let i = 0; i < 4; i++) {
      if (i !== row && (this.#rowPowers[i] ?? 0) * RELATIVE_PEAK > rowPower) return undefined;
      if (i !== column && (this.#columnPowers[i] ?? 0) * RELATIVE_PEAK > columnPower)
        return undefined;
    }
    if (rowPower + columnPower < MIN_TONE_SHARE * energy) return undefined;
    // Row harmonics are not checked: at this block size each lies within a
    // Goertzel bin of a column tone (2 × 697 Hz = 1394 Hz vs 1336 Hz).
    const harmonic = goertzelPower(block, n, this.#harmonicCoefficients[column] ?? 0);
    if (harmonic > columnPower * MAX_SECOND_HARMONIC) return undefined;
    return KEYPAD[row]?.[column];
  }
}

function strongest(block: Float64Array, coefficients: readonly number[], powers: number[]): number {
  let best = 0;
  for (let i = 0; i < coefficients.length; i++) {
    powers[i] = goertzelPower(block, block.length, coefficients[i] ?? 0);
    if ((powers[i] ?? 0) > (powers[best] ?? 0)) best = i;
  }
  return best;
}
