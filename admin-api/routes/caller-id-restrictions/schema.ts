import { z } from 'zod';
import {
  CALLER_RESTRICTION_TARGETS,
  CALLER_RESTRICTION_TYPES,
  STATUSES,
} from '../../../core/config-store/index.ts';
import type { CallerIdRestriction } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** Fields an admin may change (spec 02 §3.10). */
const restrictionFields = z.object({
  restrictionType: z
    .enum(CALLER_RESTRICTION_TYPES)
    .meta({ description: 'blacklist (default): number refused; whitelist: only listed numbers' }),
  status: z.enum(STATUSES),
  trunkType: z.enum(CALLER_RESTRICTION_TARGETS).meta({ description: 'Which id applies' }),
  trunkId: idSchema.nullable(),
  trunkGroupId: idSchema.nullable(),
  number: z
    .string()
    .regex(/^\+?[0-9]{1,32}$/, 'digits, optional leading +')
    .meta({ description: 'The calling number restricted' }),
});

/** A restriction as the API returns it. */
export const callerIdRestrictionSchema = restrictionFields
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
      restrictionType: 'blacklist',
      status: 'enabled',
      trunkType: 'trunk',
      trunkId: 3,
      trunkGroupId: null,
      number: '234',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /caller-id-restrictions. */
export const createCallerIdRestrictionSchema = restrictionFields
  .partial()
  .required({ number: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { trunkType: 'trunk', trunkId: 3, number: '234' } });

/** PATCH /caller-id-restrictions/:id; the team is fixed. */
export const patchCallerIdRestrictionSchema = restrictionFields.partial().strict();

/** GET /caller-id-restrictions filters. */
export const listCallerIdRestrictionsSchema = listQuerySchema(
  {
    restrictionType: z.enum(CALLER_RESTRICTION_TYPES).optional(),
    status: z.enum(STATUSES).optional(),
    trunkType: z.enum(CALLER_RESTRICTION_TARGETS).optional(),
    trunkId: z.coerce.number().int().positive().optional(),
    trunkGroupId: z.coerce.number().int().positive().optional(),
    number: z.string().optional(),
  },
  ['id', 'number', 'createdAt', 'updatedAt'],
);

type _CallerIdRestrictionSchemaMatchesStore = Expect<
  Equal<z.output<typeof callerIdRestrictionSchema>, ApiShape<CallerIdRestriction>>
>;
