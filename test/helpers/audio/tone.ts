/*
 * Signal helpers for the player, recorder and mixer tests: sine frames and
 * a Goertzel amplitude check, so a test can ask "is 1 kHz in this signal,
 * and how loud" without an FFT.
 */

/** A sine of `frequencyHz` at `rateHz`, `samples` long, starting at sample `from`. */
export function sine(
  frequencyHz: number,
  rateHz: number,
  samples: number,
  amplitude = 8000,
  from = 0,
): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) {
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * (from + i)) / rateHz));
  }
  return out;
}

/**
 * The peak amplitude of the `frequencyHz` component of `x` by the Goertzel
 * recurrence; a sine of peak A at that frequency gives about A.
 */
export function goertzelAmplitude(x: Int16Array, frequencyHz: number, rateHz: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequencyHz) / rateHz);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const s0 = x[i]! + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / x.length;
}

/** Concatenates frames. */
export function concatFrames(frames: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

/**
 * Corrects sox's "Rough frequency", which is fs/π · sin(πf/fs) for a pure
 * tone (it divides RMS delta by RMS amplitude): 974 Hz for 1 kHz at 8 kHz.
 */
export function soxRoughToTrueHz(roughHz: number, rateHz: number): number {
  return (rateHz / Math.PI) * Math.asin(Math.min(1, (roughHz * Math.PI) / rateHz));
}
