import type { AgentSession, ExtensionTarget, TypedEmitter } from '../../core/index.ts';
import type { AgentGroup } from '../../core/config-store/index.ts';
import type { QueueEvents, QueueMember, QueueMemberSource } from '../queue/index.ts';
import type { AgentSessions } from './agent-sessions.ts';
import type { QueueCallEnd } from './wrap-up-policy.ts';

/** What the agents' queues need of a live queue (pbx/queue Queue fits). */
export interface ArbitratedQueue extends Pick<TypedEmitter<QueueEvents>, 'on'> {
  readonly config: { readonly id: number; readonly priority: number };
  dispatch(): void;
}

/** What AgentQueues is built from. */
export interface AgentQueuesDeps {
  readonly store: { readonly agentGroups: { list(teamId?: number): AgentGroup[] } };
  readonly sessions: AgentSessions;
  /** Where a session's phone rings; undefined when it cannot ring now. */
  targetOf(session: AgentSession): ExtensionTarget | undefined;
  /**
   * Whether the extension is on a call of any kind (D81): an agent whose
   * phone is busy with a direct call, a consult or a party is not offered
   * queue calls. Without it only queue calls make an agent busy.
   */
  isOnCall?(target: ExtensionTarget): boolean;
}

/** One queue as the arbiter follows it. */
interface Tracked {
  readonly queue: ArbitratedQueue;
  /** Callers in line by call id, with how many members ring for each. */
  readonly ringing: Map<string, number>;
}

/** The key a queue knows an agent by (`agent:<id>`). */
export function agentMemberKey(agentId: number): string {
  return `agent:${agentId}`;
}

function agentIdOf(memberKey: string): number | undefined {
  const m = /^agent:(\d+)$/.exec(memberKey);
  return m === null ? undefined : Number(m[1]);
}

/**
 * The agents as members of the queues (spec §1.6 GRP-1..4) and the
 * cross-queue arbiter of spec 02 Q-21.
 *
 * A queue's members are the agents of the groups bound to it that are
 * signed in; static members always, dynamic ones only for the groups they
 * signed in to (GRP-2); agents whose work mode is outbound are left out
 * (GRP-4). A member is offered calls only while idle: ringing, talking,
 * wrap-up and pause all count as paused to the queue (GRP-1, GRP-6), and
 * so does a phone on any other call (D81).
 *
 * each queue dispatches on its own, so an agent of several queues
 * is held back from a queue while a queue of higher `priority` that it is
 * a member of has a caller waiting with no member ringing. Any change of
 * an agent or of a caller waiting makes every queue dispatch again, the
 * highest priority first, so the agent goes to the caller it owes first.
 */
export class AgentQueues implements QueueMemberSource {
  readonly #deps: AgentQueuesDeps;
  readonly #tracked = new Map<number, Tracked>();
  #isWakeQueued = false;

