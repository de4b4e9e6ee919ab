import { describe, expect, it } from 'vitest';
import type { AgentSession, RouteDecision, RouteRequest, TrunkTarget } from '../../core/index.ts';
import {
  planClickToCall,
  type ClickToCallAgent,
  type ClickToCallDirectory,
  type ClickToCallPlanDeps,
} from './click-to-call-plan.ts';

const TRUNK: TrunkTarget = {
  trunkId: 3,
  trunkName: 'carrier',
  host: '192.0.2.3',
  port: 5060,
  transport: 'udp',
  number: '5559876',
  callerId: { number: '1000', name: undefined },
  maxChannels: undefined,
  responseTimeoutMs: 5000,
  credentials: undefined,
};

const AGENT: ClickToCallAgent = {
  id: 81,
  teamId: 1,
  accountId: 5,
  agentNo: '81',
  status: 'enabled',
  targetNumber: '1000',
  callerNumber: null,
  callerName: null,
};

function deps(
  more: { session?: Partial<AgentSession>; decision?: RouteDecision; autoAnswer?: boolean } = {},
) {
  const routed: RouteRequest[] = [];
  const directory: ClickToCallDirectory = {
    internalNumbers: {
      lookup: (_t, n) => (n === '1000' ? { kind: 'extension', ownerId: 10 } : undefined),
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
      idsOfAccount: () => [10],
    },
    teams: {
      find: () => ({
        externalAgentTrunkType: 'trunk',
        externalAgentTrunkId: 3,
        outboundTargetType: 'none',
        outboundTargetId: null,
      }),
    },
    trunks: {
      find: (id) =>
        id === 3
          ? {
              id,
              name: 'carrier',
              host: '192.0.2.3',
              port: 5060,
              transport: 'udp',
              username: null,
              status: 'enabled',
              timeoutSec: 5,
              maxChannels: null,
              outboundCallerNumber: null,
              outboundCallerName: null,
              forceOutboundCli: false,
            }
          : undefined,
      getSecret: () => null,
    },
    trunkGroups: { find: () => undefined },
    agents: { find: (id) => (id === AGENT.id ? AGENT : undefined) },
    agentGroups: {
      list: () => [
        { autoAnswerClickToDial: false, members: [{ agentId: 81 }] },
        { autoAnswerClickToDial: more.autoAnswer ?? true, members: [{ agentId: 81 }] },
        { autoAnswerClickToDial: true, members: [{ agentId: 99 }] },
      ],
    },
  };
  const session: AgentSession | undefined =
    more.session === undefined
      ? undefined
      : {
          agentId: 81,
          teamId: 1,
          agentNo: '81',
          phone: { kind: 'extension', number: '1000' },
          workMode: 'all',
          activity: 'idle',
          groupIds: [],
          since: 0,
          ...more.session,
        };
  const planDeps: ClickToCallPlanDeps = {
    directory,
    presence: { session: () => session, sessionAtPhone: () => undefined },
    router: {
      route: (r) => {
        routed.push(r);
        return more.decision ?? { kind: 'trunks', targets: [TRUNK] };
      },
    },
  };
  return { planDeps, routed };
}

describe('planClickToCall()', () => {
  it('AGT-4 signed out → leg A rings targetNumber, B is routed as that extension dials', () => {
    const { planDeps, routed } = deps();
    const plan = planClickToCall(planDeps, AGENT, '5559876');
    expect(routed).toEqual([
      { teamId: 1, callerExtensionId: 10, callerNumber: '1000', dialled: '5559876' },
    ]);
    expect(plan.ok && plan.value.agent.target.kind).toBe('extension');
    expect(plan.ok && plan.value.callee.target).toEqual({ kind: 'trunks', trunks: [TRUNK] });
    expect(plan.ok && plan.value.record).toMatchObject({ callType: 'outbound', trunkId: 3 });
  });

  it('GRP-8 any group of the agent with autoAnswerClickToDial → leg A auto-answers; none → not', () => {
    expect(planClickToCall(deps().planDeps, AGENT, '5559876')).toMatchObject({
      ok: true,
      value: { agent: { autoAnswer: true } },
    });
    expect(planClickToCall(deps({ autoAnswer: false }).planDeps, AGENT, '5559876')).toMatchObject({
      ok: true,
      value: { agent: { autoAnswer: false } },
    });
  });

  it('AGT-3 signed in on an external phone → leg A over the external-agent trunk', () => {
    const { planDeps } = deps({ session: { phone: { kind: 'external', number: '13800138000' } } });
    const plan = planClickToCall(planDeps, AGENT, '5559876');
    expect(plan.ok && plan.value.agent.target).toMatchObject({
      kind: 'trunks',
      trunks: [{ trunkId: 3, number: '13800138000' }],
    });
  });

  it('AGT-4 the agent’s callerNumber/callerName → the CLI of leg B', () => {
    const agent = { ...AGENT, callerNumber: '4000', callerName: 'Sales' };
    const plan = planClickToCall(deps().planDeps, agent, '5559876');
    expect(plan.ok && plan.value.callee.target).toMatchObject({
      trunks: [{ callerId: { number: '4000', name: 'Sales' } }],
    });
  });

  it('AGT-5 disabled agent → 409 ERR_AGENT_DISABLED, nothing routed', () => {
    const { planDeps, routed } = deps();
    const plan = planClickToCall(planDeps, { ...AGENT, status: 'disabled' }, '5559876');
    expect(plan).toMatchObject({ ok: false, error: { code: 'ERR_AGENT_DISABLED', status: 409 } });
    expect(routed).toEqual([]);
  });

  it('GRP-4 session in inbound work mode → 403 ERR_AGENT_INBOUND_ONLY', () => {
    const plan = planClickToCall(deps({ session: { workMode: 'inbound' } }).planDeps, AGENT, '1');
    expect(plan).toMatchObject({
      ok: false,
      error: { code: 'ERR_AGENT_INBOUND_ONLY', status: 403 },
    });
  });

  it('AGT-4 the route forbids the number → 403; no route → 404', () => {
    const forbidden = deps({ decision: { kind: 'forbidden', reason: 'credit-limit' } });
    expect(planClickToCall(forbidden.planDeps, AGENT, '5559876')).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    const none = deps({ decision: { kind: 'not-found' } });
    expect(planClickToCall(none.planDeps, AGENT, '5559876')).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
  });

  it('AGT-3 no phone at all → 409 ERR_AGENT_NO_PHONE', () => {
    const plan = planClickToCall(deps().planDeps, { ...AGENT, targetNumber: null }, '5559876');
    expect(plan).toMatchObject({ ok: false, error: { code: 'ERR_AGENT_NO_PHONE' } });
  });
});
