/** Which calls a bill counts (spec 03 §7.4–7.6): one team's, or its extensions', in a time range. */
export interface ChargeTotalsQuery {
  readonly teamId: number;
  /** Calls that started in [sinceMs, untilMs). */
  readonly sinceMs: number;
  readonly untilMs: number;
  /** Only the calls of these extensions (a user account's); all of the team's when absent. */
  readonly extensionIds?: readonly number[] | undefined;
}

/** The answered calls of one call type and the sums of their rated amounts (D56), 1/10 000 units. */
export interface ChargeTotals {
  readonly callType: string;
  readonly calls: number;
  readonly extensionChargeE4: number;
  readonly teamCostE4: number;
  readonly systemCostE4: number;
}

/**
 * The SQL and parameters of a bill's charge totals: the answered calls of
 * the range, per call type, summed by SQLite in one pass over the team's
 * range of `cdrs_team_started_idx` (D108), on the reader thread. A CDR not
 * rated yet adds its count and no amount.
 */
export function chargeTotalsSql(query: ChargeTotalsQuery): { sql: string; params: number[] } {
  const params = [query.teamId, query.sinceMs, query.untilMs];
  let extensions = '';
  if (query.extensionIds !== undefined) {
    extensions = ` AND extension_id IN (${query.extensionIds.map(() => '?').join(', ')})`;
    params.push(...query.extensionIds);
  }
  const sql = `SELECT call_type AS callType,
       COUNT(*) AS calls,
       TOTAL(extension_charge_e4) AS extensionChargeE4,
       TOTAL(team_cost_e4) AS teamCostE4,
       TOTAL(system_cost_e4) AS systemCostE4
  FROM cdrs
 WHERE team_id = ? AND started_at_ms >= ? AND started_at_ms < ?
   AND answered_at_ms IS NOT NULL${extensions}
 GROUP BY call_type`;
  return { sql, params };
}
