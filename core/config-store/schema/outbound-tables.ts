import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, enumCheck, updatedAt } from './columns.ts';
import { outboundRoutes, trunkGroups, trunks } from './core-tables.ts';
import { accountGroups } from './pbx-tables.ts';

/*
 * Outbound routing rules that hang off other objects: the rules of a trunk
 * (spec 01 §2.1 `TrunkRule`, TRK-6, TG-4, TG-5) and the routes of an
 * account group (spec 01 §1.4 `外呼路由`, AG-2, OR-1).
 */

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
