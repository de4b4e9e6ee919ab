import { z } from 'zod';
import { FAILOVER_TYPES, QUEUE_STRATEGIES } from '../../../core/config-store/index.ts';
import type { Queue } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const seconds = (max: number, description: string) => z.int().min(0).max(max).meta({ description });

/** Fields an admin may change (spec 02 §3.1). */
const queueFields = z.object({
  number: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'digits')
    .meta({ description: 'Reserved in the team internal-number namespace (IN-1)' }),
  name: z.string().trim().min(1).max(100),
  strategy: z.enum(QUEUE_STRATEGIES).meta({ description: 'Q-8; default leastrecent' }),
  failoverType: z.enum(FAILOVER_TYPES).meta({ description: 'Q-10; default hangup' }),
  failoverTargetId: idSchema
    .nullable()
    .meta({ description: 'Extension, ring group or queue of the team; null for hangup, busy' }),
  agentRingTimeoutSec: z.int().min(1).max(600).meta({ description: 'Q-8; default 15' }),
  retryIntervalSec: seconds(600, 'Q-8; default 5'),
  maxWaitTimeSec: z.int().min(1).max(86_400).meta({ description: 'Q-9; default 45' }),
  joinEmpty: z.boolean().meta({ description: 'Q-3; default true' }),
  wrapUpTimeSec: seconds(3600, 'Q-12; default 5'),
  autofill: z.boolean().meta({ description: 'Q-11; default true' }),
  callerNamePrefix: optionalText(32),
  callerNumberPrefix: z
    .string()
    .regex(/^[0-9]{0,16}$/, 'digits (Q-14)')
    .nullable(),
  lastAgentFirst: z.boolean().meta({ description: 'Q-13; default true' }),
  multiParty: z.boolean().meta({
    description:
      '多方通话 (Q-19): the agent may add a third party to a call from this queue ' +
      '(POST /calls/:id/parties); default true',
  }),
  maxCallers: z.int().min(0).max(100_000).meta({ description: 'Q-4; 0 is unlimited' }),
  periodicAnnounceFrequencySec: seconds(3600, 'Q-6; 0 is off'),
  positionAnnounceFrequencySec: seconds(3600, 'Q-7; 0 is off'),
  priority: z.int().min(0).max(1_000_000).meta({ description: 'Q-21' }),
  mohClassId: idSchema
    .nullable()
    .meta({ description: "Q-5, MOH-1: the class callers hear; null is the team's default" }),
  ratingPromptId: idSchema.nullable().meta({
    description:
      'Q-17: call prompt inviting the caller to key a score 1-9 when the agent hangs up first; null is off',
  }),
});

/** A queue as the API returns it. */
export const queueSchema = queueFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 7,
      teamId: 1,
      number: '700',
      name: 'Support',
      strategy: 'leastrecent',
      failoverType: 'hangup',
      failoverTargetId: null,
      agentRingTimeoutSec: 15,
      retryIntervalSec: 5,
      maxWaitTimeSec: 45,
      joinEmpty: true,
      wrapUpTimeSec: 5,
      autofill: true,
      callerNamePrefix: null,
      callerNumberPrefix: null,
      lastAgentFirst: true,
      multiParty: true,
      maxCallers: 0,
      periodicAnnounceFrequencySec: 0,
      positionAnnounceFrequencySec: 0,
      priority: 0,
      mohClassId: null,
      ratingPromptId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /queues. */
export const createQueueSchema = queueFields
  .partial()
  .required({ number: true, name: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { number: '700', name: 'Support', strategy: 'rrmemory' } });

/** PATCH /queues/:id; the team is fixed. */
export const patchQueueSchema = queueFields
  .partial()
  .strict()
  .meta({ example: { maxWaitTimeSec: 120, failoverType: 'extension', failoverTargetId: 5 } });

/** GET /queues filters. */
export const listQueuesSchema = listQuerySchema(
  {
    name: z.string().optional(),
    number: z.string().optional(),
    strategy: z.enum(QUEUE_STRATEGIES).optional(),
  },
  ['id', 'number', 'name', 'priority', 'createdAt', 'updatedAt'],
);

type _QueueSchemaMatchesStore = Expect<Equal<z.output<typeof queueSchema>, ApiShape<Queue>>>;
