import Database from 'better-sqlite3';
import { getTableColumns, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { blob, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, describe, expect, test } from 'vitest';
import { jsonObjectSql } from './keyset-json.ts';

const things = sqliteTable('things', {
  id: integer('id').primaryKey(),
  name: text('name'),
  isOn: integer('is_on', { mode: 'boolean' }),
  at: integer('at', { mode: 'timestamp_ms' }),
  atSeconds: integer('at_seconds', { mode: 'timestamp' }),
  data: text('data', { mode: 'json' }),
  price: real('price'),
  raw: blob('raw'),
});

describe('jsonObjectSql', () => {
  const client = new Database(':memory:');
  afterAll(() => client.close());
  client.exec(
    'CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, is_on INTEGER, at INTEGER, at_seconds INTEGER, data TEXT, price REAL, raw BLOB)',
  );
  const db = drizzle(client);
  const columns = getTableColumns(things);
  const json = (fields: string[]): unknown => {
    const text = jsonObjectSql(columns, fields)!;
    const row = db.get<{ j: string }>(sql`SELECT ${text} AS j FROM things`);
    return JSON.parse(row.j);
  };

  test.each([0, 999, 1_000, 1_764_230_400_123, -1, -1_001, 253_402_300_799_999])(
    'a time stamp of %i ms → what toISOString() writes',
    (ms) => {
      client.prepare('DELETE FROM things').run();
      client.prepare('INSERT INTO things (id, at) VALUES (1, ?)').run(ms);
      expect(json(['at'])).toEqual({ at: new Date(ms).toISOString() });
    },
  );

  test('booleans, nulls, text and JSON columns → the values the row holds, in field order', () => {
    client.prepare('DELETE FROM things').run();
    client
      .prepare('INSERT INTO things (id, name, is_on, data) VALUES (1, ?, 0, ?)')
      .run('a "b" \\ é', JSON.stringify({ k: [1, true, null] }));
    const text = JSON.stringify(json(['name', 'isOn', 'at', 'data', 'id']));
    expect(text).toBe(
      '{"name":"a \\"b\\" \\\\ é","isOn":false,"at":null,"data":{"k":[1,true,null]},"id":1}',
    );
  });

  test('a field that is no column, or a column whose JSON is not certain (seconds, real, blob) → undefined', () => {
    expect(jsonObjectSql(columns, ['id', 'nope'])).toBeUndefined();
    expect(jsonObjectSql(columns, ['atSeconds'])).toBeUndefined();
    expect(jsonObjectSql(columns, ['price'])).toBeUndefined();
    expect(jsonObjectSql(columns, ['raw'])).toBeUndefined();
    expect(jsonObjectSql(columns, [])).toBeUndefined();
  });

  test('more fields than SQLite takes arguments → undefined', () => {
    expect(
      jsonObjectSql(
        columns,
        Array.from({ length: 64 }, () => 'id'),
      ),
    ).toBeUndefined();
  });
});
