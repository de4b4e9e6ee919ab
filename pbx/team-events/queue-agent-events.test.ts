import { describe, expect, it } from 'vitest';
import { FakeClock, TypedEmitter } from '../../core/index.ts';
import type { QueueEvents } from '../queue/index.ts';
import { publishQueueAgentEvents } from './queue-agent-events.ts';
import type { TeamEvent } from './team-event.ts';

describe('publishQueueAgentEvents() TM-11', () => {
  it('a member offered, answering and completing a queue call → agent events of the queue team, in order', () => {
    const queue = new TypedEmitter<QueueEvents>();
    const clock = new FakeClock(Date.UTC(2026, 10, 26, 9, 0, 0));
    const events: TeamEvent[] = [];
    publishQueueAgentEvents(queue, 5, (e) => events.push(e), clock);
    const ids = { queueId: 2, callId: 'c9', memberKey: 'ext:12' };
    queue.safeEmit('entered', { queueId: 2, callId: 'c9', position: 1 });
    queue.safeEmit('offered', ids);
    queue.safeEmit('noanswer', { ...ids, reason: 'no-answer' });
    queue.safeEmit('offered', ids);
    queue.safeEmit('answered', { ...ids, waitMs: 4000 });
    queue.safeEmit('completed', ids);
    expect(events.map((e) => e.event)).toEqual([
      'agent.offered',
      'agent.noanswer',
      'agent.offered',
      'agent.answered',
      'agent.completed',
    ]);
    expect(events[1]).toMatchObject({
      teamId: 5,
      occurredAt: '2026-11-26T09:00:00.000Z',
      agent: { queueId: 2, callId: 'c9', memberKey: 'ext:12', reason: 'no-answer' },
    });
  });
});
