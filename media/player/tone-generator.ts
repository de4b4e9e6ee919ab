import type { ToneSpec } from './tone-table.ts';

/** Peak of a 0 dBm0 sine in 16-bit PCM (G.711: 3.14 dBov). */
const ZERO_DBM0_PEAK = 22_750;
const TWO_PI = 2 * Math.PI;

/**
 * Synthesises a call-progress tone frame by frame. Phases run on across
 * frames and cadence segments, so there are no clicks at frame edges.
 */
export class ToneGenerator {
  readonly spec: ToneSpec;
  readonly sampleRateHz: number;
  private readonly amplitude: number;
  /** Segment lengths in samples (Infinity for a continuous tone). */
  private readonly segmentSamples: number[];
  private readonly phases: Float64Array;
  private modulationPhase = 0;
  private segment = 0;
  private positionInSegment = 0;
  private isFinished = false;

  constructor(spec: ToneSpec, sampleRateHz: number) {
    this.spec = spec;
    this.sampleRateHz = sampleRateHz;
    this.amplitude = ZERO_DBM0_PEAK * 10 ** (spec.levelDbm0 / 20);
    this.segmentSamples = spec.segments.map((s) =>
      Math.round((s.durationMs * sampleRateHz) / 1000),
    );
    const most = Math.max(0, ...spec.segments.map((s) => s.frequenciesHz.length));
    this.phases = new Float64Array(most);
    this.isFinished = spec.segments.length === 0;
  }

  /** True once a one-shot tone has played all its segments. */
  get isDone(): boolean {
    return this.isFinished;
  }

  /**
   * Fills `out` with the next samples and returns how many belong to the
   * tone; after a one-shot tone ends, the rest of `out` is silence.
   */
  fill(out: Int16Array): number {
    const n = out.length;
    let i = 0;
    while (i < n && !this.isFinished) {
      const seg = this.spec.segments[this.segment]!;
      const remaining = this.segmentSamples[this.segment]! - this.positionInSegment;
      const count = Math.min(n - i, remaining);
      this.render(seg.frequenciesHz, seg.modulationHz, out, i, count);
      i += count;
      this.positionInSegment += count;
      if (this.positionInSegment >= this.segmentSamples[this.segment]!) this.advance();
    }
    out.fill(0, i);
    return i;
  }

  /** Starts again from the first segment. */
  reset(): void {
    this.segment = 0;
    this.positionInSegment = 0;
    this.modulationPhase = 0;
    this.phases.fill(0);
    this.isFinished = this.spec.segments.length === 0;
  }

  private advance(): void {
    this.positionInSegment = 0;
    this.segment++;
    if (this.segment < this.spec.segments.length) return;
    this.segment = 0;
    if (!this.spec.isRepeating) this.isFinished = true;
  }

  private render(
    frequenciesHz: readonly number[],
    modulationHz: number | undefined,
    out: Int16Array,
    from: number,
    count: number,
  ): void {
    const end = from + count;
    if (frequenciesHz.length === 0) {
      out.fill(0, from, end);
      return;
    }
    const rate = this.sampleRateHz;
    const modulationStep = modulationHz === undefined ? 0 : (TWO_PI * modulationHz) / rate;
    for (let i = from; i < end; i++) {
      let sum = 0;
      for (let k = 0; k < frequenciesHz.length; k++) {
        const phase = this.phases[k]!;
        sum += Math.sin(phase);
        const next = phase + (TWO_PI * frequenciesHz[k]!) / rate;
        this.phases[k] = next >= TWO_PI ? next - TWO_PI : next;
      }
      if (modulationHz !== undefined) {
        sum *= 0.5 * (1 - Math.cos(this.modulationPhase));
        this.modulationPhase += modulationStep;
        if (this.modulationPhase >= TWO_PI) this.modulationPhase -= TWO_PI;
      }
      out[i] = Math.round(sum * this.amplitude);
    }
  }
}
