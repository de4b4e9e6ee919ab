import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
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

  test('the triggers are TEMP → nothing is left in the file', () => {
    temp = openTempStore();
    const db = new Database(join(temp.dataDir, STORE_FILE), { readonly: true });
    try {
      const n = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger'").get();
      expect((n as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
  });
});
