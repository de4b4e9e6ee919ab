import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  or,
  sql,
} from 'drizzle-orm';
import type { Placeholder, SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { ValidationError } from '../index.ts';
import { containsPattern, likeContains, type StrictBounds } from '../sql-like.ts';
import { jsonObjectSql } from './keyset-json.ts';
import { matchQuery, searchTerm, type SearchIndex } from './search-index.ts';
import { PreparedPage, clientOf } from './prepared-page.ts';
import type { KeysetJsonRow, Selection } from './prepared-page.ts';
import type { StoreDb } from './store-context.ts';

export type { KeysetJsonRow } from './prepared-page.ts';

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
  /** Inclusive bounds by row field, as the API shows the values (ISO times for dates). */
  ranges?: Readonly<Record<string, { from?: unknown; to?: unknown }>> | undefined;
  /** Substrings by text field (the search panels' 包含), ASCII case folded. */
  contains?: Readonly<Record<string, string>> | undefined;
  /** By field: true for rows where it is null (or '' for text), false for the others (空值). */
  empty?: Readonly<Record<string, boolean>> | undefined;
  /** Strict bounds by number field (the panels' `>` and `<`). */
  compare?: Readonly<Record<string, StrictBounds>> | undefined;
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
  /** The trigram index narrowing its substring filters, where it has one (D110). */
  search?: SearchIndex | undefined;
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

/**
 * What a page's statement depends on besides its bound values: the sort,
 * the equality filters, the filters on null, the range bounds
 * (`field>=` or `field<=`), the substring filters, the emptiness tests
 * (`field=empty` or `field=set`) and the strict bounds (`field>` or
 * `field<`).
 */
interface PageShape {
  sortField: string;
  isDescending: boolean;
  filters: string[];
  nulls: string[];
  ranges: string[];
  contains: string[];
  /** The substring filters the source's search index narrows first (D110). */
  indexed: string[];
  empty: string[];
  compare: string[];
}

/** `column` is null (or '' for text), or is neither: the panels' 空值 (D106). */
function emptyTerm(column: SQLiteColumn, isEmpty: boolean): SQL | undefined {
  if (column.dataType !== 'string') return isEmpty ? isNull(column) : isNotNull(column);
  return isEmpty ? or(isNull(column), eq(column, '')) : and(isNotNull(column), ne(column, ''));
}

/** Prepared statements per connection, source and query shape. */
const statements = new WeakMap<StoreDb, WeakMap<KeysetSource, Map<string, PreparedPage>>>();

function prepare(
  db: StoreDb,
  source: KeysetSource,
  columns: Selection,
  shape: PageShape,
  hasTeam: boolean,
  after: 'none' | 'null' | 'value',
  json?: { readonly key: string; readonly text: SQL },
): PreparedPage {
  let bySource = statements.get(db);
  if (bySource === undefined) statements.set(db, (bySource = new WeakMap()));
  let byShape = bySource.get(source);
  if (byShape === undefined) bySource.set(source, (byShape = new Map()));
  const key = JSON.stringify([shape, hasTeam, after, json?.key]);
  const cached = byShape.get(key);
  if (cached !== undefined) return cached;
  const sortColumn = columns[shape.sortField]!;
  const terms: Array<SQL | undefined> = [
    ...shape.filters.map((field) => eq(columns[field]!, p(`f_${field}`))),
    ...shape.nulls.map((field) => isNull(columns[field]!)),
    ...shape.ranges.map((bound) => {
      const field = bound.slice(0, -2);
      return bound.endsWith('>=')
        ? gte(columns[field]!, p(`r_${field}_from`))
        : lte(columns[field]!, p(`r_${field}_to`));
    }),
    ...shape.contains.map((field) => likeContains(columns[field]!, p(`c_${field}`))),
    ...shape.indexed.map((field) => searchTerm(source.search!, source.id, p(`m_${field}`))),
    ...shape.empty.map((test) => {
      const [field, state] = test.split('=') as [string, string];
      return emptyTerm(columns[field]!, state === 'empty');
    }),
    ...shape.compare.map((bound) => {
      const field = bound.slice(0, -1);
      return bound.endsWith('>')
        ? gt(columns[field]!, p(`g_${field}`))
        : lt(columns[field]!, p(`l_${field}`));
    }),
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
  // Drizzle writes the SQL, selecting the columns in selection order. A
  // JSON page selects what its caller needs as values (KeysetJsonRow) and
  // its row text last.
  const teamColumn = columns['teamId'];
  const selection =
    json === undefined
      ? source.selection
      : {
          id: source.id,
          ...(teamColumn === undefined ? {} : { teamId: teamColumn }),
          [shape.sortField]: sortColumn,
        };
  const query = db
    .select(json === undefined ? selection : { ...selection, json: json.text })
    .from(source.table)
    .where(and(...terms))
    .orderBy(...order)
    .limit(p('limit'))
    .toSQL();
  const statement = new PreparedPage(clientOf(db), query, selection);
  byShape.set(key, statement);
  return statement;
}

/** A request's bound values and query shape, or undefined (see selectKeysetPage()). */
interface BoundRequest {
  values: Record<string, unknown>;
  shape: PageShape;
  after: 'none' | 'null' | 'value';
}

function bindRequest(
  columns: Selection,
  request: KeysetPageRequest,
  search: SearchIndex | undefined,
): BoundRequest | undefined {
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
  const ranges: string[] = [];
  for (const [field, range] of Object.entries(request.ranges ?? {})) {
    const column = columns[field];
    if (column === undefined) return undefined;
    for (const [bound, op] of [
      ['from', '>='],
      ['to', '<='],
    ] as const) {
      const value = range[bound];
      if (value === undefined) continue;
      if (!isScalar(value) || value === null) return undefined;
      ranges.push(`${field}${op}`);
      values[`r_${field}_${bound}`] = toDriverValue(column, value);
    }
  }
  const contains: string[] = [];
  const indexed: string[] = [];
  for (const [field, text] of Object.entries(request.contains ?? {})) {
    const column = columns[field];
    // A substring of a number or a JSON column is matched in memory, and so
    // is a text with a NUL: LIKE ends its pattern there.
    if (column === undefined || column.dataType !== 'string' || text.includes('\0')) {
      return undefined;
    }
    contains.push(field);
    values[`c_${field}`] = containsPattern(text);
    // The index narrows the rows (a text of three characters or more); LIKE decides.
    const query = search && matchQuery(search, field, text);
    if (query !== undefined) {
      indexed.push(field);
      values[`m_${field}`] = query;
    }
  }
  const empty: string[] = [];
  for (const [field, isEmpty] of Object.entries(request.empty ?? {})) {
    const column = columns[field];
    // Other kinds of column (JSON, dates, flags) are tested in memory, on
    // the values the API shows.
    if (column === undefined || !['string', 'number'].includes(column.dataType)) return undefined;
    empty.push(`${field}=${isEmpty ? 'empty' : 'set'}`);
  }
  const compare: string[] = [];
  for (const [field, bounds] of Object.entries(request.compare ?? {})) {
    const column = columns[field];
    if (column === undefined || column.dataType !== 'number') return undefined;
    for (const [bound, op, prefix] of [
      ['gt', '>', 'g'],
      ['lt', '<', 'l'],
    ] as const) {
      const value = bounds[bound];
      if (value === undefined) continue;
      compare.push(`${field}${op}`);
      values[`${prefix}_${field}`] = value;
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
    ranges,
    contains,
    indexed,
    empty,
    compare,
  };
  return { values, shape, after };
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
  const bound = bindRequest(columns, request, source.search);
  if (bound === undefined) return undefined;
  const { values, shape, after } = bound;
  const statement = prepare(db, source, columns, shape, request.teamId !== undefined, after);
  const rows = statement.all(values) as T[];
  const hasMore = rows.length > request.limit;
  if (hasMore) rows.pop();
  return { items: rows, hasMore };
}

/** What selectKeysetJsonPage() returns. */
export interface KeysetJsonPage {
  rows: KeysetJsonRow[];
  hasMore: boolean;
}

/** Per source and field list: its json_object(), or null where it has none. */
const jsonTexts = new WeakMap<KeysetSource, Map<string, { key: string; text: SQL } | null>>();

/**
 * The json_object() of `fields` for `source`, built once: only of the
 * source's selection, so that secret columns never reach the JSON.
 */
function jsonTextOf(
  source: KeysetSource,
  fields: readonly string[],
): { key: string; text: SQL } | undefined {
  let bySource = jsonTexts.get(source);
  if (bySource === undefined) jsonTexts.set(source, (bySource = new Map()));
  const key = fields.join(',');
  let json = bySource.get(key);
  if (json === undefined) {
    const text = jsonObjectSql(source.selection, fields);
    json = text === undefined ? null : { key, text };
    bySource.set(key, json);
  }
  return json ?? undefined;
}

/**
 * selectKeysetPage() with each row written as JSON by SQLite: the object
 * of `jsonFields` in that order, as the API shows it (keyset-json.ts).
 * Undefined where selectKeysetPage() is, and when a field is no column
 * or has no certain JSON form; the caller then takes the object path.
 */
export function selectKeysetJsonPage(
  db: StoreDb,
  source: KeysetSource,
  request: KeysetPageRequest,
  jsonFields: readonly string[],
): KeysetJsonPage | undefined {
  const columns = getTableColumns(source.table) as Selection;
  const json = jsonTextOf(source, jsonFields);
  const bound = json && bindRequest(columns, request, source.search);
  if (json === undefined || bound === undefined) return undefined;
  const { values, shape, after } = bound;
  const hasTeam = request.teamId !== undefined;
  const rows = prepare(db, source, columns, shape, hasTeam, after, json).json(values);
  const hasMore = rows.length > request.limit;
  if (hasMore) rows.pop();
  return { rows, hasMore };
}
