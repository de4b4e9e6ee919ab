import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { pageSchema, toApi } from '../shared/api-shape.ts';
import { registerCsvExport } from '../shared/list-export.ts';
import { didLogSchema, listDidLogsSchema } from './schema.ts';

/**
 * GET /did-logs (spec 01 §2.7, DIDL-1): a superadmin reads every team's
 * rows, a team admin its own team's. Read-only: rows are written with the
 * DID change they record. Pages run in SQL on the id, newest first.
 */
export function registerDidLogRoutes(app: FastifyInstance, store: ConfigStore): void {
  /** The rows of a query, newest first, at most `limit`, before the cursor's id. */
  const rowsOf = (
    request: FastifyRequest,
    query: Omit<z.output<typeof listDidLogsSchema>, 'limit' | 'cursor'>,
    limit: number,
    cursor?: string,
  ) => {
    requireRole(request, 'superadmin', 'teamAdmin');
    const { since, until, teamId, number, ...filters } = query;
    return store.didLogs.list({
      ...filters,
      didNumber: number,
      teamId: scopeTeamId(request, teamId) ?? undefined,
      limit,
      beforeId: cursor === undefined ? undefined : Number(cursor),
      since: since === undefined ? undefined : new Date(since),
      until: until === undefined ? undefined : new Date(until),
    });
  };

  app.get(
    '/did-logs',
    {
      schema: {
        summary: 'Read the DID log (bindings made and released)',
        tags: ['did-logs'],
        querystring: listDidLogsSchema,
        response: { 200: pageSchema(didLogSchema) },
      },
    },
    async (request) => {
      const query = request.query as z.output<typeof listDidLogsSchema>;
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
    path: 'did-logs',
    entitySchema: didLogSchema,
    querySchema: listDidLogsSchema.omit({ limit: true, cursor: true }),
    read: (request, query, limit) =>
      rowsOf(request, query, limit).map((row) => toApi(row) as Record<string, unknown>),
  });
}
