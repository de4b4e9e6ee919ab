import { sql } from 'drizzle-orm';
import { check, integer } from 'drizzle-orm/sqlite-core';

/** createdAt/updatedAt columns, shared by every table. */
export const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull();
/** See createdAt. */
export const updatedAt = () => integer('updated_at', { mode: 'timestamp_ms' }).notNull();
/** A CHECK that a text column holds one of `values`. */
export const enumCheck = (name: string, column: string, values: readonly string[]) =>
  check(name, sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`));
