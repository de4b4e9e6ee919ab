import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { NotFoundError } from '../../../core/index.ts';
import type { TrunkRegistrationsView } from '../../admin-api-deps.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { qualifyDisplay } from '../qualify-display.ts';

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

/** A trunk's OPTIONS qualify state (TRK-2's `OK (7 ms)` / `UNREACHABLE`, D84). */
export const trunkQualifySchema = z
  .object({
    trunkId: z.number().int(),
    state: z.enum(['off', 'unknown', 'ok', 'lagged', 'unreachable']).meta({
      description:
        'off: the trunk is not qualified (no qualify in its effective config, or disabled; ' +
        'changes apply within 10 s); unknown: no answer or timeout yet; lagged: answered ' +
        'slower than the qualify time',
    }),
    rttMs: z.number().nullable().meta({ description: 'Round trip of the last answered OPTIONS' }),
    checkedAt: z.string().nullable().meta({ description: 'Time the last check ended' }),
    display: z.string().meta({ description: 'As the trunk list shows it, e.g. OK (7 ms)' }),
  })
  .meta({
    example: {
      trunkId: 3,
      state: 'ok',
      rttMs: 7,
      checkedAt: '2026-11-25T17:00:00.000Z',
      display: 'OK (7 ms)',
    },
  });

/**
 * A trunk the requester may see (its team's or a system trunk, TRK-1);
 * anything else reads as 404.
 */
function requireVisibleTrunk(request: FastifyRequest, store: ConfigStore, id: number): void {
  const trunk = store.trunks.find(id);
  const scope = scopeTeamId(request, undefined);
  const isVisible =
    trunk !== undefined &&
    (scope === null || scope === undefined || trunk.teamId === null || trunk.teamId === scope);
  if (!isVisible) throw new NotFoundError('trunk', id);
}

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
      requireVisibleTrunk(request, store, id);
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
  const qualify = registrations.qualify?.bind(registrations);
  if (qualify === undefined) return;
  r.get(
    '/trunks/:id/qualify',
    {
      schema: {
        summary: 'OPTIONS qualify state of a trunk',
        description:
          'TRK-2 / T-2: trunks whose effective config has `qualify=yes` (or a number of ms) are ' +
          'pinged with OPTIONS every `qualifyfreq` seconds (60 by default); an unreachable trunk ' +
          'is skipped by outbound calls until it answers again (D84).',
        tags: ['trunks'],
        params: paramsSchema,
        response: { 200: trunkQualifySchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const { id } = request.params;
      requireVisibleTrunk(request, store, id);
      const status = qualify(id);
      const state = status?.state ?? ('off' as const);
      return {
        trunkId: id,
        state,
        rttMs: status?.rttMs ?? null,
        checkedAt:
          status?.checkedAt === undefined ? null : new Date(status.checkedAt).toISOString(),
        display: qualifyDisplay(state, status?.rttMs),
      };
    },
  );
}
