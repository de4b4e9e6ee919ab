import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ConflictError, NotFoundError } from '../../../core/index.ts';
import type { Clock } from '../../../core/index.ts';
import type { Agent, AgentGroup, ConfigStore } from '../../../core/config-store/index.ts';
import type { AgentRuntime, CallsControl } from '../../admin-api-deps.ts';
import { ForbiddenError } from '../../plugins/api-errors.ts';
import { requireRole } from '../../plugins/auth.ts';
import { errorBodySchema, idParamsSchema } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import { agentSessionSchema } from './session-schema.ts';

/** R15.2-1: call data younger than this may still be a call setting up. */
export const STALE_CALL_MIN_AGE_MS = 60_000;

/**
 * Who may clear an agent's call data (GRP-14, spec 04 R15.2-2): a team
 * admin of its team; the agent itself when one of its group memberships
 * has 错误通话数据处理 (canDeleteErrorCallData); a group admin of a group
 * the agent is in. Any other agent token gets 404 for another agent, as
 * agent-scope.ts does, and 403 for itself.
 */
function requireClearer(request: FastifyRequest, agent: Agent, groups: AgentGroup[]): string {
  const auth = requireRole(request, 'superadmin', 'teamAdmin');
  if (auth.agentId === undefined) return 'admin';
  const isMember = (g: AgentGroup, id: number) => g.members.some((m) => m.agentId === id);
  const isAdminOf = (g: AgentGroup) =>
    g.members.some((m) => m.agentId === auth.agentId && m.isGroupAdmin);
  if (groups.some((g) => isAdminOf(g) && isMember(g, agent.id))) return 'groupAdmin';
  if (auth.agentId !== agent.id) throw new NotFoundError('agent', agent.id);
  const mayItself = groups.some((g) =>
    g.members.some((m) => m.agentId === agent.id && m.canDeleteErrorCallData),
  );
  if (!mayItself) {
    throw new ForbiddenError(
      'no agent group of this agent lets it delete its erroneous call data; ask its group admin (GRP-14)',
    );
  }
  return 'self';
}

/**
 * DELETE /agents/:id/stale-call: erroneous call data (错误通话数据处理,
 * spec 04 §15.2; GRP-14). The switch's real-time call table is the queue
 * call each signed-in agent is ringing for or talking on; if that call's
 * end never reaches the agents' runtime, the agent looks busy and gets no
 * queue calls. This forgets it, so the agent is idle, in wrap-up or paused
 * as before (R15.2-3), only when the call is gone from the switch and the
 * data is a minute old (R15.2-1): a live call is hung up with DELETE
 * /calls/:id instead, by an admin.
 */
export function registerStaleCallRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  agents: AgentRuntime,
  calls: CallsControl | undefined,
  clock: Pick<Clock, 'now'>,
): void {
  app.delete(
    '/agents/:id/stale-call',
    {
      schema: {
        summary: 'Clear the agent’s erroneous call data (GRP-14, spec 04 §15.2)',
        tags: ['agents'],
        params: idParamsSchema,
        response: {
          200: agentSessionSchema,
          403: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
        },
      },
    },
    async (request) => {
      const { id } = request.params as z.output<typeof idParamsSchema>;
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const agent = store.agents.find(id);
      if (agent === undefined || (auth.role !== 'superadmin' && agent.teamId !== auth.teamId)) {
        throw new NotFoundError('agent', id);
      }
      const by = requireClearer(request, agent, store.agentGroups.list(agent.teamId));
      const call = agents.callOf(agent.id);
      if (call === undefined) throw new NotFoundError('agent call data', agent.id);
      if (calls?.teamOf(call.callId) !== undefined) {
        throw new ConflictError(
          'ERR_CALL_IN_PROGRESS',
          `call ${call.callId} is still in progress; hang it up instead (R15.2-1)`,
        );
      }
      if (clock.now() - call.sinceMs < STALE_CALL_MIN_AGE_MS) {
        throw new ConflictError(
          'ERR_CALL_DATA_TOO_RECENT',
          'call data younger than a minute may be a call setting up (R15.2-1)',
        );
      }
      return store.transaction(() => {
        const session = agents.clearCall(agent.id, call.callId);
        audit(store, request, {
          action: 'update',
          resource: 'agent-sessions',
          objectId: agent.id,
          teamId: agent.teamId,
          detail: { op: 'clearStaleCall', callId: call.callId, by },
        });
        return session;
      });
    },
  );
}
