import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { InvalidStateError } from '../index.ts';
import { openStore, STORE_FILE } from './open-store.ts';
import { SECRET_KEY_FILE } from './secret-box.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));
const migrationFiles = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));

let temp: TempStore | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

function rawCount(dataDir: string, sql: string): number {
  const db = new Database(join(dataDir, STORE_FILE), { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('openStore()', () => {
  test('openStore() when the data dir is empty → applies every migration and sets the pragmas', () => {
    temp = openTempStore();
    const db = new Database(join(temp.dataDir, STORE_FILE));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all()
        .map((r) => (r as { name: string }).name);
      for (const name of [
        'accounts',
        'dids',
        'extensions',
        'internal_numbers',
        'outbound_routes',
        'settings',
        'teams',
        'trunks',
      ]) {
        expect(tables).toContain(name);
      }
      const applied = db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get();
      expect(applied).toEqual({ n: migrationFiles.length });
    } finally {
      db.close();
    }
  });

  test('openStore() when opened → enforces foreign keys on its own connection', () => {
    temp = openTempStore();
    expect(() =>
      temp!.store.extensions.create({ teamId: 999, accountId: 999, internalNumber: '100' }),
    ).toThrow(/team 999 not found/);
  });

  test('openStore() when the store exists → keeps the data and applies nothing twice', () => {
    temp = openTempStore();
    const { team } = seedTeam(temp.store, 'acme');
    temp.store.extensions.create({ teamId: team.id, accountId: 1, internalNumber: '100' });
    const store = temp.reopen();
    temp.reopen();
    expect(temp.store.teams.findByUid('acme')?.id).toBe(team.id);
    expect(temp.store.extensions.findByNumber(team.id, '100')).toBeDefined();
    expect(store.isOpen).toBe(false);
    temp.store.close();
    expect(rawCount(temp.dataDir, 'SELECT count(*) AS n FROM __drizzle_migrations')).toBe(
      migrationFiles.length,
    );
  });

  test('openStore() when first opened → creates a 32-byte secret.key and a db readable by the owner only', () => {
    temp = openTempStore();
    const keyPath = join(temp.dataDir, SECRET_KEY_FILE);
    expect(readFileSync(keyPath)).toHaveLength(32);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(temp.dataDir, STORE_FILE)).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyPath);
    temp.reopen();
    expect(readFileSync(keyPath).equals(key)).toBe(true);
  });

  test('ConfigStore.close() when called twice → is a no-op, and later use throws InvalidStateError', () => {
    temp = openTempStore();
    const { store } = temp;
    store.close();
    expect(() => store.close()).not.toThrow();
    expect(() => store.teams.list()).toThrow(InvalidStateError);
    expect(() => store.extensions.findSipCredentialsByDomain('a.b', '1')).toThrow(
      InvalidStateError,
    );
  });

  test('ConfigStore.transaction() when the function throws → rolls back every write in it', () => {
    temp = openTempStore();
    const { store } = temp;
    expect(() =>
      store.transaction(() => {
        seedTeam(store, 'rolled');
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(store.teams.findByUid('rolled')).toBeUndefined();
    expect(store.accounts.list()).toEqual([]);
  });

  test('openStore() when the previous process was SIGKILLed after a commit → reopens with the committed data', async () => {
    temp = openTempStore();
    temp.store.close();
    const moduleUrl = new URL('./index.ts', import.meta.url).href;
    const script = `
      import { openStore } from ${JSON.stringify(moduleUrl)};
      const store = openStore({ dataDir: ${JSON.stringify(temp.dataDir)} });
      store.teams.create({ uid: 'survivor', name: 'Survivor', sipDomain: 'survivor.test' });
      process.stdout.write('committed\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('committed')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const store = openStore({ dataDir: temp.dataDir });
    temp.store = store;
    expect(store.teams.findBySipDomain('survivor.test')?.uid).toBe('survivor');
    const db = new Database(join(temp.dataDir, STORE_FILE), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
