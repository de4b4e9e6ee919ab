import { isDeepStrictEqual } from 'node:util';
import type {
  KeysetJsonPage,
  KeysetJsonRow,
  KeysetPage,
  KeysetPageRequest,
} from '../../../core/config-store/index.ts';
import { toApi } from './api-shape.ts';
import { decodeCursor, encodeCursor, parseSort, splitFilters } from './list-query.ts';
import type { ListQuery } from './list-query.ts';

/*
 * List pages read in SQL by the repositories' keyset pages. Repositories
 * with a pageJson() have their rows written as JSON by SQLite (core
 * keyset-json.ts): the body is those texts joined, so an uncached page
 * costs one string per row instead of thirty values read and written again. Under vitest every such
 * body is compared with the object path's body for the same request, so
 * each list test of a resource also proves its JSON page.
 */

/** The keyset request of a list query, with the cursor read for its sort. */
export function keysetRequest(
  query: ListQuery,
  filters: Record<string, unknown>,
  teamId: number | undefined,
): KeysetPageRequest {
  const { field, isDescending } = parseSort(query.sort);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort);
  const { equal, ranges, contains, empty, compare } = splitFilters(filters);
  return {
    limit: query.limit,
    sortField: field,
    isDescending,
    after,
    filters: equal,
    ranges,
    contains,
    empty,
    compare,
    teamId,
  };
}

/**
 * A page from the repository's SQL page(), with the same cursor format as
 * paginate() so that a client never sees which path served it. Undefined
 * when the repository cannot answer the query in SQL.
 */
export function pageInSql<E extends { id: number }>(
  page: (request: KeysetPageRequest) => KeysetPage<E> | undefined,
  request: KeysetPageRequest,
  sort: string,
): { items: E[]; nextCursor: string | null } | undefined {
  const result = page(request);
  if (result === undefined) return undefined;
  const last = result.items[result.items.length - 1];
  return { items: result.items, nextCursor: nextCursor(request, sort, result.hasMore, last) };
}

/**
 * The cursor after a page's last row (its sort value as the API shows it,
 * and its id), or null when no rows follow.
 */
function nextCursor(
  request: KeysetPageRequest,
  sort: string,
  hasMore: boolean,
  last: Readonly<Record<string, unknown>> | undefined,
): string | null {
  if (!hasMore || last === undefined) return null;
  return encodeCursor(sort, toApi(last)[request.sortField], last['id'] as number);
}

/** Under vitest, JSON pages are checked against the object path. */
const isTestRun = process.env['VITEST'] !== undefined;

/** A repository's pageJson(): rows of `fields` as JSON, or undefined. */
export type JsonPager = (
  request: KeysetPageRequest,
  fields: readonly string[],
) => KeysetJsonPage | undefined;

/**
 * The body of one page read by `pager`, with the same cursor format as the
 * other paths; undefined when the pager cannot write these fields. Rows
 * failing `isVisible` (a guard on `id`, `teamId` and the sort field; the
 * team scope itself is in the WHERE clause) are left out.
 */
export function jsonPageBody(
  pager: JsonPager,
  fields: readonly string[],
  request: KeysetPageRequest,
  sort: string,
  isVisible: (fields: KeysetJsonRow['fields']) => boolean,
): string | undefined {
  const page = pager(request, fields);
  if (page === undefined) return undefined;
  const texts: string[] = [];
  for (const row of page.rows) if (isVisible(row.fields)) texts.push(row.json);
  const cursor = nextCursor(request, sort, page.hasMore, page.rows[page.rows.length - 1]?.fields);
  return `{"items":[${texts.join(',')}],"nextCursor":${JSON.stringify(cursor)}}`;
}

/**
 * Under vitest, throws unless the JSON page `body` holds the same values as
 * the object path's body for the same request (`objectBody()`); elsewhere
 * does nothing.
 */
export function checkJsonPage(body: string, objectBody: () => string | undefined): void {
  if (!isTestRun) return;
  const expected = objectBody();
  if (expected === undefined || !isDeepStrictEqual(JSON.parse(body), JSON.parse(expected))) {
    throw new Error(`JSON page differs from the object path:\n${body}\n${String(expected)}`);
  }
}
