import { describe, expect, test } from 'vitest';
import { interTeamNumber } from './inter-team-dialling.ts';

const teams = [
  { id: 1, interTeamPrefix: '8' },
  { id: 2, interTeamPrefix: '81' },
  { id: 3, interTeamPrefix: null },
  { id: 4, interTeamPrefix: '' },
];

describe('interTeamNumber()', () => {
  test('interTeamNumber() when the number starts with a team prefix → that team and the rest (TM-4)', () => {
    expect(interTeamNumber(teams, 9, '81001')).toEqual({ teamId: 2, number: '001' });
    expect(interTeamNumber(teams, 9, '82001')).toEqual({ teamId: 1, number: '2001' });
  });

  test('interTeamNumber() when prefixes nest → the longest wins (TM-4)', () => {
    expect(interTeamNumber(teams, 9, '811')).toEqual({ teamId: 2, number: '1' });
  });

  test('interTeamNumber() when the prefix is the caller’s own → the next team that fits, or none (TM-4)', () => {
    expect(interTeamNumber(teams, 2, '81001')).toEqual({ teamId: 1, number: '1001' });
    expect(interTeamNumber([{ id: 1, interTeamPrefix: '8' }], 1, '81001')).toBeUndefined();
  });

  test('interTeamNumber() when teams have no prefix → unreachable; the prefix alone → nothing (TM-4)', () => {
    expect(interTeamNumber(teams.slice(2), 9, '1001')).toBeUndefined();
    expect(interTeamNumber(teams, 9, '81')).toEqual({ teamId: 1, number: '1' });
    expect(interTeamNumber(teams, 9, '8')).toBeUndefined();
  });
});
