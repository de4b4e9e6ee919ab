/*
 * Signal helpers for the codec tests and benchmarks: a sine generator and a
 * single-bin DFT, so tests can check frequency and amplitude of an output
 * without an FFT dependency.
 */

/** `samples` samples of a sine of `frequencyHz` at `rateHz`, peak `amplitude`. */
export function sine(
  frequencyHz: number,
  rateHz: number,
  samples: number,
  amplitude = 10000,
): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) {
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / rateHz));
  }
  return out;
}

/** The peak amplitude of the `frequencyHz` component of `x` (one DFT bin). */
export function toneAmplitude(x: Int16Array, frequencyHz: number, rateHz: number): number {
  let re = 0;
  let im = 0;
  const w = (2 * Math.PI * frequencyHz) / rateHz;
  for (let i = 0; i < x.length; i++) {
    re += x[i]! * Math.cos(w * i);
    im += x[i]! * Math.sin(w * i);
  }
  return (Math.hypot(re, im) * 2) / x.length;
}

/**
 * The strongest component of `x` away from `frequencyHz` (more than
 * `guardHz` off), in dB relative to the `frequencyHz` component. Scans
 * `stepHz` apart up to Nyquist.
 */
export function worstSpurDb(
  x: Int16Array,
  frequencyHz: number,
  rateHz: number,
  guardHz = 60,
  stepHz = 50,
): number {
  const reference = toneAmplitude(x, frequencyHz, rateHz);
  let worst = -Infinity;
  for (let f = stepHz; f < rateHz / 2; f += stepHz) {
    if (Math.abs(f - frequencyHz) < guardHz) continue;
    worst = Math.max(worst, 20 * Math.log10(toneAmplitude(x, f, rateHz) / reference));
  }
  return worst;
}

/** Root mean square of `x`. */
export function rms(x: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]! * x[i]!;
  return Math.sqrt(sum / x.length);
}

/** Concatenates frames. */
export function concat(frames: Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}
