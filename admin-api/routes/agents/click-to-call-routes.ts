import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { NotFoundError } from '../../../core/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import type { ClickToCallControl } from '../../admin-api-deps.ts';
import { ApiError } from '../../plugins/api-errors.ts';
import { requireRole } from '../../plugins/auth.ts';
import { errorBodySchema, idParamsSchema } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import { clickToCallAcceptedSchema, clickToCallSchema } from './click-to-call-schema.ts';

type Params = z.output<typeof idParamsSchema>;
type Body = z.output<typeof clickToCallSchema>;

/**
 * AGT-4 click-to-call over the API: POST /agents/:id/call rings the
 * agent's phone first and the number only once the agent answers. Team
 * admins call for their team's agents, a user account for its own agents;
 * another team's agent is 404, as for every object. Refusals come before
 * anything rings: 409 for a disabled agent (AGT-5) or one without a
 * phone, 403 when the agent may not dial the number (outbound permission,
 * TM-7 credit, GRP-4, GRP-5), 404 when nothing routes it. Each accepted
 * call is written to the operation log.
 */
export function registerClickToCallRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  clickToCall: ClickToCallControl,
): void {
  app.post(
    '/agents/:id/call',
    {
      schema: {
        summary: 'Click-to-call: ring the agent’s phone, then the number (AGT-4, GRP-8)',
        description:
          'Leg A rings the agent’s phone (its session’s, else targetNumber; an external ' +
          'number goes over the team’s externalAgentTrunk, TM-13), auto-answered when an ' +
          'agent group of the agent has autoAnswerClickToDial. Only when A answers is the ' +
          'number dialled, routed as the agent’s extension would dial it, and bridged.',
        tags: ['agents'],
        params: idParamsSchema,
        body: clickToCallSchema,
        response: {
          202: clickToCallAcceptedSchema,
          400: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
          503: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin', 'user');
      const { id } = request.params as Params;
      const { number } = request.body as Body;
      const agent = store.agents.find(id);
      const isInScope =
        agent !== undefined &&
        (auth.role === 'superadmin' ||
          (agent.teamId === auth.teamId &&
            (auth.role === 'teamAdmin' || agent.accountId === auth.accountId)));
      if (agent === undefined || !isInScope) throw new NotFoundError('agent', id);
      const placed = clickToCall.call(agent.id, number);
      if (!placed.ok) {
        throw new ApiError(placed.error.status, placed.error.code, placed.error.message);
      }
      audit(store, request, {
        action: 'create',
        resource: 'agent-calls',
        objectId: agent.id,
        teamId: agent.teamId,
        detail: { op: 'clickToCall', number, callId: placed.value.callId },
      });
      return reply.code(202).send(placed.value);
    },
  );
}
