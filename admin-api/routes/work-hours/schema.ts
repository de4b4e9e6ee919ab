import { z } from 'zod';
import { STATUSES, WEEKDAYS } from '../../../core/config-store/index.ts';
import type { WorkHours } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const date = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'MM-DD')
  .nullable()
  .default(null);
const time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM');
const weekday = z.enum(WEEKDAYS).nullable().default(null);

/**
 * One interval (spec 02 §3.2): dates recur yearly and may wrap over New
 * Year (WT-2), so a holiday is a date range; times may run overnight
 * (WT-3); weekdays may wrap (WT-4). Unset dates or weekdays do not restrict.
 */
const intervalSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  startDate: date,
  endDate: date,
  startTime: time,
  endTime: time.meta({ description: 'Inclusive through the end of its minute (WT-3)' }),
  startWeekday: weekday,
  endWeekday: weekday,
});

/** Fields an admin may change (spec 02 §3.3). */
const workHoursFields = z.object({
  name: z.string().trim().min(1).max(100),
  status: z.enum(STATUSES).meta({ description: 'A disabled schedule is never in force (P-2)' }),
  intervals: z
    .array(intervalSchema)
    .min(1)
    .max(100)
    .meta({ description: 'In force while any interval holds (P-1); replaces the list' }),
  remark: optionalText(1000),
});

const example = {
  name: 'Office hours',
  status: 'enabled',
  intervals: [
    {
      name: 'Weekdays',
      startDate: null,
      endDate: null,
      startTime: '09:00',
      endTime: '17:59',
      startWeekday: 'mon',
      endWeekday: 'fri',
    },
    {
      name: 'National Day duty',
      startDate: '10-01',
      endDate: '10-07',
      startTime: '09:00',
      endTime: '16:00',
      startWeekday: null,
      endWeekday: null,
    },
  ],
  remark: null,
};

/** A work-hours schedule as the API returns it. */
export const workHoursSchema = workHoursFields
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
      ...example,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /work-hours. */
export const createWorkHoursSchema = workHoursFields
  .partial()
  .required({ name: true, intervals: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { name: example.name, intervals: example.intervals } });

/** PATCH /work-hours/:id; the team is fixed. */
export const patchWorkHoursSchema = workHoursFields
  .partial()
  .strict()
  .meta({ example: { status: 'disabled' } });

/** GET /work-hours filters. */
export const listWorkHoursSchema = listQuerySchema(
  { name: z.string().optional(), status: z.enum(STATUSES).optional() },
  ['id', 'name', 'createdAt', 'updatedAt'],
);

type _WorkHoursSchemaMatchesStore = Expect<
  Equal<z.output<typeof workHoursSchema>, ApiShape<WorkHours>>
>;
