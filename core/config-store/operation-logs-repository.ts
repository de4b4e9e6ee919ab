import { and, desc, eq, gte, lt, lte } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { OPERATION_ACTIONS } from './schema.ts';
import { operationLogs } from './schema.ts';
import type { StoreContext } from './store-context.ts';

/** One audit-trail row (spec 04 §13.1). */
export type OperationLog = typeof operationLogs.$inferSelect;

/** What was done: login, logout, create, update, delete. */
export type OperationAction = (typeof OPERATION_ACTIONS)[number];

/** A row to append; the time comes from the store's clock. */
export type NewOperationLog = Omit<typeof operationLogs.$inferInsert, 'id' | 'createdAt'>;

/** Filters of a log query; `beforeId` is the keyset cursor (newest first). */
export interface OperationLogQuery {
  teamId?: number;
  accountId?: number;
  action?: OperationAction;
  resource?: string;
  objectId?: string;
  since?: Date;
  until?: Date;
  beforeId?: number;
  limit: number;
}

/**
 * The append-only operation log. Reads are keyset-paginated on the id, so a
 * page costs the same at row 9 000 as at row 10 (the spec's sample has
 * 9 301 rows), and rows appended meanwhile never shift a page.
 */
export class OperationLogsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Appends a row. Called inside the caller's write transaction, it commits
   * or rolls back together with the change it records.
   */
  append(entry: NewOperationLog): OperationLog {
    return this.#ctx.write((db) =>
      db
        .insert(operationLogs)
        .values({ ...entry, createdAt: this.#ctx.now() })
        .returning()
        .get(),
    );
  }

  /** Rows matching `query`, newest first, at most `limit`. */
  list(query: OperationLogQuery): OperationLog[] {
    const conditions: SQL[] = [];
    if (query.teamId !== undefined) conditions.push(eq(operationLogs.teamId, query.teamId));
    if (query.accountId !== undefined) {
      conditions.push(eq(operationLogs.accountId, query.accountId));
    }
    if (query.action !== undefined) conditions.push(eq(operationLogs.action, query.action));
    if (query.resource !== undefined) conditions.push(eq(operationLogs.resource, query.resource));
    if (query.objectId !== undefined) conditions.push(eq(operationLogs.objectId, query.objectId));
    if (query.since !== undefined) conditions.push(gte(operationLogs.createdAt, query.since));
    if (query.until !== undefined) conditions.push(lte(operationLogs.createdAt, query.until));
    if (query.beforeId !== undefined) conditions.push(lt(operationLogs.id, query.beforeId));
    return this.#ctx.db
      .select()
      .from(operationLogs)
      .where(and(...conditions))
      .orderBy(desc(operationLogs.id))
      .limit(query.limit)
      .all();
  }
}
