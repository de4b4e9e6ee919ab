import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../../core/index.ts';
import type { ActiveCallView, CallsControl } from '../../admin-api-deps.ts';
import { ApiError } from '../../plugins/api-errors.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { errorBodySchema } from '../shared/api-shape.ts';
import {
  addCallPartySchema,
  addedCallPartySchema,
  callIdParamsSchema,
  callListSchema,
  callPartyParamsSchema,
  listCallsQuerySchema,
} from './schema.ts';

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
    legs: (c.legs ?? []).map((leg) => ({
      legId: leg.legId,
      target: leg.target,
      calledNumber: leg.calledNumber,
      agentNo: leg.agentNo,
      purpose: leg.purpose,
      state: leg.state,
      startedAt: new Date(leg.startedAtMs).toISOString(),
      answeredAt: leg.answeredAtMs === null ? null : new Date(leg.answeredAtMs).toISOString(),
    })),
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
      requireCallInScope(calls, id, scopeTeamId(request, undefined));
      if (!calls.hangup(id)) throw new NotFoundError('call', id);
      return reply.code(204).send();
    },
  );
  const { addParty } = calls;
  if (addParty === undefined) return;
  r.post(
    '/calls/:id/parties',
    {
      schema: {
        summary: 'Add a party to a queue call: a three-way conference (Q-19)',
        description:
          'While a member talks with a caller from a queue whose multiParty is on, rings ' +
          '`number` as the member’s extension would dial it (its outbound routes, rights ' +
          'and agent gates) and, once it answers, mixes the caller, the member and the party ' +
          'in one conference. If it does not answer, the two stay bridged. A team admin ' +
          'adds to its team’s calls; an agent token only to the call it is talking on ' +
          '(else 404). 409 ERR_MULTI_PARTY_DISABLED when the queue has multiParty off, ' +
          'ERR_CALL_NOT_IN_QUEUE when no queue member is on the call.',
        tags: ['calls'],
        params: callIdParamsSchema,
        body: addCallPartySchema,
        response: {
          202: addedCallPartySchema,
          400: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
          503: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const { id } = request.params;
      requireCallInScope(calls, id, scopeTeamId(request, undefined));
      const added = addParty(id, request.body.number, { agentId: auth.agentId });
      if (!added.ok) {
        // Not the agent's call: the same 404 as a call that does not exist (D62).
        if (added.error.code === 'ERR_NOT_FOUND') throw new NotFoundError('call', id);
        throw new ApiError(added.error.status, added.error.code, added.error.message);
      }
      return reply.code(202).send(added.value);
    },
  );
  const { dropParty } = calls;
  if (dropParty === undefined) return;
  r.delete(
    '/calls/:id/parties/:partyId',
    {
      schema: {
        summary: 'Drop a party from a queue call (Q-19)',
        description:
          'Hangs up a party added with POST /calls/:id/parties, ringing (cancelled) or in the ' +
          'conference (BYE); the caller, the member and any other party talk on. Its CDR ' +
          'records the member’s side as the one that hung up. A team admin drops from its ' +
          'team’s calls; an agent token only from the call it is talking on (else 404).',
        tags: ['calls'],
        params: callPartyParamsSchema,
        response: {
          204: z.null().meta({ description: 'Dropped' }),
          403: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const { id, partyId } = request.params;
      requireCallInScope(calls, id, scopeTeamId(request, undefined));
      const dropped = dropParty(id, partyId, { agentId: auth.agentId });
      if (!dropped.ok) throw new NotFoundError('party', partyId);
      return reply.code(204).send(null);
    },
  );
}

/** 404 for a call that is gone or belongs to another team than `scope` (issue 6 §6). */
function requireCallInScope(calls: CallsControl, id: string, scope: number | null | undefined) {
  const teamId = calls.teamOf(id);
  if (teamId === undefined || (scope !== null && scope !== undefined && scope !== teamId)) {
    throw new NotFoundError('call', id);
  }
}
