import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { InvalidStateError } from '../index.ts';
import { openTempStore, seedTeam, testPasswordHash } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

describe('AccountsRepository', () => {
  test('create() when the team is at maxAccounts → QuotaExceededError (TM-2)', () => {
    const { team } = seedTeam(temp.store, 'acme', { maxAccounts: 2 });
    const make = (username: string) =>
      temp.store.accounts.create({
        teamId: team.id,
        username,
        accountType: 'user',
        passwordHash: testPasswordHash(),
      });
    make('second');
    expect(() => make('third')).toThrow(expect.objectContaining({ code: 'ERR_QUOTA_EXCEEDED' }));
    expect(temp.store.teams.usage(team.id)).toEqual({ accounts: 2, extensions: 0 });
  });

  test('create() when the username exists in the team → ERR_USERNAME_TAKEN; in another team → fine', () => {
    const a = seedTeam(temp.store, 'acme');
    const b = seedTeam(temp.store, 'globex');
    const input = {
      username: 'alice',
      accountType: 'user' as const,
      passwordHash: testPasswordHash(),
    };
    temp.store.accounts.create({ ...input, teamId: a.team.id });
    expect(() => temp.store.accounts.create({ ...input, teamId: a.team.id })).toThrow(
      expect.objectContaining({ code: 'ERR_USERNAME_TAKEN' }),
    );
    expect(temp.store.accounts.create({ ...input, teamId: b.team.id }).teamId).toBe(b.team.id);
  });

  test('create() when a team account takes a system administrator username → ERR_USERNAME_RESERVED (AC-1)', () => {
    const { team } = seedTeam(temp.store, 'acme');
    temp.store.accounts.create({
      teamId: null,
      username: 'root',
      accountType: 'systemAdmin',
      passwordHash: testPasswordHash(),
    });
    expect(() =>
      temp.store.accounts.create({
        teamId: team.id,
        username: 'root',
        accountType: 'teamAdmin',
        passwordHash: testPasswordHash(),
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_USERNAME_RESERVED' }));
  });

  test.each([
    ['a systemAdmin with a team', 'systemAdmin', true],
    ['a user without a team', 'user', false],
  ] as const)('create() when %s → ERR_VALIDATION (AC-3)', (_name, accountType, hasTeam) => {
    const { team } = seedTeam(temp.store, 'acme');
    expect(() =>
      temp.store.accounts.create({
        teamId: hasTeam ? team.id : null,
        username: 'x',
        accountType,
        passwordHash: testPasswordHash(),
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION' }));
  });

  test('create() when the hash is not from hashPassword() → ERR_VALIDATION, so no clear password is stored', () => {
    const { team } = seedTeam(temp.store, 'acme');
    expect(() =>
      temp.store.accounts.create({
        teamId: team.id,
        username: 'bob',
        accountType: 'user',
        passwordHash: 'hunter2',
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION', field: 'passwordHash' }));
  });

  test('list()/get() → never carry the password hash; getPasswordHash() does', () => {
    const { account } = seedTeam(temp.store, 'acme');
    expect(JSON.stringify(temp.store.accounts.list())).not.toContain('scrypt$');
    expect(temp.store.accounts.get(account.id)).not.toHaveProperty('passwordHash');
    expect(temp.store.accounts.getPasswordHash(account.id)).toBe(testPasswordHash());
  });

  test('delete() when the account owns an extension → ERR_REFERENCE', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    temp.store.extensions.create({ teamId: team.id, accountId: account.id, internalNumber: '1' });
    expect(() => temp.store.accounts.delete(account.id)).toThrow(
      expect.objectContaining({ code: 'ERR_REFERENCE' }),
    );
  });
});

describe('AccountsRepository.find() prepared once', () => {
  test('find() when the account changes between calls → the current row, never the hash', () => {
    const { account } = seedTeam(temp.store, 'acme');
    const accounts = temp.store.accounts;
    expect(accounts.find(account.id)).toEqual(account);
    accounts.update(account.id, { status: 'disabled' });
    const found = accounts.find(account.id);
    expect(found?.status).toBe('disabled');
    expect(found).not.toHaveProperty('passwordHash');
    accounts.delete(account.id);
    expect(accounts.find(account.id)).toBeUndefined();
    temp.store.close();
    expect(() => accounts.find(account.id)).toThrow(InvalidStateError);
  });
});
