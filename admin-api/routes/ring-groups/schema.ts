import { z } from 'zod';
import { FAILOVER_TYPES, RING_GROUP_STRATEGIES } from '../../../core/config-store/index.ts';
import type { RingGroup } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** Fields an admin may change (spec §2.3). */
const ringGroupFields = z.object({
  name: z.string().trim().min(1).max(100),
  internalNumber: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'digits')
    .meta({ description: 'Reserved in the team internal-number namespace (RG-8, IN-1)' }),
  strategy: z.enum(RING_GROUP_STRATEGIES).meta({ description: 'RG-2; default ringall' }),
  ringTimeSec: z.int().min(1).max(3600).meta({ description: 'RG-3; default 60' }),
  failoverType: z.enum(FAILOVER_TYPES).meta({ description: 'RG-3; default hangup' }),
  failoverTargetId: idSchema
    .nullable()
    .meta({ description: 'Extension, ring group or queue of the team; null for hangup, busy' }),
  lastCallFirst: z.boolean().meta({ description: 'RG-5' }),
  callerNumberPrefix: z
    .string()
    .regex(/^[0-9]{0,16}$/, 'digits (RG-6)')
    .nullable(),
  callerNamePrefix: optionalText(32),
  mohClassId: idSchema
    .nullable()
    .meta({ description: 'RG-4: the class the caller hears while members ring; null is ringback' }),
  extensionIds: z
    .array(idSchema)
    .max(100)
    .meta({ description: 'Member extensions of the team in ring order; replaces the list' }),
});

/** A ring group as the API returns it. */
export const ringGroupSchema = ringGroupFields
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
      name: 'sales',
      internalNumber: '600',
      strategy: 'ringall',
      ringTimeSec: 60,
      failoverType: 'extension',
      failoverTargetId: 5,
      lastCallFirst: false,
      callerNumberPrefix: '9',
      callerNamePrefix: 'Sales:',
      mohClassId: null,
      extensionIds: [5, 6, 7],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /ring-groups. */
export const createRingGroupSchema = ringGroupFields
  .partial()
  .required({ name: true, internalNumber: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { name: 'sales', internalNumber: '600', extensionIds: [5, 6] } });

/** PATCH /ring-groups/:id; the team is fixed. */
export const patchRingGroupSchema = ringGroupFields
  .partial()
  .strict()
  .meta({ example: { strategy: 'sequential', extensionIds: [6, 5] } });

/** GET /ring-groups filters. */
export const listRingGroupsSchema = listQuerySchema(
  {
    name: z.string().optional(),
    internalNumber: z.string().optional(),
    strategy: z.enum(RING_GROUP_STRATEGIES).optional(),
    ringTimeSec: z.coerce.number().int().optional(),
    // Spec 01 §2.3's search panel (等待音乐).
    mohClassId: z.coerce.number().int().positive().optional(),
  },
  ['id', 'name', 'internalNumber', 'ringTimeSec', 'createdAt', 'updatedAt'],
);

type _RingGroupSchemaMatchesStore = Expect<
  Equal<z.output<typeof ringGroupSchema>, ApiShape<RingGroup>>
>;
