import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';
import { accounts, STATUSES, teams } from './core-tables.ts';
import { extensions } from './extension-tables.ts';
import { trunkGroups, trunks } from './trunk-tables.ts';

/*
 * Access control and PBX-wide configuration: roles and their permission
 * matrix (spec 01 §1.7, §1.8), role assignments of accounts (§1.3 `角色`),
 * outbound caller-ID restrictions (spec 02 §3.10) and BLF target groups
 * (§3.20). PBX templates (§3.5) are in trunk-tables, since trunks and
 * extensions refer to them.
 */

/** The actions a permission page can offer (spec 01 §1.7 `添加 编辑 查看 删除 导出`). */
export const PERMISSION_ACTIONS = ['add', 'edit', 'view', 'delete', 'export'] as const;
/** Role types; the manual shows only `用户` (spec 01 §1.8). */
export const ROLE_TYPES = ['user'] as const;
/** The two roles every store has (spec 01 §1.8 `适合管理员使用`, `适合坐席使用`). */
export const BUILTIN_ROLES = ['admin', 'agent'] as const;
/** Outbound caller-ID list kinds (spec 02 §3.10 `限制类型`). */
export const CALLER_RESTRICTION_TYPES = ['blacklist', 'whitelist'] as const;
/** What a restriction applies to (spec 02 §3.10 `中继类型`). */
export const CALLER_RESTRICTION_TARGETS = ['trunk', 'trunkGroup'] as const;

/** A role's grants: permission page key → the actions granted on it. */
export type RolePermissions = Record<string, Array<(typeof PERMISSION_ACTIONS)[number]>>;

/**
 * RBAC roles (spec 01 §1.8). No team means a system role that every team
 * may assign. `builtin` marks the two seeded roles; the `admin` one grants
 * every permission and cannot be changed (ROLE-1).
 */
export const roles = sqliteTable(
  'roles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    roleType: text('role_type', { enum: ROLE_TYPES }).notNull().default('user'),
    builtin: text('builtin', { enum: BUILTIN_ROLES }),
    permissions: text('permissions', { mode: 'json' }).$type<RolePermissions>().notNull(),
    remark: text('remark'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('roles_team_name_unique').on(t.teamId, t.name),
    uniqueIndex('roles_system_name_unique')
      .on(t.name)
      .where(sql`team_id IS NULL`),
    uniqueIndex('roles_builtin_unique')
      .on(t.builtin)
      .where(sql`builtin IS NOT NULL`),
    enumCheck('roles_role_type', 'role_type', ROLE_TYPES),
    check(
      'roles_builtin',
      sql`builtin IS NULL OR (builtin IN ('admin', 'agent') AND team_id IS NULL)`,
    ),
  ],
);

/**
 * The role of an account (spec 01 §1.3 `角色`), one at most. A separate
 * table so that the accounts table and its API stay as they are.
 */
export const accountRoles = sqliteTable(
  'account_roles',
  {
    accountId: integer('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    roleId: integer('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
    updatedAt: updatedAt(),
  },
  (t) => [index('account_roles_role_idx').on(t.roleId)],
);

/**
 * Outbound caller-ID black- and whitelists of a team on one trunk or trunk
 * group (spec 02 §3.10, OCR-1). They go with their trunk or group.
 */
export const callerIdRestrictions = sqliteTable(
  'caller_id_restrictions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    restrictionType: text('restriction_type', { enum: CALLER_RESTRICTION_TYPES })
      .notNull()
      .default('blacklist'),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    trunkType: text('trunk_type', { enum: CALLER_RESTRICTION_TARGETS }).notNull().default('trunk'),
    trunkId: integer('trunk_id').references(() => trunks.id, { onDelete: 'cascade' }),
    trunkGroupId: integer('trunk_group_id').references(() => trunkGroups.id, {
      onDelete: 'cascade',
    }),
    number: text('number').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('caller_id_restrictions_trunk_unique')
      .on(t.teamId, t.restrictionType, t.trunkId, t.number)
      .where(sql`trunk_id IS NOT NULL`),
    uniqueIndex('caller_id_restrictions_group_unique')
      .on(t.teamId, t.restrictionType, t.trunkGroupId, t.number)
      .where(sql`trunk_group_id IS NOT NULL`),
    index('caller_id_restrictions_trunk_idx').on(t.trunkId),
    index('caller_id_restrictions_group_idx').on(t.trunkGroupId),
    enumCheck('caller_id_restrictions_type', 'restriction_type', CALLER_RESTRICTION_TYPES),
    enumCheck('caller_id_restrictions_status', 'status', STATUSES),
    enumCheck('caller_id_restrictions_target', 'trunk_type', CALLER_RESTRICTION_TARGETS),
    check(
      'caller_id_restrictions_one_target',
      sql`(trunk_type = 'trunk' AND trunk_id IS NOT NULL AND trunk_group_id IS NULL) OR (trunk_type = 'trunkGroup' AND trunk_group_id IS NOT NULL AND trunk_id IS NULL)`,
    ),
  ],
);

/**
 * BLF target groups (spec 02 §3.20): the extensions whose state phones may
 * watch by busy lamp (RFC 4235 dialog events).
 */
