import { err, ok } from '../../core/index.ts';
import type {
  AgentPresence,
  OriginateTarget,
  Result,
  RouteDecision,
  RouteRequest,
  TrunkTarget,
} from '../../core/index.ts';
import {
  agentOriginateTarget,
  type AgentTargetDirectory,
  type TargetAgent,
} from './agent-originate-target.ts';
import type { ClickToCallPlan } from './click-to-call.ts';

/** The agent fields click-to-call reads (spec 01 §1.5). */
export interface ClickToCallAgent extends TargetAgent {
  readonly id: number;
  readonly accountId: number;
  /** `enabled` or `disabled` (AGT-5). */
  readonly status: string;
}

/** What planClickToCall() reads; ConfigStore fits it. */
export interface ClickToCallDirectory extends AgentTargetDirectory {
  readonly agents: { find(id: number): ClickToCallAgent | undefined };
  readonly agentGroups: {
    list(teamId?: number): ReadonlyArray<{
      readonly autoAnswerClickToDial: boolean;
      readonly members: ReadonlyArray<{ readonly agentId: number }>;
    }>;
  };
  /** The extensions of an account, the fallback caller for external agents. */
  readonly extensions: AgentTargetDirectory['extensions'] & {
    idsOfAccount(accountId: number): number[];
  };
}

/** What planClickToCall() needs besides the store. */
export interface ClickToCallPlanDeps {
  readonly directory: ClickToCallDirectory;
  readonly presence: AgentPresence;
  /** The switch's dial plan (DialPlanRouter), as the agent's extension dials. */
  readonly router: { route(request: RouteRequest): RouteDecision };
  /** How long the agent's phone rings; 30 s unless given. */
  readonly agentRingTimeoutMs?: number;
  /** How long a trunk callee rings; 60 s unless given. */
  readonly calleeRingTimeoutMs?: number;
}

/** Why a click-to-call is refused before anything rings. */
export interface ClickToCallRefusal {
  readonly code:
    | 'ERR_AGENT_DISABLED'
    | 'ERR_AGENT_NO_PHONE'
    | 'ERR_AGENT_INBOUND_ONLY'
    | 'ERR_CLICK_TO_CALL_FORBIDDEN'
    | 'ERR_CLICK_TO_CALL_NOT_FOUND'
    | 'ERR_CLICK_TO_CALL_UNAVAILABLE';
  /** The HTTP status it maps to: 403, 404 or 409. */
  readonly status: 403 | 404 | 409;
  readonly message: string;
}

const DEFAULT_AGENT_RING_MS = 30_000;
const DEFAULT_CALLEE_RING_MS = 60_000;

function refuse(
  code: ClickToCallRefusal['code'],
  status: ClickToCallRefusal['status'],
  message: string,
): Result<ClickToCallPlan, ClickToCallRefusal> {
  return err({ code, status, message });
}

/**
 * AGT-4: decides both legs of a click-to-call before anything rings, so
 * that a refused number never rings the agent. Leg A is the agent's phone
 * (AGT-3: the session's, else 目标号码), auto-answered when any agent
 * group of the agent has 点击拨号 auto-answer on (GRP-8). Leg B is `number`
 * routed as the agent's extension would dial it (its outbound permission,
 * routes, trunk and CLI, TM-7 credit and the GRP-5 gate), or for an agent
 * on an external phone as the first extension of the agent's account;
 * the agent's 主叫号码/主叫名称 replace the CLI when set. A disabled agent
 * gets 409 (AGT-5); a session in `inbound` work mode places no calls
 * (GRP-4), 403.
 */
