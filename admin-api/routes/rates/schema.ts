import { z } from 'zod';
import { STATUSES } from '../../../core/config-store/index.ts';
import type {
  AgentInboundRate,
  ExtensionRate,
  SystemRate,
  TeamRate,
} from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { createdBySchema, idSchema, optionalText, timestampSchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/*
 * Rate tables (spec 03 §5). Money is in integer 1/10 000 units (`…E4`),
 * as teams' creditLimitE4 and finance adjustments (3.0000 is 30000).
 */

const money = (description: string) =>
  z
    .int()
    .min(0)
    .max(1_000_000_000_000)
    .meta({ description: `${description}, in 1/10 000 units` });

/** R2 fields every rate has (5.0, 5.4). */
const tariffFields = {
  destination: optionalText(100),
  connectFeeE4: money('连接费率: charged once when the call is answered (R2)'),
  initialDurationSec: z
    .int()
    .min(0)
    .max(86_400)
    .meta({ description: '初始时长: seconds the connect fee covers' }),
  ratePerMinuteE4: money('费率: per minute'),
  billingCycleSec: z
    .int()
    .min(1)
    .max(86_400)
    .meta({ description: '计费周期: the billing increment in seconds (R2)' }),
  status: z.enum(STATUSES).meta({ description: 'A disabled rate never matches (R4)' }),
};

/** 5.0 number fields of system, team and extension rates. */
const numberFields = z.object({
  prefix: z
    .string()
    .regex(/^(default|[0-9*#+]{1,32})$/, '`default` or up to 32 digits')
    .meta({ description: '号码前缀: the called number starts with it; `default` is any (R5)' }),
  numberLength: z
    .int()
    .min(0)
    .max(64)
    .meta({ description: '号码长度: exact length of the called number; 0 is any (R5)' }),
  ...tariffFields,
  trunkId: idSchema.nullable().meta({ description: '中继: the rate applies only over it' }),
});

const example = {
  prefix: '00',
  numberLength: 0,
  destination: 'International',
  connectFeeE4: 0,
  initialDurationSec: 0,
  ratePerMinuteE4: 30_000,
  billingCycleSec: 60,
  status: 'enabled',
  trunkId: null,
};
const stamps = {
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'admin',
};
const stored = {
  id: idSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  createdBy: createdBySchema,
};
const teamIdField = idSchema.nullable().meta({ description: 'null: for every team (R7)' });
const createRequired = { prefix: true, billingCycleSec: true } as const;
const numberFilters = {
  prefix: z.string().optional(),
  status: z.enum(STATUSES).optional(),
  trunkId: z.coerce.number().int().positive().optional(),
};
const numberSorts = ['id', 'prefix', 'createdAt', 'updatedAt'] as const;

/** A system rate (5.1). */
export const systemRateSchema = numberFields
  .extend(stored)
  .meta({ example: { id: 1, ...example, ...stamps } });
/** POST /system-rates. */
export const createSystemRateSchema = numberFields
  .partial()
  .required(createRequired)
  .strict()
  .meta({ example: { prefix: '00', billingCycleSec: 60, ratePerMinuteE4: 30_000 } });
/** PATCH /system-rates/:id. */
export const patchSystemRateSchema = numberFields
  .partial()
  .strict()
  .meta({ example: { ratePerMinuteE4: 25_000 } });
/** GET /system-rates filters. */
export const listSystemRatesSchema = listQuerySchema(numberFilters, numberSorts);

/** A team rate (5.2). */
export const teamRateSchema = numberFields
  .extend({ ...stored, teamId: teamIdField })
  .meta({ example: { id: 1, teamId: 1, ...example, ...stamps } });
/** POST /team-rates; no teamId is a rate for every team. */
export const createTeamRateSchema = numberFields
  .partial()
  .required(createRequired)
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { teamId: 1, prefix: 'default', billingCycleSec: 60 } });
/** PATCH /team-rates/:id; the team is fixed. */
export const patchTeamRateSchema = patchSystemRateSchema;
/** GET /team-rates filters. */
export const listTeamRatesSchema = listQuerySchema(numberFilters, numberSorts);

const extensionFields = numberFields.extend({
  accountGroupId: idSchema.nullable().meta({
    description: '账号组: rates of the caller’s group come first (5.3 (c) 1, AG-4)',
  }),
});
/** An extension rate (5.3). */
export const extensionRateSchema = extensionFields
  .extend({ ...stored, teamId: teamIdField })
  .meta({ example: { id: 1, teamId: 1, ...example, accountGroupId: null, ...stamps } });
/** POST /extension-rates; a superadmin without teamId writes the system level. */
export const createExtensionRateSchema = extensionFields
  .partial()
  .required(createRequired)
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { prefix: '0', billingCycleSec: 60, ratePerMinuteE4: 5000 } });
/** PATCH /extension-rates/:id; the team is fixed. */
export const patchExtensionRateSchema = extensionFields
  .partial()
  .strict()
  .meta({ example: { status: 'disabled' } });
/** GET /extension-rates filters. */
export const listExtensionRatesSchema = listQuerySchema(
  { ...numberFilters, accountGroupId: z.coerce.number().int().positive().optional() },
  numberSorts,
);

const agentRateFields = z.object({
  ...tariffFields,
  agentGroupId: idSchema.meta({ description: '坐席组: billing is per agent group (5.4)' }),
  agentId: idSchema.nullable().meta({ description: '坐席: null is the whole group' }),
});
const agentExample = {
  destination: 'all',
  connectFeeE4: 30_000,
  initialDurationSec: 3,
  ratePerMinuteE4: 30_000,
  billingCycleSec: 60,
  status: 'enabled',
  agentGroupId: 2,
  agentId: null,
};
/** An agent inbound rate (5.4). */
export const agentInboundRateSchema = agentRateFields
  .extend({ ...stored, teamId: idSchema.nullable() })
  .meta({ example: { id: 1, teamId: 1, ...agentExample, ...stamps } });
/** POST /agent-inbound-rates; the team is the agent group's. */
export const createAgentInboundRateSchema = agentRateFields
  .partial()
  .required({ agentGroupId: true, billingCycleSec: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { agentGroupId: 2, billingCycleSec: 60, connectFeeE4: 30_000 } });
/** PATCH /agent-inbound-rates/:id. */
export const patchAgentInboundRateSchema = agentRateFields
  .partial()
  .strict()
  .meta({ example: { ratePerMinuteE4: 40_000 } });
/** GET /agent-inbound-rates filters. */
export const listAgentInboundRatesSchema = listQuerySchema(
  {
    status: z.enum(STATUSES).optional(),
    agentGroupId: z.coerce.number().int().positive().optional(),
    agentId: z.coerce.number().int().positive().optional(),
  },
  ['id', 'createdAt', 'updatedAt'],
);

type _SystemRateMatchesStore = Expect<
  Equal<z.output<typeof systemRateSchema>, ApiShape<SystemRate>>
>;
type _TeamRateMatchesStore = Expect<Equal<z.output<typeof teamRateSchema>, ApiShape<TeamRate>>>;
type _ExtensionRateMatchesStore = Expect<
  Equal<z.output<typeof extensionRateSchema>, ApiShape<ExtensionRate>>
>;
type _AgentRateMatchesStore = Expect<
  Equal<z.output<typeof agentInboundRateSchema>, ApiShape<AgentInboundRate>>
>;
