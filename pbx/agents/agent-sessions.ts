/*
 * AgentSessions: the agents' runtime, from sign-in to sign-out, with the
 * queue calls and wrap-up of each signed-in agent.
 */
import { ConflictError, NotFoundError, TypedEmitter, ValidationError } from '../../core/index.ts';
import type { AgentPresence, AgentSession, ExtensionPresence } from '../../core/index.ts';
import type { Agent, AgentSessionRow } from '../../core/config-store/index.ts';
import { chooseAgentPhone } from './agent-phone.ts';
import type {
  AgentCallState,
  AgentChange,
  AgentSessionsDeps,
  AgentSessionsEvents,
  AgentSessionsStore,
  SignInRequest,
} from './agent-sessions-deps.ts';
import { view, type LiveSession } from './live-agent-session.ts';
import {
  WrapUpPolicy,
  type AfterQueueCall,
  type DialEnd,
  type QueueCallEnd,
} from './wrap-up-policy.ts';

export type {
  AgentCallState,
  AgentChange,
  AgentSessionsDeps,
  AgentSessionsEvents,
  AgentSessionsStore,
  SignInRequest,
};

/** The pause reason GRP-7 sets (spec 自动置忙, seed-B §13.2). */
export const AUTO_BUSY_REASON = 'auto-busy';

/**
 * The agents' runtime (spec 01 §1.5, §1.6): who is signed in, on which
 * phone, in which groups, and whether they are idle, ringing, talking, in
 * wrap-up or paused. Sign-in, sign-out, pause and wrap-up are written to
 * the store in one transaction each, so they survive a restart; ringing
 * and talking are not (calls do not survive one either). Every change is
 * told on `changed`, which the queues use to offer calls at once (GRP-15,
 * D17).
 */
export class AgentSessions extends TypedEmitter<AgentSessionsEvents> implements AgentPresence {
  readonly #deps: AgentSessionsDeps;
  readonly #live = new Map<number, LiveSession>();
  readonly #wrapUp: WrapUpPolicy;
  #phones: Pick<ExtensionPresence, 'callCount' | 'isRinging'> | undefined;

  constructor(deps: AgentSessionsDeps) {
    super(deps.logger);
    this.#deps = deps;
    this.#wrapUp = new WrapUpPolicy(deps.store);
  }

  /** Reloads the stored sessions; a wrap-up with an auto end gets its timer again. */
  start(): void {
    for (const row of this.#deps.store.agentSessions.loadAll()) {
      const agent = this.#deps.store.agents.find(row.agentId);
      if (agent === undefined) continue;
      const live: LiveSession = {
        row,
        agentNo: agent.agentNo,
        call: undefined,
        wrapUpTimer: undefined,
      };
      this.#live.set(row.agentId, live);
      if (row.activity === 'wrapUp') {
        const autoEndSec = this.#wrapUp.autoEndSec(row.agentId, row.teamId);
        if (autoEndSec > 0) {
          const leftMs = row.activitySinceMs + autoEndSec * 1000 - this.#deps.clock.now();
          this.#armWrapUpEnd(live, Math.max(0, leftMs));
        }
      }
    }
  }

