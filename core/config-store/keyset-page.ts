import {
  Column,
  Placeholder,
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  is,
  isNotNull,
  isNull,
  lt,
  or,
  sql,
} from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database, Statement } from 'better-sqlite3';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { ValidationError } from '../index.ts';
import type { StoreDb } from './store-context.ts';

/** One page of a list, asked of a repository. */
export interface KeysetPageRequest {
  /** Rows wanted; the repository reads one more to learn whether more follow. */
  limit: number;
  /** The row field to order by; ties are broken by id in the same direction. */
  sortField: string;
  isDescending: boolean;
  /** Sort value and id of the last row of the previous page. */
  after?: { value: unknown; id: number } | undefined;
  /** Equality filters by row field; undefined values are ignored. */
  filters: Readonly<Record<string, unknown>>;
  /** Only rows this team may list; undefined lists every team's rows. */
  teamId?: number | undefined;
}

/** What a repository returns for a KeysetPageRequest. */
export interface KeysetPage<T> {
  items: T[];
  hasMore: boolean;
}

/** How a table is paged: its id column, what it selects and its team scope. */
export interface KeysetSource {
  table: SQLiteTable;
  id: SQLiteColumn;
  /** Columns selected, keyed as the row's fields (secret columns left out). */
  selection: Record<string, SQLiteColumn>;
  /** The WHERE term limiting rows to those the team may list. */
  scope(teamId: Placeholder): SQL | undefined;
}

type Scalar = string | number | boolean | null;

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/**
 * A cursor value as bound: the API shows timestamp columns as ISO strings,
 * so the cursor carries one and the comparison needs the stored number.
 */
function toDriverValue(column: SQLiteColumn, value: Scalar): unknown {
  if (value === null) return null;
  if (column.dataType !== 'date') return column.mapToDriverValue(value);
  const date = new Date(value as string);
  if (typeof value !== 'string' || Number.isNaN(date.getTime())) {
    throw new ValidationError('cursor', 'the cursor is invalid or was made for another sort');
  }
  return column.mapToDriverValue(date);
}

const p = (name: string) => sql.placeholder(name);

/**
 * The rows strictly after (value, id) in the order `column, id` ascending
 * or descending. SQLite sorts NULL before every value, so ascending the
 * nulls come first and descending last; the terms below follow that.
 */
function afterTerm(
  column: SQLiteColumn,
  id: SQLiteColumn,
  isDescending: boolean,
  isAfterNull: boolean,
): SQL | undefined {
  const idAfter = isDescending ? lt(id, p('afterId')) : gt(id, p('afterId'));
  if (column === id) return idAfter;
  if (isAfterNull) {
    const sameAndLater = and(isNull(column), idAfter);
    return isDescending ? sameAndLater : or(sameAndLater, isNotNull(column));
  }
  const value = p('afterValue');
  const beyond = isDescending ? or(lt(column, value), isNull(column)) : gt(column, value);
  return or(beyond, and(eq(column, value), idAfter));
}

/** Columns selected, keyed by row field. */
type Selection = Record<string, SQLiteColumn>;

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

/** A page query run on better-sqlite3 directly, rows read as arrays. */
class PreparedPage {
  readonly #statement: Statement<unknown[], unknown[]>;
  /** Per bound parameter: a placeholder's name, or the literal value. */
  readonly #params: ReadonlyArray<{ name: string } | { value: unknown }>;
  readonly #build: RowBuilder;
  readonly #decoders: ReadonlyArray<(value: unknown) => unknown>;

  constructor(client: Database, query: { sql: string; params: unknown[] }, columns: Selection) {
    this.#statement = client.prepare<unknown[], unknown[]>(query.sql).raw(true);
    this.#params = query.params.map((param) =>
      is(param, Placeholder) ? { name: param.name } : { value: param },
    );
    ({ build: this.#build, decoders: this.#decoders } = compileRowBuilder(columns));
  }

  all(values: Readonly<Record<string, unknown>>): Array<Record<string, unknown>> {
    const params = this.#params.map((param) =>
      'name' in param ? values[param.name] : param.value,
    );
    const rows = this.#statement.all(...params);
    const out = new Array<Record<string, unknown>>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.#build(rows[i]!, this.#decoders);
    return out;
  }
}

