import type {
  ApplicationCall,
  CallLeg,
  Destination,
  HangupCause,
  MediaOperation,
  TimerHandle,
} from '../../core/index.ts';
import { PartyBridge, type BridgeEnd } from '../calls/index.ts';
import { MemberRinger, prefixedCaller, type MemberRingEnd } from '../ring-group/index.ts';
import {
  queueFailover,
  queueFunctionKeyTarget,
  type QueueConfig,
  type QueueMember,
} from './queue-config.ts';
import type { QueueDeps } from './queue-deps.ts';
import { collectRating } from './queue-rating.ts';

/** Why a caller left a queue for a destination. */
export type QueueLeaveReason = 'join-empty' | 'full' | 'max-wait' | 'function-key';

/** How a queue call ended. */
export type QueueOutcome =
  /** A member answered; resolved when the bridged call is over. */
  | {
      readonly kind: 'answered';
      readonly memberKey: string;
      readonly waitMs: number;
      readonly end: BridgeEnd;
      /** The caller is still up (IVR-9 asked for it back); else it was hung up. */
      readonly isCallerKept: boolean;
    }
  /** The caller goes elsewhere; the caller leg is still up. */
  | {
      readonly kind: 'destination';
      readonly destination: Destination;
      readonly reason: QueueLeaveReason;
    }
  /** The caller hung up while waiting (abandoned); ringing members were cancelled. */
  | { readonly kind: 'caller-hangup'; readonly waitMs: number }
  /** The caller could not be answered or bridged. */
  | { readonly kind: 'failed'; readonly detail: string };

/** `waiting` has nobody ringing; `ringing` offers it; `connecting` has a member. */
export type QueueCallPhase = 'waiting' | 'ringing' | 'connecting' | 'done';

/** The member talking with the caller, and their bridge (Q-19 adds parties to it). */
export interface QueueConnection {
  readonly memberKey: string;
  readonly member: QueueMember | undefined;
  readonly bridge: PartyBridge;
}

/** What a QueueCall needs from its Queue. */
export interface QueueCallHost {
  readonly config: QueueConfig;
  readonly deps: QueueDeps;
  /** 1-based place in line. */
  positionOf(call: QueueCall): number;
  /** The caller is answered and waits: add it to the line and dispatch. */
  joined(call: QueueCall): void;
  /** A member's leg ended unanswered. */
  ringEnded(call: QueueCall, key: string, reason: MemberRingEnd): void;
  /** A member took the call and is now busy with it. */
  memberAnswered(call: QueueCall, key: string): void;
  /** The caller and the member talk: the caller is out of the line. */
  bridged(call: QueueCall, key: string, waitMs: number): void;
  /** The member is free again; `isTalked` starts its wrap-up. */
  memberReleased(call: QueueCall, key: string, isTalked: boolean): void;
  /** The bridged call is over for every party (Q-19: a conference may outlive the member). */
  talkEnded(call: QueueCall): void;
  /** The caller left without a member, with how it ended. */
  left(call: QueueCall, outcome: QueueOutcome): void;
}

const FAILED: HangupCause = { reason: 'failed', q850: 41 };
const NORMAL: HangupCause = { reason: 'normal', q850: 16 };

/**
 * One caller in a queue (spec 02 §3.1): answered on entry, hears the
 * entry prompt, then the MOH class in a loop broken by periodic and
 * position announcements, leaves on max wait or the exit key, and is
 * bridged to the member its Queue offers it to when that member answers.
 */
