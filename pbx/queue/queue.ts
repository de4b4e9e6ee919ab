/*
 * Queue: one ACD queue's line of callers, its members' state and the
 * dispatch that offers callers to free members.
 */
import { TypedEmitter } from '../../core/index.ts';
import type { ApplicationCall, TimerHandle } from '../../core/index.ts';
import type { MemberRingEnd } from '../ring-group/index.ts';
import {
  createMemberSelector,
  type MemberCandidate,
  type MemberSelector,
} from './member-selector.ts';
import {
  QueueCall,
  type QueueCallHost,
  type QueueLeaveReason,
  type QueueOutcome,
} from './queue-call.ts';
import { queueFailover, type QueueConfig, type QueueMember } from './queue-config.ts';
import type { QueueDeps } from './queue-deps.ts';
import type { QueueEvents, QueueLiveStats, QueueRunOptions } from './queue-events.ts';
import { QueueMemberRuntimes } from './queue-member-runtimes.ts';

export type { QueueEvents, QueueLiveStats, QueueRunOptions };

/**
 * A failed placement is retried after at least this long even when
 * retryIntervalSec is 0, so a member whose legs fail at once cannot make
 * the queue spin.
 */
const MIN_FAILED_RETRY_MS = 1000;

/**
 * One configured ACD queue (spec 02 §3.1): the callers waiting in order of
 * priority then arrival, the runtime state of its members (wrap-up,
 * retry, calls taken) and the dispatch that offers callers to free
 * members through the strategy's MemberSelector.
 */
export class Queue extends TypedEmitter<QueueEvents> implements QueueCallHost {
  #config: QueueConfig;
  #selector: MemberSelector;
  readonly #line: QueueCall[] = [];
  /** Callers talking with a member, by call id (Q-19 finds them here). */
  readonly #talking = new Map<string, QueueCall>();
  readonly #members = new QueueMemberRuntimes();
  #seq = 0;
  #isDispatching = false;
  #isDispatchAgain = false;
  #wake: TimerHandle | undefined;
  /** The time the last dispatch judged members free or not. */
  #dispatchedAtMs = 0;

  constructor(
    readonly deps: QueueDeps,
    config: QueueConfig,
  ) {
    super();
    this.#config = config;
    this.#selector = this.#newSelector();
  }

  get config(): QueueConfig {
    return this.#config;
  }

  /** Callers in line (waiting, ringing or being connected). */
  get waitingCount(): number {
    return this.#line.length;
  }

  /** GRP-10: what an agent workspace shows of the queue now. */
  stats(): QueueLiveStats {
    const longest = this.#line.reduce((max, call) => Math.max(max, call.waitMs), 0);
    return {
      waiting: this.#line.length,
      longestWaitSec: Math.floor(longest / 1000),
      talking: this.#talking.size,
    };
  }

  /**
   * applies a reloaded configuration. Callers in line stay where
   * they are; the new timings apply from the next offer.
   */
  update(config: QueueConfig): void {
    const isNewStrategy = config.strategy !== this.#config.strategy;
    this.#config = config;
    if (isNewStrategy) this.#selector = this.#newSelector();
    this.dispatch();
  }

