import { TypedEmitter, err, ok, uuid, type Result } from '../../core/index.ts';
import type {
  ApplicationCall,
  CallLeg,
  CallOriginator,
  Clock,
  HangupCause,
  Logger,
  MediaControl,
  OriginateTarget,
} from '../../core/index.ts';
import { LegPrompter } from '../voicemail/index.ts';
import {
  DEFAULT_CONFERENCE_CONFIG,
  type ConferenceConfig,
  type ConferenceDirectory,
  type ConferenceRoomConfig,
} from './conference-config.ts';
import { askConferencePin, conferenceIntro, recordMemberName } from './conference-entry.ts';
import { runMemberMenu } from './conference-menu.ts';
import {
  LiveRoom,
  type ConferenceError,
  type ConferenceEvents,
  type ConferenceSessionEnd,
  type LiveRoomView,
  type MemberState,
} from './live-room.ts';

/** What conferences need from the rest of the switch. */
export interface ConferenceDeps {
  readonly media: MediaControl;
  readonly clock: Clock;
  readonly directory: ConferenceDirectory;
  /** Places the calls of invite() (CL-2); without it invite() fails. */
  readonly originator?: CallOriginator | undefined;
  readonly logger?: Logger | undefined;
}

/** One number to invite into a room (spec 02 §3.12 CL-2). */
export interface ConferenceInvite {
  /** What to ring; the caller resolves numbers to extensions or routes. */
  readonly target: OriginateTarget;
  /** The number as the console shows it, for 'invitefailed'. */
  readonly number: string;
  /** 30 000 unless given. */
  readonly ringTimeoutMs?: number;
}

/** The fields of an application call a conference reads. */
export type ConferenceCall = Pick<ApplicationCall, 'callId' | 'teamId' | 'leg' | 'destination'>;

/** Why a member's time in a room ended; the leg is hung up by then. */
export type ConferenceEndReason =
  | 'left'
  | 'kicked'
  | 'room-not-found'
  | 'answer-failed'
  | 'pin-failed'
  | 'room-full'
  | 'room-locked'
  | 'media-failed';

/** Ended sessions kept for recentSessions(). */
const RECENT_SESSIONS = 200;

/** How a conference run ended. Rooms have no failover in the spec. */
export interface ConferenceOutcome {
  readonly kind: 'hangup';
  readonly reason: ConferenceEndReason;
}

/**
 * Conference rooms (spec 02 §3.11, §3.12): one live room per configured
 * room, made on the first join and ended when the last member leaves.
 * run() takes a caller through CF-1 … CF-7 and resolves when the caller
 * leaves; mute(), unmute(), kick(), setLocked() and invite() are for the
 * admin API (CF-10, CL-2); rooms() is the live view (CL-1). When the last
 * admin leaves a waitForLeader room the others stay mixed, as
 * MeetMe does without its `x` flag. A room with `recordConference` is
 * recorded whole (CF-8) from its first mixed member to its end, and
 * recentSessions() lists the files; `talkerDetection` puts `isTalking` on
 * members and `talkerOptimization` mixes only talking members (CF-9).
 */
export class ConferenceRooms extends TypedEmitter<ConferenceEvents> {
  readonly #live = new Map<number, LiveRoom>();
  readonly #settings: ConferenceConfig;
  /** Members hung up by kick(), so their run() says 'kicked'. */
  readonly #kicked = new Set<string>();
  /** The last RECENT_SESSIONS ended sessions, oldest first. */
  readonly #recent: ConferenceSessionEnd[] = [];

  constructor(
    private readonly deps: ConferenceDeps,
    config: Partial<ConferenceConfig> = {},
  ) {
    super(deps.logger);
    this.#settings = { ...DEFAULT_CONFERENCE_CONFIG, ...config };
    deps.media.on('talking', ({ ref, roomId, isTalking }) => {
      for (const room of this.#live.values()) {
        if (room.mediaRoomId === roomId) room.setTalking(ref, isTalking);
      }
    });
  }

