import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { SipSecurityStatus } from '../../admin-api-deps.ts';
import { requireRole } from '../../plugins/auth.ts';
import { bansSchema, rejectsQuerySchema, rejectsSchema } from './schema.ts';

/**
 * GET /sip/rejects and GET /sip/bans: what the SIP stack dropped and whom it
 * banned. System-wide data, so for the superadmin only (issue 4 §6).
 */
export function registerSipSecurityRoutes(app: FastifyInstance, sip: SipSecurityStatus): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/sip/rejects',
    {
      schema: {
        summary: 'Recent dropped or rejected SIP messages, newest first',
        tags: ['sip'],
        querystring: rejectsQuerySchema,
        response: { 200: rejectsSchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin');
      const items = sip.recentRejects(request.query.limit).map((e) => ({
        time: new Date(e.timeMs).toISOString(),
        source: e.source,
        reason: e.reason,
        firstBytes: e.firstBytes,
      }));
      return { items };
    },
  );
  r.get(
    '/sip/bans',
    {
      schema: { summary: 'IPs banned now', tags: ['sip'], response: { 200: bansSchema } },
    },
    async (request) => {
      requireRole(request, 'superadmin');
      return { items: sip.bans() };
    },
  );
}
