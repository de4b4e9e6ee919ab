import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { pageSchema, toApi } from '../shared/api-shape.ts';
import { registerCsvExport } from '../shared/list-export.ts';
import { listOperationLogsSchema, operationLogSchema } from './schema.ts';

/**
 * GET /operation-logs: a superadmin reads every row, a team admin the rows
 * about its team. Pages run in SQL on the id (newest first), since the log
 * grows without bound.
 */
export function registerOperationLogRoutes(app: FastifyInstance, store: ConfigStore): void {
  /** The rows of a query, newest first, at most `limit`, before the cursor's id. */
  const rowsOf = (
    request: FastifyRequest,
    query: Omit<z.output<typeof listOperationLogsSchema>, 'limit' | 'cursor'>,
    limit: number,
    cursor?: string,
  ) => {
    requireRole(request, 'superadmin', 'teamAdmin');
    const { since, until, teamId, ...filters } = query;
    return store.operationLogs.list({
      ...filters,
      teamId: scopeTeamId(request, teamId) ?? undefined,
      limit,
      ...(cursor === undefined ? {} : { beforeId: Number(cursor) }),
      ...(since === undefined ? {} : { since: new Date(since) }),
      ...(until === undefined ? {} : { until: new Date(until) }),
    });
  };

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
      const query = request.query as z.output<typeof listOperationLogsSchema>;
      const { cursor, limit, ...rest } = query;
      const rows = rowsOf(request, rest, limit + 1, cursor);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const nextCursor = rows.length > limit && last !== undefined ? String(last.id) : null;
      return { items: items.map(toApi), nextCursor };
    },
  );
  // The search panel's export (导出, D100).
  registerCsvExport(app, {
    path: 'operation-logs',
    entitySchema: operationLogSchema,
    querySchema: listOperationLogsSchema.omit({ limit: true, cursor: true }),
    read: (request, query, limit) =>
      rowsOf(request, query, limit).map((row) => toApi(row) as Record<string, unknown>),
  });
}
