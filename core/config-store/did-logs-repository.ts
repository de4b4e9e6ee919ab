import { and, desc, eq, gte, lt, lte } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { DID_LOG_STATUSES } from './schema.ts';
import { accounts, didLogs, extensions } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';

/** One DID log row (spec 01 §2.7 `DidLogEntry`). */
export type DidLog = typeof didLogs.$inferSelect;

/** `bound` (已通过) or `released` (已释放). */
export type DidLogStatus = (typeof DID_LOG_STATUSES)[number];

/** Filters of a DID log query; `beforeId` is the keyset cursor (newest first). */
export interface DidLogQuery {
  teamId?: number | undefined;
  didNumber?: string | undefined;
  status?: DidLogStatus | undefined;
  username?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** What a DID binding is, as far as the log cares: a number and its extension. */
export interface DidBinding {
  readonly didId: number;
  readonly teamId: number;
  readonly number: string;
  /** The bound extension; null for a DID bound to nothing. */
  readonly extensionId: number | null;
}

/**
 * Writes the DID log rows for one change of a DID's binding (DID-6,
 * DIDL-1): `released` for the holder before, `bound` for the holder after.
 * A change of number with the same extension is a release of the old
 * number and a binding of the new one, since the log is searched by
 * number. Runs on the caller's transaction handle, so the rows commit or
 * roll back with the change; an unchanged binding writes nothing.
 */
export function logDidBindingChange(
  db: StoreDb,
  change: { before?: DidBinding | undefined; after?: DidBinding | undefined },
  operator: string,
  at: Date,
): void {
  const { before, after } = change;
  if (before?.extensionId === after?.extensionId && before?.number === after?.number) return;
  if (before !== undefined && before.extensionId !== null) {
    db.insert(didLogs)
      .values(entryFor(db, before, 'released', operator, at))
      .run();
  }
  if (after !== undefined && after.extensionId !== null) {
    db.insert(didLogs)
      .values(entryFor(db, after, 'bound', operator, at))
      .run();
  }
}

function entryFor(
  db: StoreDb,
  binding: DidBinding,
  status: DidLogStatus,
  operator: string,
  at: Date,
): typeof didLogs.$inferInsert {
  // The holder is copied by value so that the row outlives the extension.
  const holder = db
    .select({
      extensionNumber: extensions.internalNumber,
      accountId: extensions.accountId,
      username: accounts.username,
    })
    .from(extensions)
    .leftJoin(accounts, eq(accounts.id, extensions.accountId))
    .where(eq(extensions.id, binding.extensionId!))
    .get();
  return {
    teamId: binding.teamId,
    didId: binding.didId,
    didNumber: binding.number,
    extensionId: binding.extensionId,
    extensionNumber: holder?.extensionNumber ?? null,
    accountId: holder?.accountId ?? null,
    username: holder?.username ?? null,
    status,
    operator,
    createdAt: at,
  };
}

/**
 * The DID log, read-only through the API. Reads are keyset-paginated on
 * the id, newest first, like the operation log: the log only grows.
 */
export class DidLogsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Rows matching `query`, newest first, at most `limit`. */
  list(query: DidLogQuery): DidLog[] {
    const conditions: SQL[] = [];
    if (query.teamId !== undefined) conditions.push(eq(didLogs.teamId, query.teamId));
    if (query.didNumber !== undefined) conditions.push(eq(didLogs.didNumber, query.didNumber));
    if (query.status !== undefined) conditions.push(eq(didLogs.status, query.status));
    if (query.username !== undefined) conditions.push(eq(didLogs.username, query.username));
    if (query.since !== undefined) conditions.push(gte(didLogs.createdAt, query.since));
    if (query.until !== undefined) conditions.push(lte(didLogs.createdAt, query.until));
    if (query.beforeId !== undefined) conditions.push(lt(didLogs.id, query.beforeId));
    return this.#ctx.db
      .select()
      .from(didLogs)
      .where(and(...conditions))
      .orderBy(desc(didLogs.id))
      .limit(query.limit)
      .all();
  }
}
