/** Which calls the DID report (spec 03 §6.12) sums: one team, a time range. */
export interface DidTotalsQuery {
  readonly teamId: number;
  /** Calls that started in [sinceMs, untilMs). */
  readonly sinceMs: number;
  readonly untilMs: number;
}

/** One DID's inbound calls in the range. */
export interface DidTotals {
  readonly did: string;
  /** 呼入次数: calls that came in on the DID. */
  readonly calls: number;
  /** 接听次数. */
  readonly answered: number;
  /** 总时长 and 计费时长 (answer to end), in seconds. */
  readonly totalSec: number;
  readonly billableSec: number;
  /** Started minutes of the answered calls, each call rounded up on its own (R2 with 60 s cycles). */
  readonly billableMinutes: number;
}

/**
 * Sums the inbound calls of each DID in one query: the CDR's `did` is the
 * number the call came in on (D15). Incomplete calls count with the
 * durations they were closed with. Run by the reader thread (D108): a
 * month of a busy team's calls is a scan of its range.
 */
export const DID_TOTALS_SQL = `SELECT did,
       COUNT(*) AS calls,
       SUM(answered_at_ms IS NOT NULL) AS answered,
       SUM(total_duration_sec) AS totalSec,
       SUM(billable_duration_sec) AS billableSec,
       SUM(CASE WHEN answered_at_ms IS NOT NULL
                THEN (billable_duration_sec + 59) / 60 ELSE 0 END) AS billableMinutes
  FROM cdrs
 WHERE team_id = ? AND did IS NOT NULL AND started_at_ms >= ? AND started_at_ms < ?
 GROUP BY did
 ORDER BY did`;

/** The parameters of DID_TOTALS_SQL for `query`. */
export const didTotalsParams = (query: DidTotalsQuery): number[] => [
  query.teamId,
  query.sinceMs,
  query.untilMs,
];
