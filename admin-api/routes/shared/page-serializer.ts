import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';
import { pageSchema } from './api-shape.ts';

/*
 * List pages skip the zod serializer at run time. A page of 50 extensions
 * went through toApi(), a copy of each item's declared keys and
 * JSON.stringify: a quarter of the CPU of a list request, and half of that
 * was turning Date objects into ISO strings. The types of the values are
 * proven at compile time by each resource's `Expect<Equal<…>>` check in
 * schema.ts, and under vitest every page is also parsed with its zod page
 * schema, so a drift fails the tests instead of costing every request.
 */

/** Under vitest, serialized pages are checked against the page schema. */
const isTestRun = process.env['VITEST'] !== undefined;

/** Two- and three-digit zero-padded numbers, for time stamps. */
const PAD2 = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const DAY_MS = 86_400_000;

/** The `YYYY-MM-DDT` prefix of the last day formatted, since rows share days. */
let cachedDay = Number.NaN;
let cachedDayPrefix = '';

/**
 * `date.toISOString()`, about five times faster: the date part is cached
 * per day and the time part is arithmetic. Dates outside years 0000–9999
 * (whose ISO form has a sign and six digits) take toISOString() itself.
 */
export function isoTimestamp(date: Date): string {
  const ms = date.getTime();
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    const iso = date.toISOString();
    if (iso.length !== 24) return iso;
    cachedDay = day;
    cachedDayPrefix = iso.slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  rest -= seconds * 1000;
  return `${cachedDayPrefix}${PAD2[hours]}:${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[rest]}Z`;
}

/** Printable ASCII but `"` and `\`: JSON.stringify only adds the quotes. */
const PLAIN_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * One value as JSON.stringify writes it, or undefined where JSON.stringify
 * leaves the key out (undefined, functions, symbols).
 */
function jsonValue(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return PLAIN_STRING.test(value) ? `"${value}"` : JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      if (value instanceof Date) {
        return Number.isNaN(value.getTime()) ? 'null' : `"${isoTimestamp(value)}"`;
      }
      return JSON.stringify(value);
  }
}

/** A page of a list as the route handler returns it. */
export interface ListPage {
  items: ReadonlyArray<Readonly<Record<string, unknown>>>;
  nextCursor: string | null;
}

/**
 * A writer of `{ items, nextCursor }` that keeps only `keys` of each item,
 * in that order. Keeping only the declared keys is what protects against
 * leaks: a secret column selected by mistake never leaves. The output is
 * what JSON.stringify gives for the same page with its dates as ISO strings.
 */
export function pageWriter(keys: readonly string[]): (page: ListPage) => string {
  const names = keys.map((key) => JSON.stringify(key));
  return (page) => {
    let out = '{"items":[';
    for (let i = 0; i < page.items.length; i++) {
      const item = page.items[i]!;
      let body = '';
      for (let k = 0; k < keys.length; k++) {
        const text = jsonValue(item[keys[k]!]);
        if (text === undefined) continue;
        body += `${body === '' ? '' : ','}${names[k]}:${text}`;
      }
      out += `${i === 0 ? '' : ','}{${body}}`;
    }
    return `${out}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
  };
}

/**
 * The writer of a list route's 200 body when its entity schema is a plain
 * object; undefined for other schemas, which keep zod's serializer. Items
 * may hold Date objects: they are written as ISO strings, as toApi() would.
 * With `validate` (the default under vitest) each body is also parsed with
 * the page schema, and a mismatch throws.
 */
export function pageBodyWriter(
  entitySchema: z.ZodType,
  validate = isTestRun,
): ((page: ListPage) => string) | undefined {
  if (!(entitySchema instanceof z.ZodObject)) return undefined;
  const write = pageWriter(Object.keys(entitySchema.shape));
  if (!validate) return write;
  const schema = pageSchema(entitySchema);
  return (page) => {
    const body = write(page);
    schema.parse(JSON.parse(body));
    return body;
  };
}

/** pageBodyWriter() as a fastify serializer compiler for the route's 200 response. */
export function pageSerializerCompiler(
  entitySchema: z.ZodType,
  validate = isTestRun,
): FastifySerializerCompiler<unknown> | undefined {
  const write = pageBodyWriter(entitySchema, validate);
  if (write === undefined) return undefined;
  return () => (data) => write(data as ListPage);
}
