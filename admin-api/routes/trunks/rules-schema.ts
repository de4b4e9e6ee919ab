import { z } from 'zod';
import { TRUNK_RULE_ACTIONS } from '../../../core/config-store/index.ts';
import type { TrunkRule } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { createdBySchema, idSchema, timestampSchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const dialDigits = z.string().regex(/^[0-9*#+]{0,32}$/, 'dial digits');

/** Fields an admin may change (spec 01 §2.1 `TrunkRule`, TRK-6; spec 02 §3.4 `TrunkGroupRule`). */
export const trunkRuleFields = z.object({
  numberPrefix: z
    .string()
    .regex(/^(default|[0-9*#+]{1,32})$/, '`default` or dial digits')
    .meta({ description: '`default` matches any number and applies last (TG-4)' }),
  numberLength: z.int().min(0).max(32).meta({ description: '0 matches any length' }),
  action: z.enum(TRUNK_RULE_ACTIONS).meta({
    description: 'allow: strip, then add; deny: the trunk may not carry the number (TG-5)',
  }),
  stripPrefix: dialDigits.meta({ description: 'Removed if the number starts with it' }),
  addPrefix: dialDigits.meta({ description: 'Prepended after stripping' }),
  enabled: z.boolean().meta({ description: 'false is `禁用本规则`: the rule is ignored' }),
});

/** A trunk rule as the API returns it, with its trunk's team (null: system trunk). */
export const trunkRuleSchema = trunkRuleFields.extend({
  id: idSchema,
  trunkId: idSchema,
  teamId: idSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  createdBy: createdBySchema,
});

/** POST /trunk-rules. */
export const createTrunkRuleSchema = trunkRuleFields
  .partial()
  .extend({ trunkId: idSchema })
  .strict()
  .meta({ example: { trunkId: 1, numberPrefix: '1', addPrefix: '0' } });

/** PATCH /trunk-rules/:id; the trunk is fixed. */
export const patchTrunkRuleSchema = trunkRuleFields.partial().strict();

/** GET /trunk-rules filters. */
export const listTrunkRulesSchema = listQuerySchema(
  {
    trunkId: z.coerce.number().int().positive().optional(),
    action: z.enum(TRUNK_RULE_ACTIONS).optional(),
  },
  ['id', 'trunkId', 'numberPrefix', 'createdAt', 'updatedAt'],
);

type _TrunkRuleSchemaMatchesStore = Expect<
  Equal<z.output<typeof trunkRuleSchema>, ApiShape<TrunkRule>>
>;
