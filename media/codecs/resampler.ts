/*
 * A rational polyphase resampler with a Kaiser-windowed sinc low-pass.
 *
 * Conceptually the input is upsampled by L (zeros inserted), low-pass
 * filtered at the upsampled rate with cutoff just below the lower Nyquist
 * frequency, and decimated by M. The polyphase form computes only the
 * outputs that survive decimation: output k sits at upsampled time k·M,
 * which is input sample ⌊k·M/L⌋ with filter phase (k·M mod L).
 *
 * The last taps−1 input samples and the output phase carry over between
 * calls, so a stream cut into frames comes out exactly as if resampled in
 * one piece: no clicks at frame edges.
 */

/** Options of Resampler. */
export interface ResamplerOptions {
  /**
   * Filter length in zero crossings of the sinc on each side, counted at the
   * lower of the two rates. More gives a sharper transition; default 24.
   */
  readonly halfZeroCrossings?: number;
  /** Kaiser β; 8 gives about 80 dB of stopband rejection. */
  readonly kaiserBeta?: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const half = x / 2;
  for (let k = 1; k < 50; k++) {
    term *= (half / k) * (half / k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** Converts PCM between two sample rates; one instance per stream. */
export class Resampler {
  readonly inputRateHz: number;
  readonly outputRateHz: number;
  /** Upsampling factor L. */
  readonly #up: number;
  /** Downsampling factor M. */
  readonly #down: number;
  /** Taps per polyphase branch. */
  readonly #taps: number;
  /**
   * Branch p holds h[p + j·L]·L for j = 0..taps−1, reversed so that
   * the inner loop is a forward dot product.
   */
  readonly #phases: Float32Array[];
  /** Previous taps−1 input samples followed by the current frame. */
  #work: Float32Array;
  /** Upsampled time of the next output, relative to #work[0]·L. */
  #time: number;

  constructor(inputRateHz: number, outputRateHz: number, options: ResamplerOptions = {}) {
    if (!Number.isInteger(inputRateHz) || !Number.isInteger(outputRateHz)) {
      throw new RangeError(`rates must be integers: ${inputRateHz} → ${outputRateHz}`);
    }
    if (inputRateHz <= 0 || outputRateHz <= 0) {
      throw new RangeError(`rates must be positive: ${inputRateHz} → ${outputRateHz}`);
    }
    this.inputRateHz = inputRateHz;
    this.outputRateHz = outputRateHz;
    const g = gcd(inputRateHz, outputRateHz);
    const up = outputRateHz / g;
    const down = inputRateHz / g;
    this.#up = up;
    this.#down = down;
    const zeroCrossings = options.halfZeroCrossings ?? 24;
    const beta = options.kaiserBeta ?? 8;
    const ratio = Math.max(up, down);
    this.#taps = up === down ? 1 : Math.ceil((2 * zeroCrossings * ratio) / up);
    this.#phases = this.#design(ratio, beta);
    this.#work = new Float32Array(this.#taps - 1 + 960);
    this.#time = (this.#taps - 1) * up;
  }

  /**
   * Windowed-sinc prototype at the upsampled rate. The cutoff sits 5% below
   * the lower Nyquist frequency so that the transition band ends close to
   * it, keeping images and aliases down by the Kaiser stopband.
   */
  #design(ratio: number, beta: number): Float32Array[] {
    const up = this.#up;
    const length = this.#taps * up;
    if (up === this.#down) return [Float32Array.of(1)];
    const cutoff = 0.95 / (2 * ratio);
    const centre = (length - 1) / 2;
    const i0Beta = besselI0(beta);
    const h = new Float64Array(length);
    let sum = 0;
    for (let n = 0; n < length; n++) {
      const t = n - centre;
      const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
      const r = (2 * n) / (length - 1) - 1;
      h[n] = sinc * (besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta);
      sum += h[n]!;
    }
    // Unity gain at DC after upsampling: each branch sums to about 1.
    const gain = up / sum;
    const phases: Float32Array[] = [];
    for (let p = 0; p < up; p++) {
      const branch = new Float32Array(this.#taps);
      for (let j = 0; j < this.#taps; j++) branch[this.#taps - 1 - j] = h[p + j * up]! * gain;
      phases.push(branch);
    }
    return phases;
  }

  /** The most samples process() can return for `inputSamples` input samples. */
  maxOutputSamples(inputSamples: number): number {
    return Math.ceil((inputSamples * this.#up) / this.#down) + 1;
  }

  /** Resamples one frame to a new array. */
  process(input: Int16Array): Int16Array {
    const out = new Int16Array(this.maxOutputSamples(input.length));
    return out.subarray(0, this.processInto(input, out));
  }

  /**
   * Resamples one frame into `out` and returns the samples written. With
   * frames whose duration is a whole number of output samples (any 10 or
   * 20 ms frame between 8, 16 and 48 kHz) the count is exact every time.
   */
  processInto(input: Int16Array, out: Int16Array): number {
    const history = this.#taps - 1;
    const needed = history + input.length;
    if (this.#work.length < needed) {
      const grown = new Float32Array(needed);
      grown.set(this.#work.subarray(0, history));
      this.#work = grown;
    }
    const work = this.#work;
    for (let i = 0; i < input.length; i++) work[history + i] = input[i]!;

    const up = this.#up;
    const down = this.#down;
    const taps = this.#taps;
    let time = this.#time;
    let written = 0;
    const end = needed * up;
    while (time < end) {
      const index = Math.floor(time / up);
      const branch = this.#phases[time - index * up]!;
      const start = index - taps + 1;
      let acc = 0;
      for (let j = 0; j < taps; j++) acc += branch[j]! * work[start + j]!;
      if (written >= out.length) {
        throw new RangeError(`output holds ${out.length} samples, more are due`);
      }
      out[written++] = acc >= 32767 ? 32767 : acc <= -32768 ? -32768 : Math.round(acc);
      time += down;
    }
    // Keep the last taps−1 samples and rebase the clock on them.
    work.copyWithin(0, input.length, needed);
    this.#time = time - input.length * up;
    return written;
  }

  /** Forgets the history, as at the start of a new stream. */
  reset(): void {
    this.#work.fill(0);
    this.#time = (this.#taps - 1) * this.#up;
  }
}
