import { describe, expect, test } from 'vitest';
import { didGroupMatches } from './did-groups-repository.ts';

describe('didGroupMatches()', () => {
  test('DG-1: number match → only an exact entry belongs', () => {
    const group = { matchType: 'number' as const, entries: ['522', '534'] };
    expect(didGroupMatches(group, '522')).toBe(true);
    expect(didGroupMatches(group, '5221')).toBe(false);
    expect(didGroupMatches(group, '52')).toBe(false);
  });

  test('DG-1: prefix match → any number starting with an entry belongs', () => {
    const group = { matchType: 'prefix' as const, entries: ['321', '98779'] };
    expect(didGroupMatches(group, '3215550100')).toBe(true);
    expect(didGroupMatches(group, '987790')).toBe(true);
    expect(didGroupMatches(group, '32')).toBe(false);
  });

  test('an empty group → nothing belongs', () => {
    expect(didGroupMatches({ matchType: 'prefix', entries: [] }, '1')).toBe(false);
  });
});
