import { describe, expect, it } from 'vitest';
import { FakeClock, TypedEmitter, type AgentSession } from '../../core/index.ts';
import type { AgentSessionsEvents } from '../agents/index.ts';
import { publishAgentSessionEvents } from './agent-session-events.ts';
import type { TeamEvent } from './team-event.ts';

function session(more: Partial<AgentSession> = {}): AgentSession {
  return {
    agentId: 7,
    teamId: 5,
    agentNo: '8007',
    phone: { kind: 'extension', number: '2007' },
    workMode: 'all',
    activity: 'idle',
    groupIds: [],
    since: 0,
    ...more,
  };
}

function setUp() {
  const sessions = new TypedEmitter<AgentSessionsEvents>();
  const clock = new FakeClock(Date.UTC(2026, 10, 26, 9, 0, 0));
  const events: TeamEvent[] = [];
  const agentNos = new Map([[7, '8007']]);
  publishAgentSessionEvents(
    sessions,
    (e) => events.push(e),
    clock,
    (id) => agentNos.get(id),
  );
  const change = (change: AgentSessionsEvents['changed'][0]['change'], s?: AgentSession) =>
    sessions.safeEmit('changed', { agentId: 7, teamId: 5, change, session: s });
  return { events, change };
}

describe('publishAgentSessionEvents() TM-11, D63', () => {
  it('publishAgentSessionEvents() sign-in, pause, resume, sign-out → four agent events of the team, in order', () => {
    const { events, change } = setUp();
    change('signedIn', session());
    change('paused', session({ activity: 'paused', pauseReason: 'phone' }));
    change('resumed', session());
    change('signedOut');
    expect(events.map((e) => e.event)).toEqual([
      'agent.signedIn',
      'agent.paused',
      'agent.resumed',
      'agent.signedOut',
    ]);
    expect(events[0]).toMatchObject({
      teamId: 5,
      occurredAt: '2026-11-26T09:00:00.000Z',
      agent: { agentId: 7, agentNo: '8007', phone: { kind: 'extension', number: '2007' } },
    });
    expect(events[1]).toMatchObject({ agent: { pauseReason: 'phone' } });
    expect(events[2]).not.toHaveProperty('agent.pauseReason');
    expect(events[3]).toMatchObject({ agent: { agentId: 7, agentNo: '8007', phone: null } });
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
  });

  it('publishAgentSessionEvents() ringing, busy, wrap-up and idle → no event', () => {
    const { events, change } = setUp();
    for (const c of ['ringing', 'busy', 'wrapUp', 'wrapUpEnded', 'idle'] as const) {
      change(c, session());
    }
    expect(events).toEqual([]);
  });

  it('publishAgentSessionEvents() GRP-7 auto pause → agent.paused with reason auto-busy', () => {
    const { events, change } = setUp();
    change('paused', session({ activity: 'paused', pauseReason: 'auto-busy' }));
    expect(events[0]).toMatchObject({ event: 'agent.paused', agent: { pauseReason: 'auto-busy' } });
  });
});
