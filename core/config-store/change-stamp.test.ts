import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { ChangeStamp } from './change-stamp.ts';
import { STORE_FILE } from './open-store.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

describe('ChangeStamp', () => {
  test('changeStamp() when nothing is written → stays the same', () => {
    temp = openTempStore();
    const before = temp.store.changeStamp();
    temp.store.teams.list();
    expect(temp.store.changeStamp()).toBe(before);
  });

  test('changeStamp() when a row is inserted or updated → moves each time', () => {
    temp = openTempStore();
    const s0 = temp.store.changeStamp();
    const { team } = seedTeam(temp.store, 'stamp');
    const s1 = temp.store.changeStamp();
    expect(s1).not.toBe(s0);
    temp.store.teams.update(team.id, { name: 'renamed' });
    const s2 = temp.store.changeStamp();
    expect(s2).not.toBe(s1);
  });

  test('changeStamp() when a write is rolled back → still moves (a needless re-read, never a stale one)', () => {
    temp = openTempStore();
    const before = temp.store.changeStamp();
    expect(() =>
      temp!.store.transaction(() => {
        seedTeam(temp!.store, 'rolled');
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(temp.store.teams.list().some((t) => t.uid === 'rolled')).toBe(false);
    expect(temp.store.changeStamp()).not.toBe(before);
  });

  test('changeStamp() when another connection commits to the file → moves', () => {
    temp = openTempStore();
    const before = temp.store.changeStamp();
    const other = new Database(join(temp.dataDir, STORE_FILE));
    try {
      other
        .prepare(
          "INSERT INTO settings (key, value, created_at, updated_at) VALUES ('stamp-test', '1', 0, 0)",
        )
        .run();
    } finally {
      other.close();
    }
    expect(temp.store.changeStamp()).not.toBe(before);
  });

  test('changeStamp() when only the untracked tables change (operation log) → stays the same', () => {
    temp = openTempStore();
    const { team, account } = seedTeam(temp.store, 'quiet');
    const before = temp.store.changeStamp();
    temp.store.operationLogs.append({
      accountId: account.id,
      username: account.username,
      teamId: team.id,
      action: 'create',
      resource: 'teams',
      objectId: String(team.id),
      detail: {},
      ip: '127.0.0.1',
    });
    expect(temp.store.changeStamp()).toBe(before);
  });

  test('the triggers are TEMP → none of them is left in the file', () => {
    temp = openTempStore();
    const db = new Database(join(temp.dataDir, STORE_FILE), { readonly: true });
    try {
      // The file's own triggers are the search indexes' (D110).
      const n = db
        .prepare(
          "SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name NOT LIKE 'search_index_%'",
        )
        .get();
      expect((n as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('counter writes (D67)', () => {
  test('D67 ChangeStamp.countersOnly() writes → current() moves, configOnly() stays', () => {
    const sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)');
    const stamp = ChangeStamp.install(sqlite);
    const current = stamp.current();
    const config = stamp.configOnly();
    stamp.countersOnly(() => sqlite.exec('INSERT INTO t (n) VALUES (1)'));
    expect(stamp.current()).not.toBe(current);
    expect(stamp.configOnly()).toBe(config);
    sqlite.exec('UPDATE t SET n = 2');
    expect(stamp.configOnly()).not.toBe(config);
    sqlite.close();
  });

  test('D67 a charged call → cached team and account show the new fees, the list-page stamp moves', () => {
    temp = openTempStore();
    const { team, account } = seedTeam(temp.store, 'fees');
    expect(temp.store.teams.find(team.id)!.currentFeesE4).toBe(0);
    expect(temp.store.accounts.find(account.id)!.currentFeesE4).toBe(0);
    const before = temp.store.changeStamp();
    temp.store.billing.applyCharge({
      callId: 'call-1',
      teamId: team.id,
      accountId: account.id,
      extensionChargeE4: 12_000,
      teamCostE4: 5_000,
      systemCostE4: 1_000,
      extensionRateId: null,
      teamRateId: null,
      systemRateId: null,
    });
    expect(temp.store.changeStamp()).not.toBe(before);
    expect(temp.store.teams.find(team.id)!.currentFeesE4).toBe(12_000);
    expect(temp.store.teams.list().find((t) => t.id === team.id)!.currentFeesE4).toBe(12_000);
    expect(temp.store.accounts.find(account.id)!.currentFeesE4).toBe(12_000);
    const charge = temp.store.billing.findCharge('call-1')!;
    expect(charge.createdAt).toBeInstanceOf(Date);
    expect(Number.isFinite(charge.createdAt.getTime())).toBe(true);
  });
});