export const blfGroups = sqliteTable(
  'blf_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    remark: text('remark'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [uniqueIndex('blf_groups_team_name_unique').on(t.teamId, t.name)],
);

/** The extensions a BLF group lets its subscribers watch. */
export const blfGroupMembers = sqliteTable(
  'blf_group_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    blfGroupId: integer('blf_group_id')
      .notNull()
      .references(() => blfGroups.id, { onDelete: 'cascade' }),
    extensionId: integer('extension_id')
      .notNull()
      .references(() => extensions.id, { onDelete: 'cascade' }),
  },
  (t) => [
    uniqueIndex('blf_group_members_unique').on(t.blfGroupId, t.extensionId),
    index('blf_group_members_extension_idx').on(t.extensionId),
  ],
);

/**
 * The BLF target group of an extension (spec 01 §2.2 `BLF目标组`), one at
 * most; kept here so that the extensions table stays as it is.
 */
export const blfSubscribers = sqliteTable(
  'blf_subscribers',
  {
    extensionId: integer('extension_id')
      .primaryKey()
      .references(() => extensions.id, { onDelete: 'cascade' }),
    blfGroupId: integer('blf_group_id')
      .notNull()
      .references(() => blfGroups.id, { onDelete: 'cascade' }),
  },
  (t) => [index('blf_subscribers_group_idx').on(t.blfGroupId)],
);

/** Board hardware kinds (spec 02 §3.19 Digital / Analog Hardware). */
export const BOARD_KINDS = ['digital', 'analog'] as const;

/** E1 and T1 framing/line coding (spec 02 §3.19 `Framing/Coding`). */
export const SPAN_FRAMINGS = [
  'CCS/HDB3',
  'CAS/HDB3',
  'CCS/CRC4/HDB3',
  'ESF/B8ZS',
  'D4/AMI',
] as const;
/** Span signalling (spec 02 §3.19; `pri_cpe` seen, the rest chan_dahdi's). */
export const SPAN_SIGNALLINGS = [
  'pri_cpe',
  'pri_net',
  'bri_cpe',
  'bri_net',
  'em',
  'mfcr2',
] as const;
/** ISDN switch types (spec 02 §3.19 `Switchtype`, chan_dahdi names). */
export const SPAN_SWITCHTYPES = [
  'national',
  'euroisdn',
  'dms100',
  '4ess',
  '5ess',
  'ni1',
  'qsig',
] as const;
/** PRI numbering plans (spec 02 §3.19 `Pridialplan`). */
export const PRI_DIALPLANS = [
  'national',
  'unknown',
  'local',
  'international',
  'private',
  'dynamic',
  'redundant',
] as const;
/** Analog port types: FXS drives a phone, FXO faces a line. */
export const ANALOG_PORT_TYPES = ['fxs', 'fxo'] as const;
/** Analog signalling (kewlstart or loopstart), named for the far end's role. */
export const ANALOG_SIGNALLINGS = ['fxo_ks', 'fxo_ls', 'fxs_ks', 'fxs_ls'] as const;

/** The configuration of an E1/T1 span (spec 02 §3.19 `DigitalSpan`). */
export interface DigitalSpanConfig {
  framingCoding: (typeof SPAN_FRAMINGS)[number] | null;
  signalling: (typeof SPAN_SIGNALLINGS)[number];
  switchtype: (typeof SPAN_SWITCHTYPES)[number];
  syncClockSource: number;
  lineBuildOut: number;
  pridialplan: (typeof PRI_DIALPLANS)[number];
  prilocaldialplan: (typeof PRI_DIALPLANS)[number];
  group: number;
  context: string;
  did: string | null;
  /** Channel ranges used for voice, e.g. `1-15,17-30`. */
  channels: string;
  /** Channel ranges kept back, e.g. `16` (the E1 D-channel). */
  reservedChannels: string | null;
  status: (typeof STATUSES)[number];
  advancedSettings: string | null;
}

/** The configuration of an analog port (spec 02 §3.19 `AnalogPort`). */
export interface AnalogPortConfig {
  portType: (typeof ANALOG_PORT_TYPES)[number];
  signalling: (typeof ANALOG_SIGNALLINGS)[number];
  context: string;
  group: number;
  status: (typeof STATUSES)[number];
  advancedSettings: string | null;
}

/** Either kind of board configuration. */
export type BoardConfig = DigitalSpanConfig | AnalogPortConfig;

/**
 * DAHDI spans and analog ports (spec 02 §3.19). `config` is what runs;
 * an edit goes to `pendingConfig` and takes effect only on reload (HW-1).
 */
export const boards = sqliteTable(
  'boards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: BOARD_KINDS }).notNull(),
    number: integer('number').notNull(),
    driver: text('driver').notNull(),
    config: text('config', { mode: 'json' }).$type<BoardConfig>().notNull(),
    pendingConfig: text('pending_config', { mode: 'json' }).$type<BoardConfig>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('boards_kind_number_unique').on(t.kind, t.number),
    enumCheck('boards_kind', 'kind', BOARD_KINDS),
    check('boards_number_positive', sql`number >= 1`),
  ],
);
