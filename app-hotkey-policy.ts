/**
 * GRP-9 over the agents' runtime (D66): what an agent signed in at the
 * transferring extension may do with the in-call hotkeys (D31). Callers
 * that are no signed-in agents are not limited.
 */
import type { AgentPresence } from './core/index.ts';
import type { AgentGroup } from './core/config-store/index.ts';
import type { HotkeyName, HotkeyPolicy, HotkeyRoute } from './signaling/index.ts';

/** The agent groups of a team, with their members (the config store's). */
export interface HotkeyPolicyGroups {
  list(
    teamId: number,
  ): readonly Pick<AgentGroup, 'id' | 'consultScope' | 'allowExternalTransfer' | 'members'>[];
}

/**
 * GRP-9: a consult (*55) by an agent of a group whose `consultScope` is
 * `group` may reach only an agent of one of its groups, signed in at the
 * target extension; a transfer (*51, *52) by an agent of a group that does
 * not `allowExternalTransfer` may not send the customer to an outside
 * number (a trunk target). A consult never transfers (D31), so it may
 * reach outside numbers unless its scope forbids non-agents.
 */
export function agentHotkeyPolicy(
  groups: HotkeyPolicyGroups,
  presence: AgentPresence,
): HotkeyPolicy {
  return {
    refusal(teamId, transferorNumber, name: HotkeyName, route: HotkeyRoute) {
      if (route.kind !== 'originate') return undefined;
      const agent = presence.sessionAtPhone(teamId, transferorNumber);
      if (agent === undefined) return undefined;
      const all = groups.list(teamId);
      const own = all.filter((g) => g.members.some((m) => m.agentId === agent.agentId));
      const isExternal = route.target.kind === 'trunks';
      if (name !== 'agent-consult') {
        const isBarred = isExternal && own.some((g) => !g.allowExternalTransfer);
        return isBarred ? 'transfers to outside numbers are not allowed (GRP-9)' : undefined;
      }
      if (!own.some((g) => g.consultScope === 'group')) return undefined;
      const target =
        route.target.kind === 'extension'
          ? presence.sessionAtPhone(teamId, route.target.extension.number)
          : undefined;
      const isColleague =
        target !== undefined &&
        own.some((g) => g.members.some((m) => m.agentId === target.agentId));
      return isColleague ? undefined : 'consult only agents of the own group (GRP-9)';
    },
  };
}
