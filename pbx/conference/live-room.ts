import { err, ok, type Result } from '../../core/index.ts';
import type {
  CallLeg,
  Clock,
  HangupCause,
  Logger,
  MediaControl,
  MediaOperation,
  MediaPlaySource,
  MediaSessionRef,
  TypedEmitter,
} from '../../core/index.ts';
import type { ConferenceConfig, ConferenceRoomConfig } from './conference-config.ts';
import { ConferenceRecording } from './conference-recording.ts';

/** A participant as the live view shows it (spec 02 §3.12 CL-1). */
export interface ConferenceMember {
  readonly memberId: string;
  readonly roomId: number;
  readonly callId: string;
  readonly number: string;
  readonly displayName?: string | undefined;
  /** `admin` joined with the admin PIN (a marked user, CF-2). */
  readonly role: 'admin' | 'user';
  /** Heard by no one: joined listen-only. */
  readonly isMuted: boolean;
  /** Not mixed yet: waits for an admin (CF-3). */
  readonly isWaiting: boolean;
  readonly joinedAtMs: number;
  /** CF-9: whether the member talks now; present only with `talkerDetection`. */
  readonly isTalking?: boolean | undefined;
}

/** One live room session (spec 02 §3.12 `ConferenceSession`). */
export interface LiveRoomView {
  readonly roomId: number;
  readonly teamId: number;
  readonly number: string;
  readonly name: string;
  readonly sessionId: string;
  readonly startedAtMs: number;
  readonly isLocked: boolean;
  readonly participantCount: number;
  readonly members: readonly ConferenceMember[];
  /** CF-8: the session's recording, relative to the recordings directory (D29). */
  readonly recordingPath: string | null;
}

/** Why a member left. */
export type LeaveReason = 'hangup' | 'kicked';

/** The events of ConferenceRooms, for the admin API and live view. */
export type ConferenceEvents = {
  roomstarted: [LiveRoomView];
  memberjoined: [ConferenceMember];
  /** Muted, unmuted, or let in from waiting. */
  memberchanged: [ConferenceMember];
  /** CF-9: a member started or stopped talking (`isTalking` says which). */
  membertalking: [ConferenceMember];
  memberleft: [ConferenceMember, LeaveReason];
  roomlocked: [{ readonly roomId: number; readonly isLocked: boolean }];
  /** An invited number was not reached (CL-3). */
  invitefailed: [{ readonly roomId: number; readonly number: string; readonly cause: HangupCause }];
  /** The session ended; its recording (CF-8) is closed by then. */
  roomended: [ConferenceSessionEnd];
};

/** A session that ended, with its recording if the room was recorded (CF-8). */
export interface ConferenceSessionEnd {
  readonly roomId: number;
  readonly teamId: number;
  readonly number: string;
  readonly sessionId: string;
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly recordingPath: string | null;
}

/** Why an admin operation failed. */
export interface ConferenceError {
  readonly code: 'ERR_CONFERENCE_NOT_FOUND' | 'ERR_CONFERENCE_MEDIA' | 'ERR_CONFERENCE_INVITE';
  readonly detail: string;
}

/** A member inside the application: the view plus the leg and media state. */
export interface MemberState {
  view: ConferenceMember;
  readonly leg: CallLeg;
  /** The CF-5 name recording, played on join and leave. */
  readonly nameFile: string | undefined;
  moh: MediaOperation | undefined;
  isMohWanted: boolean;
  isMohStarting: boolean;
}

/** What a LiveRoom needs. */
export interface LiveRoomDeps {
  readonly media: MediaControl;
  readonly clock: Clock;
  readonly events: TypedEmitter<ConferenceEvents>;
  readonly logger?: Logger | undefined;
}

/**
 * The members of one room session and their media: who is in the mix, in
 * which role, who hears music, and the tones and announcements on joins
 * and leaves (CF-3, CF-4, CF-5). The media plane mixes every leg joined
 * with the same `mediaRoomId`.
 */
