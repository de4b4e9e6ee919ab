import { describe, expect, it } from 'vitest';
import { RecentAnswerers } from './recent-answerers.ts';

describe('RecentAnswerers', () => {
  it('Q-13/RG-5: the last extension to answer a caller, per team', () => {
    const recent = new RecentAnswerers();
    recent.answered(1, '5551234', 11);
    recent.answered(2, '5551234', 21);
    recent.answered(1, '5551234', 12);
    expect(recent.lastExtension(1, '5551234')).toBe(12);
    expect(recent.lastExtension(2, '5551234')).toBe(21);
    expect(recent.lastExtension(1, '5559999')).toBeUndefined();
  });

  it('an anonymous or empty caller number → not remembered', () => {
    const recent = new RecentAnswerers();
    recent.answered(1, 'anonymous', 11);
    recent.answered(1, '', 11);
    expect(recent.size).toBe(0);
  });

  it('over capacity → the caller answered longest ago is forgotten first', () => {
    const recent = new RecentAnswerers(2);
    recent.answered(1, '100', 1);
    recent.answered(1, '200', 2);
    recent.answered(1, '100', 3);
    recent.answered(1, '300', 4);
    expect(recent.lastExtension(1, '200')).toBeUndefined();
    expect(recent.lastExtension(1, '100')).toBe(3);
    expect(recent.lastExtension(1, '300')).toBe(4);
    expect(recent.size).toBe(2);
  });
});
