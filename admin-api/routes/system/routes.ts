import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AdminApiDeps } from '../../admin-api-deps.ts';
import { healthSchema } from './schema.ts';

/** GET /health and GET /metrics: what load balancers and Prometheus scrape. */
export function registerSystemRoutes(app: FastifyInstance, deps: AdminApiDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/health',
    {
      schema: {
        summary: 'Liveness and basic status',
        tags: ['system'],
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      const status = deps.status();
      const body = {
        status: status.isDraining ? ('draining' as const) : ('ok' as const),
        version: deps.version,
        uptimeSec: Math.round((deps.clock.now() - deps.startedAtMs) / 1000),
      };
      return reply.code(status.isDraining ? 503 : 200).send(body);
    },
  );
  r.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics (text exposition format 0.0.4)',
        tags: ['system'],
        produces: ['text/plain'],
      },
    },
    async (_request, reply) =>
      reply.type('text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render()),
  );
}
