import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns.ts';
import { teams } from './core-tables.ts';

/*
 * Rating records (spec 03 §6.11, 评分记录): one row per score a caller
 * keyed after the agent hung up first. The queue, agent and
 * member are copied by value, not referenced, so that a record outlives
 * the queue or agent it names, as the DID log does.
 */

/** The DTMF scores a caller may key (Q-17; the spec leaves the range open). */
export const RATING_MIN_SCORE = 1;
/** See RATING_MIN_SCORE. */
export const RATING_MAX_SCORE = 9;

/** Satisfaction ratings (`SatisfactionRating`, spec 03 §6.11 (b)). */
export const satisfactionRatings = sqliteTable(
  'satisfaction_ratings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    queueId: integer('queue_id'),
    queueNumber: text('queue_number'),
    /** The caller's call id, which its CDR carries too (the record's `查看` link). */
    callId: text('call_id').notNull(),
    /** `agent:<id>` or `ext:<id>`, as the queue knew the member. */
    memberKey: text('member_key').notNull(),
    /** Null when the member was an extension, not an agent (the `空值` filter). */
    agentId: integer('agent_id'),
    agentNo: text('agent_no'),
    customerNumber: text('customer_number').notNull(),
    score: integer('score').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('satisfaction_ratings_team_created_idx').on(t.teamId, t.createdAt),
    index('satisfaction_ratings_team_agent_idx').on(t.teamId, t.agentNo),
    index('satisfaction_ratings_call_idx').on(t.callId),
    check(
      'satisfaction_ratings_score',
      sql.raw(`score BETWEEN ${RATING_MIN_SCORE} AND ${RATING_MAX_SCORE}`),
    ),
  ],
);