  /**
   * Follows the agents' phones (D87): an agent whose extension is on a
   * call that no queue gave it (a direct or outbound call, a ring group's
   * leg) shows as busy; `onPhone` and `offPhone` tell when such a call
   * starts and ends. A queue's own ringing and talking come first.
   */
  watchPhones(
    presence: Pick<ExtensionPresence, 'callCount' | 'isRinging' | 'onBusy' | 'onIdle'>,
  ): void {
    this.#phones = presence;
    presence.onBusy((teamId, number) => this.#phoneChanged(teamId, number, 'onPhone'));
    presence.onIdle((teamId, number) => this.#phoneChanged(teamId, number, 'offPhone'));
  }

  /** Stops the wrap-up timers; sessions stay stored for the next start. */
  stop(): void {
    for (const live of this.#live.values()) this.#clearWrapUpTimer(live);
  }

  session(agentId: number): AgentSession | undefined {
    const live = this.#live.get(agentId);
    return live === undefined ? undefined : this.#view(live);
  }

  sessionAtPhone(teamId: number, extensionNumber: string): AgentSession | undefined {
    for (const live of this.#live.values()) {
      const { row } = live;
      if (row.teamId === teamId && row.phoneKind === 'extension') {
        if (row.phoneNumber === extensionNumber) return this.#view(live);
      }
    }
    return undefined;
  }

  /** Sessions of a team, or of every team, in agent id order. */
  list(teamId?: number): AgentSession[] {
    return [...this.#live.values()]
      .filter((l) => teamId === undefined || l.row.teamId === teamId)
      .sort((a, b) => a.row.agentId - b.row.agentId)
      .map((live) => this.#view(live));
  }

  /**
   * Signs the agent in (签入), or changes the phone, groups or work mode
   * of its session; a pause or wrap-up in force stays. AGT-5: a disabled
   * agent is refused with `ERR_AGENT_DISABLED`. AGT-2 picks the phone;
   * one extension rings one agent only (`ERR_AGENT_PHONE_TAKEN`).
   */
  signIn(agentId: number, request: SignInRequest = {}): AgentSession {
    const agent = this.#deps.store.agents.find(agentId);
    if (agent === undefined) throw new NotFoundError('agent', agentId);
    if (agent.status !== 'enabled') {
      throw new ConflictError('ERR_AGENT_DISABLED', 'a disabled agent cannot sign in (AGT-5)');
    }
    const phone = chooseAgentPhone(agent, request, this.#deps.phones);
    const holder =
      phone.kind === 'extension' ? this.sessionAtPhone(agent.teamId, phone.number) : undefined;
    if (holder !== undefined && holder.agentId !== agentId) {
      throw new ConflictError(
        'ERR_AGENT_PHONE_TAKEN',
        `extension ${phone.number} is the phone of agent ${holder.agentNo}`,
        'phone',
      );
    }
    const groupIds = this.#signInGroups(agent, request.groupIds);
    const now = this.#deps.clock.now();
    const current = this.#live.get(agentId);
    const row: AgentSessionRow = {
      agentId,
      teamId: agent.teamId,
      phoneKind: phone.kind,
      phoneNumber: phone.number,
      workMode: request.workMode ?? current?.row.workMode ?? 'all',
      wrapUpChoice: request.wrapUp ?? current?.row.wrapUpChoice ?? null,
      activity: current?.row.activity ?? 'idle',
      pauseReason: current?.row.pauseReason ?? null,
      groupIds,
      sourceIp: request.sourceIp ?? null,
      sinceMs: current?.row.sinceMs ?? now,
      activitySinceMs: current?.row.activitySinceMs ?? now,
    };
    this.#deps.store.agentSessions.save(row);
    const live = current ?? {
      row,
      agentNo: agent.agentNo,
      call: undefined,
      wrapUpTimer: undefined,
    };
    live.row = row;
    this.#live.set(agentId, live);
    return this.#emit(live, 'signedIn');
  }

  /** Signs the agent out (签出); its queue memberships end at once. */
  signOut(agentId: number): void {
    const live = this.#require(agentId);
    this.#deps.store.agentSessions.remove(agentId);
    this.#clearWrapUpTimer(live);
    this.#live.delete(agentId);
    this.safeEmit('changed', {
      agentId,
      teamId: live.row.teamId,
      change: 'signedOut',
      session: undefined,
    });
  }

  /** Pauses the agent (示忙): no queue call is offered until resume. */
  pause(agentId: number, reason: string): AgentSession {
    const live = this.#require(agentId);
    this.#clearWrapUpTimer(live);
    this.#setActivity(live, 'paused', reason);
    return this.#emit(live, 'paused');
  }

  /** Ends a pause (示闲). */
  resume(agentId: number): AgentSession {
    const live = this.#require(agentId);
    if (live.row.activity !== 'paused') {
      throw new ConflictError('ERR_AGENT_NOT_PAUSED', 'the agent is not paused');
    }
    this.#setActivity(live, 'idle', null);
    return this.#emit(live, 'resumed');
  }

  /** GRP-6: the agent ends its after-call work. */
  endWrapUp(agentId: number): AgentSession {
    const live = this.#require(agentId);
    if (live.row.activity !== 'wrapUp') {
      throw new ConflictError('ERR_AGENT_NOT_IN_WRAP_UP', 'the agent is not in wrap-up');
    }
    this.#clearWrapUpTimer(live);
    this.#setActivity(live, 'idle', null);
    return this.#emit(live, 'wrapUpEnded');
  }

  /** A queue rings the agent's phone for `callId`. */
  offered(agentId: number, queueId: number, callId: string): void {
    const live = this.#live.get(agentId);
    if (live === undefined) return;
    live.call = { kind: 'ringing', queueId, callId, sinceMs: this.#deps.clock.now() };
    this.#emit(live, 'ringing');
  }

  /** The agent answered and is bridged to the caller. */
  answered(agentId: number, queueId: number, callId: string): void {
    const live = this.#live.get(agentId);
    if (live === undefined) return;
    live.call = { kind: 'busy', queueId, callId, sinceMs: this.#deps.clock.now() };
    this.#emit(live, 'busy');
  }

  /**
   * A queue call of the agent is over: `talked` after an answered call,
   * `no-answer` when it rang out, `other` when the phone was busy, failed
   * or the caller left first. GRP-7 pauses an agent who let it ring out;
   * GRP-6 starts wrap-up per the group's mode.
   */
  callEnded(agentId: number, queueId: number, callId: string, end: QueueCallEnd): void {
    const live = this.#live.get(agentId);
    if (live === undefined || live.call?.callId !== callId) return;
    live.call = undefined;
    if (live.row.activity !== 'idle') {
      this.#emit(live, 'idle');
      return;
    }
    this.#apply(live, this.#wrapUp.after(live.row, queueId, end));
  }

  /**
   * The agent's click-to-call is over (spec 05 §28.3: DIALING, TALKING):
   * `talked` once the callee answered, `failed` when the callee was dialled
   * and never answered. An idle agent goes to wrap-up as its groups' modes
   * say (D96); a paused agent stays paused (the pause was its own choice),
   * and an agent on a queue call meanwhile is left to that call's end.
   */
  dialEnded(agentId: number, end: DialEnd): void {
    const live = this.#live.get(agentId);
    if (live === undefined || live.call !== undefined || live.row.activity !== 'idle') return;
    const next = this.#wrapUp.afterDial(live.row, end);
    if (next.kind !== 'idle') this.#apply(live, next);
  }

  /** Moves an idle agent on as the wrap-up policy says after a call. */
  #apply(live: LiveSession, next: AfterQueueCall): void {
    if (next.kind === 'pause') {
      this.#setActivity(live, 'paused', AUTO_BUSY_REASON);
      this.#emit(live, 'paused');
    } else if (next.kind === 'wrapUp') {
      this.#setActivity(live, 'wrapUp', null);
      if (next.autoEndSec > 0) this.#armWrapUpEnd(live, next.autoEndSec * 1000);
      this.#emit(live, 'wrapUp');
    } else {
      this.#emit(live, 'idle');
    }
  }

  /** A queue caller left: agents still ringing for it are free again. */
  callGone(callId: string): void {
    for (const live of this.#live.values()) {
      if (live.call?.callId === callId) {
        live.call = undefined;
        this.#emit(live, 'idle');
      }
    }
  }

  /** The agent's call in progress, for the queue arbiter and the API. */
  callOf(agentId: number): AgentCallState | undefined {
    return this.#live.get(agentId)?.call;
  }

  /**
   * Forgets the agent's call `callId` whose end never arrived (erroneous
   * call data, spec 04 §15.2, GRP-14): the agent shows its own activity
   * again, idle, wrap-up or paused as stored (R15.2-3), and queues may
   * offer it calls. The caller checks that the call is really gone.
   */
  clearCall(agentId: number, callId: string): AgentSession {
    const live = this.#require(agentId);
    if (live.call?.callId !== callId) return this.#view(live);
    live.call = undefined;
    return this.#emit(live, 'idle');
  }

  #signInGroups(agent: Agent, requested: readonly number[] | undefined): number[] {
    const own = this.#deps.store.agentGroups
      .list(agent.teamId)
      .filter((g) => g.members.some((m) => m.agentId === agent.id))
      .map((g) => g.id);
    if (requested === undefined) return own;
    const stray = requested.find((id) => !own.includes(id));
    if (stray !== undefined) {
      throw new ValidationError('groupIds', `the agent is not a member of agent group ${stray}`);
    }
    return [...new Set(requested)];
  }

  #setActivity(live: LiveSession, activity: AgentSessionRow['activity'], reason: string | null) {
    const row = {
      ...live.row,
      activity,
      pauseReason: reason,
      activitySinceMs: this.#deps.clock.now(),
    };
    this.#deps.store.agentSessions.save(row);
    live.row = row;
  }

  #armWrapUpEnd(live: LiveSession, delayMs: number): void {
    this.#clearWrapUpTimer(live);
    live.wrapUpTimer = this.#deps.clock.setTimeout(() => {
      live.wrapUpTimer = undefined;
      if (this.#live.get(live.row.agentId) !== live || live.row.activity !== 'wrapUp') return;
      this.#setActivity(live, 'idle', null);
      this.#emit(live, 'wrapUpEnded');
    }, delayMs);
  }

  #clearWrapUpTimer(live: LiveSession): void {
    if (live.wrapUpTimer !== undefined) this.#deps.clock.clearTimeout(live.wrapUpTimer);
    live.wrapUpTimer = undefined;
  }

  #require(agentId: number): LiveSession {
    const live = this.#live.get(agentId);
    if (live === undefined) {
      throw new ConflictError('ERR_AGENT_NOT_SIGNED_IN', `agent ${agentId} is not signed in`);
    }
    return live;
  }

  #phoneChanged(teamId: number, number: string, change: 'onPhone' | 'offPhone'): void {
    for (const live of this.#live.values()) {
      const { row } = live;
      if (row.teamId !== teamId || row.phoneKind !== 'extension') continue;
      if (row.phoneNumber === number) this.#emit(live, change);
    }
  }

  #view(live: LiveSession): AgentSession {
    const { row } = live;
    const phones = this.#phones;
    if (row.phoneKind !== 'extension' || phones === undefined) return view(live, undefined);
    if (phones.callCount(row.teamId, row.phoneNumber) === 0) return view(live, undefined);
    return view(live, phones.isRinging(row.teamId, row.phoneNumber) ? 'ringing' : 'busy');
  }

  #emit(live: LiveSession, change: AgentChange): AgentSession {
    const session = this.#view(live);
    this.safeEmit('changed', {
      agentId: live.row.agentId,
      teamId: live.row.teamId,
      change,
      session,
    });
    return session;
  }
}
