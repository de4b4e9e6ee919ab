import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { pageSchema, toApi } from '../shared/api-shape.ts';
import { listRatingsSchema, ratingSchema } from './schema.ts';

/**
 * GET /ratings (spec 03 §6.11, Q-17): the scores callers keyed after the
 * agent hung up. A superadmin reads every team's, a team admin its own.
 * Read-only: the queue runtime writes them. Pages run in SQL on the id,
 * newest first, like the DID log.
 */
export function registerRatingRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.get(
    '/ratings',
    {
      schema: {
        summary: 'Read the rating records (评分记录)',
        tags: ['ratings'],
        querystring: listRatingsSchema,
        response: { 200: pageSchema(ratingSchema) },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const query = request.query as z.output<typeof listRatingsSchema>;
      const { cursor, since, until, teamId, limit, agentNo, ...filters } = query;
      const rows = store.ratings.list({
        ...filters,
        agentNo: agentNo === 'none' ? null : agentNo,
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
