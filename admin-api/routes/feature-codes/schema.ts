import { z } from 'zod';
import { FEATURE_CODE_NAMES } from '../../../core/config-store/index.ts';
import type { EffectiveFeatureCode, FeatureCodeRow } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema } from '../shared/api-shape.ts';

const code = z.string().regex(/^[*#0-9]{1,16}$/, '1 to 16 of the keys 0-9, * and #');

/** A feature code in force (spec 04 §15.9), with where it comes from. */
export const featureCodeSchema = z
  .object({
    name: z.enum(FEATURE_CODE_NAMES),
    kind: z.enum(['code', 'hotkey']).meta({
      description: 'Dialled from an idle phone, or typed during a call (no team override)',
    }),
    code,
    note: z.string().nullable(),
    enabled: z.boolean().meta({ description: 'A disabled code is not recognised (R15.9-1)' }),
    source: z.enum(['default', 'system', 'team']),
    isOverridden: z.boolean().meta({
      description:
        'The scope asked for has its own value (R15.9-2); DELETE restores the inherited one',
    }),
    updatedAt: timestampSchema.nullable(),
  })
  .meta({
    example: {
      name: 'forward-always',
      kind: 'code',
      code: '*72',
      note: 'FreePBX habit',
      enabled: true,
      source: 'team',
      isOverridden: true,
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
  });

/** GET /feature-codes: every function, in the manual's order. */
export const featureCodeListSchema = z.object({ items: z.array(featureCodeSchema) });

/** Which set: a superadmin without teamId acts on the system default set. */
export const featureCodeScopeSchema = z.strictObject({
  teamId: z.coerce.number().int().positive().optional(),
});

/** The function a path names. */
export const featureCodeParamsSchema = z.strictObject({ name: z.enum(FEATURE_CODE_NAMES) });

/** PUT /feature-codes/:name: the override; unset fields keep the inherited value. */
export const putFeatureCodeSchema = z
  .strictObject({
    code: code.optional(),
    note: z.string().max(255).nullable().optional(),
    enabled: z.boolean().optional(),
    teamId: idSchema.optional(),
  })
  .meta({ example: { code: '*72' } });

/** A team's stored override, as the team export carries it. */
export const featureCodeRowSchema = z.object({
  id: idSchema,
  teamId: idSchema.nullable(),
  name: z.enum(FEATURE_CODE_NAMES),
  code,
  note: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

type _FeatureCodeRowSchemaMatchesStore = Expect<
  Equal<z.output<typeof featureCodeRowSchema>, ApiShape<FeatureCodeRow>>
>;

type _FeatureCodeSchemaMatchesStore = Expect<
  Equal<z.output<typeof featureCodeSchema>, ApiShape<EffectiveFeatureCode>>
>;
