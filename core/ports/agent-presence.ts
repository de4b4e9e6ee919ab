/**
 * Who of the call-centre agents (spec 01 §1.5) is signed in, where their
 * phone is and what they may do now. pbx/agents implements it; the queue,
 * click-to-call and outbound dialling read it, so they never see how a
 * sign-in happened (web, API or feature code).
 */

/** The phone an agent's calls ring for this session (AGT-2, AGT-3). */
export type AgentPhone =
  /** An internal extension number of the agent's team. */
  | { readonly kind: 'extension'; readonly number: string }
  /** Any reachable number, dialled through the team's external-agent trunk (TM-13). */
  | { readonly kind: 'external'; readonly number: string };

/**
 * GRP-4 work mode in force for the session: `inbound` takes queue calls and
 * places none, `outbound` places calls and is offered none, `all` both.
 */
export type AgentWorkMode = 'inbound' | 'outbound' | 'all';

/** The runtime state of a signed-in agent (GRP-6 wrap-up, GRP-7 pause). */
export type AgentActivity = 'idle' | 'ringing' | 'busy' | 'wrapUp' | 'paused';

/** One signed-in agent. */
export interface AgentSession {
  readonly agentId: number;
  readonly teamId: number;
  readonly agentNo: string;
  readonly phone: AgentPhone;
  readonly workMode: AgentWorkMode;
  readonly activity: AgentActivity;
  /**
   * Why the agent is paused, when it is: `activity` reads 'paused', or
   * 'busy' while a call of its phone lasts (D87).
   */
  readonly pauseReason?: string | undefined;
  /** Agent groups the agent is signed in to (dynamic members join only these, GRP-2). */
  readonly groupIds: readonly number[];
  /** Epoch ms of the sign-in. */
  readonly since: number;
}

/** Read side of the agents' runtime, for pbx/ and signalling. */
export interface AgentPresence {
  /** The agent's session, or undefined when signed out. */
  session(agentId: number): AgentSession | undefined;
  /** The signed-in agent whose phone is this internal number of the team, if any. */
  sessionAtPhone(teamId: number, extensionNumber: string): AgentSession | undefined;
}
