import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../core/index.ts';
import { INTERPRETED_TEMPLATE_KEYS } from '../../../core/config-store/index.ts';
import type { EffectiveConfig } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import { idParamsSchema, idSchema } from '../shared/api-shape.ts';

/** GET /<resource>/:id/effective-config (TRK-14, EXT-16). */
export const effectiveConfigSchema = z.object({
  template: z.object({ id: idSchema, name: z.string() }).nullable(),
  options: z.array(
    z.object({
      key: z.string(),
      value: z.string(),
      source: z.enum(['template', 'details']),
      line: z.int().meta({ description: '1-based line in the source text' }),
      isInterpreted: z.boolean().meta({
        description: 'A key of spec 02 T-2; others are kept and shown, not used',
      }),
    }),
  ),
  values: z
    .record(z.string(), z.string())
    .meta({ description: 'Key → value; repeated keys (allow=) joined with commas' }),
});

/** How one resource's rows are found and merged. */
export interface EffectiveConfigSpec<E> {
  /** Path segment under /api/v1, e.g. `trunks`. */
  path: string;
  label: string;
  /** Rows without a team that every team may read (system trunks). */
  isSharedWhenNull: boolean;
  find(id: number): E | undefined;
  teamIdOf(entity: E): number | null;
  effectiveConfig(id: number): EffectiveConfig;
}

/**
 * Registers the read of a trunk's or extension's merged configuration:
 * the template's key=value lines overlaid by the row's own, each with its
 * source (spec 02 §3.5 T-1). Visible to whoever may read the row; a row of
 * another team is 404, as for a GET.
 */
export function registerEffectiveConfigRoute<E>(
  app: FastifyInstance,
  spec: EffectiveConfigSpec<E>,
): void {
  app.get(
    `/${spec.path}/:id/effective-config`,
    {
      schema: {
        summary: `Template details overlaid by the ${spec.label}'s own (entity wins)`,
        tags: [spec.path],
        params: idParamsSchema,
        response: { 200: effectiveConfigSchema },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const id = (request.params as { id: number }).id;
      const entity = spec.find(id);
      const teamId = entity === undefined ? undefined : spec.teamIdOf(entity);
      const isVisible =
        entity !== undefined &&
        (auth.role === 'superadmin' ||
          teamId === auth.teamId ||
          (teamId === null && spec.isSharedWhenNull));
      if (!isVisible) throw new NotFoundError(spec.label, id);
      const config = spec.effectiveConfig(id);
      return {
        ...config,
        options: config.options.map((o) => ({
          ...o,
          isInterpreted: INTERPRETED_TEMPLATE_KEYS.has(o.key),
        })),
      };
    },
  );
}
