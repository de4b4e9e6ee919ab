import { describe, expect, test } from 'vitest';
import type { AgentSession } from '../../core/index.ts';
import { cascadeAgentNo, cascadePeerHost, type CascadeAgent } from './cascade-trunk.ts';
import { DialPlanRouter, type DialPlanDirectory, type PeerTrunk } from './dial-plan-router.ts';
import { DEFAULT_TEAM_CODES } from './feature-codes.fixture.ts';

/* TRK-12 cascade trunks: identity out, internal routing in (D58). */

const agent = (over: Partial<CascadeAgent>): CascadeAgent => ({
  accountId: 2,
  agentNo: '8001',
  status: 'enabled',
  targetNumber: null,
  ...over,
});

describe('cascadeAgentNo() (TRK-12)', () => {
  const caller = { internalNumber: '1000', accountId: 2 };

  test('cascadeAgentNo() when an agent of the account has this phone → that agent', () => {
    const agents = [agent({ agentNo: '1' }), agent({ agentNo: '2', targetNumber: '1000' })];
    expect(cascadeAgentNo(agents, caller)).toBe('2');
  });

  test('cascadeAgentNo() when the account has one enabled agent → it', () => {
    const agents = [agent({ agentNo: '7' }), agent({ agentNo: '9', status: 'disabled' })];
    expect(cascadeAgentNo(agents, caller)).toBe('7');
  });

  test('cascadeAgentNo() when several agents and none at this phone, or another account → none', () => {
    expect(cascadeAgentNo([agent({ agentNo: '1' }), agent({ agentNo: '2' })], caller)).toBe(
      undefined,
    );
    expect(cascadeAgentNo([agent({ accountId: 5 })], caller)).toBe(undefined);
    expect(cascadeAgentNo([agent({})], { internalNumber: '1000', accountId: null })).toBe(
      undefined,
    );
  });

  test('cascadeAgentNo() when an agent is signed in at the phone → it, over the static link', () => {
    const agents = [agent({ agentNo: '2', targetNumber: '1000' })];
    expect(cascadeAgentNo(agents, caller, { agentNo: '5' })).toBe('5');
    expect(cascadeAgentNo([], { internalNumber: '1000' }, { agentNo: '5' })).toBe('5');
    expect(cascadeAgentNo(agents, caller, undefined)).toBe('2');
  });

  test('cascadePeerHost() → cascadeHost when set, else the trunk host', () => {
    expect(cascadePeerHost({ host: '192.0.2.1', cascadeHost: '198.51.100.7' })).toBe(
      '198.51.100.7',
    );
    expect(cascadePeerHost({ host: '192.0.2.1', cascadeHost: null })).toBe('192.0.2.1');
    expect(cascadePeerHost({ host: '192.0.2.1', cascadeHost: ' ' })).toBe('192.0.2.1');
  });
});

const cascadeTrunk = {
  id: 1,
  teamId: 1,
  type: 'registration',
  name: 'to-branch',
  host: '192.0.2.1',
  cascadeHost: '198.51.100.7',
  cascade: true,
  port: 5060,
  transport: 'udp' as const,
  username: null,
  status: 'enabled',
  timeoutSec: 45,
  maxChannels: null,
  outboundCallerNumber: '+15550001111',
  outboundCallerName: 'Head office',
  forceOutboundCli: true,
};

function directory(agents: CascadeAgent[] = []): DialPlanDirectory & {
  agents: { list(): CascadeAgent[] };
} {
  const extension = {
    id: 6,
    teamId: 1,
    internalNumber: '1000',
    status: 'enabled',
    dnd: false,
    ringTimeoutSec: 30,
    outboundCallerNumber: '+15559990000',
    outboundCallerName: null,
    allowOutbound: true,
    accountId: 2,
  };
  return {
    internalNumbers: {
      lookup: (_, n) => (n === '1000' ? { kind: 'extension', ownerId: 6 } : undefined),
    },
    extensions: { find: (id) => (id === 6 ? extension : undefined), idsOfAccount: () => [] },
    outboundRoutes: {
      findCandidates: (_, n) =>
        n.startsWith('8') ? [{ stripDigits: 1, prepend: '', trunkId: 1 }] : [],
    },
    trunks: {
      list: () => [cascadeTrunk as PeerTrunk],
      find: (id) => (id === 1 ? cascadeTrunk : undefined),
      getSecret: () => null,
    },
    dids: { findByNumber: () => undefined },
    teams: { find: () => ({ uid: 'branch', sipDomain: 'branch.example' }) },
    callerLists: { screeningRules: () => [] },
    inboundRoutes: { list: () => [] },
    workHours: { find: () => undefined },
    ringGroups: { find: () => undefined },
    featureCodes: { effective: () => DEFAULT_TEAM_CODES },
    voicemailBoxes: { findByExtension: () => undefined },
    agents: { list: () => agents },
  };
}

const signedIn: AgentSession = {
  agentId: 42,
  teamId: 1,
  agentNo: '8042',
  phone: { kind: 'extension', number: '1000' },
  workMode: 'all',
  activity: 'idle',
  groupIds: [],
  since: 0,
};

describe('DialPlanRouter with a cascade trunk (TRK-12)', () => {
  const inbound = { trunkId: 1, trunkTeamId: 1, callerNumber: '2000' };

  test('trunkPeers() → a cascade trunk of any type, trusted from its cascadeHost', () => {
    expect(new DialPlanRouter(directory()).trunkPeers()).toEqual([
      { trunkId: 1, teamId: 1, host: '198.51.100.7' },
    ]);
  });

  test('routeInbound() when an internal number is dialled → its extension, in the trunk’s team', () => {
    const decision = new DialPlanRouter(directory()).routeInbound({ ...inbound, dialled: '1000' });
    expect(decision).toMatchObject({
      kind: 'extensions',
      teamId: 1,
      domain: 'branch.example',
      targets: [{ extensionId: 6, number: '1000' }],
    });
  });

  test('routeInbound() when a feature code or an outside number is dialled → not-found', () => {
    const router = new DialPlanRouter(directory());
    expect(router.routeInbound({ ...inbound, dialled: '*72' }).kind).toBe('not-found');
    expect(router.routeInbound({ ...inbound, dialled: '85551234' }).kind).toBe('not-found');
  });

  test('route() over a cascade trunk → the internal number and agent, not the forced CLI', () => {
    const decision = new DialPlanRouter(directory([agent({ targetNumber: '1000' })])).route({
      teamId: 1,
      callerExtensionId: 6,
      callerNumber: '1000',
      dialled: '81001',
    });
    expect(decision.kind).toBe('trunks');
    const target = decision.kind === 'trunks' ? decision.targets[0] : undefined;
    expect(target).toMatchObject({
      number: '1001',
      callerId: { number: '1000', name: undefined },
      cascade: { agentNo: '8001' },
    });
  });

  test('route() TRK-12 over a cascade trunk with an agent signed in at the phone → that agent', () => {
    const asked: string[] = [];
    const router = new DialPlanRouter(directory([agent({ targetNumber: '1000' })]), undefined, {
      presence: {
        sessionAtPhone: (teamId, number) => {
          asked.push(`${teamId}/${number}`);
          return number === '1000' ? signedIn : undefined;
        },
      },
    });
    const decision = router.route({
      teamId: 1,
      callerExtensionId: 6,
      callerNumber: '1000',
      dialled: '81001',
    });
    const target = decision.kind === 'trunks' ? decision.targets[0] : undefined;
    expect(target).toMatchObject({ cascade: { agentNo: '8042' } });
    expect(asked).toEqual(['1/1000']);
  });
});
