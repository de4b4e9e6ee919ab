import { uuid, type Clock } from '../../core/index.ts';
import type { TypedEmitter } from '../../core/index.ts';
import type { QueueEvents } from '../queue/index.ts';
import type { TeamEvent, TeamEventAgent } from './team-event.ts';

/** The queue events an agent event is made from. */
type AgentEventName = 'agent.offered' | 'agent.answered' | 'agent.completed' | 'agent.noanswer';

/**
 * Publishes what the members of one queue do as TM-11 agent events:
 * offered (their phone rings), answered, completed (the call ended) and
 * noanswer. The agent state machine of spec 02 (call-center/) does not
 * exist yet, so these queue statistics hooks are the agent events there
 * are (D47). Listeners run through safeEmit, so a throw stays here.
 */
export function publishQueueAgentEvents(
  queue: Pick<TypedEmitter<QueueEvents>, 'on'>,
  teamId: number,
  publish: (event: TeamEvent) => void,
  clock: Clock,
): void {
  const send = (event: AgentEventName, agent: TeamEventAgent) =>
    publish({
      id: uuid(),
      event,
      occurredAt: new Date(clock.now()).toISOString(),
      teamId,
      agent,
    });
  queue.on('offered', (e) => send('agent.offered', pick(e)));
  queue.on('answered', (e) => send('agent.answered', pick(e)));
  queue.on('completed', (e) => send('agent.completed', pick(e)));
  queue.on('noanswer', (e) => send('agent.noanswer', { ...pick(e), reason: e.reason }));
}

function pick(e: { queueId: number; callId: string; memberKey: string }): TeamEventAgent {
  return { queueId: e.queueId, callId: e.callId, memberKey: e.memberKey };
}
