import type { Database } from 'better-sqlite3';
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { SQL, SQLWrapper } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Logger } from '../index.ts';
import { accounts, agents, callerListEntries, dids, extensions } from './schema.ts';

/*
 * Trigram indexes for the search panels' 包含 (contains, D101) on the lists
 * that grow to thousands of rows (D110). A LIKE '%text%' cannot use a
 * B-tree index, so a rare text read every row of a team's list; an FTS5
 * table with the trigram tokenizer (SQLite "The Trigram Tokenizer", FTS5
 * §4.3.4) finds the rows holding every three-character run of the text
 * instead. The FTS5 table only narrows the rows: its case folding is
 * Unicode's where LIKE folds ASCII only, so it may name a row LIKE would
 * not, never the other way round; the query keeps the LIKE, which decides.
 *
 * The tables are external-content FTS5 tables (FTS5 §4.4.3) kept by
 * triggers on their source tables. They are derived data, so they are made
 * here at every open rather than by a migration: a later migration that
 * rebuilds a source table (drizzle-kit's copy-and-rename) drops its
 * triggers, and the next open puts them back and re-indexes.
 */

/** Every search table and trigger name starts with this (ChangeStamp leaves them alone). */
export const SEARCH_INDEX_PREFIX = 'search_index_';

/** The shortest text a trigram index can look up; shorter texts are matched by LIKE alone. */
export const MIN_INDEXED_LENGTH = 3;

/** A source table's search index. */
export interface SearchIndex {
  /** The FTS5 table. */
  readonly table: string;
  /** The source table and its integer primary key (the FTS5 rowid). */
  readonly contentTable: string;
  readonly idColumn: string;
  /** Row field → column name, in the FTS5 table's column order (the source's names). */
  readonly columns: ReadonlyMap<string, string>;
}

function defineIndex(table: SQLiteTable, fields: readonly string[]): SearchIndex {
  const all = getTableColumns(table) as Record<string, SQLiteColumn>;
  const name = getTableName(table);
  return {
    table: `${SEARCH_INDEX_PREFIX}${name}`,
    contentTable: name,
    idColumn: all['id']!.name,
    columns: new Map(fields.map((field) => [field, all[field]!.name])),
  };
}

/** The indexed text fields of each list, those its search panel offers (spec 01/02 §0). */
export const SEARCH_INDEXES = {
  extensions: defineIndex(extensions, [
    'internalNumber',
    'name',
    'callerNumber',
    'outboundCallerNumber',
  ]),
  dids: defineIndex(dids, ['number']),
  accounts: defineIndex(accounts, ['username', 'firstName', 'lastName']),
  callerListEntries: defineIndex(callerListEntries, ['numberPattern']),
  agents: defineIndex(agents, ['agentNo', 'callerName', 'targetNumber']),
} as const satisfies Record<string, SearchIndex>;

/**
 * The FTS5 query finding rows whose `field` contains `text`, or undefined
 * when the index cannot look the text up (a field it lacks, or fewer than
 * three characters: FTS5 §4.3.4, "substrings of fewer than 3 unicode
 * characters do not match any rows"). A string in double quotes is one
 * phrase whatever it holds; a double quote inside is doubled (FTS5 §3.1).
 * A text with a NUL is left to LIKE.
 */
export function matchQuery(index: SearchIndex, field: string, text: string): string | undefined {
  const column = index.columns.get(field);
  // The FTS5 query parser ends a string at a NUL ("unterminated string").
  if (column === undefined || text.includes('\0')) return undefined;
  if ([...text].length < MIN_INDEXED_LENGTH) return undefined;
  return `${column} : "${text.replaceAll('"', '""')}"`;
}

/** `id IN (rows the index matches)`; `query` is a matchQuery() or a placeholder for one. */
export function searchTerm(index: SearchIndex, id: SQLWrapper, query: SQLWrapper): SQL {
  const fts = sql.identifier(index.table);
  return sql`${id} IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${query})`;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The CREATE statements of an index: its table, then its three triggers by name. */
function schemaOf(index: SearchIndex): { table: string; triggers: Map<string, string> } {
  const fts = quote(index.table);
  const source = quote(index.contentTable);
  const names = [...index.columns.values()].map(quote);
  const list = names.join(', ');
  const values = (row: 'new' | 'old') =>
    [`${row}.${quote(index.idColumn)}`, ...names.map((n) => `${row}.${n}`)].join(', ');
  const add = `INSERT INTO ${fts}(rowid, ${list}) VALUES (${values('new')});`;
  // External content: the old values must be given to take a row out (FTS5 §4.4.3).
  const remove = `INSERT INTO ${fts}(${fts}, rowid, ${list}) VALUES ('delete', ${values('old')});`;
  const trigger = (event: string) => quote(`${index.table}_${event}`);
  return {
    table:
      `CREATE VIRTUAL TABLE ${fts} USING fts5(${list}, content=${source}, ` +
      `content_rowid=${quote(index.idColumn)}, tokenize='trigram')`,
    triggers: new Map([
      [
        `${index.table}_insert`,
        `CREATE TRIGGER ${trigger('insert')} AFTER INSERT ON ${source} BEGIN ${add} END`,
      ],
      [
        `${index.table}_delete`,
        `CREATE TRIGGER ${trigger('delete')} AFTER DELETE ON ${source} BEGIN ${remove} END`,
      ],
      [
        `${index.table}_update`,
        `CREATE TRIGGER ${trigger('update')} AFTER UPDATE OF ${list} ON ${source} BEGIN ${remove} ${add} END`,
      ],
    ]),
  };
}

/**
 * Makes `index` match its definition: creates (or recreates) its table and
 * triggers where they are missing or differ, then rebuilds it from the
 * source table, in one transaction. Returns whether anything was done; an
 * open of a file already in order only reads sqlite_master.
 */
function installIndex(sqlite: Database, index: SearchIndex): boolean {
  const wanted = schemaOf(index);
  const schemaSql = sqlite.prepare<[string, string], string | null>(
    'SELECT sql FROM sqlite_master WHERE type = ? AND name = ?',
  );
  const tableSql = schemaSql.pluck(true).get('table', index.table);
  const isCurrent =
    tableSql === wanted.table &&
    [...wanted.triggers].every(
      ([name, text]) => schemaSql.pluck(true).get('trigger', name) === text,
    );
  if (isCurrent) return false;
  sqlite.transaction(() => {
    for (const name of wanted.triggers.keys()) sqlite.exec(`DROP TRIGGER IF EXISTS ${quote(name)}`);
    if (tableSql !== wanted.table) {
      if (tableSql !== undefined) sqlite.exec(`DROP TABLE ${quote(index.table)}`);
      sqlite.exec(wanted.table);
    }
    for (const text of wanted.triggers.values()) sqlite.exec(text);
    const fts = quote(index.table);
    sqlite.exec(`INSERT INTO ${fts}(${fts}) VALUES ('rebuild')`);
  })();
  return true;
}

/** Brings every search index in order (installIndex()); run after the migrations. */
export function installSearchIndexes(sqlite: Database, logger: Logger): void {
  for (const index of Object.values(SEARCH_INDEXES)) {
    const startedAt = performance.now();
    if (installIndex(sqlite, index)) {
      const ms = Math.round(performance.now() - startedAt);
      logger.info({ index: index.table, ms }, 'search index built');
    }
  }
}
