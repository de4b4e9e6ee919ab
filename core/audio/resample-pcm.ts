/*
 * One-shot sample-rate conversion of a whole prompt, for the playback
 * copies made at upload (spec 02 §0.6, VF-1). Each output sample is a
 * windowed-sinc interpolation of the input at its exact position, with the
 * low-pass cutoff 5% below the lower Nyquist frequency so that downsampling
 * (44.1 kHz → 8 kHz) does not alias. The streaming, frame-by-frame
 * resampler of the media plane is media/codecs/resampler.ts; core cannot
 * import it (STYLE §2), and a file needs neither its state nor its speed.
 */

/** Zero crossings of the sinc on each side, counted at the lower rate. */
const HALF_ZERO_CROSSINGS = 16;
/** Kernel table entries per zero crossing; between them we interpolate. */
const STEPS = 256;

/** sinc(u)·Blackman window, for u in [0, HALF_ZERO_CROSSINGS] zero crossings. */
const KERNEL = (() => {
  const table = new Float64Array(HALF_ZERO_CROSSINGS * STEPS + 2);
  for (let i = 0; i < table.length; i++) {
    const u = i / STEPS;
    const sinc = u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
    // Blackman over [-N, N]: about 74 dB of stopband rejection.
    const x = Math.min(1, u / HALF_ZERO_CROSSINGS);
    const window = 0.42 + 0.5 * Math.cos(Math.PI * x) + 0.08 * Math.cos(2 * Math.PI * x);
    table[i] = sinc * window;
  }
  return table;
})();

function kernelAt(u: number): number {
  const position = Math.abs(u) * STEPS;
  const index = Math.floor(position);
  if (index >= HALF_ZERO_CROSSINGS * STEPS) return 0;
  const frac = position - index;
  return KERNEL[index]! * (1 - frac) + KERNEL[index + 1]! * frac;
}

/** Most filter phases worth a weight table; beyond, weights are computed per sample. */
const MAX_TABLED_PHASES = 2048;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** How a conversion runs: the filter reach and the weights of each phase. */
interface Plan {
  readonly fromHz: number;
  readonly toHz: number;
  readonly twoFc: number;
  readonly reach: number;
  readonly taps: number;
  readonly g: number;
  readonly table: Array<Float64Array | undefined> | undefined;
  readonly scratch: Float64Array;
}

function plan(fromHz: number, toHz: number): Plan {
  // Cutoff in cycles per input sample, times two: sinc zero crossings
  // fall every 1/twoFc input samples.
  const twoFc = 0.95 * Math.min(1, toHz / fromHz);
  const reach = Math.ceil(HALF_ZERO_CROSSINGS / twoFc);
  const g = gcd(fromHz, toHz);
  const phaseCount = toHz / g;
  return {
    fromHz,
    toHz,
    twoFc,
    reach,
    taps: 2 * reach,
    g,
    table: phaseCount <= MAX_TABLED_PHASES ? new Array(phaseCount) : undefined,
    scratch: new Float64Array(2 * reach),
  };
}

/** Normalised weights for an output at fractional input position `frac`. */
function weightsAt(p: Plan, frac: number, into: Float64Array): Float64Array {
  // Tap j reads input base − reach + 1 + j, at distance frac + reach − 1 − j.
  let sum = 0;
  for (let j = 0; j < p.taps; j++) {
    into[j] = kernelAt((frac + p.reach - 1 - j) * p.twoFc);
    sum += into[j]!;
  }
  for (let j = 0; j < p.taps; j++) into[j]! /= sum;
  return into;
}

/** Output samples [start, end) of a conversion. */
function resampleRange(p: Plan, input: Int16Array, out: Int16Array, start: number, end: number) {
  const { fromHz, toHz, reach, taps, table } = p;
  for (let k = start; k < end; k++) {
    const position = k * fromHz;
    const base = Math.floor(position / toHz);
    const remainder = position - base * toHz;
    const frac = remainder / toHz;
    const first = base - reach + 1;
    let value: number;
    if (first >= 0 && first + taps <= input.length) {
      const weights =
        table === undefined
          ? weightsAt(p, frac, p.scratch)
          : (table[remainder / p.g] ??= weightsAt(p, frac, new Float64Array(taps)));
      let acc = 0;
      for (let j = 0; j < taps; j++) acc += weights[j]! * input[first + j]!;
      value = acc;
    } else {
      value = edgeSample(input, first, taps, frac + reach - 1, p.twoFc);
    }
    out[k] = value >= 32767 ? 32767 : value <= -32768 ? -32768 : Math.round(value);
  }
}

/** Output length of converting `samples` samples. */
function outputLength(samples: number, fromHz: number, toHz: number): number {
  return Math.floor((samples * toHz) / fromHz);
}

/**
 * Converts mono 16-bit PCM from `fromHz` to `toHz`. The output holds
 * ⌊length·toHz/fromHz⌋ samples; gain at DC is exactly 1, also at the
 * edges, where the missing neighbours are left out of the weights.
 * Output k sits at input position k·fromHz/toHz, whose fractional part
 * takes only toHz/gcd values: with rates such as 44.1 kHz → 8 kHz the
 * weights of each such phase are computed once (the polyphase idea).
 */
export function resamplePcm(input: Int16Array, fromHz: number, toHz: number): Int16Array {
  if (fromHz === toHz) return input.slice();
  const out = new Int16Array(outputLength(input.length, fromHz, toHz));
  resampleRange(plan(fromHz, toHz), input, out, 0, out.length);
  return out;
}

/** Output samples converted between two yields to the event loop. */
const SLICE_SAMPLES = 4000;

/**
 * resamplePcm() in slices of 4000 output samples (a few milliseconds
 * each), yielding to the event loop between them: a two-minute 44.1 kHz
 * upload takes about a second of CPU, which must not stall SIP timers.
 */
export async function resamplePcmAsync(
  input: Int16Array,
  fromHz: number,
  toHz: number,
): Promise<Int16Array> {
  if (fromHz === toHz) return input.slice();
  const out = new Int16Array(outputLength(input.length, fromHz, toHz));
  const p = plan(fromHz, toHz);
  for (let start = 0; start < out.length; start += SLICE_SAMPLES) {
    resampleRange(p, input, out, start, Math.min(out.length, start + SLICE_SAMPLES));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

/** Near the ends: only the taps inside the input, their weights renormalised. */
function edgeSample(
  input: Int16Array,
  first: number,
  taps: number,
  firstDistance: number,
  twoFc: number,
): number {
  let acc = 0;
  let weights = 0;
  for (let j = 0; j < taps; j++) {
    const i = first + j;
    if (i < 0 || i >= input.length) continue;
    const w = kernelAt((firstDistance - j) * twoFc);
    acc += w * input[i]!;
    weights += w;
  }
  return weights === 0 ? 0 : acc / weights;
}
