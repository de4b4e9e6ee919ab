import { z } from 'zod';
import type { BlfGroup } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** Fields an admin may change (spec 02 §3.20). */
const blfGroupFields = z.object({
  name: z.string().trim().min(1).max(100),
  remark: optionalText(1000),
  extensionIds: z
    .array(idSchema)
    .max(1000)
    .meta({ description: 'Extensions whose state the subscribers may watch' }),
  subscriberIds: z
    .array(idSchema)
    .max(1000)
    .meta({ description: 'Extensions whose BLF target group this is (one group each)' }),
});

/** A BLF group as the API returns it. */
export const blfGroupSchema = blfGroupFields
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
      name: 'reception',
      remark: null,
      extensionIds: [12, 13],
      subscriberIds: [20],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /blf-groups. */
export const createBlfGroupSchema = blfGroupFields
  .partial()
  .required({ name: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { name: 'reception', extensionIds: [12, 13], subscriberIds: [20] } });

/** PATCH /blf-groups/:id; a list given replaces the old one. */
export const patchBlfGroupSchema = blfGroupFields.partial().strict();

/** GET /blf-groups filters. */
export const listBlfGroupsSchema = listQuerySchema({ name: z.string().optional() }, [
  'id',
  'name',
  'createdAt',
  'updatedAt',
]);

type _BlfGroupSchemaMatchesStore = Expect<
  Equal<z.output<typeof blfGroupSchema>, ApiShape<BlfGroup>>
>;