/** The better-sqlite3 connection under a drizzle handle. */
function clientOf(db: StoreDb): Database {
  const client = (db as StoreDb & { $client?: Database }).$client;
  if (client === undefined) throw new TypeError('the store handle has no better-sqlite3 client');
  return client;
}

/** Prepared statements per connection, source and query shape. */
const statements = new WeakMap<StoreDb, WeakMap<KeysetSource, Map<string, PreparedPage>>>();

function prepare(
  db: StoreDb,
  source: KeysetSource,
  columns: Selection,
  shape: { sortField: string; isDescending: boolean; filters: string[]; nulls: string[] },
  hasTeam: boolean,
  after: 'none' | 'null' | 'value',
): PreparedPage {
  let bySource = statements.get(db);
  if (bySource === undefined) statements.set(db, (bySource = new WeakMap()));
  let byShape = bySource.get(source);
  if (byShape === undefined) bySource.set(source, (byShape = new Map()));
  const key = JSON.stringify([shape, hasTeam, after]);
  const cached = byShape.get(key);
  if (cached !== undefined) return cached;
  const sortColumn = columns[shape.sortField]!;
  const terms: Array<SQL | undefined> = [
    ...shape.filters.map((field) => eq(columns[field]!, p(`f_${field}`))),
    ...shape.nulls.map((field) => isNull(columns[field]!)),
  ];
  if (hasTeam) terms.push(source.scope(p('teamId')));
  if (after !== 'none') {
    terms.push(afterTerm(sortColumn, source.id, shape.isDescending, after === 'null'));
  }
  const direction = shape.isDescending ? desc : asc;
  const order =
    sortColumn === source.id
      ? [direction(source.id)]
      : [direction(sortColumn), direction(source.id)];
  // Drizzle writes the SQL, selecting the columns in selection order.
  const query = db
    .select(source.selection)
    .from(source.table)
    .where(and(...terms))
    .orderBy(...order)
    .limit(p('limit'))
    .toSQL();
  const statement = new PreparedPage(clientOf(db), query, source.selection);
  byShape.set(key, statement);
  return statement;
}

/**
 * Reads one page of a table with keyset paging done by SQLite: the filters
 * and the cursor go into WHERE, ORDER BY sort column then id, LIMIT n + 1.
 * The cost is one index range scan of `limit` rows however deep the page
 * is, where OFFSET or paging in memory reads every row before it. The
 * statement is prepared once per query shape, since building it through
 * drizzle cost more than running it; its rows come from better-sqlite3 as
 * arrays and are built by compileRowBuilder(). Returns undefined when the
 * sort field or a filter names no column of the table, so that the caller
 * can fall back to filtering the hydrated objects.
 */
export function selectKeysetPage<T>(
  db: StoreDb,
  source: KeysetSource,
  request: KeysetPageRequest,
): KeysetPage<T> | undefined {
  const columns = getTableColumns(source.table) as Selection;
  const sortColumn = columns[request.sortField];
  if (sortColumn === undefined) return undefined;
  const values: Record<string, unknown> = { limit: request.limit + 1 };
  const filters: string[] = [];
  const nulls: string[] = [];
  for (const [field, value] of Object.entries(request.filters)) {
    if (value === undefined) continue;
    const column = columns[field];
    if (column === undefined) return undefined;
    if (value === null) {
      nulls.push(field);
    } else {
      filters.push(field);
      values[`f_${field}`] = column.mapToDriverValue(value);
    }
  }
  if (request.teamId !== undefined) values['teamId'] = request.teamId;
  let after: 'none' | 'null' | 'value' = 'none';
  if (request.after !== undefined) {
    const { value, id } = request.after;
    if (!isScalar(value) || !Number.isSafeInteger(id)) {
      throw new ValidationError('cursor', 'the cursor is invalid or was made for another sort');
    }
    after = value === null ? 'null' : 'value';
    values['afterId'] = id;
    if (value !== null) values['afterValue'] = toDriverValue(sortColumn, value);
  }
  const shape = {
    sortField: request.sortField,
    isDescending: request.isDescending,
    filters,
    nulls,
  };
  const statement = prepare(db, source, columns, shape, request.teamId !== undefined, after);
  const rows = statement.all(values) as T[];
  const hasMore = rows.length > request.limit;
  if (hasMore) rows.pop();
  return { items: rows, hasMore };
}
