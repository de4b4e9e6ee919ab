import { z } from 'zod';
import { ValidationError } from '../../../core/index.ts';
import { textContains, type StrictBounds } from '../../../core/config-store/index.ts';

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

/** The query key suffixes of the operators beside `=` (D101, D106). */
const CONTAINS_SUFFIX = 'Contains';
const EMPTY_SUFFIX = 'Empty';
const GREATER_SUFFIX = 'Gt';
const LESS_SUFFIX = 'Lt';
const OPERATOR_SUFFIXES = [CONTAINS_SUFFIX, EMPTY_SUFFIX, GREATER_SUFFIX, LESS_SUFFIX];

function unwrapOptional(schema: unknown): unknown {
  return schema instanceof z.ZodOptional ? schema.unwrap() : schema;
}

/** Whether a filter takes free text (not an enum, a number or a flag). */
function isTextFilter(schema: unknown): boolean {
  return unwrapOptional(schema) instanceof z.ZodString;
}

/** Whether a filter takes a number (a count, a time in seconds, or an id). */
function isNumberFilter(schema: unknown): boolean {
  const inner = unwrapOptional(schema);
  if (inner instanceof z.ZodNumber) return true;
  // `z.coerce.number().pipe(…)`: a number read then checked again.
  return inner instanceof z.ZodPipe && inner.in instanceof z.ZodNumber;
}

/** A number filter naming another object (`…Id`): a reference, not a quantity. */
const isReference = (key: string) => key.endsWith('Id');

/**
 * The operators of the search panels beside `=` (spec 01/02 §0, spec 03
 * §0: `包含` contains, `空值` is empty, and `>` / `<` on numbers):
 * `<field>Contains` and `<field>Empty` beside each free-text filter,
 * `<field>Empty` beside each reference, `<field>Gt` and `<field>Lt` beside
 * each other number filter.
 */
function operatorSchema(filters: z.ZodRawShape): z.ZodRawShape {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(filters)) {
    const suffix = OPERATOR_SUFFIXES.find((s) => key.endsWith(s));
    if (suffix !== undefined) {
      throw new Error(`list filter ${key} ends with the operator suffix ${suffix}`);
    }
    const empty = () =>
      queryFlag().meta({
        description: `Only rows whose ${key} is empty (true: none or blank) or is set (false)`,
      });
    if (isTextFilter(schema)) {
      shape[`${key}${CONTAINS_SUFFIX}`] = z
        .string()
        .min(1)
        .max(100)
        .optional()
        .meta({ description: `Only rows whose ${key} contains this text (ASCII case ignored)` });
      shape[`${key}${EMPTY_SUFFIX}`] = empty();
    } else if (isNumberFilter(schema)) {
      if (isReference(key)) {
        shape[`${key}${EMPTY_SUFFIX}`] = empty();
        continue;
      }
      const bound = (word: string) =>
        z.coerce
          .number()
          .optional()
          .meta({ description: `Only rows whose ${key} is ${word} than this number` });
      shape[`${key}${GREATER_SUFFIX}`] = bound('greater');
      shape[`${key}${LESS_SUFFIX}`] = bound('less');
    }
  }
  return shape;
}

/**
 * The query schema of a list: `limit`, `cursor`, `sort` (a field, or
 * `-field` for descending), `teamId`, equality filters on the given fields,
 * the other operators beside them (operatorSchema()) and,
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
    ...operatorSchema(filters),
    ...filters,
  });
}

/** A list query's filters by operator (splitFilters()). */
export interface SplitFilters {
  equal: Record<string, unknown>;
  ranges: Record<string, RangeFilter>;
  contains: Record<string, string>;
  /** By field: true for rows where it is null or '', false for the others. */
  empty: Record<string, boolean>;
  compare: Record<string, StrictBounds>;
}

/** The field and operator of a query key with an operator suffix, if it has one. */
function operatorOf(key: string): { field: string; suffix: string } | undefined {
  for (const suffix of OPERATOR_SUFFIXES) {
    if (key.endsWith(suffix) && key.length > suffix.length) {
      return { field: key.slice(0, -suffix.length), suffix };
    }
  }
  return undefined;
}

/**
 * A list query's filters split into equality filters by field, date
 * ranges by the field they bound (RANGE_KEYS), and the other operators by
 * the field they test (`<field>Contains`, `<field>Empty`, `<field>Gt`,
 * `<field>Lt`; listQuerySchema() refuses filters named so); undefined
 * values dropped.
 */
export function splitFilters(filters: Readonly<Record<string, unknown>>): SplitFilters {
  const split: SplitFilters = { equal: {}, ranges: {}, contains: {}, empty: {}, compare: {} };
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    const range = RANGE_KEYS[key];
    if (range !== undefined) {
      const bounds = (split.ranges[range.field] ??= {});
      bounds[range.bound] = String(value);
      continue;
    }
    const operator = operatorOf(key);
    if (operator === undefined) {
      split.equal[key] = value;
    } else if (operator.suffix === CONTAINS_SUFFIX) {
      split.contains[operator.field] = String(value);
    } else if (operator.suffix === EMPTY_SUFFIX) {
      split.empty[operator.field] = value === true;
    } else {
      const bounds = (split.compare[operator.field] ??= {});
      bounds[operator.suffix === GREATER_SUFFIX ? 'gt' : 'lt'] = Number(value);
    }
  }
  return split;
}

/** Whether a row's value counts as empty for `<field>Empty` (as keyset-page.ts decides it in SQL). */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** Whether a row's value lies strictly within `bounds`; a non-number never does. */
function isBetween(value: unknown, bounds: StrictBounds): boolean {
  if (typeof value !== 'number') return false;
  if (bounds.gt !== undefined && !(value > bounds.gt)) return false;
  if (bounds.lt !== undefined && !(value < bounds.lt)) return false;
  return true;
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
 * One page of `items`: filtered by equality, date ranges and the other
 * operators on `filters` (splitFilters()), ordered by the
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
  const { equal, ranges, contains, empty, compare } = splitFilters(filters);
  const active = Object.entries(equal);
  const bounded = Object.entries(ranges);
  const searched = Object.entries(contains);
  const blanks = Object.entries(empty);
  const compared = Object.entries(compare);
  let rows = items.filter((item) => {
    const row = item as Record<string, unknown>;
    return (
      active.every(([key, value]) => row[key] === value) &&
      bounded.every(([field, range]) => isWithin(row[field], range)) &&
      searched.every(([field, text]) => textContains(row[field], text)) &&
      blanks.every(([field, isEmpty]) => isEmptyValue(row[field]) === isEmpty) &&
      compared.every(([field, bounds]) => isBetween(row[field], bounds))
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
