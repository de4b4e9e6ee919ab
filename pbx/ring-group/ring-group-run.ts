import type {
  ApplicationCall,
  CallLeg,
  CallOriginator,
  Clock,
  Destination,
  ExtensionTarget,
  MediaControl,
  TimerHandle,
} from '../../core/index.ts';
import { bridgeLegs, type BridgeEnd, type RingingMembers } from '../calls/index.ts';
import { MemberRinger, prefixedCaller, type MemberRingEnd } from './member-ringer.ts';
import {
  ringGroupFailover,
  type MemberStatus,
  type RecentCallLookup,
  type RingGroupConfig,
  type RingGroupMemory,
  type RingGroupStats,
} from './ring-group-config.ts';

/** How a ring-group call ended. */
export type RingGroupOutcome =
  /** A member answered; resolved when the bridged call is over. */
  | {
      readonly kind: 'answered';
      readonly extensionId: number;
      readonly end: BridgeEnd;
      /** The caller is still up (IVR-9 asked for it back); else it was hung up. */
      readonly isCallerKept: boolean;
    }
  /** Nobody answered (RG-3): the dispatcher runs the failover; the caller is still up. */
  | {
      readonly kind: 'destination';
      readonly destination: Destination;
      readonly reason: 'no-answer' | 'no-members';
    }
  /** The caller hung up first; every member leg was cancelled. */
  | { readonly kind: 'caller-hangup' }
  /** Answering or bridging failed; both legs have been hung up. */
  | { readonly kind: 'failed'; readonly detail: string };

/** What a RingGroupRun works with. */
export interface RingGroupDeps {
  readonly originator: CallOriginator;
  readonly media: MediaControl;
  readonly clock: Clock;
  /** Needed by `rrmemory`. */
  readonly memory?: RingGroupMemory | undefined;
  /** Needed by `idle`; without it every member counts as idle. */
  readonly memberStatus?: MemberStatus | undefined;
  /** Needed by `lastCallFirst` (RG-5). */
  readonly recentCalls?: RecentCallLookup | undefined;
  readonly stats?: RingGroupStats | undefined;
  /** Needed by call pickup of a ringing member (EXT-12, D85). */
  readonly pickup?: RingingMembers | undefined;
}

/** Options of RingGroupRun.run(). */
export interface RingGroupRunOptions {
  /**
   * IVR-9: when the member hangs up first, hand the caller back still up
   * (`answered` with isCallerKept) instead of hanging it up (D57, D64).
   */
  readonly isKeepingCaller?: boolean | undefined;
}

const MEDIA_FAILED = { reason: 'failed', q850: 41 } as const;

/**
 * Runs calls through one ring group (spec §2.3): the caller hears
 * ringback, or the group's music on hold (RG-4), while members ring
 * according to the strategy, the first
 * member to answer is bridged to the caller and the others are cancelled,
 * and when nobody answers within ringTimeSec the failover is returned.
 */
export class RingGroupRun {
  constructor(
    private readonly deps: RingGroupDeps,
    private readonly config: RingGroupConfig,
  ) {}

  /** Takes `call` (caller leg not yet answered) and resolves when done with it. */
  async run(call: ApplicationCall, options: RingGroupRunOptions = {}): Promise<RingGroupOutcome> {
    const order = this.#order(call.leg.remote.number);
    if (order.length === 0) return this.#failover('no-members');
    if (this.config.strategy === 'rrmemory' && order[0] !== undefined) {
      this.deps.memory?.setLastMember(this.config.id, order[0].extensionId);
    }
    const moh = this.config.moh;
    await call.leg.ring(moh === undefined ? undefined : { isEarlyMedia: true });
    if (call.leg.state === 'terminated') return { kind: 'caller-hangup' };
    // RG-4: music instead of ringback, as early media until someone answers.
    const music = moh === undefined ? undefined : await this.deps.media.play(call.leg.media, moh);
    let answered: RingResult;
    try {
      answered = await new RingGroupCall(this.deps, this.config, call, order).ring();
    } finally {
      if (music?.ok === true) await music.value.stop();
    }
    if (answered.kind !== 'member') return answered.outcome;
    const isKeepingA = options.isKeepingCaller === true;
    return this.#connect(call.leg, answered.leg, answered.extensionId, isKeepingA);
  }

  /** The members to try, in the order the strategy tries them. */
  #order(callerNumber: string): ExtensionTarget[] {
    const { members, strategy, id } = this.config;
    let order = [...members];
    if (strategy === 'rrmemory') {
      const last = this.deps.memory?.lastMember(id);
      const at = order.findIndex((m) => m.extensionId === last);
      // Call k starts at the member after the one that started call k−1.
      if (at >= 0) order = [...order.slice(at + 1), ...order.slice(0, at + 1)];
    } else if (strategy === 'idle') {
      const status = this.deps.memberStatus;
      if (status !== undefined) order = order.filter((m) => status.isIdle(m));
    }
    if (this.config.lastCallFirst) {
      const recent = this.deps.recentCalls?.lastMemberFor(id, callerNumber);
      const at = order.findIndex((m) => m.extensionId === recent);
      if (at > 0) order = [order[at] as ExtensionTarget, ...order.filter((_, i) => i !== at)];
    }
    return order;
  }

  async #connect(caller: CallLeg, member: CallLeg, extensionId: number, isKeepingA: boolean) {
    this.deps.stats?.answered(this.config.id, extensionId);
    this.deps.recentCalls?.answered?.(this.config.id, caller.remote.number, extensionId);
    if (isGone(caller)) {
      await member.hangup();
      return { kind: 'caller-hangup' } as const;
    }
    const answered = await caller.answer();
    if (!answered.ok) {
      await member.hangup(MEDIA_FAILED);
      if (isGone(caller)) return { kind: 'caller-hangup' } as const;
      await caller.hangup(MEDIA_FAILED);
      return { kind: 'failed', detail: `answer: ${answered.error.detail}` } as const;
    }
    const bridge = await bridgeLegs(this.deps.media, caller, member, { isKeepingA });
    if (!bridge.ok) {
      await member.hangup(MEDIA_FAILED);
      await caller.hangup(MEDIA_FAILED);
      return { kind: 'failed', detail: `bridge: ${bridge.error.detail}` } as const;
    }
    const end = await bridge.value.ended;
    return { kind: 'answered', extensionId, end, isCallerKept: end.kept !== undefined } as const;
  }

  #failover(reason: 'no-answer' | 'no-members'): RingGroupOutcome {
    return { kind: 'destination', destination: ringGroupFailover(this.config), reason };
  }
}

