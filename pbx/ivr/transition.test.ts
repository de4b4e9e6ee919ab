import { describe, expect, it } from 'vitest';
import type { IvrTransition } from './ivr-flow.ts';
import { matchesPattern, selectTransition } from './transition.ts';

const vars = (values: Record<string, string>) => (name: string) => values[name];

describe('selectTransition()', () => {
  const table: IvrTransition[] = [
    { condition: 'default', destinationType: 'hangup' },
    { condition: '_9X', destinationType: 'queue', destinationId: 9 },
    { condition: '91', destinationType: 'queue', destinationId: 91 },
    { source: 'level', condition: 'gold', destinationType: 'queue', destinationId: 1 },
  ];

  it('IVR-3 selectTransition() when a condition equals the value → takes it before patterns', () => {
    expect(selectTransition(table, vars({ inputcode: '91' }))?.destinationId).toBe(91);
  });

  it('IVR-3 selectTransition() when only a pattern matches → takes the pattern', () => {
    expect(selectTransition(table, vars({ inputcode: '95' }))?.destinationId).toBe(9);
  });

  it('IVR-3 selectTransition() when nothing matches → takes the default row', () => {
    expect(selectTransition(table, vars({ inputcode: '7' }))?.destinationType).toBe('hangup');
  });

  it('IVR-3 selectTransition() when a row names another source → matches that variable', () => {
    expect(selectTransition(table, vars({ inputcode: '7', level: 'gold' }))?.destinationId).toBe(1);
  });

  it('IVR-3 selectTransition() when the condition is empty → treats it as the default', () => {
    const rows: IvrTransition[] = [{ condition: null, destinationType: 'busy' }];
    expect(selectTransition(rows, vars({}))?.destinationType).toBe('busy');
  });

  it('selectTransition() when nothing matches and there is no default → undefined', () => {
    expect(
      selectTransition([{ condition: '1', destinationType: 'busy' }], vars({})),
    ).toBeUndefined();
  });
});

describe('matchesPattern()', () => {
  it.each([
    ['_XXX', '123', true],
    ['_XXX', '12', false],
    ['_NXX', '123', false],
    ['_Z.', '10', true],
    ['_Z.', '1', false],
    ['_1!', '1', true],
    ['_[13-5]', '4', true],
    ['_[13-5]', '2', false],
    ['_*X', '*1', true],
    ['/^\\d{4}$/', '1234', true],
    ['/([/', '1', false],
  ])('matchesPattern(%s, %s) → %s', (pattern, value, expected) => {
    expect(matchesPattern(pattern, value)).toBe(expected);
  });
});
