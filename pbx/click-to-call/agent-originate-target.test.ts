import { describe, expect, it } from 'vitest';
import type { RoutableTrunk } from '../routing/index.ts';
import {
  agentOriginateTarget,
  type AgentTargetDirectory,
  type AgentTrunkTeam,
} from './agent-originate-target.ts';

function trunk(id: number, more: Partial<RoutableTrunk> = {}): RoutableTrunk {
  return {
    id,
    name: `t${id}`,
    host: `192.0.2.${id}`,
    port: 5060,
    transport: 'udp',
    username: null,
    status: 'enabled',
    timeoutSec: 5,
    maxChannels: null,
    outboundCallerNumber: null,
    outboundCallerName: null,
    forceOutboundCli: false,
    ...more,
  };
}

function directory(team: Partial<AgentTrunkTeam> = {}): AgentTargetDirectory {
  const trunks = new Map(
    [1, 2, 3].map((id) => [id, trunk(id, id === 2 ? { status: 'disabled' } : {})]),
  );
  return {
    internalNumbers: {
      lookup: (_teamId, number) =>
        number === '1000'
          ? { kind: 'extension', ownerId: 10 }
          : number === '700'
            ? { kind: 'queue', ownerId: 4 }
            : undefined,
    },
    extensions: {
      find: (id) =>
        id === 10
          ? {
              id,
              teamId: 1,
              internalNumber: '1000',
              status: 'enabled',
              dnd: false,
              ringTimeoutSec: 20,
            }
          : undefined,
    },
    teams: {
      find: () => ({
        externalAgentTrunkType: 'none',
        externalAgentTrunkId: null,
        outboundTargetType: 'trunk',
        outboundTargetId: 3,
        ...team,
      }),
    },
    trunks: { find: (id) => trunks.get(id), getSecret: () => null },
    trunkGroups: {
      find: (id) => (id === 9 ? { id, strategy: 'sequential', trunkIds: [2, 1, 3] } : undefined),
    },
  };
}

const agent = { teamId: 1, agentNo: '81', targetNumber: '1000', callerNumber: '5550100' };

describe('agentOriginateTarget()', () => {
  it('AGT-3 when the phone is an internal extension → that extension, its ring timeout', () => {
    expect(agentOriginateTarget(directory(), agent, undefined)).toEqual({
      kind: 'extension',
      extension: { teamId: 1, extensionId: 10, number: '1000', ringTimeoutMs: 20_000 },
    });
  });

  it('AGT-3 when the session phone differs from targetNumber → the session phone wins', () => {
    const target = agentOriginateTarget(
      directory({ externalAgentTrunkType: 'trunk', externalAgentTrunkId: 1 }),
      agent,
      {
        kind: 'external',
        number: '13800138000',
      },
    );
    expect(target?.kind).toBe('trunks');
  });

  it('TM-13 when the phone is external and the team has an external-agent trunk → that trunk, agent CLI', () => {
    const target = agentOriginateTarget(
      directory({ externalAgentTrunkType: 'trunk', externalAgentTrunkId: 1 }),
      { ...agent, targetNumber: '13800138000' },
      undefined,
    );
    expect(target).toMatchObject({
      kind: 'trunks',
      trunks: [{ trunkId: 1, number: '13800138000', callerId: { number: '5550100' } }],
    });
  });

  it('TM-13 when the external-agent target is a trunk group → its enabled trunks in order', () => {
    const target = agentOriginateTarget(
      directory({ externalAgentTrunkType: 'trunkGroup', externalAgentTrunkId: 9 }),
      { ...agent, targetNumber: '13800138000' },
      undefined,
    );
    expect(target?.kind === 'trunks' ? target.trunks.map((t) => t.trunkId) : []).toEqual([1, 3]);
  });

  it('TM-13 when the team names no external-agent trunk → the team’s default target (TM-5)', () => {
    const target = agentOriginateTarget(
      directory(),
      { ...agent, targetNumber: '0200' },
      undefined,
      {
        number: '5551234',
        name: undefined,
      },
    );
    expect(target).toMatchObject({
      kind: 'trunks',
      trunks: [{ trunkId: 3, callerId: { number: '5551234' } }],
    });
  });

  it('AGT-3 when there is no number, the number is a queue, or no trunk is usable → undefined', () => {
    expect(
      agentOriginateTarget(directory(), { ...agent, targetNumber: null }, undefined),
    ).toBeUndefined();
    expect(
      agentOriginateTarget(directory(), { ...agent, targetNumber: '700' }, undefined),
    ).toBeUndefined();
    const noTrunk = directory({ outboundTargetType: 'none', outboundTargetId: null });
    expect(
      agentOriginateTarget(noTrunk, { ...agent, targetNumber: '0200' }, undefined),
    ).toBeUndefined();
  });
});