  /**
   * Enqueues `call` and resolves when the queue is done with it.
   * `priority`: higher is served first (Asterisk QUEUE_PRIO); 0 unless given.
   */
  run(call: ApplicationCall, opts: QueueRunOptions = {}): Promise<QueueOutcome> {
    const config = this.#config;
    const members = this.deps.members.members(config.id);
    // with joinEmpty off, nobody signed in means straight to failover.
    if (!config.joinEmpty && !members.some((m) => m.isLoggedIn)) {
      return Promise.resolve(this.#refuse(call, 'join-empty'));
    }
    // a full queue sends newcomers to failover; 0 is unlimited.
    if (config.maxCallers > 0 && this.#line.length >= config.maxCallers) {
      return Promise.resolve(this.#refuse(call, 'full'));
    }
    const isKeepingCaller = opts.isKeepingCaller === true;
    return new QueueCall(this, call, opts.priority ?? 0, ++this.#seq, isKeepingCaller).run();
  }

  /** Offers waiting callers again, e.g. after a member signed in or was unpaused. */
  dispatch(): void {
    if (this.#isDispatching) {
      this.#isDispatchAgain = true;
      return;
    }
    this.#isDispatching = true;
    try {
      do {
        this.#isDispatchAgain = false;
        this.#dispatchOnce();
      } while (this.#isDispatchAgain);
    } finally {
      this.#isDispatching = false;
    }
    this.#scheduleWake();
  }

  positionOf(call: QueueCall): number {
    return this.#line.indexOf(call) + 1;
  }

  joined(call: QueueCall): void {
    // Higher priority first; equal priority in order of arrival.
    const at = this.#line.findIndex(
      (c) => c.priority < call.priority || (c.priority === call.priority && c.seq > call.seq),
    );
    if (at < 0) this.#line.push(call);
    else this.#line.splice(at, 0, call);
    const position = this.positionOf(call);
    this.safeEmit('entered', { queueId: this.#config.id, callId: call.call.callId, position });
    this.dispatch();
  }

  ringEnded(call: QueueCall, key: string, reason: MemberRingEnd): void {
    const member = this.#members.of(key);
    if (member.ringingFor === call) member.ringingFor = undefined;
    const retryMs = this.#config.retryIntervalSec * 1000;
    const floorMs = reason === 'failed' ? MIN_FAILED_RETRY_MS : 0;
    member.retryAfterMs = this.deps.clock.monotonicMs() + Math.max(retryMs, floorMs);
    this.safeEmit('noanswer', {
      queueId: this.#config.id,
      callId: call.call.callId,
      memberKey: key,
      reason,
    });
    this.dispatch();
  }

  memberAnswered(call: QueueCall, key: string): void {
    this.#members.releaseRinging(call);
    this.#members.of(key).isBusy = true;
    // Under ringall the cancelled members are free again for the next caller.
    this.dispatch();
  }

  /** The caller of call `callId` while it talks with a member of this queue. */
  talkingCall(callId: string): QueueCall | undefined {
    return this.#talking.get(callId);
  }

  bridged(call: QueueCall, key: string, waitMs: number): void {
    this.#remove(call);
    this.#talking.set(call.call.callId, call);
    this.#members.of(key).callsTaken++;
    this.safeEmit('answered', {
      queueId: this.#config.id,
      callId: call.call.callId,
      memberKey: key,
      waitMs,
    });
    this.dispatch();
  }

  memberReleased(call: QueueCall, key: string, isTalked: boolean): void {
    const member = this.#members.of(key);
    member.isBusy = false;
    if (isTalked) {
      const now = this.deps.clock.monotonicMs();
      member.lastCallEndedAtMs = now;
      member.wrapUpUntilMs = now + this.#config.wrapUpTimeSec * 1000;
      this.safeEmit('completed', {
        queueId: this.#config.id,
        callId: call.call.callId,
        memberKey: key,
      });
    }
    this.dispatch();
  }

  talkEnded(call: QueueCall): void {
    if (this.#talking.get(call.call.callId) === call) this.#talking.delete(call.call.callId);
  }

  left(call: QueueCall, outcome: QueueOutcome): void {
    const position = this.positionOf(call);
    this.#remove(call);
    this.#members.releaseRinging(call);
    const base = { queueId: this.#config.id, callId: call.call.callId, waitMs: call.waitMs };
    if (outcome.kind === 'caller-hangup') this.safeEmit('abandoned', { ...base, position });
    else if (outcome.kind === 'destination')
      this.safeEmit('failover', { ...base, reason: outcome.reason });
    else if (outcome.kind === 'failed') this.safeEmit('failover', { ...base, reason: 'failed' });
    this.dispatch();
  }

  /** offer free members to the callers in line, in order. */
  #dispatchOnce(): void {
    const now = this.deps.clock.monotonicMs();
    this.#dispatchedAtMs = now;
    const all = this.deps.members.members(this.#config.id);
    let free = all.filter((m) => m.isLoggedIn && !m.isPaused && this.#members.isFree(m.key, now));
    for (const [index, call] of this.#line.entries()) {
      // Without autofill only the head of the line is ever offered.
      if (!this.#config.autofill && index > 0) return;
      if (call.phase !== 'waiting') continue;
      if (free.length === 0) return;
      const chosen = this.#choose(call, free, all);
      if (chosen.length === 0) continue;
      free = free.filter((m) => !chosen.includes(m));
      for (const m of chosen) {
        this.#members.of(m.key).ringingFor = call;
        this.safeEmit('offered', {
          queueId: this.#config.id,
          callId: call.call.callId,
          memberKey: m.key,
        });
      }
      call.offer(chosen);
    }
  }

  /** Q-13 sticky member, else the best penalty tier through the strategy. */
  #choose(call: QueueCall, free: readonly QueueMember[], all: readonly QueueMember[]) {
    if (this.#config.lastAgentFirst && this.deps.sticky !== undefined) {
      const key = this.deps.sticky.lastMemberFor(this.#config.id, call.call.leg.remote.number);
      const sticky = free.find((m) => m.key === key);
      if (sticky !== undefined) return [sticky];
    }
    const best = Math.min(...free.map((m) => m.penalty ?? 0));
    const tier = free.filter((m) => (m.penalty ?? 0) === best);
    const candidates: MemberCandidate[] = tier.map((m) => {
      const rt = this.#members.of(m.key);
      return {
        key: m.key,
        order: all.indexOf(m),
        lastCallEndedAtMs: rt.lastCallEndedAtMs,
        callsTaken: rt.callsTaken,
      };
    });
    const keys = this.#selector.select(candidates);
    return tier.filter((m) => keys.includes(m.key));
  }

  /** Wakes the dispatch when the next wrap-up or retry period ends. */
  #scheduleWake(): void {
    if (this.#wake !== undefined) this.deps.clock.clearTimeout(this.#wake);
    this.#wake = undefined;
    if (!this.#line.some((c) => c.phase === 'waiting')) return;
    // A period that ended after the dispatch looked (time passes while it
    // runs) must still wake it, or the caller would wait for nothing.
    const nextMs = this.#members.nextPeriodEndAfter(this.#dispatchedAtMs);
    if (nextMs === Number.POSITIVE_INFINITY) return;
    const now = this.deps.clock.monotonicMs();
    // A timer may fire a little before the monotonic clock reaches its due
    // time (libuv caches the loop time); the next dispatch then wakes again.
    this.#wake = this.deps.clock.setTimeout(
      () => {
        this.#wake = undefined;
        this.dispatch();
      },
      Math.max(0, nextMs - now),
    );
  }

  #remove(call: QueueCall): void {
    const at = this.#line.indexOf(call);
    if (at >= 0) this.#line.splice(at, 1);
  }

  #refuse(call: ApplicationCall, reason: QueueLeaveReason): QueueOutcome {
    this.safeEmit('failover', { queueId: this.#config.id, callId: call.callId, reason, waitMs: 0 });
    return { kind: 'destination', destination: queueFailover(this.#config), reason };
  }

  #newSelector(): MemberSelector {
    const random = this.deps.random;
    return createMemberSelector(this.#config.strategy, random === undefined ? {} : { random });
  }
}
