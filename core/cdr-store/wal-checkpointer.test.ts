import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { openCdrStore, type NewCdrRecord } from './open-cdr-store.ts';
import { startedCdr } from './test-cdr.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

function row(i: number): NewCdrRecord {
  return startedCdr({ callId: `c${i}`, startedAtMs: i });
}

function walBytes(path: string): number {
  return existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
}

describe('startWalCheckpointer()', () => {
  test('startWalCheckpointer() when the writer commits with autocheckpoint off → a worker backfills the WAL', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sy-wal-')), 'x.db');
    const writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE t (v TEXT)');
    const done: Array<[number, number]> = [];
    const errors: Error[] = [];
    const checkpointer = startWalCheckpointer(path, {
      intervalMs: 20,
      commitsPerCheckpoint: 1_000_000,
      onError: (e) => errors.push(e),
      onCheckpoint: (log, checkpointed) => done.push([log, checkpointed]),
    });
    const insert = writer.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 50; i++) insert.run('x'.repeat(500));
    await expect.poll(() => done.some(([log, cp]) => log > 0 && cp === log)).toBe(true);
    checkpointer.stop();
    writer.close();
    expect(errors).toEqual([]);
  });

  test('noteCommit() when commitsPerCheckpoint commits came → checkpoints without waiting for the timer', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sy-wal-')), 'x.db');
    const writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE t (v TEXT)');
    const done: number[] = [];
    const errors: Error[] = [];
    const checkpointer = startWalCheckpointer(path, {
      intervalMs: 60_000,
      commitsPerCheckpoint: 10,
      onError: (e) => errors.push(e),
      onCheckpoint: (_log, checkpointed) => done.push(checkpointed),
    });
    const insert = writer.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 10; i++) {
      insert.run('y');
      checkpointer.noteCommit();
    }
    await expect.poll(() => done.some((n) => n > 0)).toBe(true);
    checkpointer.stop();
    writer.close();
    expect(errors).toEqual([]);
  });
});

describe('openCdrStore() checkpointing (D59)', () => {
  test('close() when calls were written → every row in the database file, the WAL truncated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-cdr-'));
    const store = openCdrStore(dir, { checkpointIntervalMs: 10 });
    for (let i = 0; i < 200; i++) store.insert(row(i));
    for (let i = 0; i < 100; i++) store.complete(`c${i}`, { endedAtMs: 5, result: 'answered' });
    expect(walBytes(store.path)).toBeGreaterThan(0);
    store.close();
    store.close();
    expect(walBytes(store.path)).toBe(0);
    // Read without the WAL: the database file alone holds every row.
    const reader = new Database(store.path, { readonly: true });
    expect(reader.prepare('SELECT count(*) AS n FROM cdrs').get()).toEqual({ n: 200 });
    reader.close();
  });
});
