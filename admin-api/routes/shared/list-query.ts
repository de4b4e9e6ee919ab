import { z } from 'zod';
import { ValidationError } from '../../../core/index.ts';
import { textContains } from '../../../core/config-store/index.ts';

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
 * A yes/no filter of a search panel: `true` or `false` (also `1`/`0`,
 * `yes`/`no`); z.coerce.boolean() would read `false` as true.
 */
export const queryFlag = () => z.stringbool().optional();

/**
 * The date ranges of the manual's search panels (起始时间–结束时间, spec 01
 * and 02 §0): each query key bounds a time field, inclusively.
 */
const RANGE_KEYS: Readonly<Record<string, { field: string; bound: 'from' | 'to' }>> = {
  createdFrom: { field: 'createdAt', bound: 'from' },
  createdTo: { field: 'createdAt', bound: 'to' },
  updatedFrom: { field: 'updatedAt', bound: 'from' },
  updatedTo: { field: 'updatedAt', bound: 'to' },
};

/** Bounds of one time field, as ISO 8601 date-times; either may be absent. */
export interface RangeFilter {
  from?: string | undefined;
  to?: string | undefined;
}

const dateTime = (description: string) =>
  z.iso.datetime({ offset: true }).optional().meta({ description });

/** The range query keys of a list whose entity has these time fields (its sort fields say so). */
function rangeSchema(sortFields: readonly string[]): z.ZodRawShape {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, { field, bound }] of Object.entries(RANGE_KEYS)) {
    if (!sortFields.includes(field)) continue;
    const edge = bound === 'from' ? 'at or after' : 'at or before';
    shape[key] = dateTime(`Only rows whose ${field} is ${edge} this ISO 8601 time`);
  }
  return shape;
}

/** The query key of the 包含 (contains) operator on a text filter. */
const CONTAINS_SUFFIX = 'Contains';

/** Whether a filter takes free text (not an enum, a number or a flag). */
function isTextFilter(schema: unknown): boolean {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  return inner instanceof z.ZodString;
}

/**
 * The search panels' 包含 operator (spec 01/02 §0: each field has an
 * operator, default `=`): `<field>Contains` beside each free-text filter.
 */
function containsSchema(filters: z.ZodRawShape): z.ZodRawShape {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(filters)) {
    if (!isTextFilter(schema)) continue;
    shape[`${key}${CONTAINS_SUFFIX}`] = z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: `Only rows whose ${key} contains this text (ASCII case ignored)` });
  }
  return shape;
}

/**
 * The query schema of a list: `limit`, `cursor`, `sort` (a field, or
 * `-field` for descending), `teamId`, equality filters on the given fields,
 * a `<field>Contains` substring filter beside each free-text one and,
 * where the entity has them (`createdAt`, `updatedAt` among its sort
 * fields), the search panels' date ranges `createdFrom`/`createdTo` and
 * `updatedFrom`/`updatedTo`. It is strict, so a misspelt filter is a 400
 * naming it rather than a silently unfiltered list.
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
    ...rangeSchema(sortFields),
    ...containsSchema(filters),
    ...filters,
  });
}

/**
 * A list query's filters split into equality filters by field, date
 * ranges by the field they bound (RANGE_KEYS) and substrings by the field
 * they search (`<field>Contains`); undefined values dropped.
 */
export function splitFilters(filters: Readonly<Record<string, unknown>>): {
  equal: Record<string, unknown>;
  ranges: Record<string, RangeFilter>;
  contains: Record<string, string>;
} {
  const equal: Record<string, unknown> = {};
  const ranges: Record<string, RangeFilter> = {};
  const contains: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    const range = RANGE_KEYS[key];
    if (range === undefined) {
      const isContains = key.endsWith(CONTAINS_SUFFIX) && key.length > CONTAINS_SUFFIX.length;
      if (isContains) contains[key.slice(0, -CONTAINS_SUFFIX.length)] = String(value);
      else equal[key] = value;
      continue;
    }
    const bounds = (ranges[range.field] ??= {});
    bounds[range.bound] = String(value);
  }
  return { equal, ranges, contains };
}

/** Whether a row's time value (a Date or an ISO string) lies within `range`. */
function isWithin(value: unknown, range: RangeFilter): boolean {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) return false;
  if (range.from !== undefined && ms < Date.parse(range.from)) return false;
  if (range.to !== undefined && ms > Date.parse(range.to)) return false;
  return true;
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
 * One page of `items`: filtered by equality, date ranges and substrings
 * on `filters` (splitFilters()), ordered by the
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
  const { equal, ranges, contains } = splitFilters(filters);
  const active = Object.entries(equal);
  const bounded = Object.entries(ranges);
  const searched = Object.entries(contains);
  let rows = items.filter((item) => {
    const row = item as Record<string, unknown>;
    return (
      active.every(([key, value]) => row[key] === value) &&
      bounded.every(([field, range]) => isWithin(row[field], range)) &&
      searched.every(([field, text]) => textContains(row[field], text))
    );
  });
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
