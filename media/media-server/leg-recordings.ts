import { isAbsolute, join } from 'node:path';
import { err, ok } from '../../core/index.ts';
import type {
  Clock,
  Logger,
  MediaError,
  MediaOperation,
  MediaRecordOptions,
  Result,
} from '../../core/index.ts';
import type { MediaScheduler } from '../endpoint/index.ts';
import { Recorder } from '../recorder/index.ts';
import { LegRecording } from './leg-recording.ts';
import type { MediaLeg } from './media-leg.ts';
import { OperationHandle } from './media-operation.ts';

/** What recordings need from their MediaServer. */
export interface LegRecordingsOptions {
  readonly clock: Clock;
  readonly scheduler: MediaScheduler;
  /** Where relative paths go; absolute ones are kept. */
  readonly recordingsDir: string | undefined;
  readonly logger: Logger | undefined;
}

/**
 * The recordings running on legs (MediaControl.record): each a crash-safe
 * WAV Recorder fed by a LegRecording, ended by stop(), by its own limits,
 * or when its leg goes away.
 */
export class LegRecordings {
  private readonly byLeg = new Map<MediaLeg, Set<OperationHandle>>();

  constructor(private readonly options: LegRecordingsOptions) {}

  async start(
    leg: MediaLeg,
    opts: MediaRecordOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    if (opts.format === 'raw') {
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail: 'only WAV recordings are supported' });
    }
    const { clock, scheduler, logger } = this.options;
    const dir = this.options.recordingsDir;
    const path = isAbsolute(opts.path) || dir === undefined ? opts.path : join(dir, opts.path);
    let recorder: Recorder;
    try {
      recorder = await Recorder.open({
        path,
        sampleRateHz: leg.sampleRateHz,
        mode: opts.mode === 'stereo' ? 'split' : 'mixed',
        clock,
        ...(logger === undefined ? {} : { logger }),
      });
    } catch (cause) {
      return err({ code: 'ERR_MEDIA_INTERNAL', detail: `cannot open ${path}`, cause });
    }
    const ops = this.byLeg.get(leg) ?? new Set<OperationHandle>();
    this.byLeg.set(leg, ops);
    const op: OperationHandle = new OperationHandle(clock, async () => {
      ops.delete(op);
      recording.detach();
      await recorder.close();
    });
    const recording = new LegRecording({
      leg,
      recorder,
      options: opts,
      scheduler,
      clock,
      onEnd: () => void op.end('completed'),
    });
    recorder.on('error', () => void op.end('error'));
    ops.add(op);
    return ok(op);
  }

  /** Ends the leg's recordings with 'hangup' (the file is closed and kept). */
  async endAll(leg: MediaLeg): Promise<void> {
    const ops = [...(this.byLeg.get(leg) ?? [])];
    this.byLeg.delete(leg);
    await Promise.all(ops.map((op) => op.end('hangup')));
  }
}
