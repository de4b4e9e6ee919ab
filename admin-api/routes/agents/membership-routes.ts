import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { NotFoundError } from '../../../core/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import { agentMembershipsSchema } from '../agent-groups/schema.ts';
import { errorBodySchema, idParamsSchema } from '../shared/api-shape.ts';

/**
 * GET /agents/:id/agent-groups: the groups an agent belongs to, each with
 * the agent's own member fields (spec §1.5 (d) 查看坐席组, §1.6
 * AgentGroupMember), in group order. Another team's agent is 404.
 */
export function registerAgentMembershipRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.get(
    '/agents/:id/agent-groups',
    {
      schema: {
        summary: 'The agent groups the agent belongs to, with its member fields',
        tags: ['agents'],
        params: idParamsSchema,
        response: { 200: agentMembershipsSchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const { id } = request.params as z.output<typeof idParamsSchema>;
      const agent = store.agents.find(id);
      if (agent === undefined || (auth.role !== 'superadmin' && agent.teamId !== auth.teamId)) {
        throw new NotFoundError('agent', id);
      }
      const items = store.agentGroups.list(agent.teamId).flatMap((group) =>
        group.members
          .filter((m) => m.agentId === agent.id)
          .map((m) => ({
            ...m,
            groupId: group.id,
            groupName: group.name,
            queueId: group.queueId,
          })),
      );
      return { items };
    },
  );
}
