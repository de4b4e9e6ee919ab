import { uuid, type AgentSession, type Clock } from '../../core/index.ts';
import type { AgentSessionEventName, TeamEvent } from './team-event.ts';

/** One `changed` event of the agents' runtime (AgentSessions, D54). */
export interface AgentSessionChange {
  readonly agentId: number;
  readonly teamId: number;
  readonly change: string;
  readonly session: AgentSession | undefined;
}

/** What the publisher listens to; AgentSessions fits it. */
export interface AgentSessionSource {
  on(event: 'changed', listener: (change: AgentSessionChange) => void): unknown;
}

/** The runtime's changes that become team events, and their names. */
const EVENT_OF: Readonly<Record<string, AgentSessionEventName>> = {
  signedIn: 'agent.signedIn',
  signedOut: 'agent.signedOut',
  paused: 'agent.paused',
  resumed: 'agent.resumed',
};

/**
 * Publishes agents' sign-in, sign-out, pause and resume as TM-11 team
 * events (D63). A sign-in that only changes the phone or groups is an
 * `agent.signedIn` again; GRP-7's automatic pause is an `agent.paused`
 * with reason `auto-busy`. Ringing, talking and wrap-up are not sent: the
 * queue's agent events cover calls. After a sign-out the session is gone,
 * so `agentNoOf` names the agent. The source runs listeners through
 * safeEmit, so a throw stays there.
 */
export function publishAgentSessionEvents(
  sessions: AgentSessionSource,
  publish: (event: TeamEvent) => void,
  clock: Clock,
  agentNoOf: (agentId: number) => string | undefined,
): void {
  sessions.on('changed', (e) => {
    const event = EVENT_OF[e.change];
    if (event === undefined) return;
    const agentNo = e.session?.agentNo ?? agentNoOf(e.agentId);
    if (agentNo === undefined) return;
    const pauseReason = event === 'agent.paused' ? e.session?.pauseReason : undefined;
    publish({
      id: uuid(),
      event,
      occurredAt: new Date(clock.now()).toISOString(),
      teamId: e.teamId,
      agent: {
        agentId: e.agentId,
        agentNo,
        phone: e.session?.phone ?? null,
        ...(pauseReason === undefined ? {} : { pauseReason }),
      },
    });
  });
}
