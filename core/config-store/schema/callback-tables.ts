import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, enumCheck, updatedAt } from './columns.ts';
import { teams } from './core-tables.ts';

/** Where a callback request stands: waiting for a call back, or handled. */
export const CALLBACK_REQUEST_STATUSES = ['pending', 'done'] as const;

/**
 * Callback requests (要求回访, IVR-10; spec 05 §18.4's `客户申请回访` tab):
 * a caller asked, through the `callback` destination, to be called back.
 * One pending request per caller number and team: asking again counts up
 * `requestCount`. They go with their team (operational data, like CDRs).
 */
export const callbackRequests = sqliteTable(
  'callback_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    callerNumber: text('caller_number').notNull(),
    /** The number the caller dialled: a DID or an internal number. */
    calledNumber: text('called_number').notNull(),
    /** The call of the latest request (its CDR id). */
    callId: text('call_id').notNull(),
    requestCount: integer('request_count').notNull().default(1),
    status: text('status', { enum: CALLBACK_REQUEST_STATUSES }).notNull().default('pending'),
    note: text('note').notNull().default(''),
    /** When it was marked done; null while pending. */
    handledAt: integer('handled_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('callback_requests_pending_unique')
      .on(t.teamId, t.callerNumber)
      .where(sql`status = 'pending'`),
    index('callback_requests_team_idx').on(t.teamId, t.status),
    enumCheck('callback_requests_status', 'status', CALLBACK_REQUEST_STATUSES),
  ],
);
