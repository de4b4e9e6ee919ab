/*
 * One caller in a queue, from answer to the end of its bridged call; the
 * waiting media and the member's briefing are in their own files.
 */
import type { ApplicationCall, CallLeg, HangupCause, TimerHandle } from '../../core/index.ts';
import { PartyBridge } from '../calls/index.ts';
import { MemberRinger, prefixedCaller, type MemberRingEnd } from '../ring-group/index.ts';
import {
  queueFailover,
  queueFunctionKeyTarget,
  type QueueConfig,
  type QueueMember,
} from './queue-config.ts';
import type { QueueDeps } from './queue-deps.ts';
import {
  afterMember,
  agentIdFiles,
  playBeforeBridge,
  reportAnswerer,
} from './queue-member-briefing.ts';
import type {
  QueueCallPhase,
  QueueConnection,
  QueueLeaveReason,
  QueueOutcome,
} from './queue-outcome.ts';
import { QueueWaitingMedia } from './queue-waiting-media.ts';

export type { QueueCallPhase, QueueConnection, QueueLeaveReason, QueueOutcome };

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
  #ringer: MemberRinger | undefined;
  #isOffering = false;
  #offered = new Map<string, QueueMember>();
  #connection: QueueConnection | undefined;
  readonly #media: QueueWaitingMedia;
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
    this.#media = new QueueWaitingMedia(host, call.leg, () => this.#isWaiting);
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
    this.#media.start(() => this.host.positionOf(this));
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
      this.host.deps.pickup,
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
    await this.#media.stop();
    await Promise.all([
      this.#playBeforeBridge(member, member, [this.host.config.agentAnnouncePrompt]),
      this.#playBeforeBridge(
        this.#leg,
        member,
        agentIdFiles(this.host.config, this.host.deps, this.#offered.get(key)),
      ),
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
      else void this.#media.announce([]);
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
    reportAnswerer(
      this.host.deps,
      this.call.callId,
      key,
      this.#offered.get(key),
      memberAnsweredAtMs,
    );
    // In a conference the member may leave before the others: it
    // is free, and its wrap-up starts, as soon as its own leg is gone.
    const released = bridge.value
      .left(member)
      .then(() => this.host.memberReleased(this, key, true));
    const end = await bridge.value.ended;
    await released;
    this.#connection = undefined;
    this.host.talkEnded(this);
    const callerLeft = {
      config: this.host.config,
      deps: this.host.deps,
      callId: this.call.callId,
      leg: this.#leg,
      isKeepingCaller: this.isKeepingCaller,
      memberOf: (k: string) => this.#offered.get(k),
    };
    const isCallerKept = end.kept !== undefined && (await afterMember(callerLeft, key));
    this.#resolve({ kind: 'answered', memberKey: key, waitMs, end, isCallerKept });
  }

  /** Prompts to `target` before the bridge; see playBeforeBridge. */
  #playBeforeBridge(
    target: CallLeg,
    member: CallLeg,
    items: ReadonlyArray<string | number | null>,
  ): Promise<void> {
    return playBeforeBridge(this.host.deps, this.#leg, target, member, items, () => this.#isDone());
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
    void this.#media.stop();
    this.host.left(this, outcome);
    // A member that already answered is hung up by #connect once it sees 'done'.
    this.#resolve(outcome);
  }

  #clear(): void {
    const { clock } = this.host.deps;
    for (const t of this.#timers) clock.clearTimeout(t);
    this.#timers.length = 0;
    this.#media.clearIntervals();
    this.#leg.off('hangup', this.#onHangup);
    this.#leg.off('dtmf', this.#onDtmf);
  }
}
