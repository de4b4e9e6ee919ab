import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, enumCheck } from './columns.ts';
import { accounts, teams } from './core-tables.ts';

/** §1.11 状态: `充值` recharge lowers current fees, `扣除` deduction raises them. */
export const FINANCE_ADJUSTMENT_TYPES = ['recharge', 'deduction'] as const;
/** §1.11 充值方式: `其他`, `信用卡`, `Paypal`, `电汇`, `现金`. */
export const FINANCE_METHODS = ['other', 'creditCard', 'paypal', 'wireTransfer', 'cash'] as const;

/**
 * Manual balance adjustments of a team (spec 01 §1.11). Rows are an
 * append-only audit trail (FIN-4): each keeps the team's current fees before
 * it was applied (FIN-1 `balanceBefore`). Account-level adjustments (FIN-2,
 * team admins) are not stored yet.
 */
export const financeAdjustments = sqliteTable(
  'finance_adjustments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** FIN-2: the account adjusted; null adjusts the team itself. */
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    type: text('type', { enum: FINANCE_ADJUSTMENT_TYPES }).notNull(),
    amountE4: integer('amount_e4').notNull(),
    method: text('method', { enum: FINANCE_METHODS }).notNull().default('other'),
    receiptNo: text('receipt_no'),
    remark: text('remark'),
    /** Current fees of the team before this adjustment. */
    balanceBeforeE4: integer('balance_before_e4').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('finance_adjustments_team_idx').on(t.teamId, t.id),
    enumCheck('finance_adjustments_type', 'type', FINANCE_ADJUSTMENT_TYPES),
    enumCheck('finance_adjustments_method', 'method', FINANCE_METHODS),
  ],
);
