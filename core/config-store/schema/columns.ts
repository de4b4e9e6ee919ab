import { sql } from 'drizzle-orm';
import { check, integer, text } from 'drizzle-orm/sqlite-core';
import { currentActor } from '../actor.ts';

/** createdAt/updatedAt columns, shared by every table. */
export const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull();
/** See createdAt. */
export const updatedAt = () => integer('updated_at', { mode: 'timestamp_ms' }).notNull();
/**
 * createdBy (创建者): the account that created the row, set on insert from
 * the write's actor (actor.ts); null for rows the switch or an older
 * version made.
 */
export const createdBy = () => text('created_by').$defaultFn(() => currentActor() ?? sql`NULL`);
/** A CHECK that a text column holds one of `values`. */
export const enumCheck = (name: string, column: string, values: readonly string[]) =>
  check(name, sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`));
