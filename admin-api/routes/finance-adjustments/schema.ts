import { z } from 'zod';
import { FINANCE_ADJUSTMENT_TYPES, FINANCE_METHODS } from '../../../core/config-store/index.ts';
import type { FinanceAdjustment } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema } from '../shared/api-shape.ts';
import { MAX_PAGE } from '../shared/list-query.ts';

/** One team recharge or deduction (spec 01 §1.11 `FinanceAdjustment`). */
export const financeAdjustmentSchema = z.object({
  id: idSchema,
  teamId: idSchema,
  accountId: idSchema.nullable().meta({
    description: 'The account adjusted (FIN-2, AC-6); null when the team itself was',
  }),
  type: z.enum(FINANCE_ADJUSTMENT_TYPES).meta({
    description: 'recharge 充值 lowers current fees by amount · deduction 扣除 raises them',
  }),
  amountE4: z.int().meta({ description: '金额 in 1/10 000 units' }),
  method: z.enum(FINANCE_METHODS).meta({ description: '充值方式' }),
  receiptNo: z.string().nullable().meta({ description: '单据流水号' }),
  remark: z.string().nullable(),
  balanceBeforeE4: z.int().meta({ description: '调整前: the team’s current fees before' }),
  createdAt: timestampSchema,
});

/**
 * POST /finance-adjustments (FIN-2): a superadmin adjusts one team
 * (`teamId`); a superadmin or the team's admin adjusts one account
 * (`accountId`). Exactly one of the two.
 */
export const createFinanceAdjustmentSchema = z.strictObject({
  teamId: idSchema.optional(),
  accountId: idSchema.optional(),
  type: z.enum(FINANCE_ADJUSTMENT_TYPES).default('recharge'),
  amountE4: z
    .int()
    .min(1)
    .max(1_000_000_000_000_000)
    .meta({ description: 'Amount in 1/10 000 units (20.00 is 200000)' }),
  method: z.enum(FINANCE_METHODS).default('other'),
  receiptNo: optionalText(100).optional(),
  remark: optionalText(1000).optional(),
});

/** GET /finance-adjustments: newest first, keyset cursor. */
export const listFinanceAdjustmentsSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'a cursor from nextCursor')
    .optional(),
  teamId: z.coerce.number().int().positive().optional(),
  accountId: z.coerce.number().int().positive().optional(),
  type: z.enum(FINANCE_ADJUSTMENT_TYPES).optional(),
});

type _FinanceAdjustmentSchemaMatchesStore = Expect<
  Equal<z.output<typeof financeAdjustmentSchema>, ApiShape<FinanceAdjustment>>
>;
