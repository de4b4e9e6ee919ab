import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import { DEFAULT_FEATURE_CODES } from './feature-codes-defaults.ts';
import { openTempStore, seedTeam, type TempStore } from './test-store.ts';

let temp: TempStore;
let alpha: number;
let beta: number;
let alphaAccount: number;

beforeEach(() => {
  temp = openTempStore();
  const seeded = seedTeam(temp.store, 'alpha');
  alpha = seeded.team.id;
  alphaAccount = seeded.account.id;
  beta = seedTeam(temp.store, 'beta').team.id;
});
afterEach(() => temp.cleanup());

const codeOf = (teamId: number | null, name: string) =>
  temp.store.featureCodes.find(teamId, name)?.code;

describe('FeatureCodesRepository', () => {
  test('effective() without rows → the §15.9 defaults, none overridden, no rows stored', () => {
    const set = temp.store.featureCodes.effective(alpha);
    expect(set.map((c) => [c.name, c.code])).toEqual(
      DEFAULT_FEATURE_CODES.map((d) => [d.name, d.code]),
    );
    expect(set.every((c) => c.enabled && !c.isOverridden && c.source === 'default')).toBe(true);
    expect(temp.store.featureCodes.rows()).toEqual([]);
  });

  test('R15.9-2 set() on a team → that team only; the system set and other teams keep the default', () => {
    const c = temp.store.featureCodes.set(alpha, 'forward-always', { code: '*72' });
    expect(c).toMatchObject({ code: '*72', source: 'team', isOverridden: true, enabled: true });
    expect(codeOf(alpha, 'forward-always')).toBe('*72');
    expect(codeOf(beta, 'forward-always')).toBe('*91');
    expect(codeOf(null, 'forward-always')).toBe('*91');
  });

  test('R15.9-2 a system override applies to every team without its own; a team row wins over it', () => {
    temp.store.featureCodes.set(null, 'dnd-on', { code: '*78' });
    temp.store.featureCodes.set(beta, 'dnd-on', { code: '*79' });
    expect(codeOf(alpha, 'dnd-on')).toBe('*78');
    expect(temp.store.featureCodes.find(alpha, 'dnd-on')).toMatchObject({
      source: 'system',
      isOverridden: false,
    });
    expect(codeOf(beta, 'dnd-on')).toBe('*79');
    expect(temp.store.featureCodes.find(null, 'dnd-on')?.isOverridden).toBe(true);
  });

  test('R15.9-2 set() of an in-call hotkey on a team → ValidationError on name; the system set may', () => {
    expect(() => temp.store.featureCodes.set(alpha, 'blind-transfer', { code: '*57' })).toThrow(
      expect.objectContaining({ field: 'name' }) as ValidationError,
    );
    temp.store.featureCodes.set(null, 'blind-transfer', { code: '*57' });
    expect(codeOf(alpha, 'blind-transfer')).toBe('*57');
  });

  test('R15.9-1 set() enabled false → the code stays listed, disabled; note and code inherited', () => {
    const c = temp.store.featureCodes.set(alpha, 'say-extension', { enabled: false });
    expect(c).toMatchObject({ code: '*62', enabled: false, note: DEFAULT_FEATURE_CODES[1]!.note });
  });

  test('R15.9-5 set() to another function’s code in the scope → ConflictError on code', () => {
    temp.store.featureCodes.set(alpha, 'dnd-off', { code: '*80' });
    for (const code of ['*97', '*80']) {
      expect(() => temp.store.featureCodes.set(alpha, 'dnd-on', { code })).toThrow(ConflictError);
    }
    // Beta's scope does not have *80.
    expect(temp.store.featureCodes.set(beta, 'dnd-on', { code: '*80' }).code).toBe('*80');
  });

  test('R15.9-5 set() to an extension number of the team → ConflictError naming code', () => {
    temp.store.extensions.create({ teamId: alpha, accountId: alphaAccount, internalNumber: '800' });
    let caught: unknown;
    try {
      temp.store.featureCodes.set(alpha, 'dnd-on', { code: '800' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConflictError);
    expect(caught).toMatchObject({ code: 'ERR_FEATURE_CODE_TAKEN', field: 'code' });
    expect(codeOf(beta, 'dnd-on')).toBe('*67');
    expect(temp.store.featureCodes.set(beta, 'dnd-on', { code: '800' }).code).toBe('800');
    // The system set may not take a number any team has.
    expect(() => temp.store.featureCodes.set(null, 'dnd-off', { code: '800' })).toThrow(
      ConflictError,
    );
  });

  test('set() with a bad code or an unknown name → ValidationError / NotFoundError', () => {
    expect(() => temp.store.featureCodes.set(alpha, 'dnd-on', { code: '*6a' })).toThrow(
      ValidationError,
    );
    expect(() => temp.store.featureCodes.set(alpha, 'teleport', { code: '*1' })).toThrow(
      NotFoundError,
    );
  });

  test('set() twice → one row updated; reset() → the inherited code again', () => {
    temp.store.featureCodes.set(alpha, 'voicemail-mine', { code: '*70' });
    temp.store.featureCodes.set(alpha, 'voicemail-mine', { note: 'mine' });
    expect(temp.store.featureCodes.rows(alpha)).toHaveLength(1);
    expect(temp.store.featureCodes.find(alpha, 'voicemail-mine')).toMatchObject({
      code: '*70',
      note: 'mine',
    });
    expect(temp.store.featureCodes.reset(alpha, 'voicemail-mine')).toMatchObject({
      code: '*97',
      isOverridden: false,
    });
    expect(temp.store.featureCodes.rows()).toEqual([]);
  });
});
