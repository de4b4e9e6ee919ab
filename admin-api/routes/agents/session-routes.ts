import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../core/index.ts';
import type { AgentSession } from '../../../core/index.ts';
import type { Agent, ConfigStore } from '../../../core/config-store/index.ts';
import type { AgentRuntime } from '../../admin-api-deps.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { errorBodySchema, idParamsSchema } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import {
  agentSessionListSchema,
  agentSessionSchema,
  listAgentSessionsSchema,
  pauseSchema,
  signInSchema,
} from './session-schema.ts';

type Params = z.output<typeof idParamsSchema>;

/** The errors a session write may answer with. */
const WRITE_ERRORS = { 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/**
 * The agents' runtime over the API (spec §1.5 签入/签出, §1.6 GRP-6/7):
 * sign-in, sign-out, pause, resume and ending wrap-up of one agent, and
 * the team's live view. Each write and its operation-log row are one
 * transaction; the change applies to the next queue offer (D17, GRP-15).
 * Another team's agent is 404, as for every object.
 */
export function registerAgentSessionRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  agents: AgentRuntime,
): void {
  const agentInScope = (request: FastifyRequest, id: number): Agent => {
    const auth = requireRole(request, 'superadmin', 'teamAdmin');
    const agent = store.agents.find(id);
    if (agent === undefined || (auth.role !== 'superadmin' && agent.teamId !== auth.teamId)) {
      throw new NotFoundError('agent', id);
    }
    return agent;
  };
  const write = (
    request: FastifyRequest,
    agent: Agent,
    op: string,
    detail: Record<string, unknown>,
    run: () => AgentSession | undefined,
  ) =>
    store.transaction(() => {
      const session = run();
      audit(store, request, {
        action: 'update',
        resource: 'agent-sessions',
        objectId: agent.id,
        teamId: agent.teamId,
        detail: { op, ...detail },
      });
      return session;
    });
  const route = (
    path: string,
    summary: string,
    op: string,
    body: z.ZodType | undefined,
    run: (agent: Agent, body: unknown, request: FastifyRequest) => AgentSession | undefined,
  ) =>
    app.post(
      `/agents/:id/${path}`,
      {
        schema: {
          summary,
          tags: ['agents'],
          params: idParamsSchema,
          ...(body === undefined ? {} : { body }),
          response: {
            ...(op === 'signOut'
              ? { 204: z.null().meta({ description: 'Signed out' }) }
              : { 200: agentSessionSchema }),
            ...WRITE_ERRORS,
          },
        },
      },
      async (request, reply) => {
        const agent = agentInScope(request, (request.params as Params).id);
        const detail = (request.body ?? {}) as Record<string, unknown>;
        const session = write(request, agent, op, detail, () => run(agent, request.body, request));
        return session === undefined ? reply.code(204).send() : session;
      },
    );

  route(
    'sign-in',
    'Sign the agent in (AGT-2, AGT-5, GRP-2, GRP-4)',
    'signIn',
    signInSchema,
    (a, b, r) => agents.signIn(a.id, { ...(b as z.output<typeof signInSchema>), sourceIp: r.ip }),
  );
  route(
    'sign-out',
    'Sign the agent out; its queues stop offering it calls',
    'signOut',
    undefined,
    (a) => {
      agents.signOut(a.id);
      return undefined;
    },
  );
  route(
    'pause',
    'Pause the agent: no queue call is offered (GRP-1)',
    'pause',
    pauseSchema,
    (a, b) => agents.pause(a.id, (b as z.output<typeof pauseSchema>).reason),
  );
  route('resume', 'End the pause of the agent', 'resume', undefined, (a) => agents.resume(a.id));
  route('end-wrap-up', 'End the agent’s wrap-up (GRP-6)', 'endWrapUp', undefined, (a) =>
    agents.endWrapUp(a.id),
  );

  app.get(
    '/agents/:id/session',
    {
      schema: {
        summary: 'The agent’s session; 404 ERR_NOT_FOUND when signed out',
        tags: ['agents'],
        params: idParamsSchema,
        response: { 200: agentSessionSchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const agent = agentInScope(request, (request.params as Params).id);
      const session = agents.session(agent.id);
      if (session === undefined) throw new NotFoundError('agent session', agent.id);
      return session;
    },
  );

  app.get(
    '/agent-sessions',
    {
      schema: {
        summary: 'The team’s signed-in agents, live (by group and activity)',
        tags: ['agents'],
        querystring: listAgentSessionsSchema,
        response: { 200: agentSessionListSchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const query = request.query as z.output<typeof listAgentSessionsSchema>;
      const teamId = scopeTeamId(request, query.teamId) ?? undefined;
      const items = agents
        .list(teamId)
        .filter((s) => query.groupId === undefined || s.groupIds.includes(query.groupId))
        .filter((s) => query.activity === undefined || s.activity === query.activity);
      return { items };
    },
  );
}
