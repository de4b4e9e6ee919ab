import { and, desc, eq, gte, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { accounts, bills, financeAdjustments, teams } from './schema.ts';
import type { BILL_LEVELS } from './schema.ts';
import type { StoreContext } from './store-context.ts';

/** One stored bill (spec 03 §7.4–7.6 `Bill`). */
export type Bill = typeof bills.$inferSelect;

/** `system` (7.4), `team` (7.5) or `user` (7.6). */
export type BillLevel = (typeof BILL_LEVELS)[number];

/** A line of a system bill (one per team) or a team bill (one per user). */
export interface BillLine {
  readonly name: string;
  /** 费用 Credit: what the team or user was charged. */
  readonly creditE4: number;
  /** 成本 Cost: what carrying its calls cost the level above. */
  readonly costE4: number;
}

/** A bill to store; the amounts are already computed. */
export interface NewBill {
  level: BillLevel;
  teamId: number | null;
  accountId: number | null;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  creator: string;
  holderName: string;
  balanceBfE4: number;
  paymentE4: number;
  adjustmentE4: number;
  newChargesE4: number;
  interestE4: number;
  currentBalanceE4: number;
  monthlyFeeE4: number;
  dialOutE4: number;
  dialInE4: number;
  otherE4: number;
  dialOutCalls: number;
  dialInCalls: number;
  lines: readonly BillLine[];
}

/** Filters of a bill listing; `beforeId` pages newest first. */
export interface BillQuery {
  level?: BillLevel | undefined;
  teamId?: number | undefined;
  accountId?: number | undefined;
  /** Bills whose period starts on or after this `YYYY-MM-DD`. */
  periodFrom?: string | undefined;
  /** Bills whose period starts on or before this `YYYY-MM-DD`. */
  periodTo?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** A user account as the bill generator needs it. */
export interface BillableAccount {
  id: number;
  teamId: number;
  username: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  receiveBillEmail: boolean;
}

/** The unique owner key of a bill: `system`, `team:<id>` or `user:<id>`. */
export function billOwnerKey(level: BillLevel, teamId: number | null, accountId: number | null) {
  if (level === 'system') return 'system';
  return level === 'team' ? `team:${teamId ?? 0}` : `user:${accountId ?? 0}`;
}

/**
 * Bills and what making them reads from the store. A bill is written once
 * per owner and period: the UNIQUE (owner_key, period_start) index makes a
 * second generation of the same period (a restart, a manual run) a no-op.
 */
export class BillsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  find(id: number): Bill | undefined {
    return this.#ctx.db.select().from(bills).where(eq(bills.id, id)).get();
  }

  /** The owner's bill of the period that starts on `periodStart`. */
  findForPeriod(ownerKey: string, periodStart: string): Bill | undefined {
    return this.#ctx.db
      .select()
      .from(bills)
      .where(and(eq(bills.ownerKey, ownerKey), eq(bills.periodStart, periodStart)))
      .get();
  }

  /** The owner's latest bill of a period before `periodStart` (Balance B/F). */
  previous(ownerKey: string, periodStart: string): Bill | undefined {
    return this.#ctx.db
      .select()
      .from(bills)
      .where(and(eq(bills.ownerKey, ownerKey), lt(bills.periodStart, periodStart)))
      .orderBy(desc(bills.periodStart))
      .limit(1)
      .get();
  }

  /**
   * Stores the bill unless the owner has one for that period already;
   * `isNew` says which happened. INSERT … ON CONFLICT DO NOTHING keeps
   * this safe against a second process too.
   */
  insertOnce(input: NewBill): { bill: Bill; isNew: boolean } {
    return this.#ctx.write((db) => {
      const { lines, ...fields } = input;
      const ownerKey = billOwnerKey(input.level, input.teamId, input.accountId);
      const inserted = db
        .insert(bills)
        .values({
          ...fields,
          ownerKey,
          linesJson: JSON.stringify(lines),
          generatedAt: this.#ctx.now(),
        })
        .onConflictDoNothing()
        .returning()
        .get();
      if (inserted !== undefined) return { bill: inserted, isNew: true };
      const existing = db
        .select()
        .from(bills)
        .where(and(eq(bills.ownerKey, ownerKey), eq(bills.periodStart, input.periodStart)))
        .get();
      return { bill: existing!, isNew: false };
    });
  }

  /** Bills newest first, filtered and paged by id. */
  list(query: BillQuery): Bill[] {
    const where: SQL[] = [];
    if (query.level !== undefined) where.push(eq(bills.level, query.level));
    if (query.teamId !== undefined) where.push(eq(bills.teamId, query.teamId));
    if (query.accountId !== undefined) where.push(eq(bills.accountId, query.accountId));
    if (query.periodFrom !== undefined) where.push(gte(bills.periodStart, query.periodFrom));
    if (query.periodTo !== undefined) where.push(lte(bills.periodStart, query.periodTo));
    if (query.beforeId !== undefined) where.push(lt(bills.id, query.beforeId));
    return this.#ctx.db
      .select()
      .from(bills)
      .where(and(...where))
      .orderBy(desc(bills.id))
      .limit(query.limit)
      .all();
  }

  /** Records the outcome of e-mailing a bill: sent at `at`, or the error. */
  markEmailed(id: number, outcome: { at: Date } | { error: string }): Bill | undefined {
    return this.#ctx.write((db) =>
      db
        .update(bills)
        .set(
          'at' in outcome
            ? { emailedAt: outcome.at, emailError: null }
            : { emailError: outcome.error.slice(0, 500) },
        )
        .where(eq(bills.id, id))
        .returning()
        .get(),
    );
  }

  /**
   * Team recharges (Payment) and deductions (Adjustment) made in
   * [fromMs, toMs), from the finance adjustments (spec 01 §1.11).
   */
  financeTotals(teamId: number, fromMs: number, toMs: number) {
    const rows = this.#ctx.db
      .select({
        type: financeAdjustments.type,
        totalE4: sql<number>`coalesce(sum(${financeAdjustments.amountE4}), 0)`,
      })
      .from(financeAdjustments)
      .where(
        and(
          eq(financeAdjustments.teamId, teamId),
          gte(financeAdjustments.createdAt, new Date(fromMs)),
          lt(financeAdjustments.createdAt, new Date(toMs)),
        ),
      )
      .groupBy(financeAdjustments.type)
      .all();
    const total = (type: string) => rows.find((r) => r.type === type)?.totalE4 ?? 0;
    return { rechargeE4: total('recharge'), deductionE4: total('deduction') };
  }

  /** Every team, by id, with its name. */
  teams(): { id: number; name: string }[] {
    return this.#ctx.db
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .orderBy(teams.id)
      .all();
  }

  /** The `user` accounts of every team, by id (7.6 bills one per account). */
  userAccounts(): BillableAccount[] {
    return this.#ctx.db
      .select({
        id: accounts.id,
        teamId: sql<number>`${accounts.teamId}`,
        username: accounts.username,
        firstName: accounts.firstName,
        lastName: accounts.lastName,
        email: accounts.email,
        receiveBillEmail: accounts.receiveBillEmail,
      })
      .from(accounts)
      .where(and(eq(accounts.accountType, 'user'), isNotNull(accounts.teamId)))
      .orderBy(accounts.id)
      .all();
  }

  /**
   * Where a bill goes when sent: the account's address for a user bill,
   * the team admins' for a team bill, the system admins' for a system bill.
   */
  recipients(bill: Bill): { name: string; address: string }[] {
    const where =
      bill.level === 'user'
        ? eq(accounts.id, bill.accountId ?? 0)
        : bill.level === 'team'
          ? and(eq(accounts.teamId, bill.teamId ?? 0), eq(accounts.accountType, 'teamAdmin'))
          : eq(accounts.accountType, 'systemAdmin');
    return this.#ctx.db
      .select({
        username: accounts.username,
        firstName: accounts.firstName,
        lastName: accounts.lastName,
        email: accounts.email,
      })
      .from(accounts)
      .where(and(where, isNotNull(accounts.email), eq(accounts.status, 'enabled')))
      .orderBy(accounts.id)
      .all()
      .filter((a) => (a.email ?? '').trim() !== '')
      .map((a) => ({
        name:
          [a.firstName, a.lastName].filter((n) => n !== null && n !== '').join(' ') || a.username,
        address: a.email!.trim(),
      }));
  }
}
