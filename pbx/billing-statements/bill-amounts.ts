/** What an owner was charged in a period, in 1/10 000 units. */
export interface BillCharges {
  readonly monthlyFeeE4: number;
  readonly dialOutE4: number;
  readonly dialInE4: number;
  readonly otherE4: number;
  /** What carrying these calls cost the level above (the 成本 Cost column). */
  readonly costE4: number;
  readonly dialOutCalls: number;
  readonly dialInCalls: number;
}

/** Charges of nothing: the identity of addCharges(). */
export const NO_CHARGES: BillCharges = {
  monthlyFeeE4: 0,
  dialOutE4: 0,
  dialInE4: 0,
  otherE4: 0,
  costE4: 0,
  dialOutCalls: 0,
  dialInCalls: 0,
};

/** The field-by-field sum of two charge sets. */
export function addCharges(a: BillCharges, b: BillCharges): BillCharges {
  return {
    monthlyFeeE4: a.monthlyFeeE4 + b.monthlyFeeE4,
    dialOutE4: a.dialOutE4 + b.dialOutE4,
    dialInE4: a.dialInE4 + b.dialInE4,
    otherE4: a.otherE4 + b.otherE4,
    costE4: a.costE4 + b.costE4,
    dialOutCalls: a.dialOutCalls + b.dialOutCalls,
    dialInCalls: a.dialInCalls + b.dialInCalls,
  };
}

/** The inputs of a bill's balance. */
export interface BalanceInputs {
  /** 上期账单金额 Balance B/F: the previous bill's current balance. */
  readonly balanceBfE4: number;
  /** 上期支付金额 Payment: recharges in the period. */
  readonly paymentE4: number;
  /** 本期调整金额 Adjustment: deductions in the period. */
  readonly adjustmentE4: number;
  /** 利息 Interest; no interest rule is configured, so callers pass 0. */
  readonly interestE4: number;
  readonly charges: BillCharges;
}

/** The computed amounts of a bill. */
export interface BillAmounts {
  readonly newChargesE4: number;
  readonly currentBalanceE4: number;
}

/**
 * Spec 03 §7.4–7.6 (c): `CurrentBalance = BalanceB/F − Payment +
 * NewCharges + Adjustment + Interest`, with `NewCharges = monthly fee +
 * DialOut + DialIn + Other`. Integer units, so the sums are exact.
 */
export function computeBillAmounts(input: BalanceInputs): BillAmounts {
  const c = input.charges;
  const newChargesE4 = c.monthlyFeeE4 + c.dialOutE4 + c.dialInE4 + c.otherE4;
  return {
    newChargesE4,
    currentBalanceE4:
      input.balanceBfE4 - input.paymentE4 + newChargesE4 + input.adjustmentE4 + input.interestE4,
  };
}
