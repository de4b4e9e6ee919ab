import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { pageSchema, toApi } from '../shared/api-shape.ts';
import { listOperationLogsSchema, operationLogSchema } from './schema.ts';

/**
 * GET /operation-logs: a superadmin reads every row, a team admin the rows
 * about its team. Pages run in SQL on the id (newest first), since the log
 * grows without bound.
 */
export function registerOperationLogRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.get(
    '/operation-logs',
    {
      schema: {
        summary: 'Read the operation log (who did what, when)',
        tags: ['operation-logs'],
        querystring: listOperationLogsSchema,
        response: { 200: pageSchema(operationLogSchema) },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const { cursor, since, until, teamId, limit, ...filters } = request.query as z.output<
        typeof listOperationLogsSchema
      >;
      const rows = store.operationLogs.list({
        ...filters,
        teamId: scopeTeamId(request, teamId) ?? undefined,
        limit: limit + 1,
        ...(cursor === undefined ? {} : { beforeId: Number(cursor) }),
        ...(since === undefined ? {} : { since: new Date(since) }),
        ...(until === undefined ? {} : { until: new Date(until) }),
      });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const nextCursor = rows.length > limit && last !== undefined ? String(last.id) : null;
      return { items: items.map(toApi), nextCursor };
    },
  );
}
