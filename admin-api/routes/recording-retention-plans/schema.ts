import { z } from 'zod';
import { RETENTION_ACTIONS, STATUSES } from '../../../core/config-store/index.ts';
import type { RecordingRetentionPlan } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

/** Fields an admin may change (spec 04 §15.13 (b)). */
const planFields = z.object({
  status: z
    .enum(STATUSES)
    .meta({ description: 'Only enabled plans are processed (spec 04 §15.13 状态)' }),
  retentionDays: z
    .number()
    .int()
    .min(0)
    .max(36_500)
    .meta({ description: 'Recordings dated run date − retentionDays or earlier are processed' }),
  runAt: z
    .string()
    .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM')
    .meta({ description: 'Daily run time, HH:MM on the server clock (UTC)' }),
  expiredAction: z.enum(RETENTION_ACTIONS),
  movePath: z
    .string()
    .regex(/^\//, 'an absolute path')
    .max(1000)
    .nullable()
    .meta({ description: 'Destination directory; required when expiredAction is move' }),
  packArchive: z
    .boolean()
    .meta({ description: 'Pack moved files as tar.gz; packed recordings cannot be played' }),
});

const example = {
  status: 'enabled',
  retentionDays: 3,
  runAt: '02:30',
  expiredAction: 'move',
  movePath: '/srv/recordings-archive',
  packArchive: false,
} as const;

/** A retention plan as the API returns it. */
export const retentionPlanSchema = planFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    lastRunDate: z
      .string()
      .nullable()
      .meta({ description: 'UTC date of the last run, YYYY-MM-DD; read-only' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 1,
      teamId: 1,
      ...example,
      lastRunDate: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /recording-retention-plans. */
export const createRetentionPlanSchema = planFields
  .partial()
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example });

/** PATCH /recording-retention-plans/:id; the team is fixed. */
export const patchRetentionPlanSchema = planFields
  .partial()
  .strict()
  .meta({ example: { status: 'disabled' } });

/** GET /recording-retention-plans filters. */
export const listRetentionPlansSchema = listQuerySchema(
  { status: z.enum(STATUSES).optional(), expiredAction: z.enum(RETENTION_ACTIONS).optional() },
  ['id', 'createdAt', 'updatedAt'],
);

type _RetentionPlanSchemaMatchesStore = Expect<
  Equal<z.output<typeof retentionPlanSchema>, ApiShape<RecordingRetentionPlan>>
>;