export class LiveRoom {
  readonly members = new Map<string, MemberState>();
  readonly startedAtMs: number;
  readonly mediaRoomId: string;
  /** CF-8: present when the room has `recordConference`. */
  readonly recording: ConferenceRecording | undefined;
  isLocked = false;

  constructor(
    readonly config: ConferenceRoomConfig,
    readonly sessionId: string,
    private readonly deps: LiveRoomDeps,
    private readonly settings: ConferenceConfig,
  ) {
    this.startedAtMs = deps.clock.now();
    this.mediaRoomId = `conference-${config.id}-${sessionId}`;
    this.recording = config.recordConference
      ? new ConferenceRecording(deps, {
          teamId: config.teamId,
          number: config.number,
          mediaRoomId: this.mediaRoomId,
        })
      : undefined;
  }

  get hasAdmin(): boolean {
    return [...this.members.values()].some((m) => m.view.role === 'admin');
  }

  /** Whether one more member would exceed `maxMembers` (0 is unlimited). */
  get isFull(): boolean {
    return this.config.maxMembers > 0 && this.members.size >= this.config.maxMembers;
  }

  view(): LiveRoomView {
    const members = [...this.members.values()].map((m) => m.view);
    return {
      roomId: this.config.id,
      teamId: this.config.teamId,
      number: this.config.number,
      name: this.config.name,
      sessionId: this.sessionId,
      startedAtMs: this.startedAtMs,
      isLocked: this.isLocked,
      participantCount: members.length,
      members,
      recordingPath: this.recording?.path ?? null,
    };
  }

  /**
   * Adds a member: mixed at once, or waiting while CF-3 asks for an admin
   * who is not there. An admin's arrival lets every waiting member in.
   */
  async add(member: MemberState): Promise<void> {
    this.members.set(member.view.memberId, member);
    this.deps.events.safeEmit('memberjoined', member.view);
    if (!member.view.isWaiting) {
      await this.#mix(member);
      this.#announce(member, 'join');
    }
    if (member.view.role === 'admin') {
      for (const waiting of this.members.values()) {
        if (!waiting.view.isWaiting) continue;
        waiting.view = { ...waiting.view, isWaiting: false };
        await this.#mix(waiting);
        this.deps.events.safeEmit('memberchanged', waiting.view);
      }
    }
    this.#refreshMoh();
    // CF-8: the recording starts with the first member in the mix, which
    // with waitForLeader (CF-3) is the first admin.
    const isMixing = [...this.members.values()].some((m) => !m.view.isWaiting);
    if (isMixing) await this.recording?.start();
  }

  /**
   * CF-9: a member's leg started or stopped talking; shown in the live
   * view and reported when the room has `talkerDetection`.
   */
  setTalking(ref: MediaSessionRef, isTalking: boolean): void {
    if (!this.config.talkerDetection) return;
    for (const member of this.members.values()) {
      const media = member.leg.media;
      if (media.callId !== ref.callId || media.legId !== ref.legId) continue;
      if (member.view.isTalking === isTalking) return;
      member.view = { ...member.view, isTalking };
      this.deps.events.safeEmit('membertalking', member.view);
      return;
    }
  }

  /** Takes a member out; the others hear it (CF-5) and maybe music (CF-4). */
  async remove(memberId: string, reason: LeaveReason): Promise<void> {
    const member = this.members.get(memberId);
    if (member === undefined) return;
    this.members.delete(memberId);
    this.#stopMoh(member);
    await this.deps.media.unjoin(member.leg.media);
    if (!member.view.isWaiting) this.#announce(member, 'leave');
    this.deps.events.safeEmit('memberleft', member.view, reason);
    this.#refreshMoh();
  }

