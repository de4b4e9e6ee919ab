import type { CdrStore } from '../../core/cdr-store/index.ts';
import type { ConfigStore } from '../../core/config-store/index.ts';
import { NO_CHARGES, type BillCharges } from './bill-amounts.ts';

/** Whose charges: a team (7.5) or one account of a team (7.6). */
export type ChargeOwner =
  | { readonly level: 'team'; readonly teamId: number }
  | { readonly level: 'user'; readonly teamId: number; readonly accountId: number };

/**
 * Where a bill's "new charges" come from. The system bill (7.4) is the sum
 * of its teams', so it needs no method of its own.
 */
export interface BillChargesSource {
  /** The owner's charges for calls that started in [fromMs, toMs). */
  charges(owner: ChargeOwner, fromMs: number, toMs: number): Promise<BillCharges>;
}

/**
 * Charges from the CDR store: answered inbound and outbound calls are
 * counted, and the amounts are the sums of the rated charges the CDRs carry
 * (D56): `extensionChargeE4` into DialOut or DialIn, and `teamCostE4` (a
 * user's cost to its team) or `systemCostE4` (a team's cost to the system)
 * into the Cost column. A CDR not rated yet (pending after a crash, or a
 * call that was not chargeable) adds its count and no amount. SQLite sums
 * them on the CDR store's reader thread (D108): a month of a busy team's
 * calls, read here page by page, held the calls' thread.
 */
export class CdrBillChargesSource implements BillChargesSource {
  readonly #cdrs: CdrStore;
  readonly #store: ConfigStore;

  constructor(cdrs: CdrStore, store: ConfigStore) {
    this.#cdrs = cdrs;
    this.#store = store;
  }

  async charges(owner: ChargeOwner, fromMs: number, toMs: number): Promise<BillCharges> {
    const extensionIds =
      owner.level === 'user' ? this.#store.extensions.idsOfAccount(owner.accountId) : undefined;
    if (extensionIds !== undefined && extensionIds.length === 0) return NO_CHARGES;
    const totals = await this.#cdrs.chargeTotals({
      teamId: owner.teamId,
      sinceMs: fromMs,
      untilMs: toMs,
      extensionIds,
    });
    let costE4 = 0;
    let dialOut = { calls: 0, e4: 0 };
    let dialIn = { calls: 0, e4: 0 };
    for (const t of totals) {
      costE4 += owner.level === 'user' ? t.teamCostE4 : t.systemCostE4;
      const sums = { calls: t.calls, e4: t.extensionChargeE4 };
      if (t.callType === 'outbound') dialOut = sums;
      else if (t.callType === 'inbound') dialIn = sums;
    }
    return {
      ...NO_CHARGES,
      dialOutE4: dialOut.e4,
      dialInE4: dialIn.e4,
      costE4,
      dialOutCalls: dialOut.calls,
      dialInCalls: dialIn.calls,
    };
  }
}
