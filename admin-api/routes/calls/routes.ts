import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../../core/index.ts';
import type { ActiveCallView, CallsControl } from '../../admin-api-deps.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { callIdParamsSchema, callListSchema, listCallsQuerySchema } from './schema.ts';

function toApi(c: ActiveCallView) {
  return {
    id: c.callId,
    teamId: c.teamId,
    callerNumber: c.callerNumber,
    calleeNumber: c.calleeNumber,
    state: c.state,
    startedAt: new Date(c.startedAtMs).toISOString(),
    answeredAt: c.answeredAtMs === undefined ? null : new Date(c.answeredAtMs).toISOString(),
    sipCallId: c.sipCallId ?? null,
  };
}

/**
 * GET /calls lists the calls in progress of the caller's team (a
 * superadmin sees every team, or one with ?teamId=); DELETE /calls/:id hangs
 * one up. Another team's call is a 404, like a missing one (issue 6 §6).
 */
export function registerCallRoutes(app: FastifyInstance, calls: CallsControl): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/calls',
    {
      schema: {
        summary: 'Calls in progress',
        tags: ['calls'],
        querystring: listCallsQuerySchema,
        response: { 200: callListSchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const teamId = scopeTeamId(request, request.query.teamId) ?? undefined;
      return { items: calls.list(teamId).map(toApi) };
    },
  );
  r.delete(
    '/calls/:id',
    {
      schema: {
        summary: 'Hang up a call in progress',
        tags: ['calls'],
        params: callIdParamsSchema,
      },
    },
    async (request, reply) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const { id } = request.params;
      const teamId = calls.teamOf(id);
      const scope = scopeTeamId(request, undefined);
      if (teamId === undefined || (scope !== null && scope !== undefined && scope !== teamId)) {
        throw new NotFoundError('call', id);
      }
      if (!calls.hangup(id)) throw new NotFoundError('call', id);
      return reply.code(204).send();
    },
  );
}