  /** Mutes (listen-only) or unmutes (speak-listen) a member. */
  async setMuted(memberId: string, isMuted: boolean): Promise<Result<void, ConferenceError>> {
    const member = this.members.get(memberId);
    if (member === undefined) {
      return err({ code: 'ERR_CONFERENCE_NOT_FOUND', detail: `member ${memberId}` });
    }
    if (member.view.isMuted === isMuted) return ok(undefined);
    member.view = { ...member.view, isMuted };
    if (!member.view.isWaiting) {
      const r = await this.#mix(member);
      if (!r.ok) return r;
    }
    this.deps.events.safeEmit('memberchanged', member.view);
    return ok(undefined);
  }

  /** The member who joined last, other than `exceptId`. */
  lastJoinedOther(exceptId: string): MemberState | undefined {
    const others = [...this.members.values()].filter((m) => m.view.memberId !== exceptId);
    return others[others.length - 1];
  }

  // join() on a leg already in the room is taken to change its role: the
  // port has no separate operation for it.
  async #mix(member: MemberState): Promise<Result<void, ConferenceError>> {
    const role = member.view.isMuted ? 'listen-only' : 'speak-listen';
    const r = await this.deps.media.join(member.leg.media, {
      roomId: this.mediaRoomId,
      role,
      // CF-9 talkerOptimization: silent members stay out of the mix.
      ...(this.config.talkerOptimization ? { isMixedOnlyWhileTalking: true } : {}),
    });
    if (!r.ok) return err({ code: 'ERR_CONFERENCE_MEDIA', detail: r.error.detail });
    return ok(undefined);
  }

  /**
   * CF-5: a beep to the mixed others unless `quietMode`, then the
   * member's recorded name and "has joined/left" when `announceJoinLeave`.
   * The plays run in the background; the room does not wait for them.
   */
  #announce(member: MemberState, what: 'join' | 'leave'): void {
    const sources: MediaPlaySource[] = [];
    if (!this.config.quietMode) sources.push({ tone: 'beep' });
    if (this.config.announceJoinLeave && member.nameFile !== undefined) {
      const { hasJoined, hasLeft } = this.settings.prompts;
      sources.push({ file: member.nameFile }, { file: what === 'join' ? hasJoined : hasLeft });
    }
    if (sources.length === 0) return;
    for (const other of this.members.values()) {
      if (other === member || other.view.isWaiting) continue;
      void this.#playInOrder(other, sources);
    }
  }

  async #playInOrder(member: MemberState, sources: readonly MediaPlaySource[]): Promise<void> {
    for (const source of sources) {
      if (member.leg.state === 'terminated') return;
      const r = await this.deps.media.play(member.leg.media, source);
      if (!r.ok) return;
      await r.value.finished;
    }
  }

  /**
   * CF-3 and CF-4 with `musicOnHold`: a waiting member, and a member alone
   * in the mix, hear the team's music; everybody else does not.
   */
  #refreshMoh(): void {
    const mixed = [...this.members.values()].filter((m) => !m.view.isWaiting);
    for (const m of this.members.values()) {
      const wanted =
        this.config.musicOnHold && (m.view.isWaiting || (mixed.length === 1 && mixed[0] === m));
      if (wanted && !m.isMohWanted) void this.#startMoh(m);
      else if (!wanted) this.#stopMoh(m);
    }
  }

  async #startMoh(member: MemberState): Promise<void> {
    member.isMohWanted = true;
    const source = this.config.moh;
    if (
      member.moh !== undefined ||
      member.isMohStarting ||
      source === undefined ||
      source === null
    ) {
      return;
    }
    member.isMohStarting = true;
    const r = await this.deps.media.play(member.leg.media, source, { loop: true });
    member.isMohStarting = false;
    if (!r.ok) return;
    if (member.isMohWanted) member.moh = r.value;
    else void r.value.stop();
  }

  #stopMoh(member: MemberState): void {
    member.isMohWanted = false;
    const op = member.moh;
    member.moh = undefined;
    if (op !== undefined) void op.stop();
  }
}
