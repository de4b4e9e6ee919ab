import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/*
 * A list page's rows written as JSON by SQLite itself. Reading 51 rows of
 * 30 columns into JavaScript values and writing them out again as JSON was
 * most of an uncached list request (about 0.3 of its 0.55 ms, and most of
 * its garbage); json_object() builds each row's text in C, so JavaScript
 * gets one string per row. Only column types whose JSON form is certain
 * are written here; any other column makes the caller keep the object path.
 */

/** SQLite takes at most 127 arguments per function call, two per field. */
const MAX_FIELDS = 63;

/** A field name as an SQL string literal (names come from our schemas). */
function literal(name: string): SQL {
  return sql.raw(`'${name.replaceAll("'", "''")}'`);
}

/**
 * How one column's value reads in the API's JSON, or undefined when that
 * is not certain. Booleans are stored as 0/1; time stamps as Unix ms,
 * shown as toISOString() writes them (seconds and milliseconds apart, in
 * integer arithmetic, so no floating-point rounding) for years 0000–9999,
 * which holds every time the switch stamps (created, updated, generated);
 * JSON columns as their JSON.
 */
function jsonValueSql(column: SQLiteColumn): SQL | undefined {
  switch (column.columnType) {
    case 'SQLiteInteger':
    case 'SQLiteText':
      return sql`${column}`;
    case 'SQLiteBoolean':
      return sql`CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} THEN json('true') ELSE json('false') END`;
    case 'SQLiteTimestamp': {
      if ((column as { mode?: string }).mode !== 'timestamp_ms') return undefined;
      // datetime() and string operations: strftime() with a format and
      // printf() cost twice as much per value. The milliseconds are taken
      // modulo 1000 upwards, so that times before 1970 round down as
      // toISOString() does.
      const ms = sql`((${column} % 1000 + 1000) % 1000)`;
      return sql`CASE WHEN ${column} IS NULL THEN NULL ELSE replace(datetime((${column} - ${ms}) / 1000, 'unixepoch'), ' ', 'T') || '.' || substr(${ms} + 1000, 2) || 'Z' END`;
    }
    case 'SQLiteTextJson':
      return sql`json(${column})`;
    default:
      return undefined;
  }
}

/**
 * `json_object('field', value, …)` for `fields` in that order, the columns
 * keyed by field name; undefined when a field is no column or a column's
 * JSON form is not certain (see jsonValueSql()).
 */
export function jsonObjectSql(
  columns: Readonly<Record<string, SQLiteColumn>>,
  fields: readonly string[],
): SQL | undefined {
  if (fields.length === 0 || fields.length > MAX_FIELDS) return undefined;
  const args: SQL[] = [];
  for (const field of fields) {
    const column = columns[field];
    const value = column === undefined ? undefined : jsonValueSql(column);
    if (value === undefined) return undefined;
    args.push(literal(field), value);
  }
  return sql`json_object(${sql.join(args, sql`, `)})`;
}
