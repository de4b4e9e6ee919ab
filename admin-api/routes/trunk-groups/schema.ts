import { z } from 'zod';
import { TRUNK_GROUP_STRATEGIES } from '../../../core/config-store/index.ts';
import type { TrunkGroup } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** Fields an admin may change (spec 02 §3.4). */
const trunkGroupFields = z.object({
  name: z.string().trim().min(1).max(100),
  strategy: z.enum(TRUNK_GROUP_STRATEGIES).meta({ description: 'TG-1; default sequential' }),
  trunkIds: z
    .array(idSchema)
    .max(64)
    .meta({ description: 'Own or system-wide trunks in hunting order; replaces the list' }),
});

/** A trunk group as the API returns it. */
export const trunkGroupSchema = trunkGroupFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 1,
      teamId: 1,
      name: 'Priority_Outbound',
      strategy: 'sequential',
      trunkIds: [3, 4],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /trunk-groups. */
export const createTrunkGroupSchema = trunkGroupFields
  .partial()
  .required({ name: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { name: 'Priority_Outbound', trunkIds: [3, 4] } });

/** PATCH /trunk-groups/:id; the team is fixed. */
export const patchTrunkGroupSchema = trunkGroupFields
  .partial()
  .strict()
  .meta({ example: { strategy: 'roundRobin' } });

/** GET /trunk-groups filters. */
export const listTrunkGroupsSchema = listQuerySchema(
  {
    name: z.string().optional(),
    strategy: z.enum(TRUNK_GROUP_STRATEGIES).optional(),
  },
  ['id', 'name', 'createdAt', 'updatedAt'],
);

type _TrunkGroupSchemaMatchesStore = Expect<
  Equal<z.output<typeof trunkGroupSchema>, ApiShape<TrunkGroup>>
>;
