import { describe, expect, test } from 'vitest';
import type { AgentSession, AgentWorkMode } from '../../core/index.ts';
import { AgentOutboundGate, type GatedAgentGroup } from './agent-outbound-gate.ts';
import { OutboundRouter, type OutboundDirectory, type RoutableTrunk } from './outbound-router.ts';

const trunk: RoutableTrunk = {
  id: 1,
  name: 'carrier',
  host: 'sip.carrier.example',
  port: 5060,
  transport: 'udp',
  username: null,
  status: 'enabled',
  timeoutSec: 45,
  maxChannels: null,
  outboundCallerNumber: null,
  outboundCallerName: null,
  forceOutboundCli: false,
};

/** Agent 81 signed in at extension 1000 of team 1; CDRs know 5551234. */
function routerFor(options: {
  workMode?: AgentWorkMode;
  attribute?: string;
  groups?: GatedAgentGroup[];
  action?: 'dialOut' | 'ringGroup';
  isSignedIn?: boolean;
}) {
  const asked: string[][] = [];
  const session: AgentSession = {
    agentId: 81,
    teamId: 1,
    agentNo: '81',
    phone: { kind: 'extension', number: '1000' },
    workMode: options.workMode ?? 'all',
    activity: 'idle',
    groupIds: [3],
    since: 0,
  };
  const gate = new AgentOutboundGate({
    presence: {
      session: () => undefined,
      sessionAtPhone: (teamId, number) =>
        options.isSignedIn !== false && teamId === 1 && number === '1000' ? session : undefined,
    },
    groups: {
      list: () =>
        options.groups ?? [
          { outboundAttribute: 'unrestricted', members: [{ agentId: 81 }] },
          { outboundAttribute: options.attribute ?? 'restricted', members: [{ agentId: 81 }] },
        ],
    },
    history: {
      hasContact: (_teamId, _extensionId, numbers) => {
        asked.push([...numbers]);
        return numbers.includes('5551234');
      },
    },
  });
  const directory: OutboundDirectory = {
    outboundRoutes: {
      findCandidates: () => [
        {
          stripDigits: 1,
          prepend: '',
          trunkId: 1,
          action: options.action ?? 'dialOut',
          actionTargetId: 4,
        },
      ],
    },
    trunks: { find: (id) => (id === 1 ? trunk : undefined), getSecret: () => null },
    extensions: {
      find: () => ({
        internalNumber: '1000',
        outboundCallerNumber: null,
        outboundCallerName: null,
        allowOutbound: true,
      }),
    },
  };
  return { router: new OutboundRouter(directory, undefined, gate), asked };
}

const dial = (dialled: string) => ({
  teamId: 1,
  callerExtensionId: 6,
  callerNumber: '1000',
  dialled,
});

describe('OutboundRouter.route() agent gate', () => {
  test('GRP-5 restricted agent dials a number of its contact records → its trunks', () => {
    const { router, asked } = routerFor({});
    expect(router.route(dial('95551234')).kind).toBe('trunks');
    // Both the dialled number and the number sent to the trunk are looked up.
    expect(asked).toEqual([['95551234', '5551234']]);
  });

  test('GRP-5 restricted agent dials a number it never talked to → forbidden agent-restricted', () => {
    const { router } = routerFor({});
    expect(router.route(dial('95550000'))).toEqual({
      kind: 'forbidden',
      reason: 'agent-restricted',
    });
  });

  test('GRP-5 no group of the agent is restricted → any number', () => {
    const { router, asked } = routerFor({ attribute: 'unrestricted' });
    expect(router.route(dial('95550000')).kind).toBe('trunks');
    expect(asked).toEqual([]);
  });

  test('GRP-5 member restricted in an unrestricted group → forbidden agent-restricted', () => {
    const { router } = routerFor({
      groups: [
        {
          outboundAttribute: 'unrestricted',
          members: [{ agentId: 80 }, { agentId: 81, outboundAttribute: 'restricted' }],
        },
      ],
    });
    expect(router.route(dial('95550000'))).toEqual({
      kind: 'forbidden',
      reason: 'agent-restricted',
    });
    expect(router.route(dial('95551234')).kind).toBe('trunks');
  });

  test('GRP-5 member unrestricted in a restricted group → any number; null takes the group', () => {
    const unrestricted = routerFor({
      groups: [
        {
          outboundAttribute: 'restricted',
          members: [{ agentId: 81, outboundAttribute: 'unrestricted' }],
        },
      ],
    });
    expect(unrestricted.router.route(dial('95550000')).kind).toBe('trunks');
    expect(unrestricted.asked).toEqual([]);
    const inherited = routerFor({
      groups: [
        { outboundAttribute: 'restricted', members: [{ agentId: 81, outboundAttribute: null }] },
      ],
    });
    expect(inherited.router.route(dial('95550000')).kind).toBe('forbidden');
  });

  test('GRP-5 restricted member of another agent → this agent not gated', () => {
    const { router } = routerFor({
      groups: [
        {
          outboundAttribute: 'unrestricted',
          members: [{ agentId: 80, outboundAttribute: 'restricted' }, { agentId: 81 }],
        },
      ],
    });
    expect(router.route(dial('95550000')).kind).toBe('trunks');
  });

  test('GRP-5 no agent signed in at the extension → not gated', () => {
    const { router } = routerFor({ isSignedIn: false });
    expect(router.route(dial('95550000')).kind).toBe('trunks');
  });

  test('GRP-4 agent session in inbound work mode → forbidden agent-inbound-only', () => {
    const { router } = routerFor({ workMode: 'inbound', attribute: 'unrestricted' });
    expect(router.route(dial('95551234'))).toEqual({
      kind: 'forbidden',
      reason: 'agent-inbound-only',
    });
  });

  test('GRP-5 a route that stays inside the switch (ring group) → not gated', () => {
    const { router } = routerFor({ action: 'ringGroup' });
    expect(router.route(dial('95550000')).kind).toBe('application');
  });
});
