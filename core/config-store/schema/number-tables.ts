import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';
import { PROMPT_LANGUAGES, STATUSES, teams } from './core-tables.ts';

/*
 * Numbers: inbound numbers (DIDs, spec 01 §2.6), the DID log (§2.7) and
 * each team's internal-number namespace (§2.10).
 */

/** Where a DID sends its calls; more types come with routing (spec §3.6). */
export const DID_DESTINATION_TYPES = ['extension'] as const;
/** Owners of numbers in a team's internal-number namespace (spec §2.10). */
export const INTERNAL_NUMBER_KINDS = [
  'extension',
  'queue',
  'ringGroup',
  'ivr',
  'conferenceRoom',
  'shortcutKey',
  'hotKey',
  'featureCode',
  'application',
] as const;
/** DID log statuses (spec 01 §2.7): `已通过` bound, `已释放` released. */
export const DID_LOG_STATUSES = ['bound', 'released'] as const;
/** How a DID is rated in the DID report (DG-3): its own rate, or its DID group's. */
export const DID_RATE_TYPES = ['individual', 'group'] as const;

/** Inbound numbers; unique system-wide (DID-5). */
export const dids = sqliteTable(
  'dids',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    number: text('number').notNull(),
    destinationType: text('destination_type', { enum: DID_DESTINATION_TYPES }).notNull(),
    destinationId: integer('destination_id'),
    destinationNumber: text('destination_number'),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    remark: text('remark'),
    /**
     * DID-2 语言: the call's prompt language. Null (rows older than the
     * column) means the system's inbound-prompt default; new DIDs get `cn`.
     */
    language: text('language', { enum: PROMPT_LANGUAGES }),
    /**
     * 费率类型 / 费率 (DG-3): the DID's own per-minute rate, or its DID
     * group's rate and monthly rent (`group`). Checked by the API (a CHECK
     * would rebuild the table).
     */
    rateType: text('rate_type', { enum: DID_RATE_TYPES }).notNull().default('individual'),
    rateE4: integer('rate_e4').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('dids_number_unique').on(t.number),
    index('dids_destination_idx').on(t.destinationType, t.destinationId),
    enumCheck('dids_destination_type', 'destination_type', DID_DESTINATION_TYPES),
    enumCheck('dids_status', 'status', STATUSES),
    enumCheck('dids_language', 'language', PROMPT_LANGUAGES),
  ],
);

/**
 * The DID log (spec 01 §2.7, DID-6, DIDL-1): one row per binding made or
 * released. Numbers and names are copied, not referenced, so the history
 * outlives the DID, extension and account; only the team owns the rows.
 */
export const didLogs = sqliteTable(
  'did_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    didId: integer('did_id'),
    didNumber: text('did_number').notNull(),
    accountId: integer('account_id'),
    username: text('username'),
    extensionId: integer('extension_id'),
    extensionNumber: text('extension_number'),
    status: text('status', { enum: DID_LOG_STATUSES }).notNull(),
    operator: text('operator').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('did_logs_team_created_idx').on(t.teamId, t.createdAt),
    index('did_logs_team_number_idx').on(t.teamId, t.didNumber),
    enumCheck('did_logs_status', 'status', DID_LOG_STATUSES),
  ],
);

/** The per-team internal-number namespace (spec §2.10, IN-1). */
export const internalNumbers = sqliteTable(
  'internal_numbers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    number: text('number').notNull(),
    kind: text('kind', { enum: INTERNAL_NUMBER_KINDS }).notNull(),
    ownerId: integer('owner_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('internal_numbers_team_number_unique').on(t.teamId, t.number),
    index('internal_numbers_owner_idx').on(t.kind, t.ownerId),
    enumCheck('internal_numbers_kind', 'kind', INTERNAL_NUMBER_KINDS),
    // Digits, plus `*` and `#` for feature codes such as `*61` (ch. 15.9).
    check('internal_numbers_charset', sql`number <> '' AND number NOT GLOB '*[^0-9*#]*'`),
  ],
);
