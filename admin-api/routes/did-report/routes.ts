import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { CdrStore } from '../../../core/cdr-store/index.ts';
import { ValidationError } from '../../../core/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { didCostLines } from './did-costs.ts';
import { didReportQuerySchema, didReportSchema } from './schema.ts';

/**
 * GET /reports/dids (spec 03 §6.12, DG-3): each DID's inbound calls in a
 * range and what they cost by the DID's rate or its DID group's rate and
 * monthly rent. Read-only; a team admin reads its own team's DIDs.
 */
export function registerDidReportRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  cdrs: CdrStore,
): void {
  app.get(
    '/reports/dids',
    {
      schema: {
        summary: 'The DID report: calls and cost per DID in a time range',
        tags: ['reports'],
        querystring: didReportQuerySchema,
        response: { 200: didReportSchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const query = request.query as z.output<typeof didReportQuerySchema>;
      const teamId = scopeTeamId(request, query.teamId);
      if (teamId === undefined || teamId === null) {
        throw new ValidationError('teamId', 'required for a superadmin');
      }
      const sinceMs = Date.parse(query.since);
      const untilMs = Date.parse(query.until);
      if (untilMs <= sinceMs) throw new ValidationError('until', 'must be after since');
      const wanted = query.didIds?.split(',').map(Number);
      const dids = store.dids
        .list(teamId)
        .filter((d) => wanted === undefined || wanted.includes(d.id));
      const items = didCostLines(
        dids,
        store.didGroups.list(teamId),
        await cdrs.didTotals({ teamId, sinceMs, untilMs }),
        { sinceMs, untilMs },
      );
      const sum = (
        key: 'calls' | 'answered' | 'totalSec' | 'billableSec' | 'usageE4' | 'rentE4' | 'costE4',
      ) => items.reduce((n, line) => n + line[key], 0);
      return {
        items,
        totals: {
          calls: sum('calls'),
          answered: sum('answered'),
          totalSec: sum('totalSec'),
          billableSec: sum('billableSec'),
          usageE4: sum('usageE4'),
          rentE4: sum('rentE4'),
          costE4: sum('costE4'),
        },
      };
    },
  );
}
