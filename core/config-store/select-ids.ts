import type { SQL } from 'drizzle-orm';
import { asc } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { StoreDb } from './store-context.ts';

/**
 * The ids of `table`'s rows matching `where`, ascending: how the search
 * fields that name another table's row (团队名称, 用户名, 设备名称…) are
 * resolved before a list is paged.
 */
export function selectIds(
  db: StoreDb,
  table: SQLiteTable,
  id: SQLiteColumn,
  where: SQL | undefined,
): number[] {
  return db
    .select({ id })
    .from(table)
    .where(where)
    .orderBy(asc(id))
    .all()
    .map((row) => row.id as number);
}
