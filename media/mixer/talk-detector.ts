/** The default speech threshold: well above line noise, below soft speech. */
export const DEFAULT_TALK_DBOV = -40;

/** Settings of a TalkDetector. */
export interface TalkDetectorOptions {
  /**
   * Frame level at or above which a frame counts as speech, for callers
   * that classify frames with isLoudFrame(); DEFAULT_TALK_DBOV unless given.
   */
  readonly thresholdDbov?: number;
  /** Loud frames in a row before 'talking'; 2 (40 ms) unless given. */
  readonly onsetFrames?: number;
  /** Quiet frames in a row before 'quiet'; 25 (500 ms) unless given. */
  readonly hangoverFrames?: number;
}

/** Mean square of a full-scale 16-bit sine: 0 dBov (ITU-T G.100.1 §3.3). */
const FULL_SCALE_SINE_MEAN_SQUARE = (32767 * 32767) / 2;

/** Converts a level in dBov to the mean square of a frame at that level. */
export function dbovToMeanSquare(dbov: number): number {
  return FULL_SCALE_SINE_MEAN_SQUARE * 10 ** (dbov / 10);
}

/** Converts a frame's mean square to dBov (−Infinity for digital silence). */
export function meanSquareToDbov(meanSquare: number): number {
  return 10 * Math.log10(meanSquare / FULL_SCALE_SINE_MEAN_SQUARE);
}

/**
 * Energy-based talk detection with onset and hangover: a few loud frames
 * in a row start 'talking', and only a longer run of quiet frames ends it,
 * so the gaps between words do not make the state flap.
 */
export class TalkDetector {
  private readonly thresholdMeanSquare: number;
  private readonly onsetFrames: number;
  private readonly hangoverFrames: number;
  private loudRun = 0;
  private quietRun = 0;
  private talking = false;

  constructor(options: TalkDetectorOptions = {}) {
    this.thresholdMeanSquare = dbovToMeanSquare(options.thresholdDbov ?? DEFAULT_TALK_DBOV);
    this.onsetFrames = Math.max(1, options.onsetFrames ?? 2);
    this.hangoverFrames = Math.max(1, options.hangoverFrames ?? 25);
  }

  /** True between a 'talking' and the next 'quiet'. */
  get isTalking(): boolean {
    return this.talking;
  }

  /** True when a frame of mean square `meanSquare` counts as speech. */
  isLoudFrame(meanSquare: number): boolean {
    return meanSquare >= this.thresholdMeanSquare;
  }

  /**
   * Takes one frame's verdict (false for a missing frame). Returns 1 when
   * talking starts, −1 when it ends, 0 otherwise: a small integer and a
   * boolean argument keep the per-frame path free of heap numbers.
   */
  update(isLoud: boolean): -1 | 0 | 1 {
    if (isLoud) {
      this.quietRun = 0;
      if (this.talking) return 0;
      if (++this.loudRun < this.onsetFrames) return 0;
      this.talking = true;
      return 1;
    }
    this.loudRun = 0;
    if (!this.talking) return 0;
    if (++this.quietRun < this.hangoverFrames) return 0;
    this.talking = false;
    this.quietRun = 0;
    return -1;
  }

  /** Forgets the state, as for a new stream. */
  reset(): void {
    this.loudRun = 0;
    this.quietRun = 0;
    this.talking = false;
  }
}
