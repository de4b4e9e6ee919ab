import { describe, expect, test } from 'vitest';
import type { AgentPresence, AgentSession } from './core/index.ts';
import { agentHotkeyPolicy, type HotkeyPolicyGroups } from './app-hotkey-policy.ts';
import type { HotkeyRoute } from './signaling/index.ts';

/* GRP-9 as the in-call hotkeys (D31) see it, with in-test agents and groups. */

const TEAM = 1;

function session(agentId: number, phone: string): AgentSession {
  return {
    agentId,
    teamId: TEAM,
    agentNo: String(7000 + agentId),
    phone: { kind: 'extension', number: phone },
    workMode: 'all',
    activity: 'busy',
    groupIds: [],
    since: 0,
  };
}

const byPhone = new Map([
  ['1000', session(1, '1000')],
  ['1001', session(2, '1001')],
  ['1002', session(3, '1002')],
]);
const presence: AgentPresence = {
  session: (id) => [...byPhone.values()].find((s) => s.agentId === id),
  sessionAtPhone: (_team, number) => byPhone.get(number),
};

function groups(
  consultScope: 'group' | 'unrestricted',
  allowExternalTransfer: boolean,
): HotkeyPolicyGroups {
  const member = (agentId: number) => ({
    agentId,
    priority: 20,
    isGroupAdmin: false,
    membershipType: 'static' as const,
    workMode: null,
  });
  return {
    list: () => [
      { id: 1, consultScope, allowExternalTransfer, members: [member(1), member(2)] },
      { id: 2, consultScope, allowExternalTransfer, members: [member(3)] },
    ],
  };
}

const toExtension = (number: string): HotkeyRoute => ({
  kind: 'originate',
  target: {
    kind: 'extension',
    extension: { teamId: TEAM, extensionId: Number(number), number } as never,
  },
  ringTimeoutMs: 15_000,
});
const outside: HotkeyRoute = {
  kind: 'originate',
  target: { kind: 'trunks', trunks: [] },
  ringTimeoutMs: 60_000,
};

describe('agentHotkeyPolicy()', () => {
  test('GRP-9 consultScope group → a consult reaches an agent of the own group only', () => {
    const policy = agentHotkeyPolicy(groups('group', true), presence);
    expect(policy.refusal(TEAM, '1000', 'agent-consult', toExtension('1001'))).toBeUndefined();
    expect(policy.refusal(TEAM, '1000', 'agent-consult', toExtension('1002'))).toMatch(/GRP-9/);
    expect(policy.refusal(TEAM, '1000', 'agent-consult', toExtension('1003'))).toMatch(/GRP-9/);
    expect(policy.refusal(TEAM, '1000', 'agent-consult', outside)).toMatch(/GRP-9/);
  });

  test('GRP-9 consultScope unrestricted → a consult reaches anyone, outside numbers too', () => {
    const policy = agentHotkeyPolicy(groups('unrestricted', false), presence);
    expect(policy.refusal(TEAM, '1000', 'agent-consult', toExtension('1002'))).toBeUndefined();
    expect(policy.refusal(TEAM, '1000', 'agent-consult', outside)).toBeUndefined();
  });

  test('GRP-9 allowExternalTransfer off → blind and attended transfers to an outside number refused, to extensions allowed', () => {
    const policy = agentHotkeyPolicy(groups('group', false), presence);
    expect(policy.refusal(TEAM, '1000', 'blind-transfer', outside)).toMatch(/outside/);
    expect(policy.refusal(TEAM, '1000', 'attended-transfer', outside)).toMatch(/outside/);
    expect(policy.refusal(TEAM, '1000', 'blind-transfer', toExtension('1002'))).toBeUndefined();
    const open = agentHotkeyPolicy(groups('group', true), presence);
    expect(open.refusal(TEAM, '1000', 'blind-transfer', outside)).toBeUndefined();
  });

  test('GRP-9 a caller who is no signed-in agent, or an application target → not limited', () => {
    const policy = agentHotkeyPolicy(groups('group', false), presence);
    expect(policy.refusal(TEAM, '1099', 'blind-transfer', outside)).toBeUndefined();
    expect(policy.refusal(TEAM, '1099', 'agent-consult', toExtension('1002'))).toBeUndefined();
    const app: HotkeyRoute = { kind: 'application', destination: { type: 'queue' } as never };
    expect(policy.refusal(TEAM, '1000', 'blind-transfer', app)).toBeUndefined();
  });
});
