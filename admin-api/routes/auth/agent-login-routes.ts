import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { randomPassword } from '../../../core/index.ts';
import { hashPassword, verifyPassword } from '../../../core/config-store/index.ts';
import type { Agent, ConfigStore } from '../../../core/config-store/index.ts';
import { RateLimitedError, UnauthorizedError } from '../../plugins/api-errors.ts';
import { FixedWindowLimiter } from '../../plugins/rate-limiter.ts';
import { errorBodySchema } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import type { AuthRouteOptions } from './schema.ts';
import { agentLoginResultSchema, agentLoginSchema } from './schema.ts';

const MINUTE_MS = 60_000;

/**
 * POST /auth/agent-login (spec 01 AGT-8): team uid, agentNo and the
 * agent's apiPassword for a session token that acts only for that agent
 * (D62). It is throttled as account logins are: per client IP (the budget
 * shared with /auth/login) and per team and agent number. An unknown
 * agent, one without an apiPassword, a disabled one (AGT-5) and a wrong
 * password all get the same 401 after one scrypt, so neither the answer
 * nor its time tells which agents exist.
 */
export function registerAgentLoginRoute(
  app: FastifyInstance,
  store: ConfigStore,
  options: AuthRouteOptions,
  byIp: FixedWindowLimiter,
): void {
  const byAgent = new FixedWindowLimiter(options.clock, options.loginAttemptsPerMinute, MINUTE_MS);
  let dummyHash: Promise<string> | undefined;

  const findAgent = (teamUid: string, agentNo: string): Agent | undefined => {
    const team = store.teams.findByUid(teamUid);
    return team && store.agents.findByAgentNo(team.id, agentNo);
  };

  app.post(
    '/auth/agent-login',
    {
      config: { isPublic: true },
      schema: {
        summary: 'Exchange team, agentNo and apiPassword for an agent bearer token (AGT-8)',
        description:
          'The token may call only the agent’s own session, workspace and click-to-call ' +
          'routes, GET /cdrs (the agent’s calls, TM-10) and recording audio when the ' +
          'team’s agentCdrAccess is recordings; anything else is 403.',
        tags: ['auth'],
        security: [],
        body: agentLoginSchema,
        response: { 200: agentLoginResultSchema, 401: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (request) => {
      const { team, agentNo, apiPassword } = request.body as z.output<typeof agentLoginSchema>;
      const retryAfterSec = Math.max(byIp.hit(request.ip), byAgent.hit(`${team}\u0000${agentNo}`));
      if (retryAfterSec > 0) {
        throw new RateLimitedError('too many login attempts; retry later', retryAfterSec);
      }
      const agent = findAgent(team, agentNo);
      dummyHash ??= hashPassword(randomPassword());
      const stored = (agent && store.agents.getApiPasswordHash(agent.id)) ?? (await dummyHash);
      const isMatch = await verifyPassword(apiPassword, stored);
      const owner = agent && store.accounts.find(agent.accountId);
      // AGT-5 and AC-4: a disabled agent, or one of a disabled account, is refused.
      if (
        agent === undefined ||
        !isMatch ||
        agent.status !== 'enabled' ||
        owner?.status !== 'enabled'
      ) {
        store.transaction(() =>
          audit(store, request, {
            action: 'loginFailed',
            resource: 'agent-auth',
            objectId: agent?.id ?? null,
            teamId: agent?.teamId ?? null,
            detail: { team, agentNo },
            actor: { accountId: null, username: `agent:${agentNo}` },
          }),
        );
        throw new UnauthorizedError('wrong team, agent number or API password');
      }
      const expiresAt = new Date(options.clock.now() + options.sessionTtlMs);
      const { token } = store.transaction(() => {
        store.apiTokens.deleteExpired();
        const issued = store.apiTokens.issue({
          kind: 'session',
          accountId: agent.accountId,
          agentId: agent.id,
          expiresAt,
        });
        audit(store, request, {
          action: 'login',
          resource: 'agent-auth',
          objectId: agent.id,
          teamId: agent.teamId,
          detail: { sessionId: issued.record.id, agentNo },
          actor: { accountId: agent.accountId, username: `agent:${agentNo}` },
        });
        return issued;
      });
      return {
        token,
        expiresAt: expiresAt.toISOString(),
        agent: { agentId: agent.id, agentNo: agent.agentNo, teamId: agent.teamId },
      };
    },
  );
}
