import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';
import { STATUSES, teams } from './core-tables.ts';
import { accountGroups } from './pbx-tables.ts';
import { trunkGroups, trunks } from './trunk-tables.ts';

/*
 * Outbound routing: a team's outbound routes (spec 02 §3.7) and the rules
 * that hang off other objects: the rules of a trunk (spec 01 §2.1
 * `TrunkRule`, TRK-6, TG-4, TG-5) and the routes of an account group
 * (spec 01 §1.4 `外呼路由`, AG-2, OR-1).
 */

/**
 * What an outbound route does with a matching call (spec 02 §3.7 `转接`,
 * OR-4): dial out, hand it to a ring group or queue, or end it.
 */
export const OUTBOUND_ROUTE_ACTIONS = ['dialOut', 'ringGroup', 'queue', 'end'] as const;

/**
 * Outbound dial plan of a team (spec §3.7), one prefix rule per row: the
 * route with the longest matching prefix wins (OR-2), `priority` breaks
 * ties (lower first), then digits are stripped and prepended (OR-3).
 */
export const outboundRoutes = sqliteTable(
  'outbound_routes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    priority: integer('priority').notNull().default(0),
    numberPrefix: text('number_prefix').notNull().default(''),
    numberLength: integer('number_length').notNull().default(0),
    stripDigits: integer('strip_digits').notNull().default(0),
    prepend: text('prepend').notNull().default(''),
    /** Null for a dial-out route means the trunk precedence decides (OR-4). */
    trunkId: integer('trunk_id').references(() => trunks.id, { onDelete: 'restrict' }),
    action: text('action', { enum: OUTBOUND_ROUTE_ACTIONS }).notNull().default('dialOut'),
    /** The ring group or queue of a `ringGroup`/`queue` action. */
    actionTargetId: integer('action_target_id'),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('outbound_routes_team_name_unique').on(t.teamId, t.name),
    index('outbound_routes_trunk_idx').on(t.trunkId),
    index('outbound_routes_action_idx').on(t.action, t.actionTargetId),
    enumCheck('outbound_routes_status', 'status', STATUSES),
    enumCheck('outbound_routes_action', 'action', OUTBOUND_ROUTE_ACTIONS),
    check(
      'outbound_routes_action_target',
      sql`(action IN ('ringGroup', 'queue')) = (action_target_id IS NOT NULL)`,
    ),
    check('outbound_routes_non_negative', sql`strip_digits >= 0 AND number_length >= 0`),
  ],
);

/** `允许呼叫` / `禁止呼叫` of a trunk rule; `禁用本规则` is `enabled` false. */
export const TRUNK_RULE_ACTIONS = ['allow', 'deny'] as const;

/**
 * The matching and rewrite columns of trunk and trunk-group rules (TG-4,
 * TG-5): fresh builders per table.
 */
const numberRuleColumns = () => ({
  numberPrefix: text('number_prefix').notNull().default('default'),
  numberLength: integer('number_length').notNull().default(0),
  action: text('action', { enum: TRUNK_RULE_ACTIONS }).notNull().default('allow'),
  stripPrefix: text('strip_prefix').notNull().default(''),
  addPrefix: text('add_prefix').notNull().default(''),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  createdBy: createdBy(),
});

/**
 * Rules a number entering a trunk is matched against (TRK-6): the longest
 * matching prefix wins, `default` matches any number and comes last, and
 * a length of 0 is any length (TG-4). Gone with their trunk.
 */
export const trunkRules = sqliteTable(
  'trunk_rules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trunkId: integer('trunk_id')
      .notNull()
      .references(() => trunks.id, { onDelete: 'cascade' }),
    ...numberRuleColumns(),
  },
  (t) => [
    uniqueIndex('trunk_rules_trunk_match_unique').on(t.trunkId, t.numberPrefix, t.numberLength),
    enumCheck('trunk_rules_action', 'action', TRUNK_RULE_ACTIONS),
  ],
);

/**
 * Rules of a trunk group for one of its member trunks (spec 02 §3.4
 * `TrunkGroupRule`, TG-4, TG-5): the same matching as a trunk's own rules,
 * applied when the call hunts through this group, before the trunk's own.
 * Gone with their group or trunk, and when the trunk leaves the group.
 */
export const trunkGroupRules = sqliteTable(
  'trunk_group_rules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trunkGroupId: integer('trunk_group_id')
      .notNull()
      .references(() => trunkGroups.id, { onDelete: 'cascade' }),
    trunkId: integer('trunk_id')
      .notNull()
      .references(() => trunks.id, { onDelete: 'cascade' }),
    ...numberRuleColumns(),
  },
  (t) => [
    uniqueIndex('trunk_group_rules_match_unique').on(
      t.trunkGroupId,
      t.trunkId,
      t.numberPrefix,
      t.numberLength,
    ),
    index('trunk_group_rules_trunk_idx').on(t.trunkId),
    enumCheck('trunk_group_rules_action', 'action', TRUNK_RULE_ACTIONS),
  ],
);

/**
 * The outbound routes of an account group (AG-2): members' extensions use
 * these instead of the team's routes. A route in any group's set is that
 * group's only (OR-1); the rest are the team's routes.
 */
export const accountGroupRoutes = sqliteTable(
  'account_group_routes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: integer('group_id')
      .notNull()
      .references(() => accountGroups.id, { onDelete: 'cascade' }),
    outboundRouteId: integer('outbound_route_id')
      .notNull()
      .references(() => outboundRoutes.id, { onDelete: 'cascade' }),
  },
  (t) => [
    uniqueIndex('account_group_routes_group_route_unique').on(t.groupId, t.outboundRouteId),
    index('account_group_routes_route_idx').on(t.outboundRouteId),
  ],
);
