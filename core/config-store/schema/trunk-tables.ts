import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';
import { STATUSES, teams } from './core-tables.ts';

/*
 * Carrier connections: PBX templates (spec 02 §3.5), which trunks and
 * extensions inherit, trunks (spec 01 §2.1) and trunk groups (spec 02
 * §3.4).
 */

/** How a trunk authenticates: we register to it, or it trusts our address. */
export const TRUNK_TYPES = ['registration', 'ipPeer'] as const;
/** SIP transports a trunk can use (RFC 3261 §18, RFC 7118 excluded). */
export const TRUNK_TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
/** PBX template kinds (spec 02 §3.5 `设备` / `中继`). */
export const TEMPLATE_TYPES = ['device', 'trunk'] as const;
/** Protocols a template configures (spec 02 §3.5 `协议类型`). */
export const TEMPLATE_PROTOCOLS = ['sip', 'iax2', 'mgcp', 'dahdi'] as const;

/**
 * PBX templates (spec 02 §3.5): Asterisk-style `key=value` peer options that
 * trunks and devices inherit (T-1). No team means offered to every team.
 */
export const pbxTemplates = sqliteTable(
  'pbx_templates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    templateType: text('template_type', { enum: TEMPLATE_TYPES }).notNull().default('device'),
    protocol: text('protocol', { enum: TEMPLATE_PROTOCOLS }).notNull().default('sip'),
    details: text('details').notNull(),
    remark: text('remark'),
    isBuiltin: integer('is_builtin', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('pbx_templates_team_name_unique').on(t.teamId, t.name),
    uniqueIndex('pbx_templates_system_name_unique')
      .on(t.name)
      .where(sql`team_id IS NULL`),
    enumCheck('pbx_templates_template_type', 'template_type', TEMPLATE_TYPES),
    enumCheck('pbx_templates_protocol', 'protocol', TEMPLATE_PROTOCOLS),
  ],
);

/** Carrier connections; no team means usable by every team (TRK-1). */
export const trunks = sqliteTable(
  'trunks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    type: text('type', { enum: TRUNK_TYPES }).notNull(),
    host: text('host').notNull(),
    port: integer('port').notNull().default(5060),
    transport: text('transport', { enum: TRUNK_TRANSPORTS }).notNull().default('udp'),
    username: text('username'),
    secretEncrypted: text('secret_encrypted'),
    register: integer('register', { mode: 'boolean' }).notNull().default(false),
    codecs: text('codecs', { mode: 'json' }).$type<string[]>().notNull(),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    timeoutSec: integer('timeout_sec').notNull().default(45),
    outboundCallerNumber: text('outbound_caller_number'),
    outboundCallerName: text('outbound_caller_name'),
    forceOutboundCli: integer('force_outbound_cli', { mode: 'boolean' }).notNull().default(false),
    maxChannels: integer('max_channels'),
    /** TRK-10 录音内线增益 / 录音外线增益: dB on each side of a recording. */
    recordGainInternal: integer('record_gain_internal').notNull().default(0),
    recordGainExternal: integer('record_gain_external').notNull().default(0),
    /** TRK-14: a `trunk` template; null only for rows that predate it. */
    templateId: integer('template_id').references(() => pbxTemplates.id, { onDelete: 'restrict' }),
    /** TRK-14 详情: key=value lines overlaying the template's. */
    details: text('details').notNull().default(''),
    /** TRK-11 Sip Header: `Name: value` lines added to INVITEs to the trunk. */
    sipHeaders: text('sip_headers').notNull().default(''),
    /** TRK-13 连续失败禁用: disable after this many failed attempts; 0 = never. */
    consecutiveFailDisable: integer('consecutive_fail_disable').notNull().default(0),
    /** TRK-13: failed attempts since the last success or re-enable. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    /** TRK-7 强制计费: carry a call only when an extension rate matches it. */
    forcedBilling: integer('forced_billing', { mode: 'boolean' }).notNull().default(false),
    /** TRK-12 级联中继: the peer is another Switchyard (internal semantics). */
    cascade: integer('cascade', { mode: 'boolean' }).notNull().default(false),
    /** TRK-12 级联主机地址: where the cascaded system's calls come from. */
    cascadeHost: text('cascade_host'),
    remark: text('remark'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('trunks_team_name_unique').on(t.teamId, t.name),
    uniqueIndex('trunks_system_name_unique')
      .on(t.name)
      .where(sql`team_id IS NULL`),
    index('trunks_template_idx').on(t.templateId),
    enumCheck('trunks_type', 'type', TRUNK_TYPES),
    enumCheck('trunks_transport', 'transport', TRUNK_TRANSPORTS),
    enumCheck('trunks_status', 'status', STATUSES),
    check('trunks_port_range', sql`port BETWEEN 1 AND 65535`),
  ],
);

/** Trunk-group hunting (spec 02 §3.4 TG-1: 顺序优先, 随机, 轮询). */
export const TRUNK_GROUP_STRATEGIES = ['sequential', 'random', 'roundRobin'] as const;

/** Trunk groups (spec 02 §3.4): trunks hunted in turn. */
export const trunkGroups = sqliteTable(
  'trunk_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    strategy: text('strategy', { enum: TRUNK_GROUP_STRATEGIES }).notNull().default('sequential'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('trunk_groups_team_name_unique').on(t.teamId, t.name),
    enumCheck('trunk_groups_strategy', 'strategy', TRUNK_GROUP_STRATEGIES),
  ],
);

/** Members of trunk groups in hunting order (TG-1 `顺序优先`). */
export const trunkGroupMembers = sqliteTable(
  'trunk_group_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trunkGroupId: integer('trunk_group_id')
      .notNull()
      .references(() => trunkGroups.id, { onDelete: 'cascade' }),
    trunkId: integer('trunk_id')
      .notNull()
      .references(() => trunks.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('trunk_group_members_group_trunk_unique').on(t.trunkGroupId, t.trunkId),
    index('trunk_group_members_trunk_idx').on(t.trunkId),
  ],
);
