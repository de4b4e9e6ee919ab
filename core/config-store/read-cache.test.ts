import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { InvalidStateError } from '../index.ts';
import { OTHER_CONNECTION_LAG_MS, STORE_FILE } from './open-store.ts';
import { ReadCache } from './read-cache.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

describe('ReadCache', () => {
  test('get() when the stamp is unchanged → reads once', () => {
    let reads = 0;
    const cache = new ReadCache(
      () => 1,
      () => false,
    );
    const read = () => ({ n: ++reads });
    expect(cache.get('k', read)).toEqual({ n: 1 });
    expect(cache.get('k', read)).toEqual({ n: 1 });
    expect(reads).toBe(1);
  });

  test('get() when the stamp moves → reads again', () => {
    let stamp = 1;
    let reads = 0;
    const cache = new ReadCache(
      () => stamp,
      () => false,
    );
    cache.get('k', () => ({ n: ++reads }));
    stamp = 2;
    expect(cache.get('k', () => ({ n: ++reads }))).toEqual({ n: 2 });
  });

  test('get() when inside a transaction → reads every time and keeps nothing', () => {
    let isInTransaction = true;
    let reads = 0;
    const cache = new ReadCache(
      () => 1,
      () => isInTransaction,
    );
    cache.get('k', () => ({ n: ++reads }));
    cache.get('k', () => ({ n: ++reads }));
    isInTransaction = false;
    expect(cache.get('k', () => ({ n: ++reads }))).toEqual({ n: 3 });
  });

  test('get() when the value is absent → keeps the miss too', () => {
    let reads = 0;
    const cache = new ReadCache(
      () => 1,
      () => false,
    );
    const read = (): { n: number } | undefined => void reads++;
    expect(cache.get('k', read)).toBeUndefined();
    expect(cache.get('k', read)).toBeUndefined();
    expect(reads).toBe(1);
  });

  test('get() when a caller changes the row it got → throws, and the next caller reads the stored one', () => {
    const cache = new ReadCache(
      () => 1,
      () => false,
    );
    const first = cache.get('k', () => [{ name: 'a' }])!;
    expect(() => {
      first[0]!.name = 'changed';
    }).toThrow(TypeError);
    expect(() => first.push({ name: 'c' })).toThrow(TypeError);
    expect(cache.get('k', () => [{ name: 'b' }])).toEqual([{ name: 'a' }]);
  });

  test('get() when inside a transaction → the caller gets a row of its own, not frozen', () => {
    const cache = new ReadCache(
      () => 1,
      () => true,
    );
    const row = cache.get('k', () => ({ name: 'a' }))!;
    row.name = 'changed';
    expect(row.name).toBe('changed');
  });

  test('get() when full → starts over instead of growing', () => {
    let reads = 0;
    const cache = new ReadCache(
      () => 1,
      () => false,
      2,
    );
    for (const key of ['a', 'b', 'c', 'a']) cache.get(key, () => ({ n: ++reads }));
    expect(reads).toBe(4);
  });
});

describe('config store lookups through the read cache', () => {
  test('extensions.find() when the extension is updated → returns the new value', () => {
    temp = openTempStore();
    const { team, account } = seedTeam(temp.store, 'rc1');
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      name: 'Desk',
      internalNumber: '1000',
    });
    expect(temp.store.extensions.find(ext.id)?.name).toBe('Desk');
    temp.store.extensions.update(ext.id, { name: 'Reception' });
    expect(temp.store.extensions.find(ext.id)?.name).toBe('Reception');
  });

  test('teams.find() when another connection changes the row → returns the new value after OTHER_CONNECTION_LAG_MS', async () => {
    temp = openTempStore();
    const { team } = seedTeam(temp.store, 'rc2');
    expect(temp.store.teams.find(team.id)?.name).toBe('Team rc2');
    const other = new Database(join(temp.dataDir, STORE_FILE));
    try {
      other.prepare("UPDATE teams SET name = 'Elsewhere' WHERE id = ?").run(team.id);
    } finally {
      other.close();
    }
    await new Promise((resolve) => setTimeout(resolve, OTHER_CONNECTION_LAG_MS + 5));
    expect(temp.store.teams.find(team.id)?.name).toBe('Elsewhere');
  });

  test('teams.find() when read in a transaction that rolls back → the rolled-back row is not kept', () => {
    temp = openTempStore();
    const { team } = seedTeam(temp.store, 'rc3');
    expect(() =>
      temp!.store.transaction(() => {
        temp!.store.teams.update(team.id, { name: 'Doomed' });
        expect(temp!.store.teams.find(team.id)?.name).toBe('Doomed');
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(temp.store.teams.find(team.id)?.name).toBe('Team rc3');
  });

  test('teams.find() when the store is closed → InvalidStateError even for a cached row', () => {
    temp = openTempStore();
    const { team } = seedTeam(temp.store, 'rc4');
    temp.store.teams.find(team.id);
    const store = temp.store;
    store.close();
    expect(() => store.teams.find(team.id)).toThrow(InvalidStateError);
  });

  test('internalNumbers.lookup() through the team set → outside numbers miss, a new number is seen at once', () => {
    temp = openTempStore();
    const { team, account } = seedTeam(temp.store, 'rc5');
    const ext = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      name: 'Desk',
      internalNumber: '1000',
    });
    expect(temp.store.internalNumbers.lookup(team.id, '1000')).toMatchObject({
      kind: 'extension',
      ownerId: ext.id,
    });
    for (let i = 0; i < 50; i++) {
      expect(temp.store.internalNumbers.lookup(team.id, `9555010${i}`)).toBeUndefined();
    }
    // A number added later is seen: the write moves the stamp.
    temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      name: 'Lobby',
      internalNumber: '1001',
    });
    expect(temp.store.internalNumbers.lookup(team.id, '1001')?.kind).toBe('extension');
    expect(temp.store.internalNumbers.lookup(team.id, '1002')).toBeUndefined();
    // Inside a transaction the file is read, as for every cached lookup.
    temp.store.transaction(() => {
      expect(temp!.store.internalNumbers.lookup(team.id, '1001')?.kind).toBe('extension');
      expect(temp!.store.internalNumbers.lookup(team.id, '9')).toBeUndefined();
    });
  });
});
