import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';
import { INBOUND_DESTINATION_TYPES, STATUSES, accounts, teams } from './core-tables.ts';
import { extensions } from './extension-tables.ts';
import { dids } from './number-tables.ts';
import { trunks } from './trunk-tables.ts';

/** Inbound caller screening lists (spec 02 §3.8 blacklist, §3.9 whitelist). */
export const CALLER_LIST_TYPES = ['black', 'white'] as const;
/** Days of the week, Monday first (spec 02 §3.2 `开始星期`). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/**
 * Which greeting a mailbox plays (spec 01 VM-1): the system prompt, or the
 * one its owner recorded by phone (app_voicemail's unavail greeting).
 */
export const VOICEMAIL_GREETINGS = ['system', 'personal'] as const;
/** How a DID group matches a called number (spec §2.5, DG-1). */
export const DID_GROUP_MATCH_TYPES = ['number', 'prefix'] as const;

/**
 * One interval of a work-hours schedule (spec 02 §3.2 `WorkTime`): every
 * set part must hold (WT-1). Dates are `MM-DD`, recurring yearly (WT-2),
 * which is how holidays are written; times are `HH:MM` (WT-3); weekdays
 * run from start to end inclusive and may wrap (WT-4).
 */
export interface WorkHoursInterval {
  name: string;
  startDate: string | null;
  endDate: string | null;
  startTime: string;
  endTime: string;
  startWeekday: (typeof WEEKDAYS)[number] | null;
  endWeekday: (typeof WEEKDAYS)[number] | null;
}

/**
 * A work-hours schedule (spec 02 §3.3 `WorkTimePackage`) with its intervals
 * inline: it is in force while enabled and any interval holds (P-1, P-2).
 */
export const workHours = sqliteTable(
  'work_hours',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    intervals: text('intervals', { mode: 'json' }).$type<WorkHoursInterval[]>().notNull(),
    remark: text('remark'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('work_hours_team_name_unique').on(t.teamId, t.name),
    enumCheck('work_hours_status', 'status', STATUSES),
  ],
);

/**
 * Inbound routes (spec 02 §3.6): conditions on DID, caller, trunk and work
 * hours; the enabled match with the largest priority wins (IR-6).
 */
export const inboundRoutes = sqliteTable(
  'inbound_routes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    didId: integer('did_id').references(() => dids.id, { onDelete: 'restrict' }),
    /** IR-2 `组匹配`: the route matches numbers of this DID group (DG-2). */
    didGroupId: integer('did_group_id').references(() => didGroups.id, {
      onDelete: 'restrict',
    }),
    callerPattern: text('caller_pattern'),
    trunkId: integer('trunk_id').references(() => trunks.id, { onDelete: 'restrict' }),
    workHoursId: integer('work_hours_id').references(() => workHours.id, {
      onDelete: 'restrict',
    }),
    destinationType: text('destination_type', { enum: INBOUND_DESTINATION_TYPES }).notNull(),
    destinationId: integer('destination_id'),
    priority: integer('priority').notNull().default(0),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('inbound_routes_team_name_unique').on(t.teamId, t.name),
    index('inbound_routes_did_idx').on(t.didId),
    index('inbound_routes_did_group_idx').on(t.didGroupId),
    // IR-2: one DID condition, a single DID or a group, never both.
    check('inbound_routes_one_did_condition', sql`did_id IS NULL OR did_group_id IS NULL`),
    index('inbound_routes_destination_idx').on(t.destinationType, t.destinationId),
    enumCheck('inbound_routes_destination_type', 'destination_type', INBOUND_DESTINATION_TYPES),
    enumCheck('inbound_routes_status', 'status', STATUSES),
  ],
);

/**
 * Inbound caller screening entries (spec 02 §3.8, §3.9): for the whole
 * team, or only calls to one account or one extension (BL-1, WL-1).
 */
