import { describe, expect, test } from 'vitest';
import { NonceCountTracker } from './nonce-count-tracker.ts';

describe('NonceCountTracker', () => {
  test('NonceCountTracker.record() when nc does not increase → replay', () => {
    const t = new NonceCountTracker(10);
    expect(t.record('a', 1, 1)).toBe('accepted');
    expect(t.record('a', 1, 1)).toBe('replay');
    expect(t.record('a', 1, 3)).toBe('accepted');
    expect(t.record('a', 1, 2)).toBe('replay');
    expect(t.record('b', 1, 1)).toBe('accepted');
  });

  test('NonceCountTracker.record() when full → evicts the least recently used', () => {
    const t = new NonceCountTracker(2);
    t.record('a', 1, 1);
    t.record('b', 2, 1);
    t.record('a', 1, 2);
    t.record('c', 3, 1);
    expect(t.size).toBe(2);
    expect(t.record('a', 1, 3)).toBe('accepted');
    expect(t.record('c', 3, 1)).toBe('replay');
  });

  test('NonceCountTracker.record() when an evicted nonce returns → forgotten, never a clean slate', () => {
    const t = new NonceCountTracker(1);
    t.record('old', 100, 5);
    t.record('new', 200, 1);
    expect(t.record('old', 100, 1)).toBe('forgotten');
    expect(t.record('older-unused', 50, 1)).toBe('forgotten');
    expect(t.record('newer', 300, 1)).toBe('accepted');
  });
});
