import type { CallerId } from '../../core/index.ts';

/*
 * TRK-12 cascade trunks (级联中继): two Switchyard systems joined so that
 * calls between them keep internal semantics (D58). Out, the INVITE
 * carries the caller's internal number in From and P-Asserted-Identity
 * (RFC 3325 §9.1, a trusted peer) instead of the public caller ID of
 * TRK-8, and the agent behind the phone in X-Switchyard-Agent. In, a call
 * from the cascade host is routed as an internal call of the trunk's team:
 * the dialled number is an internal number, not a DID.
 */

/** The header naming the calling agent's job number (坐席工号). */
export const CASCADE_AGENT_HEADER = 'X-Switchyard-Agent';

/** The fields of an agent the cascade identity reads. */
export interface CascadeAgent {
  readonly accountId: number;
  readonly agentNo: string;
  readonly status: string;
  readonly targetNumber: string | null;
}

/** The calling extension, as far as its identity goes. */
export interface CascadeCaller {
  readonly internalNumber: string;
  readonly accountId?: number | null;
}

/**
 * The caller's internal identity on a cascade trunk: its internal number,
 * no name (the peer shows its own directory's), whatever TRK-8 says.
 */
export function cascadeCallerId(caller: CascadeCaller): CallerId {
  return { number: caller.internalNumber, name: undefined };
}

/**
 * The agent calling from this extension: the agent signed in there now
 * (AgentPresence.sessionAtPhone; a hot desk or an adaptive phone, AGT-2),
 * else from the static link: the enabled agent of its account whose phone
 * is the extension's number, else the account's only enabled agent;
 * undefined when none of these names one.
 */
export function cascadeAgentNo(
  agents: readonly CascadeAgent[],
  caller: CascadeCaller,
  signedIn?: { readonly agentNo: string } | undefined,
): string | undefined {
  if (signedIn !== undefined) return signedIn.agentNo;
  if (caller.accountId === null || caller.accountId === undefined) return undefined;
  const own = agents.filter((a) => a.accountId === caller.accountId && a.status === 'enabled');
  const atPhone = own.find((a) => a.targetNumber === caller.internalNumber);
  if (atPhone !== undefined) return atPhone.agentNo;
  return own.length === 1 ? own[0]!.agentNo : undefined;
}

/** The trunk host whose calls are trusted as the cascaded system's. */
export function cascadePeerHost(trunk: {
  readonly host: string;
  readonly cascadeHost?: string | null;
}): string {
  const host = trunk.cascadeHost?.trim();
  return host === undefined || host === '' ? trunk.host : host;
}
