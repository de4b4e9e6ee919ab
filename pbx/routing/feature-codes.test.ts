import { describe, expect, test } from 'vitest';
import { DEFAULT_TEAM_CODES, teamCodes } from './feature-codes.fixture.ts';
import {
  featureOf,
  featureTarget,
  matchFeatureCode,
  parseFeatureTarget,
  type TeamFeatureCode,
} from './feature-codes.ts';

describe('matchFeatureCode()', () => {
  test('R15.9-1 matchFeatureCode() when the dialled string is an enabled code → its feature', () => {
    expect(matchFeatureCode(DEFAULT_TEAM_CODES, '*67')).toEqual({
      name: 'dnd-on',
      argument: undefined,
    });
    expect(matchFeatureCode(DEFAULT_TEAM_CODES, '*62')?.name).toBe('say-extension');
    expect(matchFeatureCode(DEFAULT_TEAM_CODES, '*90')?.name).toBe('forward-cancel');
  });

  test('R15.9-1 matchFeatureCode() when the code is disabled → not recognised', () => {
    const codes = teamCodes({ 'dnd-on': { enabled: false }, 'forward-always': { enabled: false } });
    expect(matchFeatureCode(codes, '*67')).toBeUndefined();
    expect(matchFeatureCode(codes, '*912000')).toBeUndefined();
  });

  test('R15.9-2 matchFeatureCode() when the team overrides a code → the new code, not the default', () => {
    const codes = teamCodes({ 'forward-always': { code: '*72' } });
    expect(matchFeatureCode(codes, '*72')?.name).toBe('forward-always');
    expect(matchFeatureCode(codes, '*722000')).toEqual({
      name: 'forward-always',
      argument: '2000',
    });
    expect(matchFeatureCode(codes, '*91')).toBeUndefined();
  });

  test('matchFeatureCode() when a forward code is followed by a number → that forward with it', () => {
    expect(matchFeatureCode(DEFAULT_TEAM_CODES, '*92+4930123')).toEqual({
      name: 'forward-busy',
      argument: '+4930123',
    });
    expect(matchFeatureCode(DEFAULT_TEAM_CODES, '*9412')?.name).toBe('forward-no-answer');
    // Only forward codes take a number; *67 followed by digits is a number.
    expect(matchFeatureCode(DEFAULT_TEAM_CODES, '*671')).toBeUndefined();
    expect(matchFeatureCode(DEFAULT_TEAM_CODES, '*91#')).toBeUndefined();
  });

  test('matchFeatureCode() when the code is a hotkey or has no runtime → undefined', () => {
    const codes: TeamFeatureCode[] = [
      ...DEFAULT_TEAM_CODES,
      { name: 'blind-transfer', kind: 'hotkey', code: '*51', enabled: true },
    ];
    expect(matchFeatureCode(codes, '*51')).toBeUndefined();
    expect(matchFeatureCode(codes, '*64')).toBeUndefined();
  });

  test('matchFeatureCode() when *61 is followed by a number → directed pickup of that number', () => {
    expect(matchFeatureCode(DEFAULT_TEAM_CODES, '*61')).toEqual({
      name: 'pickup',
      argument: undefined,
    });
    expect(matchFeatureCode(DEFAULT_TEAM_CODES, '*611001')).toEqual({
      name: 'pickup',
      argument: '1001',
    });
  });
});

describe('featureTarget() / parseFeatureTarget()', () => {
  test('round trip with and without a number; junk → undefined', () => {
    expect(parseFeatureTarget(featureTarget('forward-busy', '2000'))).toEqual({
      name: 'forward-busy',
      argument: '2000',
    });
    expect(featureOf(featureTarget('dnd-off'))).toBe('dnd-off');
    expect(parseFeatureTarget('feature:teleport')).toBeUndefined();
    expect(parseFeatureTarget('feature:forward-busy:12ab')).toBeUndefined();
    expect(parseFeatureTarget('queue:1')).toBeUndefined();
  });
});
