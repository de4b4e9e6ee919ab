import { describe, expect, test } from 'vitest';
import { CallerScreen, type CallerListRule } from './caller-screen.ts';

const rule = (over: Partial<CallerListRule>): CallerListRule => ({
  listType: 'black',
  numberPattern: '5551111',
  accountId: null,
  extensionId: null,
  status: 'enabled',
  ...over,
});

const screenOf = (rules: CallerListRule[]): CallerScreen =>
  new CallerScreen({ callerLists: { screeningRules: () => rules } });

const extension = { id: 6, accountId: 2 };

describe('CallerScreen', () => {
  test('screenTeam() when the caller is on the team blacklist → blacklisted (BL-1, TM-8)', () => {
    expect(screenOf([rule({})]).screenTeam(1, '5551111')).toBe('blacklisted');
    expect(screenOf([rule({})]).screenTeam(1, '5552222')).toBe('allowed');
  });

  test('screenTeam() when the entry is disabled → allowed (BL-2)', () => {
    expect(screenOf([rule({ status: 'disabled' })]).screenTeam(1, '5551111')).toBe('allowed');
  });

  test('screenTeam() ignores account and extension entries (BL-1 scope)', () => {
    const screen = screenOf([rule({ accountId: 2 }), rule({ extensionId: 6 })]);
    expect(screen.screenTeam(1, '5551111')).toBe('allowed');
  });

  test.each([
    ['account', rule({ accountId: 2 })],
    ['extension', rule({ extensionId: 6 })],
  ])(
    'screenExtension() when the caller is on the %s blacklist → blacklisted (BL-1, AC-7, EXT-14)',
    (_, r) => {
      expect(screenOf([r]).screenExtension(1, '5551111', extension)).toBe('blacklisted');
      expect(screenOf([r]).screenExtension(1, '5551111', { id: 7, accountId: 3 })).toBe('allowed');
    },
  );

  test('screenExtension() when a whitelist exists → only its numbers pass (WL-1, EXT-14)', () => {
    const screen = screenOf([rule({ listType: 'white', extensionId: 6 })]);
    expect(screen.screenExtension(1, '5551111', extension)).toBe('allowed');
    expect(screen.screenExtension(1, '5552222', extension)).toBe('not-whitelisted');
    expect(screen.screenExtension(1, '5552222', { id: 7, accountId: 2 })).toBe('allowed');
  });

  test('screenExtension() when the account has a whitelist → only its numbers reach the account’s extensions (AC-7)', () => {
    const screen = screenOf([rule({ listType: 'white', accountId: 2 })]);
    expect(screen.screenExtension(1, '5551111', extension)).toBe('allowed');
    expect(screen.screenExtension(1, '5552222', extension)).toBe('not-whitelisted');
    expect(screen.screenExtension(1, '5552222', { id: 7, accountId: 3 })).toBe('allowed');
  });

  test('screenTeam() when both lists hold the number → blacklisted, deny wins (WL-2)', () => {
    const screen = screenOf([rule({}), rule({ listType: 'white' })]);
    expect(screen.screenTeam(1, '5551111')).toBe('blacklisted');
  });

  test.each([undefined, 'anonymous', ''])(
    'screenTeam() when the caller is withheld (%s) and a whitelist exists → not-whitelisted (WL-3)',
    (caller) => {
      expect(screenOf([rule({ listType: 'white' })]).screenTeam(1, caller)).toBe('not-whitelisted');
    },
  );
});
