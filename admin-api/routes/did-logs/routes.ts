import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { pageSchema, toApi } from '../shared/api-shape.ts';
import { didLogSchema, listDidLogsSchema } from './schema.ts';

/**
 * GET /did-logs (spec 01 §2.7, DIDL-1): a superadmin reads every team's
 * rows, a team admin its own team's. Read-only: rows are written with the
 * DID change they record. Pages run in SQL on the id, newest first.
 */
export function registerDidLogRoutes(app: FastifyInstance, store: ConfigStore): void {
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
      requireRole(request, 'superadmin', 'teamAdmin');
      const query = request.query as z.output<typeof listDidLogsSchema>;
      const { cursor, since, until, teamId, limit, number, ...filters } = query;
      const rows = store.didLogs.list({
        ...filters,
        didNumber: number,
        teamId: scopeTeamId(request, teamId) ?? undefined,
        limit: limit + 1,
        beforeId: cursor === undefined ? undefined : Number(cursor),
        since: since === undefined ? undefined : new Date(since),
        until: until === undefined ? undefined : new Date(until),
      });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const nextCursor = rows.length > limit && last !== undefined ? String(last.id) : null;
      return { items: items.map(toApi), nextCursor };
    },
  );
}
