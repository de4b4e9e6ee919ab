/** The fields of a team the credit gate reads (spec 01 §1.2, §1.11). */
export interface CreditedTeam {
  /** `unlimited`, `postpaid` or `prepaid`; absent is unlimited. */
  readonly paymentMode?: string;
  readonly creditLimitE4?: number;
  /** Charges minus recharges (§1.11 当前费用); absent is 0. */
  readonly currentFeesE4?: number;
}

/**
 * TM-7: whether a team may place no new chargeable (trunk) call. An
 * `unlimited` team is never checked; a postpaid or prepaid one is blocked
 * once its current fees reach its credit limit. The prepaid text ("when
 * charges exceed the credit limit the extensions can no longer be used")
 * and the account text (AC-6) disagree on postpaid (A1-1); this follows
 * A1-1's proposal, allowed iff currentFees < creditLimit, for both.
 */
export function isCreditExhausted(team: CreditedTeam | undefined): boolean {
  if (team === undefined) return false;
  const mode = team.paymentMode ?? 'unlimited';
  return mode !== 'unlimited' && (team.currentFeesE4 ?? 0) >= (team.creditLimitE4 ?? 0);
}

/**
 * AC-6: whether an account may place no new chargeable (trunk) call. Its
 * balance is −currentFees (recharges minus charges). `prepaid` needs
 * money on the account: blocked unless the balance is above zero ("calls
 * must be prepaid"; the credit limit plays no part). `postpaid` may run up
 * charges to the credit limit: blocked once currentFees ≥ creditLimit.
 * OutboundRouter checks the account and its team (TM-7); either blocks.
 */
export function isAccountCreditExhausted(account: CreditedTeam | undefined): boolean {
  if (account === undefined) return false;
  const mode = account.paymentMode ?? 'unlimited';
  const fees = account.currentFeesE4 ?? 0;
  if (mode === 'prepaid') return fees >= 0;
  return mode === 'postpaid' && fees >= (account.creditLimitE4 ?? 0);
}
