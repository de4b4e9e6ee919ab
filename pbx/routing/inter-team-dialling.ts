/** The fields of a team inter-team dialling reads. */
export interface DiallableTeam {
  readonly id: number;
  readonly interTeamPrefix: string | null;
}

/** Where another team's internal number is, once its prefix is removed. */
export interface InterTeamNumber {
  readonly teamId: number;
  readonly number: string;
}

/**
 * TM-4: `<teamB.interTeamPrefix><internalNumber>` dialled from team A names
 * that internal number of team B. A team without a prefix cannot be reached
 * from other teams, and the caller's own prefix is not special (its own
 * numbers are dialled bare). When prefixes nest, the longest one wins, so
 * `81` is never read as `8` followed by `1…`.
 */
export function interTeamNumber(
  teams: readonly DiallableTeam[],
  callerTeamId: number,
  dialled: string,
): InterTeamNumber | undefined {
  let best: DiallableTeam | undefined;
  for (const team of teams) {
    const prefix = team.interTeamPrefix ?? '';
    if (team.id === callerTeamId || prefix === '' || dialled.length <= prefix.length) continue;
    if (!dialled.startsWith(prefix)) continue;
    if (best === undefined || prefix.length > (best.interTeamPrefix ?? '').length) best = team;
  }
  if (best === undefined) return undefined;
  return { teamId: best.id, number: dialled.slice((best.interTeamPrefix ?? '').length) };
}