export function planClickToCall(
  deps: ClickToCallPlanDeps,
  agent: ClickToCallAgent,
  number: string,
): Result<ClickToCallPlan, ClickToCallRefusal> {
  const { directory } = deps;
  if (agent.status !== 'enabled') {
    return refuse('ERR_AGENT_DISABLED', 409, `agent ${agent.agentNo} is disabled (AGT-5)`);
  }
  const session = deps.presence.session(agent.id);
  if (session?.workMode === 'inbound') {
    return refuse(
      'ERR_AGENT_INBOUND_ONLY',
      403,
      `agent ${agent.agentNo} works inbound only and places no calls (GRP-4)`,
    );
  }
  const agentTarget = agentOriginateTarget(directory, agent, session?.phone, {
    number,
    name: undefined,
  });
  if (agentTarget === undefined) {
    return refuse('ERR_AGENT_NO_PHONE', 409, `agent ${agent.agentNo} has no phone to ring`);
  }
  const callerExtensionId = dialAsExtension(directory, agent, agentTarget);
  if (callerExtensionId === undefined) {
    return refuse('ERR_AGENT_NO_PHONE', 409, `agent ${agent.agentNo} has no extension to dial as`);
  }
  const callerExtension = directory.extensions.find(callerExtensionId);
  const callerNumber = callerExtension?.internalNumber ?? agent.agentNo;
  const decision = deps.router.route({
    teamId: agent.teamId,
    callerExtensionId,
    callerNumber,
    dialled: number,
  });
  const callee = calleeTarget(decision, agent, deps.calleeRingTimeoutMs);
  if (!callee.ok) return err(callee.error);
  const isAutoAnswer = directory.agentGroups
    .list(agent.teamId)
    .some((g) => g.autoAnswerClickToDial && g.members.some((m) => m.agentId === agent.id));
  const target = callee.value.target;
  const agentCli = presentedCli(agent);
  return ok({
    teamId: agent.teamId,
    agentId: agent.id,
    agent: {
      target: agentTarget,
      caller: { uri: `sip:${number}@click-to-call.invalid`, number },
      ringTimeoutMs:
        agentTarget.kind === 'extension'
          ? agentTarget.extension.ringTimeoutMs
          : (deps.agentRingTimeoutMs ?? DEFAULT_AGENT_RING_MS),
      autoAnswer: isAutoAnswer,
    },
    callee: {
      target,
      caller: {
        uri: `sip:${agentCli?.number ?? callerNumber}@click-to-call.invalid`,
        number: agentCli?.number ?? callerNumber,
        ...(agentCli?.name === undefined ? {} : { displayName: agentCli.name }),
      },
      ringTimeoutMs: callee.value.ringTimeoutMs,
    },
    record: {
      callType: target.kind === 'trunks' ? 'outbound' : 'internal',
      callerNumber,
      callerName: agentCli?.name,
      calledNumber: number,
      callerExtensionId,
      calleeExtensionId: target.kind === 'extension' ? target.extension.extensionId : undefined,
      trunkId: target.kind === 'trunks' ? target.trunks[0]?.trunkId : undefined,
    },
  });
}

/** The extension leg B is dialled as: the agent's own, else its account's first. */
function dialAsExtension(
  directory: ClickToCallDirectory,
  agent: ClickToCallAgent,
  agentTarget: OriginateTarget,
): number | undefined {
  if (agentTarget.kind === 'extension') return agentTarget.extension.extensionId;
  return directory.extensions.idsOfAccount(agent.accountId)[0];
}

/** The agent's 主叫号码 / 主叫名称, when its number is set. */
function presentedCli(agent: ClickToCallAgent): { number: string; name?: string } | undefined {
  const number = agent.callerNumber ?? '';
  if (number === '') return undefined;
  const name = agent.callerName ?? '';
  return name === '' ? { number } : { number, name };
}

/** Leg B's target from the dial plan's decision, or why it is refused. */
function calleeTarget(
  decision: RouteDecision,
  agent: ClickToCallAgent,
  calleeRingTimeoutMs: number | undefined,
): Result<{ target: OriginateTarget; ringTimeoutMs: number }, ClickToCallRefusal> {
  switch (decision.kind) {
    case 'trunks': {
      const cli = presentedCli(agent);
      const trunks: TrunkTarget[] = decision.targets.map((t) =>
        cli === undefined ? t : { ...t, callerId: { number: cli.number, name: cli.name } },
      );
      return ok({
        target: { kind: 'trunks', trunks },
        ringTimeoutMs: calleeRingTimeoutMs ?? DEFAULT_CALLEE_RING_MS,
      });
    }
    case 'extensions': {
      const extension = decision.targets[0];
      if (extension === undefined) break;
      return ok({
        target: { kind: 'extension', extension },
        ringTimeoutMs: extension.ringTimeoutMs,
      });
    }
    case 'forbidden':
      return err({
        code: 'ERR_CLICK_TO_CALL_FORBIDDEN',
        status: 403,
        message:
          decision.reason === undefined
            ? 'the agent may not dial this number'
            : `the agent may not dial this number (${decision.reason})`,
      });
    case 'not-found':
      break;
    case 'application':
      return err({
        code: 'ERR_CLICK_TO_CALL_UNAVAILABLE',
        status: 409,
        message: 'the number is a PBX application; click-to-call dials phones only',
      });
    case 'unavailable':
      return err({
        code: 'ERR_CLICK_TO_CALL_UNAVAILABLE',
        status: 409,
        message: `the number takes no calls now (${decision.reason})`,
      });
  }
  return err({
    code: 'ERR_CLICK_TO_CALL_NOT_FOUND',
    status: 404,
    message: 'no route to the number',
  });
}
