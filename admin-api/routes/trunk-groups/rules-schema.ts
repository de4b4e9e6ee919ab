import { z } from 'zod';
import { TRUNK_RULE_ACTIONS } from '../../../core/config-store/index.ts';
import type { TrunkGroupRule } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { createdBySchema, idSchema, timestampSchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';
import { trunkRuleFields } from '../trunks/rules-schema.ts';

/** A trunk-group rule as the API returns it, with its group's team. */
export const trunkGroupRuleSchema = trunkRuleFields.extend({
  id: idSchema,
  trunkGroupId: idSchema,
  trunkId: idSchema.meta({ description: 'A member trunk of the group' }),
  teamId: idSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  createdBy: createdBySchema,
});

/** POST /trunk-group-rules. */
export const createTrunkGroupRuleSchema = trunkRuleFields
  .partial()
  .extend({ trunkGroupId: idSchema, trunkId: idSchema })
  .strict()
  .meta({
    example: { trunkGroupId: 1, trunkId: 2, numberPrefix: '021', stripPrefix: '0', addPrefix: '9' },
  });

/** PATCH /trunk-group-rules/:id; the group and trunk are fixed. */
export const patchTrunkGroupRuleSchema = trunkRuleFields.partial().strict();

/** GET /trunk-group-rules filters. */
export const listTrunkGroupRulesSchema = listQuerySchema(
  {
    trunkGroupId: z.coerce.number().int().positive().optional(),
    trunkId: z.coerce.number().int().positive().optional(),
    action: z.enum(TRUNK_RULE_ACTIONS).optional(),
  },
  ['id', 'trunkGroupId', 'trunkId', 'numberPrefix', 'createdAt', 'updatedAt'],
);

type _TrunkGroupRuleSchemaMatchesStore = Expect<
  Equal<z.output<typeof trunkGroupRuleSchema>, ApiShape<TrunkGroupRule>>
>;
