import type { Clock, Logger, MediaControl, MediaOperation } from '../../core/index.ts';
import { recordingPathFor } from '../recording/index.ts';

/**
 * Where a conference session's recording lives, relative to the media
 * plane's recordings directory (decisions D25, D29): the team's day
 * directory, named `conference-<roomNumber>-<YYYYMMDDTHHMMSSZ>.wav` after
 * the room and the moment the recording started (UTC).
 */
export function conferenceRecordingPath(
  teamId: number,
  roomNumber: string,
  startedAtMs: number,
): string {
  const stamp = new Date(startedAtMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  return recordingPathFor(teamId, `conference-${roomNumber}-${stamp}`, startedAtMs);
}

/** What a ConferenceRecording needs. */
export interface ConferenceRecordingDeps {
  readonly media: MediaControl;
  readonly clock: Clock;
  readonly logger?: Logger | undefined;
}

/**
 * The recording of one room session (spec 02 CF-8, `recordConference`):
 * the media plane's full mix of the room, started once when the first
 * member is mixed and stopped when the session ends. A recording that
 * cannot start is logged and the conference goes on without it.
 */
export class ConferenceRecording {
  #op: MediaOperation | undefined;
  #starting: Promise<void> | undefined;
  #path: string | undefined;
  #startedAtMs: number | undefined;
  #isStopped = false;

  constructor(
    private readonly deps: ConferenceRecordingDeps,
    private readonly room: {
      readonly teamId: number;
      readonly number: string;
      readonly mediaRoomId: string;
    },
  ) {}

  /** The file's relative path once recording runs (and after it ended). */
  get path(): string | undefined {
    return this.#path;
  }

  get startedAtMs(): number | undefined {
    return this.#startedAtMs;
  }

  /** Starts recording; later calls (and calls after stop()) do nothing. */
  start(): Promise<void> {
    if (this.#isStopped) return Promise.resolve();
    this.#starting ??= this.#start();
    return this.#starting;
  }

  /** Stops recording and resolves once the file is closed. Idempotent. */
  async stop(): Promise<void> {
    this.#isStopped = true;
    await this.#starting;
    const op = this.#op;
    if (op === undefined) return;
    await op.stop();
    await op.finished;
  }

  async #start(): Promise<void> {
    const startedAtMs = this.deps.clock.now();
    const path = conferenceRecordingPath(this.room.teamId, this.room.number, startedAtMs);
    const r = await this.deps.media.recordRoom(this.room.mediaRoomId, { path, mode: 'mixed' });
    if (!r.ok) {
      this.deps.logger?.warn(
        { err: r.error, roomId: this.room.mediaRoomId, path },
        'conference recording did not start',
      );
      return;
    }
    this.#op = r.value;
    this.#path = path;
    this.#startedAtMs = startedAtMs;
  }
}
