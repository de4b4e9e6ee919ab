import { Column, Placeholder, is } from 'drizzle-orm';
import type { Database, Statement } from 'better-sqlite3';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { StoreDb } from './store-context.ts';

/*
 * The statement under a keyset page (keyset-page.ts): run on better-sqlite3
 * directly, its rows read as arrays and built into objects by code made
 * once per selection.
 */

/**
 * One row of a JSON page: its JSON object text, and the fields the caller
 * still needs as values: `id`, `teamId` where the table has one (to guard
 * the team scope) and the sort field (for the next cursor).
 */
export interface KeysetJsonRow {
  fields: Record<string, unknown>;
  json: string;
}

/** Columns selected, keyed by row field. */
export type Selection = Record<string, SQLiteColumn>;

/** Builds one row object from the array SQLite returns for it. */
type RowBuilder = (
  values: unknown[],
  decoders: ReadonlyArray<(value: unknown) => unknown>,
) => Record<string, unknown>;

/**
 * A row constructor for `columns`: an object literal with the fields in
 * selection order, so every row gets the same hidden class, and a decoder
 * call only for the columns whose driver value differs from the field
 * value (timestamps, booleans, JSON). Field names come from our schema and
 * are quoted with JSON.stringify. Drizzle's own mapping walked every
 * column of every row through `is()` checks, and better-sqlite3's object
 * rows cost more than arrays plus this: together a third of a list request.
 */
function compileRowBuilder(columns: Selection): {
  build: RowBuilder;
  decoders: Array<(value: unknown) => unknown>;
} {
  const decoders: Array<(value: unknown) => unknown> = [];
  const fields = Object.entries(columns).map(([field, column], index) => {
    const value = `v[${index}]`;
    if (column.mapFromDriverValue === Column.prototype.mapFromDriverValue) {
      return `${JSON.stringify(field)}: ${value}`;
    }
    const decoder = decoders.push((raw) => column.mapFromDriverValue(raw)) - 1;
    return `${JSON.stringify(field)}: ${value} === null ? null : d[${decoder}](${value})`;
  });
  const build = new Function('v', 'd', `return { ${fields.join(', ')} };`) as RowBuilder;
  return { build, decoders };
}

/**
 * A page query run on better-sqlite3 directly, rows read as arrays. The
 * `columns` are built into row objects; a JSON page's query selects one
 * value more, each row's JSON text (see keyset-json.ts), read by json().
 */
export class PreparedPage {
  readonly #statement: Statement<unknown[], unknown[]>;
  /** Per bound parameter: a placeholder's name, or the literal value. */
  readonly #params: ReadonlyArray<{ name: string } | { value: unknown }>;
  readonly #build: RowBuilder;
  readonly #decoders: ReadonlyArray<(value: unknown) => unknown>;
  /** Where a JSON page's row text is in each row array. */
  readonly #jsonAt: number;

  constructor(client: Database, query: { sql: string; params: unknown[] }, columns: Selection) {
    this.#statement = client.prepare<unknown[], unknown[]>(query.sql).raw(true);
    this.#params = query.params.map((param) =>
      is(param, Placeholder) ? { name: param.name } : { value: param },
    );
    ({ build: this.#build, decoders: this.#decoders } = compileRowBuilder(columns));
    this.#jsonAt = Object.keys(columns).length;
  }

  #rows(values: Readonly<Record<string, unknown>>): unknown[][] {
    const params = this.#params.map((param) =>
      'name' in param ? values[param.name] : param.value,
    );
    return this.#statement.all(...params);
  }

  all(values: Readonly<Record<string, unknown>>): Array<Record<string, unknown>> {
    const rows = this.#rows(values);
    const out = new Array<Record<string, unknown>>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.#build(rows[i]!, this.#decoders);
    return out;
  }

  json(values: Readonly<Record<string, unknown>>): KeysetJsonRow[] {
    const rows = this.#rows(values);
    const out = new Array<KeysetJsonRow>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      out[i] = { fields: this.#build(row, this.#decoders), json: row[this.#jsonAt] as string };
    }
    return out;
  }
}

/** The better-sqlite3 connection under a drizzle handle. */
export function clientOf(db: StoreDb): Database {
  const client = (db as StoreDb & { $client?: Database }).$client;
  if (client === undefined) throw new TypeError('the store handle has no better-sqlite3 client');
  return client;
}
