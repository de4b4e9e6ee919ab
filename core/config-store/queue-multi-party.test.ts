import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, test } from 'vitest';
import { FakeClock } from '../index.ts';
import { openStore, STORE_FILE } from './open-store.ts';
import { openTempStore, seedTeam, type TempStore } from './test-store.ts';

describe('queues.multiParty (Q-19)', () => {
  let dir: string | undefined;
  let temp: TempStore | undefined;
  afterEach(() => {
    temp?.cleanup();
    temp = undefined;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  test('Q-19 queues.create() without multiParty → true (可用 is the default); false is kept', () => {
    temp = openTempStore();
    const teamId = seedTeam(temp.store, 'q19').team.id;
    const on = temp.store.queues.create({ teamId, number: '800', name: 'on' });
    const off = temp.store.queues.create({ teamId, number: '801', name: 'off', multiParty: false });
    expect(temp.store.queues.find(on.id)?.multiParty).toBe(true);
    expect(temp.store.queues.find(off.id)?.multiParty).toBe(false);
    temp.store.queues.update(off.id, { multiParty: true });
    expect(temp.store.queues.find(off.id)?.multiParty).toBe(true);
  });

  test('Q-19 migration 0036 on a store made before it → queues and feature codes kept, multiParty true', () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-q19-migration-'));
    // The migrations as they were before this one.
    const before = join(dir, 'migrations');
    cpSync(fileURLToPath(new URL('./migrations', import.meta.url)), before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
      entries: Array<{ idx: number; tag: string }>;
    };
    const own = journal.entries.find((e) => e.tag.endsWith('_q19_queue_multi_party'));
    if (own === undefined) throw new Error('migration q19_queue_multi_party not in the journal');
    journal.entries = journal.entries.filter((e) => e.idx < own.idx);
    writeFileSync(journalPath, JSON.stringify(journal));
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const sqlite = new Database(join(dataDir, STORE_FILE));
    migrate(drizzle({ client: sqlite }), { migrationsFolder: before });
    const now = Date.UTC(2026, 0, 1);
    sqlite.exec(
      `INSERT INTO teams (id, uid, name, created_at, updated_at) VALUES (1, 'old', 'Old', ${now}, ${now});
       INSERT INTO queues (id, team_id, number, name, max_wait_time_sec, created_at, updated_at)
         VALUES (5, 1, '800', 'support', 90, ${now}, ${now});
       INSERT INTO feature_codes (id, team_id, name, code, note, enabled, created_at, updated_at)
         VALUES (3, 1, 'agent-consult', '*45', 'mine', 0, ${now}, ${now});`,
    );
    sqlite.close();

    const store = openStore({ dataDir, clock: new FakeClock(now) });
    try {
      expect(store.queues.find(5)).toMatchObject({
        number: '800',
        name: 'support',
        maxWaitTimeSec: 90,
        multiParty: true,
      });
      // The feature-code table was rebuilt for the new name: its rows are kept.
      expect(store.featureCodes.rows(1)).toEqual([
        expect.objectContaining({ id: 3, name: 'agent-consult', code: '*45', enabled: false }),
      ]);
      expect(store.featureCodes.effective(1).find((c) => c.name === 'multi-party')).toMatchObject({
        code: '*53',
        enabled: true,
      });
    } finally {
      store.close();
    }
  });
});