/** Whether a leg has ended; a call, so that TS does not narrow across awaits. */
function isGone(leg: CallLeg): boolean {
  return leg.state === 'terminated';
}

type RingResult =
  | { readonly kind: 'member'; readonly leg: CallLeg; readonly extensionId: number }
  | { readonly kind: 'over'; readonly outcome: RingGroupOutcome };

/**
 * The ringing phase of one call: which member rings when (RG-2), the
 * group's overall limit (RG-3) and the caller leaving early.
 */
class RingGroupCall {
  readonly #ringer: MemberRinger;
  readonly #deadlineMs: number;
  #next = 0;
  #groupTimer: TimerHandle | undefined;
  #stepTimer: TimerHandle | undefined;
  #resolve: (r: RingResult) => void = () => undefined;
  #isOver = false;
  readonly #onCallerHangup = () =>
    this.#finish({ kind: 'over', outcome: { kind: 'caller-hangup' } });

  constructor(
    private readonly deps: RingGroupDeps,
    private readonly config: RingGroupConfig,
    private readonly call: ApplicationCall,
    private readonly order: readonly ExtensionTarget[],
  ) {
    const caller = prefixedCaller(
      call.leg.remote,
      config.callerNumberPrefix,
      config.callerNamePrefix,
    );
    this.#ringer = new MemberRinger(
      deps.originator,
      deps.clock,
      { teamId: config.teamId, caller, parentCallId: call.callId, purpose: 'ringGroup' },
      {
        onAnswered: (key, leg) => this.#finish({ kind: 'member', leg, extensionId: Number(key) }),
        onEnded: (key, reason) => this.#memberEnded(key, reason),
      },
      deps.pickup,
    );
    this.#deadlineMs = deps.clock.monotonicMs() + config.ringTimeSec * 1000;
  }

  ring(): Promise<RingResult> {
    const result = new Promise<RingResult>((resolve) => (this.#resolve = resolve));
    this.call.leg.on('hangup', this.#onCallerHangup);
    this.#groupTimer = this.deps.clock.setTimeout(
      () => this.#noAnswer(),
      this.config.ringTimeSec * 1000,
    );
    if (this.config.strategy === 'ringall' || this.config.strategy === 'idle') {
      for (const member of this.order) this.#ring(member, member.ringTimeoutMs);
      if (this.#ringer.ringingCount === 0) this.#noAnswer();
    } else {
      this.#advance();
    }
    return result;
  }

  /** Rings the next member: one at a time, or added to the others (incremental). */
  #advance(): void {
    const isIncremental = this.config.strategy === 'incremental';
    while (!this.#isOver) {
      const member = this.order[this.#next++];
      if (member === undefined) {
        if (this.#ringer.ringingCount === 0) this.#noAnswer();
        return;
      }
      // Incremental keeps earlier members ringing until the group's limit.
      const timeoutMs = isIncremental ? this.#remainingMs() : member.ringTimeoutMs;
      if (!this.#ring(member, timeoutMs)) continue;
      if (isIncremental && this.#next < this.order.length) {
        const stepSec = this.config.incrementalStepSec;
        const stepMs =
          stepSec === null || stepSec === undefined ? member.ringTimeoutMs : stepSec * 1000;
        this.#stepTimer = this.deps.clock.setTimeout(() => this.#advance(), stepMs);
      }
      return;
    }
  }

  #ring(member: ExtensionTarget, timeoutMs: number): boolean {
    const boundedMs = Math.min(timeoutMs, this.#remainingMs());
    const isRinging = this.#ringer.ring(String(member.extensionId), member, boundedMs);
    if (isRinging) this.deps.stats?.offered(this.config.id, member.extensionId);
    return isRinging;
  }

  #memberEnded(_key: string, _reason: MemberRingEnd): void {
    if (this.#isOver || this.#ringer.ringingCount > 0) return;
    // Nobody is ringing any more: hunt strategies move on at once.
    if (this.config.strategy === 'ringall' || this.config.strategy === 'idle') {
      this.#noAnswer();
      return;
    }
    this.#clearStep();
    this.#advance();
  }

  #remainingMs(): number {
    return Math.max(0, this.#deadlineMs - this.deps.clock.monotonicMs());
  }

  #noAnswer(): void {
    const destination = ringGroupFailover(this.config);
    this.#finish({
      kind: 'over',
      outcome: { kind: 'destination', destination, reason: 'no-answer' },
    });
  }

  #clearStep(): void {
    if (this.#stepTimer !== undefined) this.deps.clock.clearTimeout(this.#stepTimer);
    this.#stepTimer = undefined;
  }

  #finish(result: RingResult): void {
    if (this.#isOver) return;
    this.#isOver = true;
    this.#clearStep();
    if (this.#groupTimer !== undefined) this.deps.clock.clearTimeout(this.#groupTimer);
    this.call.leg.off('hangup', this.#onCallerHangup);
    this.#ringer.close();
    this.#resolve(result);
  }
}
