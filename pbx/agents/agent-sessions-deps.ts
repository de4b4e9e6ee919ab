/*
 * The agents' runtime seen from outside: the store tables and deps it is
 * built from, a sign-in request, its events, and an agent's queue call.
 */
import type { AgentSession, AgentWorkMode, Clock, Logger } from '../../core/index.ts';
import type { Agent, AgentGroup, AgentSessionRow } from '../../core/config-store/index.ts';
import type { PhoneBindingDirectory } from './agent-phone.ts';

/** The store tables the agents' runtime reads and writes. */
export interface AgentSessionsStore {
  readonly agents: { find(id: number): Agent | undefined };
  readonly agentGroups: { list(teamId?: number): AgentGroup[] };
  readonly agentSessions: {
    loadAll(): AgentSessionRow[];
    save(row: AgentSessionRow): void;
    remove(agentId: number): void;
  };
}

/** What the agents' runtime is built from. */
export interface AgentSessionsDeps {
  readonly store: AgentSessionsStore;
  readonly phones: PhoneBindingDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A sign-in as the agent (web, API or phone) asks for it. */
export interface SignInRequest {
  /** AGT-2: the number the agent wants to be rung on, where allowed. */
  readonly phone?: string | undefined;
  /** GRP-2: groups to join as a dynamic member; all of the agent's by default. */
  readonly groupIds?: readonly number[] | undefined;
  /** GRP-4: where a group leaves the work mode to the agent; `all` by default. */
  readonly workMode?: AgentWorkMode | undefined;
  /** GRP-6 `自选`: which wrap-up the agent takes; after answered calls by default. */
  readonly wrapUp?: 'afterRinging' | 'afterAnswered' | undefined;
  readonly sourceIp?: string | undefined;
}

/** Why a session changed, as `changed` events name it. */
export type AgentChange =
  | 'signedIn'
  | 'signedOut'
  | 'paused'
  | 'resumed'
  | 'wrapUp'
  | 'wrapUpEnded'
  | 'ringing'
  | 'busy'
  | 'idle'
  /** The agent's phone started or ended a call no queue gave it (D87). */
  | 'onPhone'
  | 'offPhone';

/** Events of the agents' runtime. */
export type AgentSessionsEvents = {
  /** Any change of a session; `session` is undefined after sign-out. */
  changed: [
    {
      readonly agentId: number;
      readonly teamId: number;
      readonly change: AgentChange;
      readonly session: AgentSession | undefined;
    },
  ];
};

/** A queue call the agent is part of right now (not kept across restarts). */
export interface AgentCallState {
  readonly kind: 'ringing' | 'busy';
  readonly queueId: number;
  readonly callId: string;
  /** Epoch ms of the offer or the answer. */
  readonly sinceMs: number;
}
