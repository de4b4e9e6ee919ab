import { z } from 'zod';
import { MOH_APPLY_MODES } from '../../../core/config-store/index.ts';
import type { MohClass } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** Fields an admin may change (spec 02 §3.13; 格式 is inert). */
const mohFields = z.object({
  name: z.string().trim().min(1).max(100),
  identifier: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -')
    .meta({ description: 'Class key used by queues and ring groups, e.g. wait_music' }),
  voiceFileIds: z
    .array(idSchema)
    .max(100)
    .meta({ description: 'Files played in this order, looped (MOH-1); replaces the list' }),
  applyMode: z.enum(MOH_APPLY_MODES).meta({
    description:
      '应用方式: shared (default) — callers join one stream where it is; ' +
      'perCaller — each caller starts at the first file (MOH-3)',
  }),
});

/** A MOH class as the API returns it. */
export const mohClassSchema = mohFields
  .extend({
    id: idSchema,
    teamId: idSchema.nullable().meta({ description: 'null: a system class' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 2,
      teamId: 1,
      name: 'wait music',
      identifier: 'wait_music',
      voiceFileIds: [4, 7],
      applyMode: 'shared',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /moh-classes; a superadmin without teamId makes a system class. */
export const createMohClassSchema = mohFields
  .partial()
  .required({ name: true, identifier: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { name: 'wait music', identifier: 'wait_music', voiceFileIds: [4] } });

/** PATCH /moh-classes/:id; the team is fixed. */
export const patchMohClassSchema = mohFields
  .partial()
  .strict()
  .meta({ example: { voiceFileIds: [7, 4], applyMode: 'perCaller' } });

/** GET /moh-classes filters. */
export const listMohClassesSchema = listQuerySchema(
  {
    name: z.string().optional(),
    identifier: z.string().optional(),
  },
  ['id', 'name', 'identifier', 'createdAt', 'updatedAt'],
);

type _MohClassSchemaMatchesStore = Expect<
  Equal<z.output<typeof mohClassSchema>, ApiShape<MohClass>>
>;
