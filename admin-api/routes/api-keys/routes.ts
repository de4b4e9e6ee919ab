import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../../core/index.ts';
import type { Clock } from '../../../core/index.ts';
import type { ApiToken, ConfigStore } from '../../../core/config-store/index.ts';
import { authOf } from '../../plugins/auth.ts';
import type { AuthContext } from '../../plugins/auth.ts';
import { idParamsSchema, pageSchema, toApi } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import { paginate } from '../shared/list-query.ts';
import type { ListQuery } from '../shared/list-query.ts';
import {
  apiKeySchema,
  createApiKeySchema,
  createdApiKeySchema,
  listApiKeysSchema,
} from './schema.ts';

/** Keys the caller may see: all for a superadmin, the team's for a team admin, else own. */
function keysOf(store: ConfigStore, auth: AuthContext): ApiToken[] {
  if (auth.role === 'superadmin') return store.apiTokens.list('apiKey');
  if (auth.role === 'teamAdmin' && auth.teamId !== null) {
    return store.apiTokens.list('apiKey', { teamId: auth.teamId });
  }
  return store.apiTokens.list('apiKey', { accountId: auth.accountId });
}

function visibleKey(store: ConfigStore, request: FastifyRequest, id: number): ApiToken {
  const key = keysOf(store, authOf(request)).find((k) => k.id === id);
  if (key === undefined) throw new NotFoundError('API key', id);
  return key;
}

/**
 * API keys for automation: bearer tokens without expiry (or with one the
 * creator picks) that act as the account that made them, with its role.
 */
export function registerApiKeyRoutes(app: FastifyInstance, store: ConfigStore, clock: Clock): void {
  app.post(
    '/api-keys',
    {
      schema: {
        summary: 'Create an API key for the calling account; the key is returned once',
        tags: ['api-keys'],
        body: createApiKeySchema,
        response: { 201: createdApiKeySchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const body = request.body as z.output<typeof createApiKeySchema>;
      const expiresAt = body.expiresAt === undefined ? null : new Date(body.expiresAt);
      if (expiresAt !== null && expiresAt.getTime() <= clock.now()) {
        throw new ValidationError('expiresAt', 'expiresAt must be in the future');
      }
      const issued = store.transaction(() => {
        const result = store.apiTokens.issue({
          kind: 'apiKey',
          accountId: auth.accountId,
          name: body.name,
          expiresAt,
        });
        audit(store, request, {
          action: 'create',
          resource: 'api-keys',
          objectId: result.record.id,
          teamId: auth.teamId,
          detail: { name: body.name, expiresAt: body.expiresAt ?? null },
        });
        return result;
      });
      return reply.code(201).send({ ...toApi(issued.record), key: issued.token });
    },
  );

  app.get(
    '/api-keys',
    {
      schema: {
        summary: 'List API keys (own; a team admin sees its team, a superadmin all)',
        tags: ['api-keys'],
        querystring: listApiKeysSchema,
        response: { 200: pageSchema(apiKeySchema) },
      },
    },
    async (request) => {
      const { limit, cursor, sort, teamId, ...filters } = request.query as ListQuery & {
        accountId?: number;
      };
      const keys = keysOf(store, authOf(request)).filter(
        (k) => teamId === undefined || k.teamId === teamId,
      );
      return paginate(keys.map(toApi), { limit, cursor, sort }, filters);
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        summary: 'Revoke an API key',
        tags: ['api-keys'],
        params: idParamsSchema,
        response: { 204: z.null().meta({ description: 'Revoked' }) },
      },
    },
    async (request, reply) => {
      const key = visibleKey(store, request, (request.params as { id: number }).id);
      store.transaction(() => {
        store.apiTokens.revoke(key.id);
        audit(store, request, {
          action: 'delete',
          resource: 'api-keys',
          objectId: key.id,
          teamId: key.teamId,
          detail: { name: key.name, accountId: key.accountId },
        });
      });
      return reply.code(204).send();
    },
  );
}
