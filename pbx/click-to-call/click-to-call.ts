import { err, ok, uuid } from '../../core/index.ts';
import type {
  CallLeg,
  CallLegError,
  CallOriginator,
  CallParty,
  CallRecorder,
  CallType,
  Clock,
  HangupCause,
  HangupSide,
  Logger,
  MediaControl,
  MediaOperation,
  OriginateTarget,
  Result,
} from '../../core/index.ts';
import { bridgeLegs } from '../calls/index.ts';
import { unansweredResult } from '../cdr/index.ts';

/** What a click-to-call needs from the switch. */
export interface ClickToCallDeps {
  readonly originator: CallOriginator;
  readonly media: MediaControl;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Receives the call's CDR (one record for both legs). */
  readonly recorder?: CallRecorder | undefined;
}

/** One leg of a click-to-call, as the planner chose it. */
export interface ClickToCallLeg {
  readonly target: OriginateTarget;
  /** Who the leg's phone sees calling. */
  readonly caller: CallParty;
  readonly ringTimeoutMs: number;
}

/** A planned click-to-call (see planClickToCall()). */
export interface ClickToCallPlan {
  readonly teamId: number;
  readonly agentId: number;
  /** Leg A: the agent's phone, with GRP-8 auto-answer when a group asks for it. */
  readonly agent: ClickToCallLeg & { readonly autoAnswer: boolean };
  /** Leg B: the number, routed as the agent's extension would dial it. */
  readonly callee: ClickToCallLeg;
  /** How the call appears in the CDR and GET /api/v1/calls. */
  readonly record: {
    readonly callType: CallType;
    readonly callerNumber: string;
    readonly callerName?: string | undefined;
    readonly calledNumber: string;
    readonly callerExtensionId?: number | undefined;
    readonly calleeExtensionId?: number | undefined;
    readonly trunkId?: number | undefined;
  };
}

/** The state of a click-to-call, in the calls API's words. */
export type ClickToCallState = 'routing' | 'ringing' | 'answered' | 'ended';

/** A click-to-call in progress, for the calls API. */
export interface ClickToCallSession {
  readonly id: string;
  readonly plan: ClickToCallPlan;
  readonly startedAtMs: number;
  readonly state: ClickToCallState;
  readonly answeredAtMs: number | undefined;
  /** Whether leg B was placed: the agent answered and the callee was dialled. */
  readonly isCalleeDialled: boolean;
  /** Settles once both legs are gone and the CDR is closed. */
  readonly ended: Promise<void>;
  hangup(): void;
}

const NORMAL: HangupCause = { reason: 'normal', q850: 16 };
const CANCELLED: HangupCause = { reason: 'cancelled', q850: 16, sipStatus: 487 };
const CONGESTION: HangupCause = { reason: 'congestion', q850: 34 };

/**
 * AGT-4 click-to-call ("the system first connects the agent's phone, then
 * calls the callee"): leg A rings the agent's phone; only once A answers
 * is leg B placed, while A hears ringback, and when B answers the two are
 * bridged through the media plane (MediaControl.mix). If A fails, B is
 * never dialled; if A hangs up while B rings, B is cancelled; if B fails,
 * A is hung up with B's cause. One CDR covers the call, answered when B
 * answers.
 */
export class ClickToCall {
  readonly #live = new Map<string, ClickToCallRun>();

  constructor(private readonly deps: ClickToCallDeps) {}

