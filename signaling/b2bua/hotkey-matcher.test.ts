import { describe, expect, test } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { HotkeyMatcher } from './hotkey-matcher.ts';

const CODES = [
  { name: 'blind', code: '*51' },
  { name: 'attended', code: '*52' },
  { name: 'consult', code: '*55' },
] as const;

function typeKeys(m: HotkeyMatcher<string>, clock: FakeClock, keys: string, gapMs = 200) {
  const found: Array<string | undefined> = [];
  for (const k of keys) {
    found.push(m.feed(k));
    clock.tick(gapMs);
  }
  return found;
}

describe('HotkeyMatcher', () => {
  test('feed() when *51 is keyed → blind on the last key, nothing before', () => {
    const clock = new FakeClock();
    const m = new HotkeyMatcher(clock, CODES);
    expect(typeKeys(m, clock, '*51')).toEqual([undefined, undefined, 'blind']);
    expect(m.pending).toBe('');
  });

  test('feed() when keys lead to no code → dropped, the next code still matches', () => {
    const clock = new FakeClock();
    const m = new HotkeyMatcher(clock, CODES);
    expect(typeKeys(m, clock, '123*5')).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(m.pending).toBe('*5');
    expect(typeKeys(m, clock, '9*52')).toEqual([undefined, undefined, undefined, 'attended']);
  });

  test('feed() when a key breaks a code but starts another (**55) → consult', () => {
    const clock = new FakeClock();
    const m = new HotkeyMatcher(clock, CODES);
    expect(typeKeys(m, clock, '**55').at(-1)).toBe('consult');
  });

  test('feed() when more than featuredigittimeout (1 s) passes between keys → starts over', () => {
    const clock = new FakeClock();
    const m = new HotkeyMatcher(clock, CODES);
    expect(m.feed('*')).toBeUndefined();
    expect(m.feed('5')).toBeUndefined();
    clock.tick(1001);
    expect(m.feed('1')).toBeUndefined();
    expect(m.pending).toBe('');
  });

  test('feed() when the pause is exactly 1 s → still the same code', () => {
    const clock = new FakeClock();
    const m = new HotkeyMatcher(clock, CODES);
    m.feed('*');
    clock.tick(1000);
    m.feed('5');
    clock.tick(1000);
    expect(m.feed('1')).toBe('blind');
  });

  test('feed() when codes use letters → matched whatever the case', () => {
    const clock = new FakeClock();
    const m = new HotkeyMatcher(clock, [{ name: 'x', code: '#A' }]);
    expect(typeKeys(m, clock, '#a').at(-1)).toBe('x');
  });

  test('feed() when there are no codes → never matches', () => {
    const clock = new FakeClock();
    const m = new HotkeyMatcher<string>(clock, []);
    expect(typeKeys(m, clock, '*51')).toEqual([undefined, undefined, undefined]);
  });

  test('reset() when part of a code was keyed → the rest alone does not match', () => {
    const clock = new FakeClock();
    const m = new HotkeyMatcher(clock, CODES);
    m.feed('*');
    m.feed('5');
    m.reset();
    expect(m.feed('1')).toBeUndefined();
  });
});