export class QueueCall {
  phase: QueueCallPhase = 'waiting';
  joinedAtMs = 0;
  readonly #leg: CallLeg;
  readonly #timers: TimerHandle[] = [];
  readonly #intervals: TimerHandle[] = [];
  #ringer: MemberRinger | undefined;
  #isOffering = false;
  #offered = new Map<string, QueueMember>();
  #playing: MediaOperation | undefined;
  #connection: QueueConnection | undefined;
  #mediaToken = 0;
  #resolve: (o: QueueOutcome) => void = () => undefined;
  readonly #onHangup = () => this.#leave({ kind: 'caller-hangup', waitMs: this.waitMs });
  readonly #onDtmf = (e: { readonly digit: string }) => {
    const key = this.host.config.functionKey;
    if (key !== null && e.digit === key && this.#isWaiting) {
      const destination = queueFunctionKeyTarget(this.host.config);
      this.#leave({ kind: 'destination', destination, reason: 'function-key' });
    }
  };

  constructor(
    private readonly host: QueueCallHost,
    readonly call: ApplicationCall,
    /** Higher is served first; equal priorities in order of arrival. */
    readonly priority: number,
    readonly seq: number,
    /** IVR-9: hand the caller back still up when the member hangs up first. */
    readonly isKeepingCaller = false,
  ) {
    this.#leg = call.leg;
  }

  /** How long the caller has been in the queue. */
  get waitMs(): number {
    return this.host.deps.clock.monotonicMs() - this.joinedAtMs;
  }

  /** The member and the bridge while they talk; undefined before and after. */
  get connection(): QueueConnection | undefined {
    return this.#connection;
  }

  /** How many members ring for this caller now. */
  get ringingCount(): number {
    return this.#ringer?.ringingCount ?? 0;
  }

  /** A call, not a property read, so that TS does not narrow across awaits. */
  #isDone(): boolean {
    return this.phase === 'done';
  }

  get #isWaiting(): boolean {
    return this.phase === 'waiting' || this.phase === 'ringing';
  }

  /** Answers the caller and joins the line; resolves when the call is done. */
  async run(): Promise<QueueOutcome> {
    const outcome = new Promise<QueueOutcome>((resolve) => (this.#resolve = resolve));
    const answered = await this.#leg.answer();
    if (!answered.ok) {
      this.phase = 'done';
      if (this.#leg.state === 'terminated') return { kind: 'caller-hangup', waitMs: 0 };
      await this.#leg.hangup(FAILED);
      return { kind: 'failed', detail: `answer: ${answered.error.detail}` };
    }
    const { clock } = this.host.deps;
    const config = this.host.config;
    this.joinedAtMs = clock.monotonicMs();
    this.#leg.on('hangup', this.#onHangup);
    this.#leg.on('dtmf', this.#onDtmf);
    if (this.#leg.state === 'terminated') this.#onHangup();
    if (this.#isDone()) return outcome;
    if (config.maxWaitTimeSec > 0) {
      this.#timers.push(clock.setTimeout(() => this.#maxWait(), config.maxWaitTimeSec * 1000));
    }
    this.#every(config.periodicAnnounceFrequencySec, () => {
      const file = this.#promptFile(config.periodicAnnouncePrompt);
      if (file !== undefined) void this.#announce([file]);
    });
    this.#every(config.positionAnnounceFrequencySec, () => {
      void this.#announce(this.host.deps.audio.positionFiles(this.host.positionOf(this)));
    });
    const entry = this.#promptFile(config.entryPrompt);
    void this.#announce(entry === undefined ? [] : [entry]);
    this.host.joined(this);
    return outcome;
  }

  /** Rings `members` for this caller; called by the Queue's dispatch. */
  offer(members: readonly QueueMember[]): void {
    const config = this.host.config;
    this.#offered = new Map(members.map((m) => [m.key, m]));
    const caller = prefixedCaller(
      this.#leg.remote,
      config.callerNumberPrefix,
      config.callerNamePrefix,
    );
    const ringer = new MemberRinger(
      this.host.deps.originator,
      this.host.deps.clock,
      {
        teamId: config.teamId,
        caller,
        parentCallId: this.call.callId,
        purpose: 'queue',
      },
      {
        onAnswered: (key, leg) => void this.#connect(key, leg),
        onEnded: (key, reason) => this.#ringEnded(key, reason),
      },
    );
    this.#ringer = ringer;
    this.phase = 'ringing';
    this.#isOffering = true;
    const timeoutMs = config.agentRingTimeoutSec * 1000;
    const failed = members.filter(
      (m) =>
        !ringer.ring(m.key, m.target, timeoutMs, {
          originate: m.originate,
          autoAnswer: m.autoAnswer,
          agentGroupId: m.agentGroupId,
        }),
    );
    this.#isOffering = false;
    this.#backInLineIfIdle();
    for (const member of failed) this.host.ringEnded(this, member.key, 'failed');
  }

  #ringEnded(key: string, reason: MemberRingEnd): void {
    if (!this.#isOffering) this.#backInLineIfIdle();
    this.host.ringEnded(this, key, reason);
  }

  /** Once no member rings any more, the caller waits for the next offer. */
  #backInLineIfIdle(): void {
    if (this.phase === 'ringing' && this.ringingCount === 0) {
      this.#ringer = undefined;
      this.phase = 'waiting';
    }
  }

  /** A member answered: stop the waiting media, brief the member, bridge. */
  async #connect(key: string, member: CallLeg): Promise<void> {
    const memberAnsweredAtMs = this.host.deps.clock.now();
    this.#ringer = undefined;
    this.phase = 'connecting';
    this.host.memberAnswered(this, key);
    await this.#stopMedia();
    await Promise.all([
      this.#playBeforeBridge(member, member, [this.host.config.agentAnnouncePrompt]),
      this.#playBeforeBridge(this.#leg, member, this.#agentIdFiles(key)),
    ]);
    if (this.#isDone()) {
      await member.hangup();
      this.host.memberReleased(this, key, false);
      return;
    }
    if (member.state === 'terminated') {
      // The member left before the bridge: the caller waits on in line.
      this.phase = 'waiting';
      const maxWaitMs = this.host.config.maxWaitTimeSec * 1000;
      if (maxWaitMs > 0 && this.waitMs >= maxWaitMs) this.#maxWait();
      else void this.#announce([]);
      // Counted as a failed offer, so the member sits out the retry period.
      this.host.ringEnded(this, key, 'failed');
      this.host.memberReleased(this, key, false);
      return;
    }
    // Q-17, IVR-9: the caller outlives the member when it is to be rated
    // or is wanted back; otherwise the member's BYE ends it too.
    const isKeepingA = this.isKeepingCaller || this.host.config.ratingPromptId !== null;
    // a PartyBridge, so that the member can add parties to the call.
    const bridge = await PartyBridge.start(this.host.deps.media, this.#leg, member, {
      isKeepingA,
      roomId: `queue-party:${this.call.callId}`,
    });
    if (this.#isDone() || !bridge.ok) {
      await member.hangup(FAILED);
      this.host.memberReleased(this, key, false);
      if (!bridge.ok && !this.#isDone()) {
        this.#leave({ kind: 'failed', detail: `bridge: ${bridge.error.detail}` });
        await this.#leg.hangup(FAILED);
      }
      return;
    }
    const waitMs = this.waitMs;
    this.#clear();
    this.phase = 'done';
    this.#connection = { memberKey: key, member: this.#offered.get(key), bridge: bridge.value };
    this.host.bridged(this, key, waitMs);
    this.#reportAnswerer(key, memberAnsweredAtMs);
    // In a conference the member may leave before the others: it
    // is free, and its wrap-up starts, as soon as its own leg is gone.
    const released = bridge.value
      .left(member)
      .then(() => this.host.memberReleased(this, key, true));
    const end = await bridge.value.ended;
    await released;
    this.#connection = undefined;
    this.host.talkEnded(this);
    const isCallerKept = end.kept !== undefined && (await this.#afterMember(key));
    this.#resolve({ kind: 'answered', memberKey: key, waitMs, end, isCallerKept });
  }

  /**
   * D64: the call's CDR names the member that took it, and the agent of an
   * `agent:<id>` member, so that the agent earns the inbound rate (5.4).
   */
  #reportAnswerer(key: string, answeredAtMs: number): void {
    const extensionId = this.#offered.get(key)?.target.extensionId;
    if (extensionId === undefined) return;
    const agent = /^agent:(\d+)$/.exec(key);
    const agentId = agent === null ? undefined : Number(agent[1]);
    // CallRecorder implementations never throw (core/ports).
    this.host.deps.recorder?.answeredBy?.(this.call.callId, { extensionId, agentId, answeredAtMs });
  }

  /**
   * The member hung up first and the caller is still up: the rating
   * when the queue has one, then the caller goes back to whoever
   * asked for it (IVR-9) or is hung up. Says whether it is still up.
   */
  async #afterMember(key: string): Promise<boolean> {
    const { config, deps } = this.host;
    const promptFile = this.#promptFile(config.ratingPromptId);
    if (promptFile !== undefined) {
      const score = await collectRating(deps, this.#leg, promptFile);
      if (score !== undefined) {
        const agentNo = this.#offered.get(key)?.agentNo;
        deps.ratings?.record({
          teamId: config.teamId,
          queueId: config.id,
          queueNumber: config.number,
          callId: this.call.callId,
          memberKey: key,
          agentNo: agentNo === '' ? undefined : agentNo,
          customerNumber: this.#leg.remote.number,
          score,
        });
      }
    }
    if (this.#leg.state === 'terminated') return false;
    if (this.isKeepingCaller) return true;
    await this.#leg.hangup(NORMAL);
    return false;
  }

  /**
   * the caller hears agentIdPromptBefore, the member's job number
   * digit by digit and agentIdPromptAfter; nothing without a job number.
   */
  #agentIdFiles(key: string): Array<string | number | null> {
    const agentNo = this.#offered.get(key)?.agentNo;
    if (agentNo === undefined || agentNo === '') return [];
    const config = this.host.config;
    const before = config.agentIdPromptBefore;
    const after = config.agentIdPromptAfter;
    if (before === null && after === null) return [];
    return [before, ...this.host.deps.audio.digitFiles(agentNo), after];
  }

  /**
   * Plays prompts (ids) and files to `target` before the bridge (Q-15 to
   * the member alone, Q-16 to the caller alone), stopping as soon as the
   * caller or the member hangs up.
   */
  async #playBeforeBridge(
    target: CallLeg,
    member: CallLeg,
    items: ReadonlyArray<string | number | null>,
  ): Promise<void> {
    const files = items
      .map((i) => (typeof i === 'number' ? this.#promptFile(i) : (i ?? undefined)))
      .filter((f): f is string => f !== undefined);
    let isGone = false;
    let current: MediaOperation | undefined;
    const onGone = () => {
      isGone = true;
      void current?.stop();
    };
    member.on('hangup', onGone);
    this.#leg.on('hangup', onGone);
    try {
      for (const file of files) {
        if (isGone || member.state === 'terminated' || this.#isDone()) return;
        const played = await this.host.deps.media.play(target.media, { file });
        if (!played.ok) continue;
        current = played.value;
        if (isGone) await current.stop();
        await current.finished;
      }
    } finally {
      member.off('hangup', onGone);
      this.#leg.off('hangup', onGone);
    }
  }

  #maxWait(): void {
    if (!this.#isWaiting) return;
    const destination = queueFailover(this.host.config);
    this.#leave({ kind: 'destination', destination, reason: 'max-wait' });
  }

  /** Ends the caller's stay (not after a bridge): cancels ringing members. */
  #leave(outcome: QueueOutcome): void {
    if (this.#isDone()) return;
    this.phase = 'done';
    this.#clear();
    this.#ringer?.close();
    this.#ringer = undefined;
    void this.#stopMedia();
    this.host.left(this, outcome);
    // A member that already answered is hung up by #connect once it sees 'done'.
    this.#resolve(outcome);
  }

  /** Plays `files` to the caller (MOH paused), then resumes the MOH loop (Q-5…Q-7). */
  async #announce(files: readonly string[]): Promise<void> {
    const token = ++this.#mediaToken;
    const isCurrent = () => token === this.#mediaToken && this.#isWaiting;
    const { media, audio } = this.host.deps;
    await this.#stopPlaying();
    for (const file of files) {
      if (!isCurrent()) return;
      const played = await media.play(this.#leg.media, { file });
      if (!played.ok) continue;
      if (!isCurrent()) return void (await played.value.stop());
      this.#playing = played.value;
      await played.value.finished;
    }
    const moh = audio.moh(this.host.config.mohClass);
    if (moh === undefined || !isCurrent()) return;
    const looped = await media.play(this.#leg.media, moh, { loop: true });
    if (!looped.ok) return;
    if (!isCurrent()) return void (await looped.value.stop());
    this.#playing = looped.value;
  }

  async #stopMedia(): Promise<void> {
    this.#mediaToken++;
    await this.#stopPlaying();
  }

  async #stopPlaying(): Promise<void> {
    const current = this.#playing;
    this.#playing = undefined;
    if (current !== undefined) await current.stop();
  }

  #promptFile(promptId: number | null): string | undefined {
    return promptId === null ? undefined : this.host.deps.audio.promptFile(promptId);
  }

  #every(periodSec: number, fn: () => void): void {
    if (periodSec <= 0) return;
    this.#intervals.push(
      this.host.deps.clock.setInterval(() => {
        if (this.#isWaiting) fn();
      }, periodSec * 1000),
    );
  }

  #clear(): void {
    const { clock } = this.host.deps;
    for (const t of this.#timers) clock.clearTimeout(t);
    for (const t of this.#intervals) clock.clearInterval(t);
    this.#timers.length = 0;
    this.#intervals.length = 0;
    this.#leg.off('hangup', this.#onHangup);
    this.#leg.off('dtmf', this.#onDtmf);
  }
}
