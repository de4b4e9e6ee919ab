import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';
import { teams } from './core-tables.ts';
import { mohClasses } from './media-tables.ts';

/**
 * Where a parked call goes when nobody retrieves it in time (D-entry on
 * parking): the destinations whose target lives in this store and runs.
 */
export const PARKING_TIMEOUT_TYPES = [
  'hangup',
  'extension',
  'ringGroup',
  'queue',
  'ivr',
  'voicemail',
  'conference',
] as const;

/**
 * Call parking lots (Asterisk res_parking, FreePBX "park"): dialling
 * `number` parks the call in the lowest free slot of `firstSlot` …
 * `firstSlot + slotCount - 1`; dialling a slot retrieves it. The spec has
 * no parking chapter; docs/decisions.md explains the choices.
 */
export const parkingLots = sqliteTable(
  'parking_lots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    number: text('number').notNull(),
    firstSlot: integer('first_slot').notNull(),
    slotCount: integer('slot_count').notNull(),
    parkingTimeoutS: integer('parking_timeout_s').notNull(),
    /** Null plays the team's default music on hold. */
    mohClassId: integer('moh_class_id').references(() => mohClasses.id, { onDelete: 'restrict' }),
    /** Null calls the parker back (or hangs up when the parker is unknown). */
    timeoutType: text('timeout_type', { enum: PARKING_TIMEOUT_TYPES }),
    timeoutTargetId: integer('timeout_target_id'),
    timeoutTargetValue: text('timeout_target_value'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('parking_lots_team_number_unique').on(t.teamId, t.number),
    uniqueIndex('parking_lots_team_name_unique').on(t.teamId, t.name),
    index('parking_lots_moh_class_idx').on(t.mohClassId),
    index('parking_lots_timeout_idx').on(t.timeoutType, t.timeoutTargetId),
    enumCheck('parking_lots_timeout_type', 'timeout_type', PARKING_TIMEOUT_TYPES),
    check('parking_lots_number_digits', sql`number <> '' AND number NOT GLOB '*[^0-9]*'`),
    check('parking_lots_slots', sql`first_slot >= 0 AND slot_count BETWEEN 1 AND 100`),
    check('parking_lots_timeout', sql`parking_timeout_s BETWEEN 5 AND 3600`),
  ],
);
