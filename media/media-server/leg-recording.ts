import type { Clock, MediaRecordOptions, TimerHandle } from '../../core/index.ts';
import type { MediaScheduler, ScheduledStream } from '../endpoint/index.ts';
import type { Recorder } from '../recorder/index.ts';
import type { MediaLeg, PcmListener } from './media-leg.ts';

/** Frames a direction may run ahead of the other before the oldest is dropped. */
const MAX_QUEUED = 10;
/** A frame whose mean square is below this (about −50 dBov) is silence. */
const SILENCE_MEAN_SQUARE = 10;

/**
 * Feeds one leg's audio to a Recorder. A single direction is written as
 * its frames arrive; both directions ('mixed', 'stereo') are paired up on
 * the 20 ms scheduler, each from its own short queue, so a direction that
 * falls silent (hold) becomes silence in the file and the two stay in step.
 */
export class LegRecording implements ScheduledStream {
  private readonly leg: MediaLeg;
  private readonly recorder: Recorder;
  private readonly mode: NonNullable<MediaRecordOptions['mode']>;
  private readonly scheduler: MediaScheduler;
  private readonly clock: Clock;
  private readonly inQueue: Int16Array[] = [];
  private readonly outQueue: Int16Array[] = [];
  private readonly silenceFrames: number;
  /** Linear factors from options.gainDb; 1 leaves the audio as it is. */
  private readonly inGain: number;
  private readonly outGain: number;
  private silentFrames = 0;
  private maxTimer: TimerHandle | undefined;
  private readonly onEnd: () => void;

  constructor(args: {
    leg: MediaLeg;
    recorder: Recorder;
    options: MediaRecordOptions;
    scheduler: MediaScheduler;
    clock: Clock;
    onEnd: () => void;
  }) {
    this.leg = args.leg;
    this.recorder = args.recorder;
    this.mode = args.options.mode ?? 'mixed';
    this.scheduler = args.scheduler;
    this.clock = args.clock;
    this.onEnd = args.onEnd;
    this.inGain = linearGain(args.options.gainDb?.inbound);
    this.outGain = linearGain(args.options.gainDb?.outbound);
    this.silenceFrames =
      args.options.silenceTimeoutMs === undefined
        ? Number.POSITIVE_INFINITY
        : Math.ceil(args.options.silenceTimeoutMs / 20);
    if (this.mode !== 'outbound') this.leg.inbound.add(this.onInbound);
    if (this.mode !== 'inbound') this.leg.outbound.add(this.onOutbound);
    if (this.mode === 'mixed' || this.mode === 'stereo') this.scheduler.add(this);
    if (args.options.maxDurationMs !== undefined) {
      this.maxTimer = this.clock.setTimeout(this.onEnd, args.options.maxDurationMs);
    }
  }

  /** Pairs one frame of each direction (silence where one is missing). */
  tick(): void {
    this.write([this.inQueue.shift(), this.outQueue.shift()]);
  }

  /** Unhooks from the leg; the caller closes the recorder. */
  detach(): void {
    this.leg.inbound.delete(this.onInbound);
    this.leg.outbound.delete(this.onOutbound);
    this.scheduler.remove(this);
    if (this.maxTimer !== undefined) this.clock.clearTimeout(this.maxTimer);
    this.maxTimer = undefined;
  }

  private readonly onInbound: PcmListener = (pcm) => {
    this.trackSilence(pcm);
    if (this.mode === 'inbound') this.write([scaled(pcm, this.inGain)]);
    else push(this.inQueue, pcm, this.inGain);
  };

  private readonly onOutbound: PcmListener = (pcm) => {
    if (this.mode === 'outbound') this.write([scaled(pcm, this.outGain)]);
    else push(this.outQueue, pcm, this.outGain);
  };

  private write(legs: (Int16Array | undefined)[]): void {
    try {
      this.recorder.write(legs);
    } catch {
      // The recorder was closed under us; the operation is ending.
      this.detach();
    }
  }

  private trackSilence(pcm: Int16Array): void {
    if (this.silenceFrames === Number.POSITIVE_INFINITY) return;
    let sum = 0;
    for (let i = 0; i < pcm.length; i++) sum += pcm[i]! * pcm[i]!;
    this.silentFrames =
      sum / Math.max(1, pcm.length) < SILENCE_MEAN_SQUARE ? this.silentFrames + 1 : 0;
    if (this.silentFrames >= this.silenceFrames) this.onEnd();
  }
}

function push(queue: Int16Array[], pcm: Int16Array, gain: number): void {
  if (queue.length >= MAX_QUEUED) queue.shift();
  queue.push(gain === 1 ? Int16Array.from(pcm) : scaled(pcm, gain));
}

/** 10^(dB/20); 1 for no gain. */
function linearGain(db: number | undefined): number {
  return db === undefined || db === 0 ? 1 : 10 ** (db / 20);
}

/** `pcm` times `gain`, saturated to 16 bits, in a new array (or `pcm` when 1). */
function scaled(pcm: Int16Array, gain: number): Int16Array {
  if (gain === 1) return pcm;
  const out = new Int16Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) {
    out[i] = Math.max(-32768, Math.min(32767, Math.round(pcm[i]! * gain)));
  }
  return out;
}