export const callerListEntries = sqliteTable(
  'caller_list_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    listType: text('list_type', { enum: CALLER_LIST_TYPES }).notNull(),
    numberPattern: text('number_pattern').notNull(),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'restrict' }),
    extensionId: integer('extension_id').references(() => extensions.id, {
      onDelete: 'restrict',
    }),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    index('caller_list_entries_team_idx').on(t.teamId, t.listType),
    index('caller_list_entries_account_idx').on(t.accountId),
    index('caller_list_entries_extension_idx').on(t.extensionId),
    enumCheck('caller_list_entries_list_type', 'list_type', CALLER_LIST_TYPES),
    enumCheck('caller_list_entries_status', 'status', STATUSES),
    check('caller_list_entries_one_scope', sql`account_id IS NULL OR extension_id IS NULL`),
  ],
);

/**
 * Conference rooms (spec 02 §3.11). The number is the room's entry in the
 * team internal-number namespace (§0.3); the booleans are the MeetMe flags
 * the spec lists, all off by default. `maxMembers` 0 is unlimited.
 */
export const conferenceRooms = sqliteTable(
  'conference_rooms',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    number: text('number').notNull(),
    name: text('name').notNull(),
    userPin: text('user_pin'),
    adminPin: text('admin_pin'),
    maxMembers: integer('max_members').notNull().default(0),
    waitForLeader: integer('wait_for_leader', { mode: 'boolean' }).notNull().default(false),
    talkerOptimization: integer('talker_optimization', { mode: 'boolean' })
      .notNull()
      .default(false),
    talkerDetection: integer('talker_detection', { mode: 'boolean' }).notNull().default(false),
    quietMode: integer('quiet_mode', { mode: 'boolean' }).notNull().default(false),
    announceJoinLeave: integer('announce_join_leave', { mode: 'boolean' }).notNull().default(false),
    musicOnHold: integer('music_on_hold', { mode: 'boolean' }).notNull().default(false),
    enableMenu: integer('enable_menu', { mode: 'boolean' }).notNull().default(false),
    announceUserCount: integer('announce_user_count', { mode: 'boolean' }).notNull().default(false),
    recordConference: integer('record_conference', { mode: 'boolean' }).notNull().default(false),
    inviteCallerId: text('invite_caller_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('conference_rooms_team_number_unique').on(t.teamId, t.number),
    check('conference_rooms_number_digits', sql`number <> '' AND number NOT GLOB '*[^0-9]*'`),
    check('conference_rooms_max_members', sql`max_members >= 0`),
  ],
);

/**
 * Voicemail boxes (spec 01 §2.9, EXT-10): at most one per extension, gone
 * with it. The PIN (VM-4) is encrypted at rest like trunk secrets.
 */
export const voicemailBoxes = sqliteTable(
  'voicemail_boxes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    extensionId: integer('extension_id')
      .notNull()
      .references(() => extensions.id, { onDelete: 'cascade' }),
    pinEncrypted: text('pin_encrypted'),
    email: text('email'),
    attachAudio: integer('attach_audio', { mode: 'boolean' }).notNull().default(true),
    deleteAfterEmail: integer('delete_after_email', { mode: 'boolean' }).notNull().default(false),
    greeting: text('greeting', { enum: VOICEMAIL_GREETINGS }).notNull().default('system'),
    maxMessages: integer('max_messages').notNull().default(100),
    maxMessageSec: integer('max_message_sec').notNull().default(180),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('voicemail_boxes_extension_unique').on(t.extensionId),
    index('voicemail_boxes_team_idx').on(t.teamId),
    enumCheck('voicemail_boxes_greeting', 'greeting', VOICEMAIL_GREETINGS),
  ],
);

/**
 * DID groups (spec 01 §2.5): a named list of called numbers or prefixes
 * (DG-1). Rent and rate are in 1/10 000 units like every amount here.
 */
export const didGroups = sqliteTable(
  'did_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    matchType: text('match_type', { enum: DID_GROUP_MATCH_TYPES }).notNull().default('number'),
    entries: text('entries', { mode: 'json' }).$type<string[]>().notNull(),
    country: text('country'),
    monthlyRentE4: integer('monthly_rent_e4').notNull().default(0),
    rateE4: integer('rate_e4').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('did_groups_team_name_unique').on(t.teamId, t.name),
    enumCheck('did_groups_match_type', 'match_type', DID_GROUP_MATCH_TYPES),
  ],
);
