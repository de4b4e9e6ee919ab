/**
 * The Goertzel algorithm: the power of one frequency over a block, in
 * O(N) multiply-adds and no FFT. The coefficient is computed from the exact
 * frequency rather than the nearest DFT bin, which keeps the DTMF
 * frequencies centred whatever the block length.
 */
export function goertzelCoefficient(frequencyHz: number, sampleRateHz: number): number {
  return 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRateHz);
}

/**
 * Returns the mean-square power of the `coefficient` frequency over
 * `samples[0..length)`, scaled so that a sine of amplitude A gives A²/2,
 * the same scale as the block's mean square.
 */
export function goertzelPower(samples: Float64Array, length: number, coefficient: number): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < length; i++) {
    const s0 = (samples[i] ?? 0) + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const magnitudeSquared = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return (2 * magnitudeSquared) / (length * length);
}