  /** The live rooms, of one team or all. */
  rooms(teamId?: number): LiveRoomView[] {
    return [...this.#live.values()]
      .filter((r) => teamId === undefined || r.config.teamId === teamId)
      .map((r) => r.view());
  }

  /**
   * Sessions that ended since start, newest first, of one team or all:
   * where the recordings of recorded rooms are (CF-8, D29). Kept in memory
   * only, for the last 200 sessions.
   */
  recentSessions(teamId?: number): ConferenceSessionEnd[] {
    return this.#recent.filter((s) => teamId === undefined || s.teamId === teamId).reverse();
  }

  /** One live room, or undefined when nobody is in it. */
  room(roomId: number): LiveRoomView | undefined {
    return this.#live.get(roomId)?.view();
  }

  mute(roomId: number, memberId: string): Promise<Result<void, ConferenceError>> {
    return this.#withRoom(roomId, (r) => r.setMuted(memberId, true));
  }

  unmute(roomId: number, memberId: string): Promise<Result<void, ConferenceError>> {
    return this.#withRoom(roomId, (r) => r.setMuted(memberId, false));
  }

  /** Hangs a member up; its run() resolves with 'kicked'. */
  kick(roomId: number, memberId: string): Promise<Result<void, ConferenceError>> {
    return this.#withRoom(roomId, async (r) => {
      const member = r.members.get(memberId);
      if (member === undefined) {
        return err({ code: 'ERR_CONFERENCE_NOT_FOUND', detail: `member ${memberId}` });
      }
      this.#kicked.add(memberId);
      await member.leg.hangup({ reason: 'normal', q850: 16 });
      return ok(undefined);
    });
  }

  /** A locked room lets nobody else in. */
  setLocked(roomId: number, isLocked: boolean): Promise<Result<void, ConferenceError>> {
    return this.#withRoom(roomId, (r) => {
      r.isLocked = isLocked;
      this.safeEmit('roomlocked', { roomId, isLocked });
      return Promise.resolve(ok(undefined));
    });
  }

  /**
   * CL-2: calls each number showing the room's `inviteCallerId`; whoever
   * answers joins as an ordinary user without a PIN. A call that is not
   * answered is reported on 'invitefailed' (CL-3). Fails at once only
   * when the room is unknown or no originator was given.
   */
  invite(roomId: number, invites: readonly ConferenceInvite[]): Result<void, ConferenceError> {
    const config = this.deps.directory.conferenceRooms.find(roomId);
    if (config === undefined) {
      return err({ code: 'ERR_CONFERENCE_NOT_FOUND', detail: `room ${roomId}` });
    }
    const originator = this.deps.originator;
    if (originator === undefined) {
      return err({ code: 'ERR_CONFERENCE_INVITE', detail: 'no originator to place calls' });
    }
    const presented =
      config.inviteCallerId !== undefined &&
      config.inviteCallerId !== null &&
      config.inviteCallerId !== ''
        ? config.inviteCallerId
        : config.number;
    for (const invite of invites) {
      const placed = originator.originate({
        teamId: config.teamId,
        target: invite.target,
        caller: { uri: `tel:${presented}`, number: presented, displayName: config.name },
        ringTimeoutMs: invite.ringTimeoutMs ?? 30_000,
      });
      if (!placed.ok) {
        this.safeEmit('invitefailed', {
          roomId,
          number: invite.number,
          cause: { reason: 'failed', q850: 41, text: placed.error.detail },
        });
        continue;
      }
      this.#awaitInvitee(config, placed.value, invite.number);
    }
    return ok(undefined);
  }

  #awaitInvitee(config: ConferenceRoomConfig, leg: CallLeg, number: string): void {
    const onHangup = (cause: HangupCause) => {
      leg.off('answered', onAnswered);
      this.safeEmit('invitefailed', { roomId: config.id, number, cause });
    };
    const onAnswered = () => {
      leg.off('hangup', onHangup);
      const prompter = new LegPrompter(leg, this.deps.media, this.deps.clock);
      this.#join(config, leg.id, prompter, 'user', undefined)
        .catch((error: unknown) => {
          this.deps.logger?.error({ err: error, roomId: config.id }, 'conference invitee failed');
          void leg.hangup({ reason: 'failed', q850: 41 });
        })
        .finally(() => prompter.dispose());
    };
    leg.once('hangup', onHangup);
    leg.once('answered', onAnswered);
  }

  /** Takes the caller into room `call.destination.targetId`. */
  async run(call: ConferenceCall): Promise<ConferenceOutcome> {
    const id = call.destination.targetId;
    const config = id !== undefined ? this.deps.directory.conferenceRooms.find(id) : undefined;
    if (config === undefined || config.teamId !== call.teamId) {
      await call.leg.hangup({ reason: 'not-found', q850: 1, sipStatus: 404 });
      return { kind: 'hangup', reason: 'room-not-found' };
    }
    const prompter = new LegPrompter(call.leg, this.deps.media, this.deps.clock);
    try {
      return await this.#enter(call, config, prompter);
    } finally {
      prompter.dispose();
    }
  }

  async #enter(
    call: ConferenceCall,
    config: ConferenceRoomConfig,
    prompter: LegPrompter,
  ): Promise<ConferenceOutcome> {
    const { prompts } = this.#settings;
    const end = async (reason: ConferenceEndReason, file?: string) => {
      if (file !== undefined && !prompter.isHungUp) await prompter.play({ file });
      await call.leg.hangup();
      return { kind: 'hangup' as const, reason };
    };
    // CF-1: answer, then the room's entry prompt (keys type ahead the PIN).
    if (call.leg.state !== 'confirmed' && !(await call.leg.answer()).ok) {
      return end('answer-failed');
    }
    const entry = config.entryPromptFile;
    if (entry !== undefined && entry !== null && entry !== '') {
      if ((await prompter.play({ file: entry }, { isInterruptible: true })) === 'hangup') {
        return end('left');
      }
    }
    const role = await askConferencePin(config, prompter, this.#settings);
    if (role === 'hangup') return end('left');
    if (role === 'failed') return end('pin-failed', prompts.goodbye);
    const blocked = this.#refusal(config);
    if (blocked !== undefined) return end(blocked.reason, blocked.file);
    const nameFile = await recordMemberName(config, prompter, this.deps.media, this.#settings);
    if (prompter.isHungUp) return end('left');
    const before = this.#live.get(config.id);
    const isWaiting = config.waitForLeader && role === 'user' && before?.hasAdmin !== true;
    const intro = conferenceIntro(config, before?.members.size ?? 0, isWaiting, this.#settings);
    if ((await prompter.playAll(intro)) === 'hangup') return end('left');
    // Checked again: others may have joined while this caller typed.
    const late = this.#refusal(config);
    if (late !== undefined) return end(late.reason, late.file);
    return this.#join(config, call.callId, prompter, role, nameFile);
  }

  /**
   * Puts an answered leg in the room and keeps it there until it is gone;
   * the room ends with its last member. No await may come between the
   * caller's last #refusal() check and room.add(), or the room could fill.
   */
  async #join(
    config: ConferenceRoomConfig,
    callId: string,
    prompter: LegPrompter,
    role: 'admin' | 'user',
    nameFile: string | undefined,
  ): Promise<ConferenceOutcome> {
    const leg = prompter.leg;
    const room = this.#liveRoom(config);
    const memberId = uuid();
    const member: MemberState = {
      view: {
        memberId,
        roomId: config.id,
        callId,
        number: leg.remote.number,
        displayName: leg.remote.displayName,
        role,
        isMuted: false,
        isWaiting: config.waitForLeader && role === 'user' && !room.hasAdmin,
        joinedAtMs: this.deps.clock.now(),
        ...(config.talkerDetection ? { isTalking: false } : {}),
      },
      leg,
      nameFile,
      moh: undefined,
      isMohWanted: false,
      isMohStarting: false,
    };
    await room.add(member);
    prompter.flush();
    await runMemberMenu(
      { room, member, prompter, settings: this.#settings },
      {
        mute: (mid, isMuted) => room.setMuted(mid, isMuted),
        kick: (mid) => this.kick(config.id, mid),
        lock: (isLocked) => this.setLocked(config.id, isLocked),
      },
    );
    const wasKicked = this.#kicked.delete(memberId);
    await room.remove(memberId, wasKicked ? 'kicked' : 'hangup');
    if (room.members.size === 0) await this.#endRoom(room);
    await leg.hangup();
    return { kind: 'hangup', reason: wasKicked ? 'kicked' : 'left' };
  }

  #refusal(
    config: ConferenceRoomConfig,
  ): { reason: ConferenceEndReason; file: string } | undefined {
    const room = this.#live.get(config.id);
    if (room?.isLocked === true)
      return { reason: 'room-locked', file: this.#settings.prompts.roomLocked };
    if (room?.isFull === true)
      return { reason: 'room-full', file: this.#settings.prompts.roomFull };
    return undefined;
  }

  #liveRoom(config: ConferenceRoomConfig): LiveRoom {
    const existing = this.#live.get(config.id);
    if (existing !== undefined) return existing;
    const room = new LiveRoom(config, uuid(), { ...this.deps, events: this }, this.#settings);
    this.#live.set(config.id, room);
    this.safeEmit('roomstarted', room.view());
    return room;
  }

  /**
   * Ends a session: a new caller gets a new room at once, while this one's
   * recording (CF-8) is closed before 'roomended' reports it.
   */
  async #endRoom(room: LiveRoom): Promise<void> {
    if (this.#live.get(room.config.id) !== room) return;
    this.#live.delete(room.config.id);
    const endedAtMs = this.deps.clock.now();
    await room.recording?.stop();
    const ended: ConferenceSessionEnd = {
      roomId: room.config.id,
      teamId: room.config.teamId,
      number: room.config.number,
      sessionId: room.sessionId,
      startedAtMs: room.startedAtMs,
      durationMs: endedAtMs - room.startedAtMs,
      recordingPath: room.recording?.path ?? null,
    };
    this.#recent.push(ended);
    if (this.#recent.length > RECENT_SESSIONS) this.#recent.shift();
    this.safeEmit('roomended', ended);
  }

  async #withRoom(
    roomId: number,
    fn: (room: LiveRoom) => Promise<Result<void, ConferenceError>>,
  ): Promise<Result<void, ConferenceError>> {
    const room = this.#live.get(roomId);
    if (room === undefined)
      return err({ code: 'ERR_CONFERENCE_NOT_FOUND', detail: `room ${roomId}` });
    return fn(room);
  }
}