  /** Calls in progress, oldest first. */
  sessions(): ClickToCallSession[] {
    return [...this.#live.values()];
  }

  /**
   * Starts `plan`: returns at once with the session once leg A is placed,
   * or the originator's error (nothing was dialled, no CDR is written).
   */
  start(plan: ClickToCallPlan): Result<ClickToCallSession, CallLegError> {
    const run = new ClickToCallRun(this.deps, plan, uuid());
    const placed = run.placeAgentLeg();
    if (!placed.ok) return err(placed.error);
    this.#live.set(run.id, run);
    void run.ended.then(() => this.#live.delete(run.id));
    return ok(run);
  }
}

/** One click-to-call, from leg A to the end of the bridge. */
class ClickToCallRun implements ClickToCallSession {
  readonly startedAtMs: number;
  state: ClickToCallState = 'routing';
  answeredAtMs: number | undefined;
  readonly ended: Promise<void>;
  #finish!: () => void;
  #a: CallLeg | undefined;
  #b: CallLeg | undefined;
  #ringback: MediaOperation | undefined;
  #isOver = false;

  constructor(
    private readonly deps: ClickToCallDeps,
    readonly plan: ClickToCallPlan,
    readonly id: string,
  ) {
    this.startedAtMs = deps.clock.now();
    this.ended = new Promise((resolve) => (this.#finish = resolve));
  }

  placeAgentLeg(): Result<CallLeg, CallLegError> {
    const { agent, teamId } = this.plan;
    const placed = this.deps.originator.originate({
      teamId,
      target: agent.target,
      caller: agent.caller,
      ringTimeoutMs: agent.ringTimeoutMs,
      parentCallId: this.id,
      autoAnswer: agent.autoAnswer,
      purpose: 'clickToCall',
    });
    if (!placed.ok) return placed;
    const a = placed.value;
    this.#a = a;
    this.state = 'ringing';
    this.deps.recorder?.started({
      callId: this.id,
      teamId,
      ...this.plan.record,
      extensionId: this.plan.record.callerExtensionId,
      startedAtMs: this.startedAtMs,
    });
    a.once('hangup', (cause: HangupCause) => this.#agentGone(cause));
    a.once('answered', () => void this.#dialCallee(a));
    if (a.state === 'confirmed') void this.#dialCallee(a);
    return placed;
  }

  get isCalleeDialled(): boolean {
    return this.#b !== undefined;
  }

  hangup(): void {
    void this.#b?.hangup(this.#b.state === 'confirmed' ? NORMAL : CANCELLED);
    void this.#a?.hangup(this.#a.state === 'confirmed' ? NORMAL : CANCELLED);
  }

  /** Only now is B dialled (AGT-4); A hears ringback meanwhile. */
  async #dialCallee(a: CallLeg): Promise<void> {
    if (this.#isOver || this.#b !== undefined) return;
    const { callee, teamId } = this.plan;
    const placed = this.deps.originator.originate({
      teamId,
      target: callee.target,
      caller: callee.caller,
      ringTimeoutMs: callee.ringTimeoutMs,
      parentCallId: this.id,
      purpose: 'clickToCall',
    });
    if (!placed.ok) {
      this.deps.logger.warn({ callId: this.id, error: placed.error }, 'click-to-call leg B');
      void a.hangup(CONGESTION);
      return;
    }
    const b = placed.value;
    this.#b = b;
    b.once('hangup', (cause: HangupCause) => {
      if (this.answeredAtMs === undefined) void a.hangup(cause);
    });
    b.once('answered', () => void this.#bridge(a, b));
    const tone = await this.deps.media.play(a.media, { tone: 'ringback' }, { loop: true });
    if (tone.ok) {
      this.#ringback = tone.value;
      if (this.state === 'answered' || this.#isOver) void tone.value.stop();
    }
  }

  async #bridge(a: CallLeg, b: CallLeg): Promise<void> {
    if (this.#isOver) return;
    this.state = 'answered';
    this.answeredAtMs = this.deps.clock.now();
    await this.#ringback?.stop();
    this.deps.recorder?.answered(this.id, this.answeredAtMs, a.media, this.plan.record.trunkId);
    const bridge = await bridgeLegs(this.deps.media, a, b);
    if (!bridge.ok) {
      this.deps.logger.warn({ callId: this.id, error: bridge.error }, 'click-to-call bridge');
      void a.hangup({ reason: 'failed', q850: 47 });
      void b.hangup({ reason: 'failed', q850: 47 });
    }
  }

  /** A is gone: cancel B if it still rings, then close the record. */
  #agentGone(cause: HangupCause): void {
    const b = this.#b;
    if (b !== undefined && b.state !== 'terminated' && b.state !== 'confirmed') {
      void b.hangup(CANCELLED);
    }
    void this.#ringback?.stop();
    // After the answer, B still up means the agent hung up first.
    const side: HangupSide = b?.state === 'confirmed' ? 'caller' : 'callee';
    if (b === undefined || b.state === 'terminated') return this.#end(cause, side);
    b.once('hangup', () => this.#end(cause, side));
  }

  #end(cause: HangupCause, side: HangupSide): void {
    if (this.#isOver) return;
    this.#isOver = true;
    this.state = 'ended';
    const wasAnswered = this.answeredAtMs !== undefined;
    const bCause = this.#b === undefined ? cause : undefined;
    this.deps.recorder?.ended(this.id, {
      endedAtMs: this.deps.clock.now(),
      result: wasAnswered ? 'answered' : unansweredResult(bCause ?? cause),
      hangupCause: cause.q850,
      hangupSide: wasAnswered ? side : 'system',
      sipStatus: wasAnswered ? undefined : cause.sipStatus,
    });
    this.#finish();
  }
}
