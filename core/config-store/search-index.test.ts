import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { createLogger } from '../logger.ts';
import { textContains } from '../sql-like.ts';
import { openStore, STORE_FILE } from './open-store.ts';
import { SEARCH_INDEXES, matchQuery } from './search-index.ts';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore | undefined;

afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

/** Runs FTS5's integrity-check of every search index against its source table (FTS5 §6.7). */
function checkIndexes(dataDir: string): void {
  const db = new Database(join(dataDir, STORE_FILE));
  try {
    for (const { table } of Object.values(SEARCH_INDEXES)) {
      db.prepare(`INSERT INTO "${table}"("${table}", rank) VALUES ('integrity-check', 1)`).run();
    }
  } finally {
    db.close();
  }
}

/** The 'search index built' lines a store open logs. */
function builtOnOpen(dataDir: string): string[] {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  openStore({ dataDir, logger }).close();
  return lines
    .map((line) => JSON.parse(line) as { msg: string; index?: string })
    .filter((entry) => entry.msg === 'search index built')
    .map((entry) => entry.index!);
}

const base = { limit: 100, sortField: 'id', isDescending: false, filters: {} };

describe('matchQuery()', () => {
  test('when the text has three characters or more → one phrase on the field’s column, quotes doubled', () => {
    expect(matchQuery(SEARCH_INDEXES.extensions, 'internalNumber', '137')).toBe(
      'internal_number : "137"',
    );
    expect(matchQuery(SEARCH_INDEXES.extensions, 'name', 'a "b" OR c')).toBe(
      'name : "a ""b"" OR c"',
    );
  });

  test('when the text is shorter than a trigram, has a NUL or the field is not indexed → undefined (LIKE alone)', () => {
    expect(matchQuery(SEARCH_INDEXES.extensions, 'name', 'ab')).toBeUndefined();
    // Two UTF-16 units, one character.
    expect(matchQuery(SEARCH_INDEXES.extensions, 'name', '𠀀')).toBeUndefined();
    expect(matchQuery(SEARCH_INDEXES.extensions, 'callerName', 'abc')).toBeUndefined();
    // The FTS5 query parser would end the string there.
    expect(matchQuery(SEARCH_INDEXES.extensions, 'name', 'a\0bc')).toBeUndefined();
  });
});

describe('search indexes (D110)', () => {
  test('when a page asks a substring of three characters or more → exactly the rows textContains() keeps', () => {
    temp = openTempStore();
    const { team, account } = seedTeam(temp.store, 'alpha', { maxExtensions: 100 });
    // Case pairs beyond ASCII (the index folds them, LIKE does not),
    // LIKE's wildcards, quotes and FTS5 query words.
    const names = [
      '50% off',
      'a_b_c',
      'Élan vital',
      'élan VITAL',
      'say "hi"',
      'x OR y',
      '分机一号',
    ];
    names.forEach((name, i) =>
      temp!.store.extensions.create({
        teamId: team.id,
        accountId: account.id,
        internalNumber: String(1000 + i),
        name,
        callerNumber: i % 2 === 0 ? null : `0755${i}${i}${i}`,
      }),
    );
    const rows = temp.store.extensions.list(team.id);
    const request = { ...base, teamId: team.id };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom('ÉLAN', 'élan', 'lan', 'VITAL', '% o', '_b_', '"hi"', 'x OR', '分机一'),
          fc.string({ minLength: 3, maxLength: 5 }),
          fc.string({ unit: 'binary', minLength: 3, maxLength: 5 }),
        ),
        (text) => {
          const page = temp!.store.extensions.page({ ...request, contains: { name: text } });
          // LIKE would end its pattern at a NUL: the caller matches in memory.
          if (text.includes('\0')) {
            expect(page).toBeUndefined();
            return;
          }
          const expected = rows.filter((r) => textContains(r.name, text)).map((r) => r.id);
          expect(page!.items.map((r) => r.id)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
    const byNumber = temp.store.extensions.pageJson(
      { ...request, contains: { callerNumber: '5533', internalNumber: '100' } },
      ['id'],
    )!;
    expect(byNumber.rows.map((r) => r.fields['id'])).toEqual([rows[3]!.id]);
  });

  test('when rows are updated and deleted → the index follows them and stays whole', () => {
    temp = openTempStore();
    const { team, account } = seedTeam(temp.store, 'alpha', { maxExtensions: 100 });
    const created = temp.store.extensions.createRange({
      teamId: team.id,
      accountId: account.id,
      firstNumber: 2000,
      lastNumber: 2049,
    });
    temp.store.extensions.update(created[7]!.id, { internalNumber: '7777', name: 'renamed one' });
    temp.store.extensions.delete(created[8]!.id);
    const request = { ...base, teamId: team.id };
    const search = (field: string, text: string) =>
      temp!.store.extensions
        .page({ ...request, contains: { [field]: text } })!
        .items.map((r) => r.internalNumber);
    expect(search('internalNumber', '2007')).toEqual([]);
    expect(search('internalNumber', '777')).toEqual(['7777']);
    expect(search('name', 'renamed')).toEqual(['7777']);
    expect(search('internalNumber', '2008')).toEqual([]);
    expect(search('internalNumber', '204')).toHaveLength(10);
    checkIndexes(temp.dataDir);
  });

  test('when the store opens again → nothing is rebuilt; when a trigger went missing → rebuilt with the rows written meanwhile', () => {
    temp = openTempStore();
    const { team, account } = seedTeam(temp.store, 'alpha');
    const extension = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '4321',
      name: 'desk',
    });
    temp.store.close();
    expect(builtOnOpen(temp.dataDir)).toEqual([]);
    // What a migration rebuilding a table would leave: no triggers, rows written without them.
    const db = new Database(join(temp.dataDir, STORE_FILE));
    db.exec('DROP TRIGGER search_index_extensions_update');
    db.exec('DROP TRIGGER search_index_dids_insert');
    db.prepare("UPDATE extensions SET name = 'written without trigger' WHERE id = ?").run(
      extension.id,
    );
    db.close();
    expect(builtOnOpen(temp.dataDir).sort()).toEqual([
      SEARCH_INDEXES.dids.table,
      SEARCH_INDEXES.extensions.table,
    ]);
    const store = temp.reopen();
    const found = store.extensions.page({
      ...base,
      teamId: team.id,
      contains: { name: 'without' },
    })!;
    expect(found.items.map((r) => r.internalNumber)).toEqual(['4321']);
    checkIndexes(temp.dataDir);
  });

  test('when a team’s other lists are searched → their indexes find their rows too', () => {
    temp = openTempStore();
    const { team, account } = seedTeam(temp.store, 'alpha');
    temp.store.accounts.update(account.id, { firstName: 'Zhang', lastName: 'Wei' });
    const extension = temp.store.extensions.create({
      teamId: team.id,
      accountId: account.id,
      internalNumber: '8001',
      name: 'desk',
    });
    temp.store.dids.create({
      teamId: team.id,
      number: '075512345678',
      destinationType: 'extension',
      destinationId: extension.id,
    });
    const request = { ...base, teamId: team.id };
    expect(
      temp.store.accounts.page({ ...request, contains: { lastName: 'WEI' } })!.items,
    ).toHaveLength(1);
    expect(temp.store.accounts.page({ ...request, contains: { firstName: 'wei' } })!.items).toEqual(
      [],
    );
    expect(
      temp.store.dids
        .page({ ...request, contains: { number: '1234' } })!
        .items.map((d) => d.number),
    ).toEqual(['075512345678']);
    checkIndexes(temp.dataDir);
  });
});
