import type { DidTotals } from '../../../core/cdr-store/index.ts';
import { didGroupMatches } from '../../../core/config-store/index.ts';
import type { Did, DidGroup } from '../../../core/config-store/index.ts';

/** One line of the DID report (spec 03 §6.12). */
export interface DidCostLine {
  readonly didId: number;
  readonly number: string;
  readonly calls: number;
  readonly answered: number;
  readonly totalSec: number;
  readonly billableSec: number;
  /** The per-minute rate used: the DID's own, or its group's (费率类型, DG-3). */
  readonly rateE4: number;
  /** The DID group whose rate and rent apply, when the DID is rated by group. */
  readonly didGroupId: number | null;
  /** Started minutes of answered calls × rate. */
  readonly usageE4: number;
  /** The group's monthly rent for each calendar month the range touches. */
  readonly rentE4: number;
  /** DID费用 = usage + rent. */
  readonly costE4: number;
}

/** Calendar months (UTC) that [sinceMs, untilMs) touches; 0 for an empty range. */
export function monthsTouched(sinceMs: number, untilMs: number): number {
  if (untilMs <= sinceMs) return 0;
  const a = new Date(sinceMs);
  const b = new Date(untilMs - 1);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + 1;
}

/**
 * The DID report's lines (DG-3): each DID's inbound calls with its cost.
 * A DID rated `individual` costs its own rate per started minute of each
 * answered call; one rated `group` costs the rate of the first DID group
 * (by id) that lists it (DG-1) and that group's monthly rent for every
 * month the range touches. A DID rated by group that no group lists costs
 * nothing, and says so with `didGroupId: null`.
 */
export function didCostLines(
  dids: readonly Did[],
  groups: readonly DidGroup[],
  totals: readonly DidTotals[],
  range: { readonly sinceMs: number; readonly untilMs: number },
): DidCostLine[] {
  const byNumber = new Map(totals.map((t) => [t.did, t]));
  const months = monthsTouched(range.sinceMs, range.untilMs);
  const sorted = [...groups].sort((x, y) => x.id - y.id);
  return dids.map((did) => {
    const t = byNumber.get(did.number);
    const group =
      did.rateType === 'group' ? sorted.find((g) => didGroupMatches(g, did.number)) : undefined;
    const rateE4 = did.rateType === 'group' ? (group?.rateE4 ?? 0) : did.rateE4;
    const usageE4 = (t?.billableMinutes ?? 0) * rateE4;
    const rentE4 = group === undefined ? 0 : group.monthlyRentE4 * months;
    return {
      didId: did.id,
      number: did.number,
      calls: t?.calls ?? 0,
      answered: t?.answered ?? 0,
      totalSec: t?.totalSec ?? 0,
      billableSec: t?.billableSec ?? 0,
      rateE4,
      didGroupId: group?.id ?? null,
      usageE4,
      rentE4,
      costE4: usageE4 + rentE4,
    };
  });
}
