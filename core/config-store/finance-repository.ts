import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import { accounts, financeAdjustments, teams } from './schema.ts';
import type { FINANCE_ADJUSTMENT_TYPES, FINANCE_METHODS } from './schema.ts';
import type { StoreContext } from './store-context.ts';
import { requireIntInRange } from './validate.ts';

/** One adjustment as stored (spec 01 §1.11 `FinanceAdjustment`). */
export type FinanceAdjustment = typeof financeAdjustments.$inferSelect;

/** `recharge` (充值) or `deduction` (扣除). */
export type FinanceAdjustmentType = (typeof FINANCE_ADJUSTMENT_TYPES)[number];

/** A new adjustment of a team's current fees. */
export interface NewFinanceAdjustment {
  teamId: number;
  type: FinanceAdjustmentType;
  /** The amount in 1/10 000 units; positive. */
  amountE4: number;
  method?: (typeof FINANCE_METHODS)[number] | undefined;
  receiptNo?: string | null | undefined;
  remark?: string | null | undefined;
}

/** Filters of an adjustment listing; `beforeId` pages newest first. */
export interface FinanceAdjustmentQuery {
  teamId?: number | undefined;
  accountId?: number | undefined;
  type?: FinanceAdjustmentType | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** Largest amount one adjustment may move: what an integer column sums exactly. */
const MAX_AMOUNT_E4 = 1_000_000_000_000_000;

/**
 * Manual recharges and deductions of a team (spec 01 §1.11). Each one
 * moves the team's current fees and appends its audit row in the same
 * transaction (FIN-1, FIN-4), so the credit gate sees it on the next call
 * (FIN-3). Calls raise the fees too (BillingRepository, D56).
 */
export class FinanceRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * FIN-1: a recharge of X lowers the team's current fees by X, a
   * deduction raises them; the row keeps the fees before.
   */
  adjustTeam(input: NewFinanceAdjustment): FinanceAdjustment {
    requireIntInRange('amountE4', input.amountE4, 1, MAX_AMOUNT_E4);
    return this.#ctx.write((db) => {
      const team = db
        .select({ currentFeesE4: teams.currentFeesE4 })
        .from(teams)
        .where(eq(teams.id, input.teamId))
        .get();
      if (team === undefined) throw new NotFoundError('team', input.teamId);
      const delta = input.type === 'recharge' ? -input.amountE4 : input.amountE4;
      const now = this.#ctx.now();
      db.update(teams)
        .set({ currentFeesE4: sql`${teams.currentFeesE4} + ${delta}` })
        .where(eq(teams.id, input.teamId))
        .run();
      return db
        .insert(financeAdjustments)
        .values({
          teamId: input.teamId,
          type: input.type,
          amountE4: input.amountE4,
          method: input.method ?? 'other',
          receiptNo: input.receiptNo ?? null,
          remark: input.remark ?? null,
          balanceBeforeE4: team.currentFeesE4,
          createdAt: now,
        })
        .returning()
        .get();
    });
  }

  /**
   * FIN-1 for an account (FIN-2, AC-6): moves the account's current fees,
   * not its team's; the row names the account and keeps its fees before.
   */
  adjustAccount(
    input: Omit<NewFinanceAdjustment, 'teamId'> & { accountId: number },
  ): FinanceAdjustment {
    requireIntInRange('amountE4', input.amountE4, 1, MAX_AMOUNT_E4);
    return this.#ctx.write((db) => {
      const account = db
        .select({ teamId: accounts.teamId, currentFeesE4: accounts.currentFeesE4 })
        .from(accounts)
        .where(eq(accounts.id, input.accountId))
        .get();
      if (account === undefined) throw new NotFoundError('account', input.accountId);
      if (account.teamId === null) {
        throw new ValidationError('accountId', 'a system administrator has no balance');
      }
      const delta = input.type === 'recharge' ? -input.amountE4 : input.amountE4;
      db.update(accounts)
        .set({ currentFeesE4: sql`${accounts.currentFeesE4} + ${delta}` })
        .where(eq(accounts.id, input.accountId))
        .run();
      return db
        .insert(financeAdjustments)
        .values({
          teamId: account.teamId,
          accountId: input.accountId,
          type: input.type,
          amountE4: input.amountE4,
          method: input.method ?? 'other',
          receiptNo: input.receiptNo ?? null,
          remark: input.remark ?? null,
          balanceBeforeE4: account.currentFeesE4,
          createdAt: this.#ctx.now(),
        })
        .returning()
        .get();
    });
  }

  /** Adjustments newest first, filtered and paged by id. */
  list(query: FinanceAdjustmentQuery): FinanceAdjustment[] {
    const where: SQL[] = [];
    if (query.teamId !== undefined) where.push(eq(financeAdjustments.teamId, query.teamId));
    if (query.accountId !== undefined) {
      where.push(eq(financeAdjustments.accountId, query.accountId));
    }
    if (query.type !== undefined) where.push(eq(financeAdjustments.type, query.type));
    if (query.beforeId !== undefined) where.push(lt(financeAdjustments.id, query.beforeId));
    return this.#ctx.db
      .select()
      .from(financeAdjustments)
      .where(and(...where))
      .orderBy(desc(financeAdjustments.id))
      .limit(query.limit)
      .all();
  }
}
