import { describe, expect, it } from 'vitest';
import { createMemberSelector, type MemberCandidate } from './member-selector.ts';

const candidate = (
  key: string,
  order: number,
  lastCallEndedAtMs: number | undefined,
  callsTaken: number,
): MemberCandidate => ({ key, order, lastCallEndedAtMs, callsTaken });

const members = [
  candidate('a', 0, 5_000, 3),
  candidate('b', 1, 1_000, 1),
  candidate('c', 2, undefined, 2),
];

describe('createMemberSelector()', () => {
  it('leastrecent select() → the member whose last call ended longest ago, never-called first (Q-8)', () => {
    expect(createMemberSelector('leastrecent').select(members)).toEqual(['c']);
    expect(createMemberSelector('leastrecent').select(members.slice(0, 2))).toEqual(['b']);
  });

  it('leastrecent select() when several never called → configured order', () => {
    const fresh = [candidate('x', 0, undefined, 0), candidate('y', 1, undefined, 0)];
    expect(createMemberSelector('leastrecent').select(fresh)).toEqual(['x']);
  });

  it('fewestcalls select() → the member with the fewest answered calls (Q-8)', () => {
    expect(createMemberSelector('fewestcalls').select(members)).toEqual(['b']);
  });

  it('random select() → the member the random source points at (Q-8)', () => {
    expect(createMemberSelector('random', { random: () => 0.99 }).select(members)).toEqual(['c']);
    expect(createMemberSelector('random', { random: () => 0 }).select(members)).toEqual(['a']);
  });

  it('rrmemory select() → continues after the member rung last time, wrapping (Q-8)', () => {
    const selector = createMemberSelector('rrmemory');
    const picks = [0, 1, 2, 3].map(() => selector.select(members)[0]);
    expect(picks).toEqual(['a', 'b', 'c', 'a']);
  });

  it('rrmemory select() when the next member is not free → the one after it', () => {
    const selector = createMemberSelector('rrmemory');
    selector.select(members);
    expect(selector.select([members[0], members[2]] as MemberCandidate[])).toEqual(['c']);
  });

  it('ringall select() → every free member', () => {
    expect(createMemberSelector('ringall').select(members)).toEqual(['a', 'b', 'c']);
  });

  it('linear select() → always the first free member in configured order', () => {
    const selector = createMemberSelector('linear');
    expect(selector.select(members)).toEqual(['a']);
    expect(selector.select(members)).toEqual(['a']);
    expect(selector.select(members.slice(1))).toEqual(['b']);
  });

  it('select() when nobody is free → nobody', () => {
    for (const s of [
      'leastrecent',
      'fewestcalls',
      'random',
      'rrmemory',
      'ringall',
      'linear',
    ] as const) {
      expect(createMemberSelector(s).select([])).toEqual([]);
    }
  });
});
