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

describe('migration grp5_member_outbound on a real SQLite file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('GRP-5 GRP-14 members stored before it → kept, outboundAttribute null, canDeleteErrorCallData false', () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-member-migration-'));
    // The migrations as they were before this one.
    const before = join(dir, 'migrations');
    cpSync(fileURLToPath(new URL('./migrations', import.meta.url)), before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
      entries: Array<{ idx: number; tag: string }>;
    };
    const own = journal.entries.find((e) => e.tag.endsWith('_grp5_member_outbound'));
    if (own === undefined) throw new Error('migration grp5_member_outbound not in the journal');
    journal.entries = journal.entries.filter((e) => e.idx < own.idx);
    writeFileSync(journalPath, JSON.stringify(journal));
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const sqlite = new Database(join(dataDir, STORE_FILE));
    migrate(drizzle({ client: sqlite }), { migrationsFolder: before });
    const now = Date.UTC(2026, 0, 1);
    sqlite.exec(
      `INSERT INTO teams (id, uid, name, created_at, updated_at) VALUES (1, 'old', 'Old', ${now}, ${now});
       INSERT INTO accounts (id, team_id, username, account_type, password_hash, created_at, updated_at)
         VALUES (1, 1, 'u', 'user', 'x', ${now}, ${now});
       INSERT INTO agents (id, team_id, account_id, agent_no, password_hash, created_at, updated_at)
         VALUES (1, 1, 1, '8001', 'x', ${now}, ${now});
       INSERT INTO agent_groups (id, team_id, name, outbound_attribute, created_at, updated_at)
         VALUES (1, 1, 'G', 'restricted', ${now}, ${now});
       INSERT INTO agent_group_members (group_id, agent_id, priority, is_group_admin, membership_type, work_mode)
         VALUES (1, 1, 5, 1, 'dynamic', 'inbound');`,
    );
    sqlite.close();

    const store = openStore({ dataDir, clock: new FakeClock(now) });
    try {
      expect(store.agentGroups.find(1)).toMatchObject({
        outboundAttribute: 'restricted',
        members: [
          {
            agentId: 1,
            priority: 5,
            isGroupAdmin: true,
            membershipType: 'dynamic',
            workMode: 'inbound',
            outboundAttribute: null,
            canDeleteErrorCallData: false,
          },
        ],
      });
    } finally {
      store.close();
    }
  });
});
