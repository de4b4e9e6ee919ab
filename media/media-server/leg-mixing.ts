import { err, ok } from '../../core/index.ts';
import type { Logger, MediaError, MediaJoinOptions, Result } from '../../core/index.ts';
import type { MediaScheduler } from '../endpoint/index.ts';
import type { MusicOnHold } from '../player/index.ts';
import { ConferenceRoom } from './conference-room.ts';
import type { MediaLeg } from './media-leg.ts';

/** What rooms and music on hold need from their MediaServer. */
export interface LegMixingOptions {
  readonly scheduler: MediaScheduler;
  readonly musicOnHold: MusicOnHold | undefined;
  readonly mohClass: string | undefined;
  readonly logger: Logger | undefined;
}

/**
 * What legs hear besides their peer: the mix of a conference room (one
 * room at a time per leg; a room lives while it has members) or the
 * shared music-on-hold stream of a class while the leg is held.
 */
export class LegMixing {
  private readonly rooms = new Map<string, ConferenceRoom>();
  private readonly mohLeave = new Map<MediaLeg, () => void>();

  constructor(private readonly options: LegMixingOptions) {}

  /** Puts `leg` in room `roomId` (made at the leg's rate), out of any other. */
  join(leg: MediaLeg, roomId: string, role: MediaJoinOptions['role']): Result<void, MediaError> {
    let room = this.rooms.get(roomId);
    if (room === undefined) {
      room = new ConferenceRoom(roomId, leg.sampleRateHz);
      this.rooms.set(roomId, room);
      this.options.scheduler.add(room);
    }
    if (room.mixer.sampleRateHz !== leg.sampleRateHz) {
      const detail = `room ${roomId} mixes at ${room.mixer.sampleRateHz} Hz, the leg's codec at ${leg.sampleRateHz} Hz`;
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail });
    }
    for (const other of [...this.rooms.values()]) if (other !== room) this.leave(other, leg);
    room.add(leg, role);
    return ok(undefined);
  }

  /** Takes `leg` out of whatever room it is in. */
  leaveRooms(leg: MediaLeg): void {
    for (const room of [...this.rooms.values()]) this.leave(room, leg);
  }

  startMoh(leg: MediaLeg): void {
    const moh = this.options.musicOnHold;
    if (moh === undefined || this.mohLeave.has(leg)) return;
    try {
      this.mohLeave.set(
        leg,
        moh.join(this.options.mohClass ?? 'default', (frame) => leg.sendPcm(frame)),
      );
      leg.externalSource = 'moh';
    } catch (error) {
      this.options.logger?.warn({ err: error, ref: leg.ref }, 'no music on hold');
    }
  }

  stopMoh(leg: MediaLeg): void {
    const leave = this.mohLeave.get(leg);
    if (leave === undefined) return;
    this.mohLeave.delete(leg);
    leave();
    if (leg.externalSource === 'moh') leg.externalSource = undefined;
  }

  /** A leg that goes away leaves its room and its music. */
  forget(leg: MediaLeg): void {
    this.stopMoh(leg);
    this.leaveRooms(leg);
  }

  /** Closes every room (the server stops). */
  close(): void {
    for (const room of this.rooms.values()) room.close();
    this.rooms.clear();
  }

  private leave(room: ConferenceRoom, leg: MediaLeg): void {
    if (!room.remove(leg) || room.size > 0) return;
    this.options.scheduler.remove(room);
    room.close();
    this.rooms.delete(room.id);
  }
}
