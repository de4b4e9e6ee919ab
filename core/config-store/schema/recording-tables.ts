import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';
import { STATUSES, teams } from './core-tables.ts';

/** What a retention plan does with expired recordings (spec 04 §15.13 `超期录音处理`). */
export const RETENTION_ACTIONS = ['move', 'delete'] as const;

/**
 * Recording retention plans (spec 04 §15.13): every day at `runAt` (UTC,
 * the server clock) the recordings of the team dated at or before run date
 * − `retentionDays` are moved to `movePath` (packed as tar.gz when
 * `packArchive`) or deleted (R15.13-1/2). A plan is a setting of its team
 * and goes with it.
 */
export const recordingRetentionPlans = sqliteTable(
  'recording_retention_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    retentionDays: integer('retention_days').notNull().default(30),
    /** `HH:MM`, UTC. */
    runAt: text('run_at').notNull().default('00:00'),
    expiredAction: text('expired_action', { enum: RETENTION_ACTIONS }).notNull().default('move'),
    /** Absolute directory; required when expiredAction is `move`. */
    movePath: text('move_path'),
    packArchive: integer('pack_archive', { mode: 'boolean' }).notNull().default(false),
    /** The UTC date of the last run (`YYYY-MM-DD`), so a restart does not run a day twice. */
    lastRunDate: text('last_run_date'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    index('recording_retention_plans_team_idx').on(t.teamId),
    enumCheck('recording_retention_plans_status', 'status', STATUSES),
    enumCheck('recording_retention_plans_action', 'expired_action', RETENTION_ACTIONS),
    check('recording_retention_plans_days', sql`retention_days BETWEEN 0 AND 36500`),
    check(
      'recording_retention_plans_move_path',
      sql`expired_action <> 'move' OR move_path IS NOT NULL`,
    ),
  ],
);
