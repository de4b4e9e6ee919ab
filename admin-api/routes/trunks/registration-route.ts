import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { NotFoundError } from '../../../core/index.ts';
import type { TrunkRegistrationsView } from '../../admin-api-deps.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';

const paramsSchema = z.object({ id: z.coerce.number().int().positive() }).strict();

/** A registration trunk's state (TRK-2). */
export const trunkRegistrationSchema = z
  .object({
    trunkId: z.number().int(),
    state: z.enum(['registering', 'registered', 'failed', 'stopped', 'inactive']).meta({
      description:
        'inactive: the switch does not register this trunk (an ipPeer trunk, register off, ' +
        'disabled, or not picked up yet: changes apply within 10 s)',
    }),
    expiresSec: z.number().int().nullable().meta({ description: 'Expires the carrier granted' }),
    registeredAt: z.string().nullable().meta({ description: 'Time of the last 2xx' }),
    lastError: z.string().nullable(),
    failureCount: z.number().int(),
  })
  .meta({
    example: {
      trunkId: 3,
      state: 'registered',
      expiresSec: 3600,
      registeredAt: '2026-11-25T17:00:00.000Z',
      lastError: null,
      failureCount: 0,
    },
  });

/**
 * GET /trunks/:id/registration: whether the switch is registered with the
 * carrier of a registration trunk (spec §2.1 TRK-2, "status visible").
 * The trunk must be visible to the caller (its own or system-wide, TRK-1).
 */
export function registerTrunkRegistrationRoute(
  app: FastifyInstance,
  store: ConfigStore,
  registrations: TrunkRegistrationsView,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/trunks/:id/registration',
    {
      schema: {
        summary: 'Registration state of a trunk',
        tags: ['trunks'],
        params: paramsSchema,
        response: { 200: trunkRegistrationSchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const { id } = request.params;
      const trunk = store.trunks.find(id);
      const scope = scopeTeamId(request, undefined);
      const isVisible =
        trunk !== undefined &&
        (scope === null || scope === undefined || trunk.teamId === null || trunk.teamId === scope);
      if (!isVisible) throw new NotFoundError('trunk', id);
      const status = registrations.status(id);
      return {
        trunkId: id,
        state: status?.state ?? ('inactive' as const),
        expiresSec: status?.expiresSec ?? null,
        registeredAt:
          status?.registeredAt === undefined ? null : new Date(status.registeredAt).toISOString(),
        lastError: status?.lastError ?? null,
        failureCount: status?.failureCount ?? 0,
      };
    },
  );
}
