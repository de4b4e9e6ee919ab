import type { AgentPhone, CallerId, OriginateTarget, TrunkTarget } from '../../core/index.ts';
import {
  TrunkGroupOrder,
  applyGroupAndTrunkRules,
  ringExtension,
  trunkTarget,
  type HuntedTrunkGroup,
  type InternalNumberEntry,
  type MatchableTrunkRule,
  type TrunkGroupRuleSource,
  type RoutableExtension,
  type RoutableTrunk,
} from '../routing/index.ts';

/** The team fields that choose an external agent's trunk (TM-13, TM-5). */
export interface AgentTrunkTeam {
  readonly externalAgentTrunkType: string;
  readonly externalAgentTrunkId: number | null;
  readonly outboundTargetType: string;
  readonly outboundTargetId: number | null;
}

/** What agentOriginateTarget() reads; ConfigStore fits it. */
export interface AgentTargetDirectory {
  readonly internalNumbers: {
    lookup(teamId: number, number: string): InternalNumberEntry | undefined;
  };
  readonly extensions: { find(id: number): RoutableExtension | undefined };
  readonly teams: { find(id: number): AgentTrunkTeam | undefined };
  readonly trunks: {
    find(id: number): RoutableTrunk | undefined;
    getSecret(id: number): string | null;
  };
  readonly trunkGroups: { find(id: number): HuntedTrunkGroup | undefined };
  /** The enabled number rules of a trunk (TRK-6); without it, none. */
  readonly trunkRules?: { enabledFor(trunkId: number): readonly MatchableTrunkRule[] };
  readonly trunkGroupRules?: TrunkGroupRuleSource;
}

/** The agent fields agentOriginateTarget() reads (spec 01 §1.5). */
export interface TargetAgent {
  readonly teamId: number;
  readonly agentNo: string;
  /** 目标号码: the agent's phone when it is not signed in. */
  readonly targetNumber: string | null;
  readonly callerNumber?: string | null;
  readonly callerName?: string | null;
}

/** Round-robin trunk groups keep their place across calls (TG-1). */
const sharedGroupOrder = new TrunkGroupOrder();

/**
 * AGT-3: what rings the agent. The phone is the session's (`phone`, when
 * the agent is signed in) or else the agent's 目标号码. An internal
 * extension number of the agent's team rings that extension through the
 * registrar; any other number is an external phone, dialled over the
 * team's external-agent trunk or trunk group (TM-13), or, when the team
 * names none, over its default outbound target (TM-5), since the spec
 * leaves that case open. Disabled trunks are skipped and each trunk's
 * number rules apply (TRK-6). `callerId` is what the external phone is
 * shown; by default the agent's 主叫号码/主叫名称, else its agent number.
 * Undefined when there is nothing to ring: no number, a disabled or DND
 * extension, or no usable trunk.
 */
export function agentOriginateTarget(
  store: AgentTargetDirectory,
  agent: TargetAgent,
  phone: AgentPhone | undefined,
  callerId?: CallerId,
): OriginateTarget | undefined {
  const number = phone?.number ?? agent.targetNumber ?? '';
  if (number === '') return undefined;
  const entry = store.internalNumbers.lookup(agent.teamId, number);
  if (entry !== undefined) {
    if (entry.kind !== 'extension' || entry.ownerId === null) return undefined;
    const decision = ringExtension(store.extensions.find(entry.ownerId), agent.teamId);
    if (decision.kind !== 'extensions') return undefined;
    const extension = decision.targets[0];
    return extension === undefined ? undefined : { kind: 'extension', extension };
  }
  if (phone?.kind === 'extension') return undefined;
  const trunks = externalAgentTrunks(store, agent, number, callerId ?? defaultCallerId(agent));
  return trunks.length === 0 ? undefined : { kind: 'trunks', trunks };
}

function defaultCallerId(agent: TargetAgent): CallerId {
  const number = agent.callerNumber ?? '';
  return {
    number: number === '' ? agent.agentNo : number,
    name: agent.callerName === null || agent.callerName === '' ? undefined : agent.callerName,
  };
}

/** TM-13, else TM-5: the trunks to try, in order, with the number each takes. */
function externalAgentTrunks(
  store: AgentTargetDirectory,
  agent: TargetAgent,
  number: string,
  callerId: CallerId,
): TrunkTarget[] {
  const team = store.teams.find(agent.teamId);
  if (team === undefined) return [];
  const isOwn = team.externalAgentTrunkType !== 'none';
  const type = isOwn ? team.externalAgentTrunkType : team.outboundTargetType;
  const id = isOwn ? team.externalAgentTrunkId : team.outboundTargetId;
  if (id === null) return [];
  let trunkIds: readonly number[] = [];
  let groupId: number | undefined;
  if (type === 'trunk') trunkIds = [id];
  else if (type === 'trunkGroup') {
    const group = store.trunkGroups.find(id);
    trunkIds = group === undefined ? [] : sharedGroupOrder.order(group);
    groupId = group?.id;
  }
  const out: TrunkTarget[] = [];
  for (const trunkId of trunkIds) {
    const trunk = store.trunks.find(trunkId);
    if (trunk === undefined || trunk.status !== 'enabled') continue;
    const groupRules =
      groupId === undefined ? [] : (store.trunkGroupRules?.enabledFor(groupId, trunkId) ?? []);
    const rules = store.trunkRules?.enabledFor(trunkId) ?? [];
    const sent = applyGroupAndTrunkRules(groupRules, rules, number);
    if (sent === undefined) continue;
    const secret = trunk.username === null ? null : store.trunks.getSecret(trunkId);
    out.push(trunkTarget(trunk, secret, sent, callerId));
  }
  return out;
}
