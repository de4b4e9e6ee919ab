import { describe, expect, test } from 'vitest';
import { bestStatus, relayedStatus } from './final-status.ts';

describe('relayedStatus() and bestStatus()', () => {
  test.each([
    [486, 486],
    [480, 480],
    [603, 603],
    [404, 404],
    [408, 408],
    [401, 480],
    [407, 480],
    [302, 480],
    [500, 480],
    [503, 480],
  ])('relayedStatus(%i) → %i', (from, to) => {
    expect(relayedStatus(from)).toBe(to);
  });

  test('bestStatus() when a fork declined globally → the 6xx wins (§16.7)', () => {
    expect(bestStatus([480, 603, 486])).toBe(603);
  });

  test('bestStatus() when one fork is busy → 486 beats 480 and 404', () => {
    expect(bestStatus([480, 486, 404])).toBe(486);
  });

  test('bestStatus() when nothing is known → 480', () => {
    expect(bestStatus([])).toBe(480);
    expect(bestStatus([480, 408])).toBe(408);
  });
});
