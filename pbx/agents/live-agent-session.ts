/*
 * One signed-in agent as AgentSessions keeps it in memory, and the
 * AgentPresence port's view of it.
 */
import type { AgentActivity, AgentPhone, AgentSession, TimerHandle } from '../../core/index.ts';
import type { AgentSessionRow } from '../../core/config-store/index.ts';
import type { AgentCallState } from './agent-sessions-deps.ts';

/** One signed-in agent: the stored row plus what only lives in memory. */
export interface LiveSession {
  row: AgentSessionRow;
  agentNo: string;
  call: AgentCallState | undefined;
  wrapUpTimer: TimerHandle | undefined;
}

/**
 * The port's view of a live session: a queue's ringing and talking come
 * first, then any other call of the agent's phone (`onPhone`): ringing while
 * all its calls ring it (D97), else busy (D87); then the stored activity
 * (idle, paused, wrap-up).
 */
export function view(live: LiveSession, onPhone?: 'ringing' | 'busy'): AgentSession {
  const { row } = live;
  const activity: AgentActivity = live.call?.kind ?? onPhone ?? row.activity;
  const phone: AgentPhone = { kind: row.phoneKind, number: row.phoneNumber };
  return {
    agentId: row.agentId,
    teamId: row.teamId,
    agentNo: live.agentNo,
    phone,
    workMode: row.workMode,
    activity,
    pauseReason: row.activity === 'paused' ? (row.pauseReason ?? undefined) : undefined,
    groupIds: row.groupIds,
    since: row.sinceMs,
  };
}
