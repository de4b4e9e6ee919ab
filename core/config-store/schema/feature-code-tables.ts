import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { FEATURE_CODE_NAMES } from '../feature-codes-defaults.ts';
import { createdAt, enumCheck, updatedAt } from './columns.ts';
import { teams } from './core-tables.ts';

/**
 * Overrides of the default feature codes (spec 04 §15.9 `FeatureCode`): a
 * row without a team changes the system default set, a row with one that
 * team's code (R15.9-2). The defaults themselves are not rows
 * (DEFAULT_FEATURE_CODES). One row per scope and name: SQLite treats NULL
 * team ids as distinct in a unique index, so the repository enforces it.
 */
export const featureCodes = sqliteTable(
  'feature_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name', { enum: FEATURE_CODE_NAMES }).notNull(),
    code: text('code').notNull(),
    note: text('note'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('feature_codes_team_name_idx').on(t.teamId, t.name),
    enumCheck('feature_codes_name', 'name', FEATURE_CODE_NAMES),
  ],
);
