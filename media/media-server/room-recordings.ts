import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { err, ok } from '../../core/index.ts';
import type {
  Clock,
  Logger,
  MediaError,
  MediaOperation,
  MediaRecordOptions,
  Result,
  TimerHandle,
} from '../../core/index.ts';
import { Recorder } from '../recorder/index.ts';
import type { ConferenceRoom } from './conference-room.ts';
import type { PcmListener } from './media-leg.ts';
import { OperationHandle } from './media-operation.ts';

/** What room recordings need from their MediaServer. */
export interface RoomRecordingsOptions {
  readonly clock: Clock;
  /** Where relative paths go; absolute ones are kept. */
  readonly recordingsDir: string | undefined;
  readonly logger: Logger | undefined;
}

/**
 * The recordings of rooms' full mixes (MediaControl.recordRoom, spec 02
 * CF-8): each a crash-safe mono WAV Recorder fed the mixer's common mix on
 * every room tick, so the file holds every member that is heard, once,
 * and runs in step with the room's 20 ms clock. A recording ends by
 * stop(), at maxDurationMs, when the room closes (its last leg left), or
 * when the server stops (endAll).
 */
export class RoomRecordings {
  private readonly running = new Set<OperationHandle>();

  constructor(private readonly options: RoomRecordingsOptions) {}

  /** Starts recording `room`; the caller found it open. */
  async start(
    room: ConferenceRoom,
    opts: MediaRecordOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    if (opts.format === 'raw') {
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail: 'only WAV recordings are supported' });
    }
    if (opts.mode !== undefined && opts.mode !== 'mixed') {
      const detail = `a room is recorded as one mixed channel, not '${opts.mode}'`;
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail });
    }
    const { clock, logger } = this.options;
    const dir = this.options.recordingsDir;
    const path = isAbsolute(opts.path) || dir === undefined ? opts.path : join(dir, opts.path);
    let recorder: Recorder;
    try {
      // Room files go in per-team, per-day directories that may not exist yet.
      await mkdir(dirname(path), { recursive: true });
      recorder = await Recorder.open({
        path,
        sampleRateHz: room.mixer.sampleRateHz,
        mode: 'mixed',
        clock,
        ...(logger === undefined ? {} : { logger }),
      });
    } catch (cause) {
      return err({ code: 'ERR_MEDIA_INTERNAL', detail: `cannot open ${path}`, cause });
    }
    let maxTimer: TimerHandle | undefined;
    const onMix: PcmListener = (mix) => {
      try {
        recorder.write([mix]);
      } catch {
        // The recorder was closed under us; the operation is ending.
        room.mixListeners.delete(onMix);
      }
    };
    const onClose = () => void op.end('hangup');
    const op: OperationHandle = new OperationHandle(clock, async () => {
      this.running.delete(op);
      room.mixListeners.delete(onMix);
      room.closeListeners.delete(onClose);
      if (maxTimer !== undefined) clock.clearTimeout(maxTimer);
      await recorder.close();
    });
    this.running.add(op);
    recorder.on('error', () => void op.end('error'));
    if (room.isClosed) {
      // The last leg left while the file was being opened: an empty file.
      void op.end('hangup');
      return ok(op);
    }
    room.mixListeners.add(onMix);
    room.closeListeners.add(onClose);
    if (opts.maxDurationMs !== undefined) {
      maxTimer = clock.setTimeout(() => void op.end('completed'), opts.maxDurationMs);
    }
    return ok(op);
  }

  /** Ends every room recording with 'hangup' and waits for the files to close. */
  async endAll(): Promise<void> {
    await Promise.all([...this.running].map((op) => op.end('hangup')));
  }
}
