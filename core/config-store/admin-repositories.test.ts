import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { InvalidStateError } from '../index.ts';
import { hashApiToken } from './api-tokens-repository.ts';
import { openTempStore, seedTeam, testPasswordHash } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

describe('ApiTokensRepository', () => {
  test('issue() → a swy_ token stored only as its SHA-256; authenticate() finds the owner', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const { token, record } = temp.store.apiTokens.issue({
      kind: 'session',
      accountId: account.id,
      expiresAt: new Date(temp.clock.now() + 1000),
    });
    expect(token).toMatch(/^swy_/);
    expect(record).not.toHaveProperty('tokenHash');
    expect(record.teamId).toBe(team.id);
    expect(temp.store.apiTokens.authenticate(token)).toMatchObject({
      tokenId: record.id,
      accountId: account.id,
      teamId: team.id,
      accountType: 'user',
    });
    expect(temp.store.apiTokens.authenticate(hashApiToken(token))).toBeUndefined();
  });

  test('authenticate() when expired → undefined; deleteExpired() removes it', () => {
    const { account } = seedTeam(temp.store, 'acme');
    const { token } = temp.store.apiTokens.issue({
      kind: 'session',
      accountId: account.id,
      expiresAt: new Date(temp.clock.now() + 1000),
    });
    temp.clock.tick(1000);
    expect(temp.store.apiTokens.authenticate(token)).toBeUndefined();
    expect(temp.store.apiTokens.deleteExpired()).toBe(1);
  });

  test('list() scopes by kind, team and account; deleting the account revokes its tokens', () => {
    const a = seedTeam(temp.store, 'a');
    const b = seedTeam(temp.store, 'b');
    const key = (accountId: number) =>
      temp.store.apiTokens.issue({ kind: 'apiKey', accountId, name: 'k', expiresAt: null });
    const ka = key(a.account.id);
    key(b.account.id);
    expect(temp.store.apiTokens.list('apiKey', { teamId: a.team.id }).map((k) => k.id)).toEqual([
      ka.record.id,
    ]);
    expect(temp.store.apiTokens.list('session')).toEqual([]);
    temp.store.accounts.delete(a.account.id);
    expect(temp.store.apiTokens.authenticate(ka.token)).toBeUndefined();
  });
});

describe('OperationLogsRepository', () => {
  test('list() → newest first, filtered, keyset-paged by beforeId', () => {
    for (let i = 0; i < 5; i++) {
      temp.store.operationLogs.append({
        accountId: 1,
        username: 'root',
        teamId: i % 2,
        action: 'create',
        resource: 'teams',
        objectId: String(i),
        ip: '127.0.0.1',
        detail: { i },
      });
    }
    const page = temp.store.operationLogs.list({ teamId: 0, limit: 2 });
    expect(page.map((r) => r.objectId)).toEqual(['4', '2']);
    const next = temp.store.operationLogs.list({ teamId: 0, limit: 2, beforeId: page[1]!.id });
    expect(next.map((r) => r.detail)).toEqual([{ i: 0 }]);
  });
});

describe('ReferencesRepository', () => {
  test('firstReferrer() → the route using a trunk, the extension of an account, else undefined', () => {
    const { team, account } = seedTeam(temp.store, 'acme');
    const trunk = temp.store.trunks.create({
      teamId: team.id,
      name: 't',
      type: 'ipPeer',
      host: 'h',
    });
    expect(temp.store.references.firstReferrer('trunk', trunk.id)).toBeUndefined();
    const route = temp.store.outboundRoutes.create({
      teamId: team.id,
      name: 'r',
      trunkId: trunk.id,
    });
    expect(temp.store.references.firstReferrer('trunk', trunk.id)).toEqual({
      resource: 'outboundRoute',
      id: route.id,
      name: 'r',
    });
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '100',
    });
    expect(temp.store.references.firstReferrer('account', account.id)).toMatchObject({
      resource: 'extension',
      id: ext.id,
      name: '100',
    });
    const other = temp.store.accounts.create({
      teamId: team.id,
      username: 'free',
      accountType: 'user',
      passwordHash: testPasswordHash(),
    });
    expect(temp.store.references.firstReferrer('account', other.id)).toBeUndefined();
    expect(temp.store.references.firstReferrer('team', team.id)?.resource).toBe('account');
  });
});

describe('ApiTokensRepository.authenticate() prepared once and cached', () => {
  test('authenticate() when the token is revoked after a first call → undefined', () => {
    const { account } = seedTeam(temp.store, 'acme');
    const { token, record } = temp.store.apiTokens.issue({
      kind: 'apiKey',
      accountId: account.id,
      expiresAt: null,
    });
    expect(temp.store.apiTokens.authenticate(token)?.tokenId).toBe(record.id);
    temp.store.apiTokens.revoke(record.id);
    expect(temp.store.apiTokens.authenticate(token)).toBeUndefined();
  });

  test('authenticate() misses, then issue() → the new token is found (the miss is not kept)', () => {
    const { account } = seedTeam(temp.store, 'acme');
    expect(temp.store.apiTokens.authenticate('swy_unknown')).toBeUndefined();
    const { token } = temp.store.apiTokens.issue({
      kind: 'session',
      accountId: account.id,
      expiresAt: null,
    });
    expect(temp.store.apiTokens.authenticate(token)?.accountId).toBe(account.id);
  });

  test('authenticate() when the token expires between two calls → the second call is undefined', () => {
    const { account } = seedTeam(temp.store, 'acme');
    const { token } = temp.store.apiTokens.issue({
      kind: 'session',
      accountId: account.id,
      expiresAt: new Date(temp.clock.now() + 1000),
    });
    // The first call prepares the statement; the time must be bound per call.
    expect(temp.store.apiTokens.authenticate(token)?.accountId).toBe(account.id);
    temp.clock.tick(999);
    expect(temp.store.apiTokens.authenticate(token)?.accountId).toBe(account.id);
    temp.clock.tick(1);
    expect(temp.store.apiTokens.authenticate(token)).toBeUndefined();
  });

  test('authenticate() when the account is disabled after a first call → the new status', () => {
    const { account } = seedTeam(temp.store, 'acme');
    const { token } = temp.store.apiTokens.issue({
      kind: 'apiKey',
      accountId: account.id,
      expiresAt: null,
    });
    expect(temp.store.apiTokens.authenticate(token)?.status).toBe('enabled');
    temp.store.accounts.update(account.id, { status: 'disabled' });
    expect(temp.store.apiTokens.authenticate(token)?.status).toBe('disabled');
  });

  test('authenticate() when the store is closed → InvalidStateError', () => {
    const { account } = seedTeam(temp.store, 'acme');
    const { token } = temp.store.apiTokens.issue({
      kind: 'apiKey',
      accountId: account.id,
      expiresAt: null,
    });
    const tokens = temp.store.apiTokens;
    tokens.authenticate(token);
    temp.store.close();
    expect(() => tokens.authenticate(token)).toThrow(InvalidStateError);
  });
});
