import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { enumCheck } from './columns.ts';
import { accounts, teams } from './core-tables.ts';

/** Spec 03 §7.4 系统账单, §7.5 团队账单, §7.6 用户账单. */
export const BILL_LEVELS = ['system', 'team', 'user'] as const;

/**
 * Periodic bills (spec 03 §7.4–7.6, entity `Bill`). Amounts are integer
 * 1/10 000 units like every money column here. A period is the half-open
 * UTC day range [periodStart, periodEnd), so one period's end is the next
 * one's start, as in the manual's sample (2012-04-04 to 2012-05-04).
 * `ownerKey` (`system`, `team:<id>`, `user:<id>`) makes "one bill per owner
 * and period" a UNIQUE index, which NULL team and account ids cannot.
 */
export const bills = sqliteTable(
  'bills',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    level: text('level', { enum: BILL_LEVELS }).notNull(),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    ownerKey: text('owner_key').notNull(),
    /** `YYYY-MM-DD`, first day of the period (账务起始日期). */
    periodStart: text('period_start').notNull(),
    /** `YYYY-MM-DD`, the day after the last one (账务截止日期). */
    periodEnd: text('period_end').notNull(),
    /** `YYYY-MM-DD`, 到期还款日 Payment Due Date. */
    dueDate: text('due_date').notNull(),
    /** 创建人: `system` for the scheduler, else the admin's username. */
    creator: text('creator').notNull().default('system'),
    /** 姓名 Name of the holder when the bill was made. */
    holderName: text('holder_name').notNull().default(''),
    balanceBfE4: integer('balance_bf_e4').notNull().default(0),
    paymentE4: integer('payment_e4').notNull().default(0),
    adjustmentE4: integer('adjustment_e4').notNull().default(0),
    newChargesE4: integer('new_charges_e4').notNull().default(0),
    interestE4: integer('interest_e4').notNull().default(0),
    currentBalanceE4: integer('current_balance_e4').notNull().default(0),
    monthlyFeeE4: integer('monthly_fee_e4').notNull().default(0),
    dialOutE4: integer('dial_out_e4').notNull().default(0),
    dialInE4: integer('dial_in_e4').notNull().default(0),
    otherE4: integer('other_e4').notNull().default(0),
    dialOutCalls: integer('dial_out_calls').notNull().default(0),
    dialInCalls: integer('dial_in_calls').notNull().default(0),
    /** JSON `[{name, creditE4, costE4}]`: teams (system bill) or users (team bill). */
    linesJson: text('lines_json').notNull().default('[]'),
    /** 账单生成日期 (Invoice Date). */
    generatedAt: integer('generated_at', { mode: 'timestamp_ms' }).notNull(),
    emailedAt: integer('emailed_at', { mode: 'timestamp_ms' }),
    emailError: text('email_error'),
  },
  (t) => [
    uniqueIndex('bills_owner_period_unique').on(t.ownerKey, t.periodStart),
    index('bills_team_idx').on(t.teamId, t.id),
    index('bills_account_idx').on(t.accountId, t.id),
    enumCheck('bills_level', 'level', BILL_LEVELS),
    check(
      'bills_owner_by_level',
      sql`(level = 'system' AND team_id IS NULL AND account_id IS NULL) OR (level = 'team' AND team_id IS NOT NULL AND account_id IS NULL) OR (level = 'user' AND team_id IS NOT NULL AND account_id IS NOT NULL)`,
    ),
  ],
);
