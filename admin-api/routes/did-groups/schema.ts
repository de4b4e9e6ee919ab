import { z } from 'zod';
import { DID_GROUP_MATCH_TYPES, MAX_DID_GROUP_ENTRIES } from '../../../core/config-store/index.ts';
import type { DidGroup } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const amountE4 = (description: string) =>
  z.int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ description });

/** Fields an admin may change (spec 01 §2.5). */
const groupFields = z.object({
  name: z.string().trim().min(1).max(100),
  matchType: z
    .enum(DID_GROUP_MATCH_TYPES)
    .meta({ description: 'DG-1: exact number or prefix; default number' }),
  entries: z
    .array(z.string().regex(/^\+?[0-9]{1,20}$/, 'a number or prefix'))
    .max(MAX_DID_GROUP_ENTRIES)
    .refine((list) => new Set(list).size === list.length, 'entries must not repeat')
    .meta({ description: 'The DIDs (number match) or prefixes (prefix match)' }),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2')
    .nullable(),
  monthlyRentE4: amountE4('DG-3: monthly rent in 1/10 000 units; default 0'),
  rateE4: amountE4('DG-3: rate in 1/10 000 units; default 0'),
});

/** A DID group as the API returns it. */
export const didGroupSchema = groupFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 2,
      teamId: 1,
      name: 'prefix',
      matchType: 'prefix',
      entries: ['522', '534'],
      country: null,
      monthlyRentE4: 0,
      rateE4: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /did-groups. */
export const createDidGroupSchema = groupFields
  .partial()
  .required({ name: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { name: 'MacDid', matchType: 'number', entries: ['321', '98779'] } });

/** PATCH /did-groups/:id; the team is fixed. */
export const patchDidGroupSchema = groupFields
  .partial()
  .strict()
  .meta({ example: { entries: ['321', '98779', '12358'] } });

/** GET /did-groups filters. */
export const listDidGroupsSchema = listQuerySchema(
  {
    name: z.string().optional(),
    matchType: z.enum(DID_GROUP_MATCH_TYPES).optional(),
  },
  ['id', 'name', 'createdAt', 'updatedAt'],
);

type _DidGroupSchemaMatchesStore = Expect<
  Equal<z.output<typeof didGroupSchema>, ApiShape<DidGroup>>
>;
