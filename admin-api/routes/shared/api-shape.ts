import { z } from 'zod';

/*
 * The bridge between the store's rows (drizzle's inferred types) and the
 * zod schemas of the API. Each resource writes its zod object once and
 * derives create, patch and response schemas from it; a compile-time
 * `Expect<Equal<…>>` in its schema.ts then proves the response schema is
 * exactly the repository's type, so a column added to schema.ts without the
 * API following fails `tsc`.
 */

/** A stored row as JSON carries it: Date columns become ISO strings. */
export type ApiShape<T> = { [K in keyof T]: DateAsString<T[K]> };

/** `Date` → `string`, also inside a union such as `Date | null`. */
type DateAsString<V> = V extends Date ? string : V;

/** Exact type equality, for compile-time schema checks. */
export type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Fails to compile unless `T` is `true`. */
export type Expect<T extends true> = T;

/** Converts Date fields to ISO strings, as ApiShape describes. */
export function toApi<T extends object>(row: T): ApiShape<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out as ApiShape<T>;
}

/** An ISO 8601 time stamp as the API returns it. */
export const timestampSchema = z.iso.datetime();

/** createdBy (创建者): who created the object; null when the switch did, or before it was kept. */
export const createdBySchema = z.string().nullable().meta({
  description:
    'The account that created it (创建者); null if the switch or an import without one did',
});

/** A database id. */
export const idSchema = z.int().positive();

/** `:id` path parameter. */
export const idParamsSchema = z.strictObject({ id: z.coerce.number().int().positive() });

/** Optional text columns: null clears them. */
export const optionalText = (max = 255) => z.string().max(max).nullable();

/** The `{ code, message, issues[] }` error body, for the OpenAPI document. */
export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ field: z.string(), message: z.string() })),
});

/** One page of a list. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as ?cursor= for the next page' }),
  });
}