  constructor(deps: AgentQueuesDeps) {
    this.#deps = deps;
    deps.sessions.on('changed', () => this.#wakeAll());
  }

  members(queueId: number): readonly QueueMember[] {
    return this.#baseMembers(queueId).map((m) => {
      const agentId = agentIdOf(m.key)!;
      return m.isPaused || !this.#isHeldBack(agentId, queueId) ? m : { ...m, isPaused: true };
    });
  }

  /**
   * An extension's last call ended: when a signed-in agent's phone, every
   * queue dispatches again, since that agent may take a caller now.
   */
  phoneFreed(teamId: number, number: string): void {
    if (this.#deps.sessions.sessionAtPhone(teamId, number) !== undefined) this.#wakeAll();
  }

  /** Follows a queue: its member hooks drive the agents' states. */
  attach(queue: ArbitratedQueue): void {
    const tracked: Tracked = { queue, ringing: new Map() };
    this.#tracked.set(queue.config.id, tracked);
    const { sessions } = this.#deps;
    const line = tracked.ringing;
    queue.on('entered', (e) => {
      line.set(e.callId, 0);
      this.#wakeAll();
    });
    queue.on('offered', (e) => {
      line.set(e.callId, (line.get(e.callId) ?? 0) + 1);
      const agentId = agentIdOf(e.memberKey);
      if (agentId !== undefined) sessions.offered(agentId, e.queueId, e.callId);
    });
    queue.on('noanswer', (e) => {
      const count = line.get(e.callId);
      if (count !== undefined) line.set(e.callId, Math.max(0, count - 1));
      const agentId = agentIdOf(e.memberKey);
      const end: QueueCallEnd = e.reason === 'no-answer' ? 'no-answer' : 'other';
      if (agentId !== undefined) sessions.callEnded(agentId, e.queueId, e.callId, end);
      this.#wakeAll();
    });
    queue.on('answered', (e) => {
      line.delete(e.callId);
      const agentId = agentIdOf(e.memberKey);
      if (agentId !== undefined) sessions.answered(agentId, e.queueId, e.callId);
    });
    queue.on('completed', (e) => {
      const agentId = agentIdOf(e.memberKey);
      if (agentId !== undefined) sessions.callEnded(agentId, e.queueId, e.callId, 'talked');
    });
    const gone = (e: { callId: string }) => {
      line.delete(e.callId);
      sessions.callGone(e.callId);
      this.#wakeAll();
    };
    queue.on('abandoned', gone);
    queue.on('failover', gone);
  }

  /** GRP-1..4 for one queue, before the Q-21 hold. */
  #baseMembers(queueId: number): QueueMember[] {
    const { sessions, store } = this.#deps;
    const out: QueueMember[] = [];
    const seen = new Set<number>();
    for (const group of store.agentGroups.list()) {
      if (group.queueId !== queueId) continue;
      for (const m of group.members) {
        if (seen.has(m.agentId)) continue;
        const session = sessions.session(m.agentId);
        if (session === undefined) continue;
        // GRP-2: a dynamic member is in the queue only for groups it signed in to.
        if (m.membershipType === 'dynamic' && !session.groupIds.includes(group.id)) continue;
        // GRP-4: the member's mode overrides the group's; selfSelect is the agent's.
        const configured = m.workMode ?? group.workMode;
        const mode = configured === 'selfSelect' ? session.workMode : configured;
        if (mode === 'outbound') continue;
        const target = this.#deps.targetOf(session);
        if (target === undefined) continue;
        seen.add(m.agentId);
        out.push({
          key: agentMemberKey(m.agentId),
          target,
          isLoggedIn: true,
          isPaused: session.activity !== 'idle' || this.#deps.isOnCall?.(target) === true,
          // GRP-3: the member priority is the queue penalty, lower first.
          penalty: m.priority,
          agentNo: session.agentNo,
          agentGroupId: group.id,
        });
      }
    }
    return out;
  }

  /** a higher-priority queue of this agent has a caller nobody rings. */
  #isHeldBack(agentId: number, queueId: number): boolean {
    const priority = this.#tracked.get(queueId)?.queue.config.priority ?? 0;
    for (const [id, other] of this.#tracked) {
      if (id === queueId || other.queue.config.priority <= priority) continue;
      if (![...other.ringing.values()].some((count) => count === 0)) continue;
      if (this.#baseMembers(id).some((m) => m.key === agentMemberKey(agentId))) return true;
    }
    return false;
  }

  /**
   * Every queue dispatches again, highest priority first, once the
   * current event is over: a dispatch started inside another queue's
   * event would interleave their offers.
   */
  #wakeAll(): void {
    if (this.#isWakeQueued) return;
    this.#isWakeQueued = true;
    queueMicrotask(() => {
      this.#isWakeQueued = false;
      const queues = [...this.#tracked.values()]
        .map((t) => t.queue)
        .sort((a, b) => b.config.priority - a.config.priority);
      for (const queue of queues) queue.dispatch();
    });
  }
}
