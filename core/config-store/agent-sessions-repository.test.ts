import { afterEach, describe, expect, it } from 'vitest';
import type { AgentSessionRow } from './agent-sessions-repository.ts';
import { openTempStore, seedTeam, testPasswordHash, type TempStore } from './test-store.ts';

let temp: TempStore | undefined;
afterEach(() => temp?.cleanup());

function seedAgent(t: TempStore) {
  const { team, account } = seedTeam(t.store, 'alpha');
  const agent = t.store.agents.create({
    teamId: team.id,
    accountId: account.id,
    agentNo: '8001',
    passwordHash: testPasswordHash(),
  });
  const row: AgentSessionRow = {
    agentId: agent.id,
    teamId: team.id,
    phoneKind: 'extension',
    phoneNumber: '2001',
    workMode: 'all',
    wrapUpChoice: null,
    activity: 'paused',
    pauseReason: 'lunch',
    groupIds: [3, 4],
    sourceIp: '10.0.0.5',
    sinceMs: 1000,
    activitySinceMs: 2000,
  };
  return { agent, row };
}

describe('AgentSessionsRepository', () => {
  it('save() then loadAll() after a reopen → the same session', () => {
    temp = openTempStore();
    const { row } = seedAgent(temp);
    temp.store.agentSessions.save(row);
    temp.store.agentSessions.save({ ...row, activity: 'idle', pauseReason: null });
    expect(temp.reopen().agentSessions.loadAll()).toEqual([
      { ...row, activity: 'idle', pauseReason: null },
    ]);
  });

  it('remove() → gone; deleting the agent → its session goes too', () => {
    temp = openTempStore();
    const { agent, row } = seedAgent(temp);
    temp.store.agentSessions.save(row);
    temp.store.agentSessions.remove(agent.id);
    expect(temp.store.agentSessions.loadAll()).toEqual([]);
    temp.store.agentSessions.save(row);
    temp.store.agents.delete(agent.id);
    expect(temp.store.agentSessions.loadAll()).toEqual([]);
  });

  it('AGT-8: setApiPasswordHash() → stored, never in find()', () => {
    temp = openTempStore();
    const { agent } = seedAgent(temp);
    temp.store.agents.setApiPasswordHash(agent.id, testPasswordHash());
    expect(temp.store.agents.getApiPasswordHash(agent.id)).toBe(testPasswordHash());
    expect(temp.store.agents.find(agent.id)).not.toHaveProperty('apiPasswordHash');
    temp.store.agents.setApiPasswordHash(agent.id, null);
    expect(temp.store.agents.getApiPasswordHash(agent.id)).toBeNull();
  });
});
