import type { AgentPresence } from '../../core/index.ts';

/** Why the gate refuses an agent's outbound call. */
export type AgentOutboundRefusal = 'agent-inbound-only' | 'agent-restricted';

/** The agent-group fields the gate reads (spec 01 §1.6). */
export interface GatedAgentGroup {
  /** `unrestricted` (无限制) or `restricted` (受限制), GRP-5. */
  readonly outboundAttribute: string;
  readonly members: ReadonlyArray<{
    readonly agentId: number;
    /** The member's own 外呼属性 (GRP-5); null or absent takes the group's. */
    readonly outboundAttribute?: string | null;
  }>;
}

/** What the gate reads; ConfigStore's agentGroups fits `groups`. */
export interface AgentOutboundGateDeps {
  readonly presence: AgentPresence;
  readonly groups: { list(teamId?: number): readonly GatedAgentGroup[] };
  /**
   * GRP-5 historical contact records: whether a CDR of team `teamId` has
   * extension `extensionId` as one party and one of `numbers` as the other.
   */
  readonly history: {
    hasContact(teamId: number, extensionId: number, numbers: readonly string[]): boolean;
  };
}

/** One outbound call to a trunk, as the router has it. */
export interface GatedCall {
  readonly teamId: number;
  readonly extensionId: number;
  /** The calling extension's internal number, where an agent may be signed in. */
  readonly extensionNumber: string;
  /** The number as dialled, then as each trunk is offered it. */
  readonly numbers: readonly string[];
}

/**
 * GRP-4 and GRP-5 for calls out to trunks from an extension where an agent
 * is signed in (AgentPresence.sessionAtPhone). A session in `inbound` work
 * mode places no outbound calls (GRP-4 呼入). An agent whose 外呼属性 is
 * `restricted` in any of its groups (the member's own value, else the
 * group's: spec §1.6 AgentGroupMember) may dial only numbers in its
 * historical contact records: CDRs with the agent's extension as one party
 * and the number, as dialled or as sent to the trunk, as the other (GRP-5).
 * Campaign and dialling-plan calls are exempt in the spec; the switch has
 * no campaigns yet, so every call an agent dials is checked. Extensions with no agent
 * signed in pass, as do internal calls: the gate sits behind the outbound
 * router like the credit gate (TM-7), on trunk decisions only.
 */
export class AgentOutboundGate {
  constructor(private readonly deps: AgentOutboundGateDeps) {}

  refusal(call: GatedCall): AgentOutboundRefusal | undefined {
    const session = this.deps.presence.sessionAtPhone(call.teamId, call.extensionNumber);
    if (session === undefined) return undefined;
    if (session.workMode === 'inbound') return 'agent-inbound-only';
    const isRestricted = this.deps.groups.list(call.teamId).some((g) => {
      const member = g.members.find((m) => m.agentId === session.agentId);
      if (member === undefined) return false;
      return (member.outboundAttribute ?? g.outboundAttribute) === 'restricted';
    });
    if (!isRestricted) return undefined;
    const numbers = [...new Set(call.numbers)].filter((n) => n !== '');
    return this.deps.history.hasContact(call.teamId, call.extensionId, numbers)
      ? undefined
      : 'agent-restricted';
  }
}
