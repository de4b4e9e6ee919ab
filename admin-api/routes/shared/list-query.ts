import { z } from 'zod';
import { ValidationError } from '../../../core/index.ts';

/** Largest page a client may ask for. */
export const MAX_PAGE = 500;

/** The query every list accepts, before the resource's own filters. */
export interface ListQuery {
  limit: number;
  cursor?: string | undefined;
  sort: string;
  teamId?: number | undefined;
}

/**
 * The query schema of a list: `limit`, `cursor`, `sort` (a field, or
 * `-field` for descending), `teamId`, and equality filters on the given
 * fields. It is strict, so a misspelt filter is a 400 naming it rather than
 * a silently unfiltered list.
 */
export function listQuerySchema<F extends z.ZodRawShape>(
  filters: F,
  sortFields: readonly [string, ...string[]],
) {
  const sorts = sortFields.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z.strictObject({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
    cursor: z.string().max(512).optional(),
    sort: z.enum(sorts).default(sortFields[0]),
    teamId: z.coerce.number().int().positive().optional(),
    ...filters,
  });
}

type Scalar = string | number | boolean | null;

function compareScalars(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return (a as Scalar)! < (b as Scalar)! ? -1 : 1;
}

/**
 * The opaque cursor: base64url of `[sort, value, id]`, the sort it was made
 * for and the last row's sort value (as the API shows it) and id.
 */
export function encodeCursor(sort: string, value: unknown, id: number): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

/** Reads a cursor of encodeCursor(); ERR_VALIDATION on `cursor` if it is not one for `sort`. */
export function decodeCursor(cursor: string, sort: string): { value: unknown; id: number } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed[0] === sort) {
      const [, value, id] = parsed as [string, unknown, unknown];
      if (typeof id === 'number') return { value, id };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw new ValidationError('cursor', 'the cursor is invalid or was made for another sort');
}

/** `name` → ascending by name, `-name` → descending. */
export function parseSort(sort: string): { field: string; isDescending: boolean } {
  const isDescending = sort.startsWith('-');
  return { field: isDescending ? sort.slice(1) : sort, isDescending };
}

/**
 * One page of `items`: filtered by equality on `filters`, ordered by the
 * sort field then id, starting after the cursor. The cursor is keyset style
 * (the last row's sort value and id), so inserts and deletes between pages
 * neither repeat nor skip rows. This is the in-memory fallback for lists
 * whose repository has no SQL page(); crud.ts prefers keyset-page.ts.
 */
export function paginate<T extends { id: number }>(
  items: readonly T[],
  query: ListQuery,
  filters: Record<string, unknown>,
): { items: T[]; nextCursor: string | null } {
  const { field, isDescending } = parseSort(query.sort);
  const valueOf = (item: T) => (item as Record<string, unknown>)[field];
  const direction = isDescending ? -1 : 1;
  const order = (a: T, b: T) => direction * (compareScalars(valueOf(a), valueOf(b)) || a.id - b.id);
  const active = Object.entries(filters).filter(([, v]) => v !== undefined);
  let rows = items.filter((item) =>
    active.every(([key, value]) => (item as Record<string, unknown>)[key] === value),
  );
  rows = [...rows].sort(order);
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor, query.sort);
    const pivot = { id: after.id, [field]: after.value } as unknown as T;
    rows = rows.filter((row) => order(row, pivot) > 0);
  }
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last !== undefined
      ? encodeCursor(query.sort, valueOf(last), last.id)
      : null;
  return { items: page, nextCursor };
}
