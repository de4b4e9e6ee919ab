import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { randomPassword, ValidationError } from '../../../core/index.ts';
import { hashPassword, verifyPassword } from '../../../core/config-store/index.ts';
import type { Account, ConfigStore } from '../../../core/config-store/index.ts';
import { RateLimitedError, UnauthorizedError } from '../../plugins/api-errors.ts';
import { authOf, roleOf } from '../../plugins/auth.ts';
import { FixedWindowLimiter } from '../../plugins/rate-limiter.ts';
import { errorBodySchema } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import { registerAgentLoginRoute } from './agent-login-routes.ts';
import { loginResultSchema, loginSchema, meSchema } from './schema.ts';

import type { AuthRouteOptions } from './schema.ts';

export type { AuthRouteOptions } from './schema.ts';

const MINUTE_MS = 60_000;

/**
 * POST /auth/login, POST /auth/logout, GET /auth/me. Login is throttled per
 * client IP and per username (each attempt counts, successful or not), so
 * neither one address guessing many accounts nor many addresses guessing
 * one account gets far. Unknown users still cost one scrypt, so the answer
 * time does not tell which usernames exist.
 */
export function registerAuthRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  options: AuthRouteOptions,
): void {
  const byIp = new FixedWindowLimiter(options.clock, options.loginAttemptsPerMinute, MINUTE_MS);
  const byUser = new FixedWindowLimiter(options.clock, options.loginAttemptsPerMinute, MINUTE_MS);
  let dummyHash: Promise<string> | undefined;
  // AGT-8: agent logins share the per-IP budget of account logins.
  registerAgentLoginRoute(app, store, options, byIp);

  const findAccount = (username: string, teamUid?: string): Account | undefined => {
    if (teamUid === undefined) return store.accounts.findByUsername(null, username);
    const team = store.teams.findByUid(teamUid);
    return team && store.accounts.findByUsername(team.id, username);
  };

  app.post(
    '/auth/login',
    {
      config: { isPublic: true },
      schema: {
        summary: 'Exchange username and password for a bearer token',
        tags: ['auth'],
        security: [],
        body: loginSchema,
        response: { 200: loginResultSchema, 401: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (request) => {
      const { username, password, team } = request.body as z.output<typeof loginSchema>;
      const retryAfterSec = Math.max(
        byIp.hit(request.ip),
        byUser.hit(`${team ?? ''}\u0000${username.toLowerCase()}`),
      );
      if (retryAfterSec > 0) {
        throw new RateLimitedError('too many login attempts; retry later', retryAfterSec);
      }
      const account = findAccount(username, team);
      dummyHash ??= hashPassword(randomPassword());
      const stored = account ? store.accounts.getPasswordHash(account.id) : await dummyHash;
      const isMatch = await verifyPassword(password, stored);
      // AC-4: a disabled account cannot log in.
      if (account === undefined || !isMatch || account.status !== 'enabled') {
        store.transaction(() =>
          audit(store, request, {
            action: 'loginFailed',
            resource: 'auth',
            objectId: account?.id ?? null,
            teamId: account?.teamId ?? null,
            detail: { team: team ?? null },
            actor: { accountId: account?.id ?? null, username },
          }),
        );
        throw new UnauthorizedError('wrong username, team or password');
      }
      const expiresAt = new Date(options.clock.now() + options.sessionTtlMs);
      const { token } = store.transaction(() => {
        store.apiTokens.deleteExpired();
        const issued = store.apiTokens.issue({ kind: 'session', accountId: account.id, expiresAt });
        audit(store, request, {
          action: 'login',
          resource: 'auth',
          objectId: account.id,
          teamId: account.teamId,
          detail: { sessionId: issued.record.id },
          actor: { accountId: account.id, username: account.username },
        });
        return issued;
      });
      return {
        token,
        expiresAt: expiresAt.toISOString(),
        account: {
          accountId: account.id,
          username: account.username,
          role: roleOf(account.accountType),
          teamId: account.teamId,
        },
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        summary: 'Revoke the session token of this request',
        tags: ['auth'],
        response: { 204: z.null().meta({ description: 'Logged out' }) },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      if (auth.tokenKind !== 'session') {
        throw new ValidationError(
          'authorization',
          'an API key is revoked with DELETE /api-keys/:id',
        );
      }
      store.transaction(() => {
        store.apiTokens.revoke(auth.tokenId);
        audit(store, request, {
          action: 'logout',
          resource: 'auth',
          objectId: auth.accountId,
          teamId: auth.teamId,
          detail: { sessionId: auth.tokenId },
        });
      });
      return reply.code(204).send();
    },
  );

  app.get(
    '/auth/me',
    {
      schema: { summary: 'Who this token belongs to', tags: ['auth'], response: { 200: meSchema } },
    },
    async (request) => {
      const { accountId, username, role, teamId, tokenKind, agentId } = authOf(request);
      return { accountId, username, role, teamId, tokenKind, agentId };
    },
  );
}
