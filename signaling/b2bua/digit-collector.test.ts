import { describe, expect, test } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { DigitCollector, MAX_TRANSFER_DIGITS } from './digit-collector.ts';

function collector(clock: FakeClock) {
  const results: string[] = [];
  const c = new DigitCollector(clock, (d) => results.push(d));
  return { c, results };
}

describe('DigitCollector', () => {
  test('feed() when # ends the number → the digits without #, at once', () => {
    const clock = new FakeClock();
    const { c, results } = collector(clock);
    for (const k of '1002#') c.feed(k);
    expect(results).toEqual(['1002']);
    clock.runAll();
    expect(results).toEqual(['1002']);
  });

  test('feed() when 3 s pass after the last key → the digits so far', () => {
    const clock = new FakeClock();
    const { c, results } = collector(clock);
    c.feed('1');
    clock.tick(2900);
    c.feed('0');
    clock.tick(2999);
    expect(results).toEqual([]);
    clock.tick(1);
    expect(results).toEqual(['10']);
  });

  test('constructor when nothing is keyed for 3 s → the empty string', () => {
    const clock = new FakeClock();
    const { results } = collector(clock);
    clock.tick(3000);
    expect(results).toEqual(['']);
  });

  test('feed() when the number reaches the maximum length → done without waiting', () => {
    const clock = new FakeClock();
    const { c, results } = collector(clock);
    for (let i = 0; i < MAX_TRANSFER_DIGITS; i++) c.feed('5');
    expect(results).toEqual(['5'.repeat(MAX_TRANSFER_DIGITS)]);
  });

  test('cancel() when collecting → never reports', () => {
    const clock = new FakeClock();
    const { c, results } = collector(clock);
    c.feed('1');
    c.cancel();
    c.feed('#');
    clock.runAll();
    expect(results).toEqual([]);
    expect(clock.pendingCount).toBe(0);
  });
});
