import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type {
  CallEnd,
  CallRecorder,
  CallStart,
  Logger,
  MediaControl,
  MediaOperation,
  MediaRecordOptions,
  MediaSessionRef,
} from '../../core/index.ts';
import { recordingPathFor } from './recording-path.ts';
import type { RecordingDecision } from './recording-policy.ts';

/** What RecordingCallRecorder needs. */
export interface RecordingCallRecorderDeps {
  /** The CDR recorder, told everything, with `recordingPath` at the end. */
  readonly inner: CallRecorder;
  readonly media: MediaControl;
  readonly policy: { decide(call: CallStart): RecordingDecision };
  readonly logger: Logger;
  /**
   * Makes sure the directory of a relative recording path exists before the
   * media plane opens the file (its Recorder does not create directories).
   */
  readonly prepare: (relativePath: string) => Promise<void>;
  /** A trunk's recording gains in dB (TRK-10); none when absent. */
  readonly trunkGains?: (trunkId: number) => TrunkRecordingGains | undefined;
}

/** A trunk's 录音内线增益 / 录音外线增益 (spec 01 §2.1), in dB. */
export interface TrunkRecordingGains {
  readonly recordGainInternal: number;
  readonly recordGainExternal: number;
}

/** A recording decided at start and, once answered, running. */
interface RecordedCall {
  readonly start: CallStart;
  readonly path: string;
  /** The caller's media, when not `{callId, legId: 'a'}`. */
  media: MediaSessionRef | undefined;
  /** The trunk an outbound call took, told at the answer. */
  trunkId: number | undefined;
  starting: Promise<MediaOperation | undefined> | undefined;
}

/** prepare() for a media plane that writes under `recordingsDir` on this host. */
export function prepareUnder(recordingsDir: string): (relativePath: string) => Promise<void> {
  return async (relativePath) => {
    await mkdir(dirname(join(recordingsDir, relativePath)), { recursive: true });
  };
}

/**
 * Records the calls the RecordingPolicy picks (TM-6, AC-5, EXT-9) and puts
 * the file on their CDR (CDR-3). It wraps the CDR recorder: started() is
 * passed on and decides; answered() starts MediaControl.record() on the
 * caller's leg in `mixed` mode, which holds both directions; ended() stops
 * the recording, waits for the file to be closed and only then completes
 * the CDR, so a CDR never points at a half-written file. Like every
 * CallRecorder it never throws: a recording that fails is logged and the
 * CDR simply has none.
 */
export class RecordingCallRecorder implements CallRecorder {
  private readonly calls = new Map<string, RecordedCall>();
  private readonly endings = new Set<Promise<void>>();

  constructor(private readonly deps: RecordingCallRecorderDeps) {}

  /** Calls picked for recording whose CDR is not complete yet. */
  get activeCount(): number {
    return this.calls.size;
  }

  started(call: CallStart): void {
    this.deps.inner.started(call);
    try {
      const decision = this.deps.policy.decide(call);
      if (!decision.isRecorded) return;
      const path = recordingPathFor(call.teamId, call.callId, call.startedAtMs);
      this.calls.set(call.callId, {
        start: call,
        path,
        media: undefined,
        trunkId: undefined,
        starting: undefined,
      });
      this.deps.logger.debug(
        { callId: call.callId, reasons: decision.reasons, path },
        'call will be recorded',
      );
    } catch (error) {
      this.deps.logger.error({ err: error, callId: call.callId }, 'recording policy failed');
    }
  }

  answered(callId: string, answeredAtMs: number, media?: MediaSessionRef, trunkId?: number): void {
    this.deps.inner.answered(callId, answeredAtMs, media, trunkId);
    const call = this.calls.get(callId);
    if (call !== undefined) {
      call.media = media;
      call.trunkId = trunkId;
    }
    // TM-6 recordingScope `answered`: the recording starts at the answer.
    if (call === undefined || call.starting !== undefined) return;
    call.starting = this.startRecording(call);
  }

  ended(callId: string, end: CallEnd): void {
    const call = this.calls.get(callId);
    if (call === undefined) {
      this.deps.inner.ended(callId, end);
      return;
    }
    const ending = this.finish(call, end).finally(() => {
      this.calls.delete(callId);
      this.endings.delete(ending);
    });
    this.endings.add(ending);
  }

  /** Waits for the CDRs of ended calls whose recordings are still closing. */
  async drain(): Promise<void> {
    while (this.endings.size > 0) await Promise.all([...this.endings]);
  }

  private async startRecording(call: RecordedCall): Promise<MediaOperation | undefined> {
    const ref = call.media ?? { callId: call.start.callId, legId: 'a' };
    try {
      await this.deps.prepare(call.path);
      const gainDb = this.gainsOf(call);
      const result = await this.deps.media.record(ref, {
        path: call.path,
        mode: 'mixed',
        ...(gainDb === undefined ? {} : { gainDb }),
      });
      if (result.ok) return result.value;
      this.deps.logger.warn(
        { callId: call.start.callId, code: result.error.code, detail: result.error.detail },
        'recording did not start',
      );
    } catch (error) {
      this.deps.logger.error({ err: error, callId: call.start.callId }, 'recording failed');
    }
    return undefined;
  }

  /**
   * TRK-10: the trunk's gains on the recording of a call through it. The
   * recording is of the caller's leg, so its inbound direction is the
   * caller: the external party of an inbound call, the internal one of an
   * outbound call. Undefined when no trunk or both gains are 0.
   */
  private gainsOf(call: RecordedCall): MediaRecordOptions['gainDb'] | undefined {
    const trunkId = call.trunkId ?? call.start.trunkId;
    if (trunkId === undefined || call.start.callType === 'internal') return undefined;
    const gains = this.deps.trunkGains?.(trunkId);
    if (gains === undefined) return undefined;
    const { recordGainInternal: internal, recordGainExternal: external } = gains;
    if (internal === 0 && external === 0) return undefined;
    return call.start.callType === 'inbound'
      ? { inbound: external, outbound: internal }
      : { inbound: internal, outbound: external };
  }

  private async finish(call: RecordedCall, end: CallEnd): Promise<void> {
    let recordingPath: string | undefined;
    try {
      const op = await call.starting;
      if (op !== undefined) {
        await op.stop();
        const { reason } = await op.finished;
        // A leg that went away first ends the recording with 'hangup'; the
        // file is closed and kept either way. Only 'error' loses it.
        if (reason !== 'error') recordingPath = call.path;
        else this.deps.logger.warn({ callId: call.start.callId }, 'recording ended in error');
      }
    } catch (error) {
      this.deps.logger.error(
        { err: error, callId: call.start.callId },
        'stopping recording failed',
      );
    }
    this.deps.inner.ended(call.start.callId, {
      ...end,
      ...(recordingPath === undefined ? {} : { recordingPath }),
    });
  }
}
