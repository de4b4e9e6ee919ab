import type { CdrPosition, CdrStore } from '../../core/cdr-store/index.ts';
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
  charges(owner: ChargeOwner, fromMs: number, toMs: number): BillCharges;
}

/** CDRs read per query while counting. */
const PAGE = 5_000;

/**
 * Charges from the CDR store: answered inbound and outbound calls are
 * counted, and the amounts are the sums of the rated charges the CDRs carry
 * (D56): `extensionChargeE4` into DialOut or DialIn, and `teamCostE4` (a
 * user's cost to its team) or `systemCostE4` (a team's cost to the system)
 * into the Cost column. A CDR not rated yet (pending after a crash, or a
 * call that was not chargeable) adds its count and no amount.
 */
export class CdrBillChargesSource implements BillChargesSource {
  readonly #cdrs: CdrStore;
  readonly #store: ConfigStore;

  readonly #pageSize: number;

  /** `pageSize`: CDRs read per query (5,000 when absent). */
  constructor(cdrs: CdrStore, store: ConfigStore, pageSize = PAGE) {
    this.#cdrs = cdrs;
    this.#store = store;
    this.#pageSize = pageSize;
  }

  charges(owner: ChargeOwner, fromMs: number, toMs: number): BillCharges {
    const extensionIds =
      owner.level === 'user' ? this.#store.extensions.idsOfAccount(owner.accountId) : undefined;
    if (extensionIds !== undefined && extensionIds.length === 0) return NO_CHARGES;
    let dialOutCalls = 0;
    let dialInCalls = 0;
    let dialOutE4 = 0;
    let dialInE4 = 0;
    let costE4 = 0;
    let after: CdrPosition | undefined;
    for (;;) {
      const rows = this.#cdrs.list({
        teamId: owner.teamId,
        sinceMs: fromMs,
        untilMs: toMs,
        after,
        extensionIds,
        limit: this.#pageSize,
      });
      for (const row of rows) {
        if (row.answeredAtMs === null) continue;
        const charge = row.extensionChargeE4 ?? 0;
        if (row.callType === 'outbound') {
          dialOutCalls++;
          dialOutE4 += charge;
        } else if (row.callType === 'inbound') {
          dialInCalls++;
          dialInE4 += charge;
        }
        costE4 += (owner.level === 'user' ? row.teamCostE4 : row.systemCostE4) ?? 0;
      }
      // Rows come newest first, by start time then call id (D108), so the
      // next page starts right after the last row even when calls share
      // its millisecond.
      const last = rows.at(-1);
      if (rows.length < this.#pageSize || last === undefined) {
        return { ...NO_CHARGES, dialOutE4, dialInE4, costE4, dialOutCalls, dialInCalls };
      }
      after = last;
    }
  }
}
