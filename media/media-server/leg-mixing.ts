import { err, ok } from '../../core/index.ts';
import type { Logger, MediaError, MediaJoinOptions, Result } from '../../core/index.ts';
import type { MediaScheduler } from '../endpoint/index.ts';
import type { MohClasses, MusicOnHold } from '../player/index.ts';
import { ConferenceRoom } from './conference-room.ts';
import type { MediaLeg } from './media-leg.ts';

/** What rooms and music on hold need from their MediaServer. */
export interface LegMixingOptions {
  readonly scheduler: MediaScheduler;
  /** Fixed classes; used for hold when given, else `mohClasses`. */
  readonly musicOnHold: MusicOnHold | undefined;
  /** Classes from the configuration (the system's, as legs have no team). */
  readonly mohClasses: MohClasses | undefined;
  readonly mohClass: string | undefined;
  readonly logger: Logger | undefined;
  /** A member of a room started or stopped talking (spec 02 CF-9). */
  readonly onTalk?: ((leg: MediaLeg, roomId: string, isTalking: boolean) => void) | undefined;
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

  /** The live room `roomId`, if a leg is in it. */
  room(roomId: string): ConferenceRoom | undefined {
    return this.rooms.get(roomId);
  }

  /** Puts `leg` in room `roomId` (made at the leg's rate), out of any other. */
  join(
    leg: MediaLeg,
    roomId: string,
    opts: Pick<MediaJoinOptions, 'role' | 'isMixedOnlyWhileTalking'>,
  ): Result<void, MediaError> {
    let room = this.rooms.get(roomId);
    if (room === undefined) {
      const onTalk = this.options.onTalk;
      room = new ConferenceRoom(
        roomId,
        leg.sampleRateHz,
        onTalk === undefined ? undefined : (member, isTalking) => onTalk(member, roomId, isTalking),
      );
      this.rooms.set(roomId, room);
      this.options.scheduler.add(room);
    }
    if (room.mixer.sampleRateHz !== leg.sampleRateHz) {
      const detail = `room ${roomId} mixes at ${room.mixer.sampleRateHz} Hz, the leg's codec at ${leg.sampleRateHz} Hz`;
      return err({ code: 'ERR_MEDIA_INVALID_STATE', detail });
    }
    for (const other of [...this.rooms.values()]) if (other !== room) this.leave(other, leg);
    room.add(leg, opts);
    return ok(undefined);
  }

  /** Takes `leg` out of whatever room it is in. */
  leaveRooms(leg: MediaLeg): void {
    for (const room of [...this.rooms.values()]) this.leave(room, leg);
  }

  /** Plays the hold class to a held leg until stopMoh(). */
  startMoh(leg: MediaLeg): void {
    if (this.mohLeave.has(leg)) return;
    const moh = this.options.musicOnHold;
    if (moh === undefined) {
      this.startConfiguredMoh(leg);
      return;
    }
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

  /**
   * Joining a configured class may load files first; the leg is marked as
   * held at once, so a quick unhold before the join completes wins.
   */
  private startConfiguredMoh(leg: MediaLeg): void {
    const classes = this.options.mohClasses;
    if (classes === undefined) return;
    let isLeft = false;
    const pending = (): void => {
      isLeft = true;
    };
    this.mohLeave.set(leg, pending);
    leg.externalSource = 'moh';
    const className = this.options.mohClass ?? 'default';
    void classes
      .join(className, undefined, leg.sampleRateHz, (frame) => leg.sendPcm(frame))
      .then((joined) => {
        if (!joined.ok) {
          this.options.logger?.warn({ err: joined.error, ref: leg.ref }, 'no music on hold');
          if (!isLeft) this.stopMoh(leg);
          return;
        }
        if (isLeft || this.mohLeave.get(leg) !== pending) joined.value();
        else this.mohLeave.set(leg, joined.value);
      })
      .catch((error: unknown) => {
        this.options.logger?.warn({ err: error, ref: leg.ref }, 'no music on hold');
      });
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
