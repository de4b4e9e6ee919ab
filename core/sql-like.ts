import { sql } from 'drizzle-orm';
import type { SQL, SQLWrapper } from 'drizzle-orm';

/*
 * The search panels' 包含 (contains) operator, spec 01/02 §0: a substring
 * match done by SQLite's LIKE, so that it uses no JavaScript per row. LIKE
 * folds ASCII case only (SQLite lang_expr "The LIKE, GLOB, REGEXP, MATCH,
 * and extract operators"); the in-memory match below does the same so that
 * both paths of a list agree.
 */

/** Strict bounds of a number field, the search panels' `>` and `<` (D106); either may be absent. */
export interface StrictBounds {
  gt?: number | undefined;
  lt?: number | undefined;
}

/** The LIKE pattern matching any text that contains `text`, `%`, `_` and `\` escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `column LIKE pattern ESCAPE '\'`; `pattern` is a containsPattern() or a placeholder for one. */
export function likeContains(column: SQLWrapper, pattern: SQLWrapper | string): SQL {
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

const asciiLower = (text: string): string =>
  text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

/** Whether `value` contains `text` as likeContains() decides it (ASCII case folded). */
export function textContains(value: unknown, text: string): boolean {
  return typeof value === 'string' && asciiLower(value).includes(asciiLower(text));
}
