import { err, ok } from '../../core/index.ts';
import type {
  MediaDtmfOptions,
  MediaError,
  MediaJoinOptions,
  MediaOperation,
  MediaPlayOptions,
  MediaPlaySource,
  MediaRecordOptions,
  MediaSessionRef,
  Result,
} from '../../core/index.ts';
import type { CallTable } from './call-table.ts';
import { DtmfGate } from './dtmf-gate.ts';
import { sendLegDtmf } from './leg-dtmf.ts';
import type { LegMixing } from './leg-mixing.ts';
import type { LegRecordings } from './leg-recordings.ts';
import type { MediaLeg } from './media-leg.ts';
import { notFound, notRunning } from './media-server-errors.ts';
import type { PlaybackControl } from './playback-control.ts';
import { withLegPinned } from './relay-offload.ts';
import type { RelayOffload } from './relay-offload.ts';
import type { RoomRecordings } from './room-recordings.ts';

/** What LegOperations works on; MediaServer owns each of these. */
export interface LegOperationsOptions {
  readonly calls: CallTable;
  readonly playback: PlaybackControl;
  readonly recordings: LegRecordings;
  readonly roomRecordings: RoomRecordings;
  readonly mixing: LegMixing;
  readonly offload: RelayOffload | undefined;
  readonly isRunning: () => boolean;
}

/**
 * What MediaServer does to negotiated legs besides relaying them: play,
 * record, mix, join rooms and send or gate DTMF. Each operation that needs
 * the leg's packets in JavaScript pins it out of the native relay while it
 * sets up (withLegPinned).
 */
export class LegOperations {
  private readonly options: LegOperationsOptions;

  constructor(options: LegOperationsOptions) {
    this.options = options;
  }

  async play(
    ref: MediaSessionRef,
    source: MediaPlaySource,
    opts: MediaPlayOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    const leg = this.negotiatedLeg(ref);
    if (!leg.ok) return leg;
    return withLegPinned(this.options.offload, leg.value, () =>
      this.options.playback.play(leg.value, source, opts),
    );
  }

  async record(
    ref: MediaSessionRef,
    opts: MediaRecordOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    const found = this.negotiatedLeg(ref);
    if (!found.ok) return found;
    return withLegPinned(this.options.offload, found.value, () =>
      this.options.recordings.start(found.value, opts),
    );
  }

  async recordRoom(
    roomId: string,
    opts: MediaRecordOptions,
  ): Promise<Result<MediaOperation, MediaError>> {
    if (!this.options.isRunning()) return notRunning();
    const room = this.options.mixing.room(roomId);
    if (room === undefined) {
      return err({ code: 'ERR_MEDIA_SESSION_NOT_FOUND', detail: `no leg is in room ${roomId}` });
    }
    return this.options.roomRecordings.start(room, opts);
  }

  async mix(a: MediaSessionRef, b: MediaSessionRef): Promise<Result<void, MediaError>> {
    const { calls, offload } = this.options;
    const legA = calls.leg(a);
    const legB = calls.leg(b);
    if (legA === undefined) return notFound(a);
    if (legB === undefined) return notFound(b);
    offload?.demote(legA);
    offload?.demote(legB);
    for (const leg of [legA, legB]) {
      const old = leg.peer;
      if (old !== undefined && old !== legA && old !== legB) {
        old.peer = undefined;
        old.rewire();
      }
    }
    legA.peer = legB;
    legB.peer = legA;
    legA.rewire();
    legB.rewire();
    offload?.reconsider(legA);
    return ok(undefined);
  }

  async join(ref: MediaSessionRef, opts: MediaJoinOptions): Promise<Result<void, MediaError>> {
    const found = this.negotiatedLeg(ref);
    if (!found.ok) return found;
    const leg = found.value;
    return withLegPinned(this.options.offload, leg, async () =>
      this.options.mixing.join(leg, opts.roomId ?? ref.callId, opts),
    );
  }

  async unjoin(ref: MediaSessionRef): Promise<Result<void, MediaError>> {
    const leg = this.options.calls.leg(ref);
    if (leg === undefined) return notFound(ref);
    this.options.mixing.leaveRooms(leg);
    this.options.offload?.reconsider(leg);
    return ok(undefined);
  }

  /** See MediaServer.gateDtmf(). */
  gateDtmf(ref: MediaSessionRef, codes: readonly string[]): Result<void, MediaError> {
    const { offload } = this.options;
    const leg = this.options.calls.leg(ref);
    if (leg === undefined) return notFound(ref);
    offload?.demote(leg);
    leg.dtmfGate = codes.length === 0 ? undefined : new DtmfGate(codes);
    offload?.reconsider(leg);
    return ok(undefined);
  }

  async sendDtmf(
    ref: MediaSessionRef,
    digits: string,
    opts: MediaDtmfOptions,
  ): Promise<Result<void, MediaError>> {
    const found = this.negotiatedLeg(ref);
    if (!found.ok) return found;
    return withLegPinned(this.options.offload, found.value, async () =>
      sendLegDtmf(found.value, digits, opts, (leg, d, onMs, offMs) =>
        this.options.playback.playDtmf(leg, d, onMs, offMs),
      ),
    );
  }

  private negotiatedLeg(ref: MediaSessionRef): Result<MediaLeg, MediaError> {
    if (!this.options.isRunning()) return notRunning();
    const leg = this.options.calls.leg(ref);
    if (leg === undefined) return notFound(ref);
    if (leg.codec === undefined) {
      const detail = `leg ${ref.legId} of ${ref.callId} has no negotiated codec yet`;
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail });
    }
    return ok(leg);
  }
}
