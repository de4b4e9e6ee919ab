/** A billing period: the UTC days [start, end), as `YYYY-MM-DD`. */
export interface BillPeriod {
  readonly start: string;
  readonly end: string;
}

const DAY_MS = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC of a `YYYY-MM-DD` day, in ms. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** `day` plus `days` days, as `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  return isoDay(dayStartMs(day) + days * DAY_MS);
}

/**
 * The monthly period that starts on `billDay` (1–28, so every month has
 * it) of `month` (`YYYY-MM`) and ends on that day of the next month.
 */
export function monthlyPeriod(month: string, billDay: number): BillPeriod {
  const [y = 0, m = 1] = month.split('-').map(Number);
  return {
    start: isoDay(Date.UTC(y, m - 1, billDay)),
    end: isoDay(Date.UTC(y, m, billDay)),
  };
}

/** The latest monthly period that has ended at `nowMs`. */
export function lastEndedPeriod(nowMs: number, billDay: number): BillPeriod {
  const now = new Date(nowMs);
  const y = now.getUTCFullYear();
  // Date.UTC carries a month below 0 or above 11 into the year.
  let endMonth = now.getUTCMonth();
  if (Date.UTC(y, endMonth, billDay) > nowMs) endMonth -= 1;
  return {
    start: isoDay(Date.UTC(y, endMonth - 1, billDay)),
    end: isoDay(Date.UTC(y, endMonth, billDay)),
  };
}
