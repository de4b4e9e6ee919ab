import { z } from 'zod';
import { BILL_LEVELS } from '../../../core/config-store/index.ts';
import type { Bill } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema } from '../shared/api-shape.ts';
import { MAX_PAGE } from '../shared/list-query.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const e4 = (description: string) => z.int().meta({ description: `${description}, 1/10 000 units` });

/** One bill (spec 03 §7.4–7.6 `Bill`). */
export const billSchema = z
  .object({
    id: idSchema,
    level: z.enum(BILL_LEVELS).meta({ description: 'system 7.4 · team 7.5 · user 7.6' }),
    teamId: idSchema.nullable(),
    accountId: idSchema.nullable(),
    ownerKey: z.string().meta({ description: 'system, team:<id> or user:<id>' }),
    periodStart: day.meta({ description: '账务起始日期 (first day)' }),
    periodEnd: day.meta({ description: '账务截止日期 (the day after the last one)' }),
    dueDate: day.meta({ description: '到期还款日 Payment Due Date' }),
    creator: z.string().meta({ description: '创建人: system or the admin who generated it' }),
    holderName: z.string().meta({ description: '姓名 Name' }),
    balanceBfE4: e4('上期账单金额 Balance B/F'),
    paymentE4: e4('上期支付金额 Payment (recharges in the period)'),
    adjustmentE4: e4('本期调整金额 Adjustment (deductions in the period)'),
    newChargesE4: e4('本期账单金额 New Charges'),
    interestE4: e4('利息 Interest'),
    currentBalanceE4: e4(
      '本期应还金额 Current Balance = B/F − Payment + New + Adjustment + Interest',
    ),
    monthlyFeeE4: e4('月租费 Monthly fee'),
    dialOutE4: e4('外呼 DialOut'),
    dialInE4: e4('呼入 DialIn'),
    otherE4: e4('其他 Other'),
    dialOutCalls: z.int(),
    dialInCalls: z.int(),
    linesJson: z.string().meta({
      description: 'JSON [{name, creditE4, costE4}]: teams (system bill) or users (team bill)',
    }),
    generatedAt: timestampSchema.meta({ description: '账单生成日期 Invoice Date' }),
    emailedAt: timestampSchema.nullable(),
    emailError: z.string().nullable(),
  })
  .meta({
    examples: [
      {
        id: 7,
        level: 'user',
        teamId: 2,
        accountId: 5,
        ownerKey: 'user:5',
        periodStart: '2026-10-01',
        periodEnd: '2026-11-01',
        dueDate: '2026-11-11',
        creator: 'system',
        holderName: 'Li Wei',
        balanceBfE4: 0,
        paymentE4: 0,
        adjustmentE4: 0,
        newChargesE4: 125_000,
        interestE4: 0,
        currentBalanceE4: 125_000,
        monthlyFeeE4: 0,
        dialOutE4: 125_000,
        dialInE4: 0,
        otherE4: 0,
        dialOutCalls: 14,
        dialInCalls: 3,
        linesJson: '[]',
        generatedAt: '2026-11-01T00:00:05.000Z',
        emailedAt: '2026-11-01T00:00:06.000Z',
        emailError: null,
      },
    ],
  });

/** GET /bills: newest first, keyset cursor. */
export const listBillsSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'a cursor from nextCursor')
    .optional(),
  level: z.enum(BILL_LEVELS).optional(),
  teamId: z.coerce.number().int().positive().optional(),
  accountId: z.coerce.number().int().positive().optional(),
  periodFrom: day.optional().meta({ description: 'periods starting on or after' }),
  periodTo: day.optional().meta({ description: 'periods starting on or before' }),
});

/** POST /bills/generate. */
export const generateBillsSchema = z
  .strictObject({
    period: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM')
      .optional()
      .meta({
        description: 'The period starting on the bill day of this month; default the latest ended',
      }),
  })
  .meta({ examples: [{ period: '2026-10' }] });

/** What POST /bills/generate did. */
export const generateResultSchema = z
  .object({
    periodStart: day,
    periodEnd: day,
    created: z.int().meta({ description: 'bills written now' }),
    existing: z.int().meta({ description: 'owners that had a bill for the period already' }),
  })
  .meta({
    examples: [{ periodStart: '2026-10-01', periodEnd: '2026-11-01', created: 12, existing: 0 }],
  });

/** What POST /bills/:id/send did. */
export const sendResultSchema = z.object({
  bill: billSchema,
  recipients: z.array(z.string()).meta({ description: 'addresses the server accepted' }),
});

type _BillSchemaMatchesStore = Expect<Equal<z.output<typeof billSchema>, ApiShape<Bill>>>;
