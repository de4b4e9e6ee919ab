import { FakeClock, silentLogger } from '../../core/index.ts';
import type { Agent, AgentGroup, AgentSessionRow } from '../../core/config-store/index.ts';
import type { PhoneBindingDirectory } from './agent-phone.ts';
import { AgentSessions, type AgentSessionsStore } from './agent-sessions.ts';

/*
 * Shared set-up of the agents' tests: an in-memory store with the shape of
 * the config store's agents, agent groups and agent sessions, extensions
 * 2001..2009 of team 1, and 2005 registered from 10.0.0.5.
 */

/** An agent of team 1 with the spec's defaults and `more` on top. */
export function agent(id: number, more: Partial<Agent> = {}): Agent {
  return {
    id,
    teamId: 1,
    accountId: 1,
    agentNo: String(8000 + id),
    targetNumber: String(2000 + id),
    extensionMode: 'fixed',
    status: 'enabled',
    callerNumber: null,
    callerName: null,
    ignoreExtForwarding: false,
    remark: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...more,
  } as Agent;
}

/** An agent group of team 1 bound to `queueId`, static members by default. */
export function group(
  id: number,
  queueId: number | null,
  members: Array<Partial<AgentGroup['members'][number]> & { agentId: number }>,
  more: Partial<AgentGroup> = {},
): AgentGroup {
  return {
    id,
    teamId: 1,
    name: `group ${id}`,
    queueId,
    workMode: 'all',
    outboundAttribute: 'unrestricted',
    allowExternalTransfer: true,
    consultScope: 'group',
    wrapUpMode: 'off',
    wrapUpAutoEndSec: 0,
    autoPauseOnNoAnswer: false,
    showQueueInfo: false,
    autoAnswerQueue: false,
    autoAnswerPredictive: false,
    autoAnswerClickToDial: true,
    workLink: null,
    sendLoginInfo: false,
    defaultShowInboundCenter: false,
    description: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...more,
    members: members.map((m) => ({
      priority: 20,
      isGroupAdmin: false,
      membershipType: 'static',
      workMode: null,
      ...m,
    })),
  } as AgentGroup;
}

/** The in-memory store; `rows` is what a restart would reload. */
export class FakeAgentStore implements AgentSessionsStore {
  readonly agentsById = new Map<number, Agent>();
  groups: AgentGroup[] = [];
  readonly rows = new Map<number, AgentSessionRow>();
  writes = 0;

  readonly agents = { find: (id: number) => this.agentsById.get(id) };
  readonly agentGroups = {
    list: (teamId?: number) =>
      this.groups.filter((g) => teamId === undefined || g.teamId === teamId),
  };
  readonly agentSessions = {
    loadAll: () => [...this.rows.values()].map((r) => ({ ...r })),
    save: (row: AgentSessionRow) => {
      this.writes++;
      this.rows.set(row.agentId, { ...row });
    },
    remove: (agentId: number) => {
      this.writes++;
      this.rows.delete(agentId);
    },
  };

  constructor(agents: Agent[], groups: AgentGroup[] = []) {
    for (const a of agents) this.agentsById.set(a.id, a);
    this.groups = groups;
  }
}

/** Extensions 2001..2009 of team 1; 2005 is registered from 10.0.0.5. */
export const phones: PhoneBindingDirectory = {
  isExtension: (teamId, number) => teamId === 1 && /^200[1-9]$/.test(number),
  extensionsRegisteredFrom: (teamId, ip) => (teamId === 1 && ip === '10.0.0.5' ? ['2005'] : []),
};

/** AgentSessions over a FakeAgentStore and a FakeClock. */
export function sessionsSetup(agents: Agent[], groups: AgentGroup[] = []) {
  const store = new FakeAgentStore(agents, groups);
  const clock = new FakeClock();
  const sessions = new AgentSessions({ store, phones, clock, logger: silentLogger() });
  sessions.start();
  const changes: string[] = [];
  sessions.on('changed', (e) => changes.push(`${e.agentId}:${e.change}`));
  return { store, clock, sessions, changes };
}
