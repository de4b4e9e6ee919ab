import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../index.ts';
import type { ConfigStore } from './open-store.ts';
import { openStore } from './open-store.ts';
import { hashPasswordSync } from './password-hash.ts';
import type { Account } from './accounts-repository.ts';
import type { Team } from './teams-repository.ts';

/*
 * Helpers for this folder's tests: real SQLite files in a fresh temporary
 * directory, removed by cleanup().
 */

/** A store in its own temporary data dir. */
export interface TempStore {
  store: ConfigStore;
  dataDir: string;
  clock: FakeClock;
  reopen(): ConfigStore;
  cleanup(): void;
}

/** Opens a store in a new temporary directory. */
export function openTempStore(): TempStore {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-store-'));
  const clock = new FakeClock();
  const temp: TempStore = {
    store: openStore({ dataDir, clock }),
    dataDir,
    clock,
    reopen() {
      temp.store.close();
      temp.store = openStore({ dataDir, clock });
      return temp.store;
    },
    cleanup() {
      temp.store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return temp;
}

let cachedHash: string | undefined;

/** A valid password hash, computed once: scrypt is slow on purpose. */
export function testPasswordHash(): string {
  cachedHash ??= hashPasswordSync('correct horse battery staple');
  return cachedHash;
}

/** Creates a team and a user account in it. */
export function seedTeam(
  store: ConfigStore,
  uid: string,
  overrides: { sipDomain?: string | null; maxExtensions?: number; maxAccounts?: number } = {},
): { team: Team; account: Account } {
  const team = store.teams.create({
    uid,
    name: `Team ${uid}`,
    sipDomain: overrides.sipDomain === undefined ? `${uid}.example.com` : overrides.sipDomain,
    maxExtensions: overrides.maxExtensions ?? 200,
    maxAccounts: overrides.maxAccounts ?? 5,
  });
  const account = store.accounts.create({
    teamId: team.id,
    username: `owner${uid}`,
    accountType: 'user',
    passwordHash: testPasswordHash(),
  });
  return { team, account };
}
