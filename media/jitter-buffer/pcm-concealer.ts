/** Settings of a PcmConcealer. */
export interface PcmConcealerOptions {
  /** Lost frames over which the repeated frame fades to silence; 4 unless given. */
  readonly fadeFrames?: number;
}

/**
 * Simple packet-loss concealment for linear PCM: a lost frame is the last
 * good one repeated, faded linearly across the frame so the gain has no
 * step, reaching silence after `fadeFrames` losses in a row. This is the
 * crude end of G.711 Appendix I; it hides single losses and avoids clicks.
 */
export class PcmConcealer {
  readonly #fadeFrames: number;
  #last: Int16Array | undefined;
  #lostRun = 0;

  constructor(options: PcmConcealerOptions = {}) {
    this.#fadeFrames = Math.max(1, options.fadeFrames ?? 4);
  }

  /** Records a decoded frame and returns it unchanged. */
  good(frame: Int16Array): Int16Array {
    this.#last = frame.slice();
    this.#lostRun = 0;
    return frame;
  }

  /** Returns a frame of `samples` to play in place of a lost one. */
  conceal(samples: number): Int16Array {
    const out = new Int16Array(samples);
    const last = this.#last;
    const run = this.#lostRun++;
    if (last === undefined || last.length === 0 || run >= this.#fadeFrames) return out;
    const startGain = 1 - run / this.#fadeFrames;
    const endGain = 1 - (run + 1) / this.#fadeFrames;
    for (let i = 0; i < samples; i++) {
      const gain = startGain + ((endGain - startGain) * i) / samples;
      out[i] = Math.round((last[i % last.length] ?? 0) * gain);
    }
    return out;
  }
}
