/**
 * An agent's own calls (TM-10, CDR-4): those whose CDR names the agent
 * (`agent_id`: the queue answerer, D64, or the agent signed in at the
 * extension when the call was charged, AGT-9), and those of its
 * extensions that name no agent. A call at its extension that names
 * another agent (one signed in there before) is that agent's.
 */
export interface AgentCalls {
  readonly agentId: number;
  /** The agent's extensions now: its session's phone and its targetNumber. */
  readonly extensionIds: readonly number[];
}

/** Whether a CDR is one of the agent's own calls (AgentCalls). */
export function isAgentsCall(
  calls: AgentCalls,
  cdr: { readonly agentId: number | null; readonly extensionId: number | null },
): boolean {
  if (cdr.agentId !== null) return cdr.agentId === calls.agentId;
  return cdr.extensionId !== null && calls.extensionIds.includes(cdr.extensionId);
}
