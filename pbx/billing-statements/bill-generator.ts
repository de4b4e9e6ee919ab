import type { Bill, BillLine, ConfigStore, NewBill } from '../../core/config-store/index.ts';
import { billOwnerKey } from '../../core/config-store/index.ts';
import { addCharges, computeBillAmounts, NO_CHARGES, type BillCharges } from './bill-amounts.ts';
import type { BillChargesSource } from './bill-charges-source.ts';
import { addDays, dayStartMs, type BillPeriod } from './bill-period.ts';

/** Days from the period end to the payment due date (到期还款日). */
export const DEFAULT_DUE_DAYS = 10;

/** What one generation run did. */
export interface GenerationResult {
  readonly period: BillPeriod;
  /** Bills written by this run. */
  readonly created: readonly Bill[];
  /** Owners that had a bill for the period already. */
  readonly existing: number;
}

/**
 * Every owner's charges of one period (keys `user:<accountId>` and
 * `team:<teamId>`), read before the bills are written: the CDR store sums
 * them on its reader thread, and the bills are then written in one
 * transaction with the caller's operation-log row (D108).
 */
export type PeriodCharges = ReadonlyMap<string, BillCharges>;

const userKey = (accountId: number): string => `user:${accountId}`;
const teamKey = (teamId: number): string => `team:${teamId}`;

/** What the generator reads and where the charges come from. */
export interface BillGeneratorOptions {
  readonly store: ConfigStore;
  readonly charges: BillChargesSource;
  readonly dueDays?: number | undefined;
}

/**
 * Makes the bills of one period (spec 03 §7.4–7.6): one per `user` account
 * (7.6), one per team with a line per user (7.5), and one system bill with
 * a line per team (7.4). A bill already stored for an owner and period is
 * kept as it is, so running a period twice (a restart, a manual run after
 * the scheduler) writes only the bills that are missing.
 */
export class BillGenerator {
  readonly #store: ConfigStore;
  readonly #charges: BillChargesSource;
  readonly #dueDays: number;

  constructor(options: BillGeneratorOptions) {
    this.#store = options.store;
    this.#charges = options.charges;
    this.#dueDays = options.dueDays ?? DEFAULT_DUE_DAYS;
  }

  /** The charges of every user account and team of the period, for generate(). */
  async chargesOf(period: BillPeriod): Promise<PeriodCharges> {
    const bills = this.#store.bills;
    const fromMs = dayStartMs(period.start);
    const toMs = dayStartMs(period.end);
    const charges = new Map<string, BillCharges>();
    for (const a of bills.userAccounts()) {
      const owner = { level: 'user', teamId: a.teamId, accountId: a.id } as const;
      charges.set(userKey(a.id), await this.#charges.charges(owner, fromMs, toMs));
    }
    for (const team of bills.teams()) {
      const owner = { level: 'team', teamId: team.id } as const;
      charges.set(teamKey(team.id), await this.#charges.charges(owner, fromMs, toMs));
    }
    return charges;
  }

  /**
   * Writes the period's missing bills with `periodCharges` of chargesOf().
   * An owner added since has no charges of its own: it had no calls in a
   * period that had ended.
   */
  generate(period: BillPeriod, periodCharges: PeriodCharges, creator = 'system'): GenerationResult {
    const bills = this.#store.bills;
    const fromMs = dayStartMs(period.start);
    const toMs = dayStartMs(period.end);
    const created: Bill[] = [];
    let existing = 0;
    const save = (bill: NewBill) => {
      const r = bills.insertOnce(bill);
      if (r.isNew) created.push(r.bill);
      else existing++;
      return r.bill;
    };
    const base = { periodStart: period.start, periodEnd: period.end, creator };
    const dueDate = addDays(period.end, this.#dueDays);
    const usersByTeam = new Map<number, BillLine[]>();
    const accounts = bills.userAccounts();
    for (const a of accounts) {
      const charges = periodCharges.get(userKey(a.id)) ?? NO_CHARGES;
      const name = [a.firstName, a.lastName].filter((n) => n !== null && n !== '').join(' ');
      const bill = save({
        ...base,
        ...this.#amounts('user', a.teamId, a.id, period, charges, {
          rechargeE4: 0,
          deductionE4: 0,
        }),
        level: 'user',
        teamId: a.teamId,
        accountId: a.id,
        dueDate,
        holderName: name === '' ? a.username : name,
        lines: [],
      });
      const lines = usersByTeam.get(a.teamId) ?? [];
      lines.push({ name: a.username, creditE4: bill.newChargesE4, costE4: charges.costE4 });
      usersByTeam.set(a.teamId, lines);
    }
    const teamLines: BillLine[] = [];
    let systemCharges: BillCharges = NO_CHARGES;
    let systemFinance = { rechargeE4: 0, deductionE4: 0 };
    for (const team of bills.teams()) {
      const charges = periodCharges.get(teamKey(team.id)) ?? NO_CHARGES;
      const finance = bills.financeTotals(team.id, fromMs, toMs);
      const bill = save({
        ...base,
        ...this.#amounts('team', team.id, null, period, charges, finance),
        level: 'team',
        teamId: team.id,
        accountId: null,
        dueDate,
        holderName: team.name,
        lines: usersByTeam.get(team.id) ?? [],
      });
      teamLines.push({ name: team.name, creditE4: bill.newChargesE4, costE4: charges.costE4 });
      systemCharges = addCharges(systemCharges, charges);
      systemFinance = {
        rechargeE4: systemFinance.rechargeE4 + finance.rechargeE4,
        deductionE4: systemFinance.deductionE4 + finance.deductionE4,
      };
    }
    save({
      ...base,
      ...this.#amounts('system', null, null, period, systemCharges, systemFinance),
      level: 'system',
      teamId: null,
      accountId: null,
      dueDate,
      holderName: 'System',
      lines: teamLines,
    });
    return { period, created, existing };
  }

  /** The period's user bills (7.6), for the AC-9 e-mail. */
  userBillsOf(period: BillPeriod): Bill[] {
    return this.#store.bills.list({
      level: 'user',
      periodFrom: period.start,
      periodTo: period.start,
      limit: 1_000_000,
    });
  }

  /**
   * The amounts of one bill: B/F from the owner's previous bill, Payment =
   * recharges, Adjustment = deductions (both raise or lower current fees
   * the same way, D48), no interest rule.
   */
  #amounts(
    level: NewBill['level'],
    teamId: number | null,
    accountId: number | null,
    period: BillPeriod,
    charges: BillCharges,
    finance: { rechargeE4: number; deductionE4: number },
  ) {
    const previous = this.#store.bills.previous(
      billOwnerKey(level, teamId, accountId),
      period.start,
    );
    const inputs = {
      balanceBfE4: previous?.currentBalanceE4 ?? 0,
      paymentE4: finance.rechargeE4,
      adjustmentE4: finance.deductionE4,
      interestE4: 0,
      charges,
    };
    const amounts = computeBillAmounts(inputs);
    return {
      balanceBfE4: inputs.balanceBfE4,
      paymentE4: inputs.paymentE4,
      adjustmentE4: inputs.adjustmentE4,
      interestE4: 0,
      ...amounts,
      monthlyFeeE4: charges.monthlyFeeE4,
      dialOutE4: charges.dialOutE4,
      dialInE4: charges.dialInE4,
      otherE4: charges.otherE4,
      dialOutCalls: charges.dialOutCalls,
      dialInCalls: charges.dialInCalls,
    };
  }
}
