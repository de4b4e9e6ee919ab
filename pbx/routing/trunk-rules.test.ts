import { describe, expect, test } from 'vitest';
import { applyTrunkRules, selectTrunkRule, type MatchableTrunkRule } from './trunk-rules.ts';

const rule = (over: Partial<MatchableTrunkRule> = {}): MatchableTrunkRule => ({
  numberPrefix: 'default',
  numberLength: 0,
  action: 'allow',
  stripPrefix: '',
  addPrefix: '',
  enabled: true,
  ...over,
});

describe('selectTrunkRule()', () => {
  test('TG-4 selectTrunkRule() when two prefixes match → the longest wins', () => {
    const short = rule({ numberPrefix: '0' });
    const long = rule({ numberPrefix: '0411' });
    expect(selectTrunkRule([short, long], '041155512')).toBe(long);
    expect(selectTrunkRule([long, short], '021555')).toBe(short);
  });

  test('TG-4 selectTrunkRule() when only `default` matches → default, which comes last', () => {
    const fallback = rule();
    const mobile = rule({ numberPrefix: '1' });
    expect(selectTrunkRule([fallback, mobile], '13800000000')).toBe(mobile);
    expect(selectTrunkRule([fallback, mobile], '0215551234')).toBe(fallback);
  });

  test('TG-4 selectTrunkRule() when a length is set → only numbers of that length match; 0 is any', () => {
    const six = rule({ numberPrefix: '021', numberLength: 6 });
    const any = rule({ numberPrefix: '021' });
    expect(selectTrunkRule([any, six], '021555')).toBe(six);
    expect(selectTrunkRule([any, six], '0215551234')).toBe(any);
    expect(selectTrunkRule([six], '0215551234')).toBeUndefined();
  });

  test('TRK-6 selectTrunkRule() when the best rule is disabled (禁用本规则) → it is ignored', () => {
    const off = rule({ numberPrefix: '0411', enabled: false, action: 'deny' });
    const on = rule({ numberPrefix: '0' });
    expect(selectTrunkRule([off, on], '041155512')).toBe(on);
  });
});

describe('applyTrunkRules()', () => {
  test('TG-5 applyTrunkRules() when no rule matches → allowed, number unchanged', () => {
    expect(applyTrunkRules([], '5551234')).toBe('5551234');
    expect(applyTrunkRules([rule({ numberPrefix: '9', action: 'deny' })], '5551234')).toBe(
      '5551234',
    );
  });

  test('TG-5 applyTrunkRules() when the rule denies → undefined (the trunk is skipped)', () => {
    expect(applyTrunkRules([rule({ numberPrefix: '00', action: 'deny' })], '0044123')).toBe(
      undefined,
    );
  });

  test('TRK-6 applyTrunkRules() when the rule allows → strip (if present), then add', () => {
    const mobile = rule({ numberPrefix: '1', addPrefix: '0' });
    expect(applyTrunkRules([mobile], '13800000000')).toBe('013800000000');
    const national = rule({ numberPrefix: '0', stripPrefix: '0', addPrefix: '44' });
    expect(applyTrunkRules([national], '02071234567')).toBe('442071234567');
    const absent = rule({ numberPrefix: '5', stripPrefix: '9', addPrefix: '1' });
    expect(applyTrunkRules([absent], '5551234')).toBe('15551234');
  });

  test('TRK-6 applyTrunkRules() when stripping leaves nothing → undefined', () => {
    expect(applyTrunkRules([rule({ numberPrefix: '9', stripPrefix: '9' })], '9')).toBe(undefined);
  });
});
