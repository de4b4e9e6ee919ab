import { z } from 'zod';
import { idSchema } from '../shared/api-shape.ts';

/** GET /reports/dids (spec 03 §6.12): a time range and, optionally, some DIDs. */
export const didReportQuerySchema = z.strictObject({
  teamId: z.coerce.number().int().positive().optional().meta({
    description: 'Required for a superadmin; a team admin reads its own team',
  }),
  since: z.iso.datetime().meta({ description: '统计区间 from, inclusive' }),
  until: z.iso.datetime().meta({ description: '统计区间 to, exclusive' }),
  didIds: z
    .string()
    .regex(/^[1-9][0-9]*(,[1-9][0-9]*)*$/, 'comma-separated DID ids')
    .optional()
    .meta({ description: '请选择DID号码: only these DIDs (ids, comma-separated)' }),
});

const lineSchema = z.object({
  didId: idSchema,
  number: z.string(),
  calls: z.int().meta({ description: '呼入次数' }),
  answered: z.int().meta({ description: '接听次数' }),
  totalSec: z.int().meta({ description: '总时长, seconds' }),
  billableSec: z.int().meta({ description: '计费时长, seconds (answer to end)' }),
  rateE4: z.int().meta({ description: 'The per-minute rate used (the DID’s or its group’s)' }),
  didGroupId: idSchema.nullable().meta({ description: 'The group whose rate and rent apply' }),
  usageE4: z.int().meta({ description: 'Started minutes of answered calls × rate' }),
  rentE4: z.int().meta({ description: 'The group’s monthly rent × months the range touches' }),
  costE4: z.int().meta({ description: 'DID费用 = usage + rent, 1/10 000 units' }),
});

/** The report: one line per DID and the 合计 totals row. */
export const didReportSchema = z
  .object({
    items: z.array(lineSchema),
    totals: lineSchema.pick({
      calls: true,
      answered: true,
      totalSec: true,
      billableSec: true,
      usageE4: true,
      rentE4: true,
      costE4: true,
    }),
  })
  .meta({
    example: {
      items: [
        {
          didId: 3,
          number: '02150001000',
          calls: 1,
          answered: 1,
          totalSec: 64,
          billableSec: 61,
          rateE4: 1000,
          didGroupId: null,
          usageE4: 2000,
          rentE4: 0,
          costE4: 2000,
        },
      ],
      totals: {
        calls: 1,
        answered: 1,
        totalSec: 64,
        billableSec: 61,
        usageE4: 2000,
        rentE4: 0,
        costE4: 2000,
      },
    },
  });
