import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';

/*
 * The core of the configuration schema: teams, accounts, the enums that
 * several areas share, and settings. Field names and enums are the English
 * names of spec 01 (teams §1.2, accounts §1.3); trunks, extensions,
 * numbers and outbound routes are in their own files. Money is kept in
 * integer units of 1/10 000 of the currency (the manual shows four
 * decimals, §0.5), so sums are exact. Every other schema file imports this
 * one, so it imports nothing of ours.
 */

/** Account types of spec §1.1 (`AccountType`). */
export const ACCOUNT_TYPES = ['systemAdmin', 'teamAdmin', 'user'] as const;
/** Payment modes of teams and accounts (spec §0.5). */
export const PAYMENT_MODES = ['unlimited', 'postpaid', 'prepaid'] as const;
/** `可用` / `不可用`, shared by accounts, extensions, trunks and DIDs. */
export const STATUSES = ['enabled', 'disabled'] as const;

/** A team's default outbound target (spec §1.2 `对象`, TM-5). */
export const OUTBOUND_TARGET_TYPES = ['none', 'trunk', 'trunkGroup'] as const;

/**
 * Prompt languages (spec 02 §3.17: en cn jp kr ru fr de es). Here, not in
 * media-tables, because DIDs carry one too (DID-2) and media-tables
 * imports this file.
 */
export const PROMPT_LANGUAGES = ['en', 'cn', 'jp', 'kr', 'ru', 'fr', 'de', 'es'] as const;
/**
 * Inbound-route destinations (spec 02 §3.6 `转接`). `end` hangs up (IR-8);
 * `account` is the manual's auto-match (`自动匹配`), which rings the
 * account's extensions (A-10, D32). Fax devices (spec 03 §4.1) come with
 * the fax module, so `fax` is not selectable yet. A team's default traffic
 * (TM-12) takes the same types, so the list lives beside `teams`.
 */
export const INBOUND_DESTINATION_TYPES = [
  'end',
  'extension',
  'ringGroup',
  'queue',
  'ivr',
  'conference',
  'voicemail',
  'application',
  'account',
] as const;

/** TM-10 坐席通话记录: 无权限, 通话记录, 通话记录和录音. */
export const AGENT_CDR_ACCESS = ['none', 'records', 'recordings'] as const;
/** TM-9 默认语言 of the agent workspace (简体中文 first, the default). */
export const UI_LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;

/** Tenants (spec §1.2). */
export const teams = sqliteTable(
  'teams',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    uid: text('uid').notNull(),
    name: text('name').notNull(),
    sipDomain: text('sip_domain'),
    maxAccounts: integer('max_accounts').notNull().default(5),
    maxAgents: integer('max_agents').notNull().default(5),
    maxExtensions: integer('max_extensions').notNull().default(5),
    maxQueues: integer('max_queues').notNull().default(5),
    maxConferenceRooms: integer('max_conference_rooms').notNull().default(5),
    /**
     * Calls of the team in progress at once (D83); null = no limit. Not in
     * the spec: hosted PBXs sell tenants a number of channels.
     */
    maxConcurrentCalls: integer('max_concurrent_calls'),
    internalCallsAllowed: integer('internal_calls_allowed', { mode: 'boolean' })
      .notNull()
      .default(true),
    interTeamPrefix: text('inter_team_prefix'),
    forcedRecording: integer('forced_recording', { mode: 'boolean' }).notNull().default(false),
    paymentMode: text('payment_mode', { enum: PAYMENT_MODES }).notNull().default('unlimited'),
    creditLimitE4: integer('credit_limit_e4').notNull().default(0),
    /**
     * §1.11 当前费用: charges minus recharges in 1/10 000 units. Finance
     * adjustments move it (FIN-1); TM-7 gates outbound calls on it.
     */
    currentFeesE4: integer('current_fees_e4').notNull().default(0),
    displayName: text('display_name'),
    /**
     * TM-10 坐席通话记录: what agents may see of their own calls: nothing,
     * their call records, or the records and their recordings.
     */
    agentCdrAccess: text('agent_cdr_access', { enum: AGENT_CDR_ACCESS }).notNull().default('none'),
    /** TM-9 公司LOGO: the image the agent workspace shows, as a URL; null is none. */
    logoUrl: text('logo_url'),
    /** TM-9 默认语言: the agent workspace's language at login. */
    defaultLanguage: text('default_language', { enum: UI_LANGUAGES }).notNull().default('zh-CN'),
    description: text('description'),
    /** TM-5 对象 / 中继 / 中继组: where unrouted outbound calls go. */
    outboundTargetType: text('outbound_target_type', { enum: OUTBOUND_TARGET_TYPES })
      .notNull()
      .default('none'),
    outboundTargetId: integer('outbound_target_id'),
    /**
     * TM-13 外线坐席中继类型 / 外线坐席中继: the trunk or trunk group that
     * rings agents whose phone is an external number (AGT-3); `none` uses
     * the team's default outbound target.
     */
    externalAgentTrunkType: text('external_agent_trunk_type', { enum: OUTBOUND_TARGET_TYPES })
      .notNull()
      .default('none'),
    externalAgentTrunkId: integer('external_agent_trunk_id'),
    /** TM-12 默认话务类型: where a DID call matching no route goes; null = none. */
    defaultTrafficType: text('default_traffic_type', { enum: INBOUND_DESTINATION_TYPES }),
    /** TM-12 默认话务目标: the object of that type (none for `end`). */
    defaultTrafficTargetId: integer('default_traffic_target_id'),
    /** TM-11 事件接收地址: where the team's call and agent events are POSTed. */
    eventUrl: text('event_url'),
    /**
     * TM-11 验证字符串: the HMAC key of those events, kept with SecretBox
     * because the switch must sign with it (a hash would not do).
     */
    verificationStringEncrypted: text('verification_string_encrypted'),
    /**
     * Spec 03 §5.3 (c) 3–4, opt-in (D56 left it out): the matched
     * extension rate's trunk carries an outbound call, and a number no
     * extension rate prices is refused. Off, routes alone pick the trunk.
     */
    rateRouting: integer('rate_routing', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('teams_uid_unique').on(t.uid),
    enumCheck('teams_outbound_target_type', 'outbound_target_type', OUTBOUND_TARGET_TYPES),
    check(
      'teams_outbound_target',
      sql`(outbound_target_type = 'none') = (outbound_target_id IS NULL)`,
    ),
    uniqueIndex('teams_sip_domain_unique').on(t.sipDomain),
    enumCheck(
      'teams_external_agent_trunk_type',
      'external_agent_trunk_type',
      OUTBOUND_TARGET_TYPES,
    ),
    check(
      'teams_external_agent_trunk',
      sql`(external_agent_trunk_type = 'none') = (external_agent_trunk_id IS NULL)`,
    ),
    check('teams_uid_charset', sql`uid GLOB '[A-Za-z0-9]*' AND uid NOT GLOB '*[^A-Za-z0-9]*'`),
    enumCheck('teams_payment_mode', 'payment_mode', PAYMENT_MODES),
    enumCheck('teams_default_traffic_type', 'default_traffic_type', INBOUND_DESTINATION_TYPES),
    check(
      'teams_default_traffic_target',
      sql`(default_traffic_type IS NULL OR default_traffic_type = 'end') = (default_traffic_target_id IS NULL)`,
    ),
  ],
);

/** Login identities, owners of extensions and billing units (spec §1.3). */
export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'restrict' }),
    username: text('username').notNull(),
    accountType: text('account_type', { enum: ACCOUNT_TYPES }).notNull(),
    passwordHash: text('password_hash').notNull(),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    roleName: text('role_name'),
    email: text('email'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    forcedRecording: integer('forced_recording', { mode: 'boolean' }).notNull().default(false),
    paymentMode: text('payment_mode', { enum: PAYMENT_MODES }).notNull().default('unlimited'),
    creditLimitE4: integer('credit_limit_e4').notNull().default(0),
    /**
     * §1.11 当前费用 of the account (ACC-4): call charges minus recharges, in
     * 1/10 000 units; AC-6 gates the account's outbound calls on it.
     */
    currentFeesE4: integer('current_fees_e4').notNull().default(0),
    /** AC-8 导出时间限制: exports only inside the system's export window. */
    exportTimeLimited: integer('export_time_limited', { mode: 'boolean' }).notNull().default(false),
    /** AC-9 接收账单邮件: the account's user bills are e-mailed to `email`. */
    receiveBillEmail: integer('receive_bill_email', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('accounts_team_username_unique').on(t.teamId, t.username),
    // NULLs are distinct in a UNIQUE index, so system accounts need their own.
    uniqueIndex('accounts_system_username_unique')
      .on(t.username)
      .where(sql`team_id IS NULL`),
    enumCheck('accounts_account_type', 'account_type', ACCOUNT_TYPES),
    enumCheck('accounts_status', 'status', STATUSES),
    enumCheck('accounts_payment_mode', 'payment_mode', PAYMENT_MODES),
    // AC-3: a system administrator has no team; everyone else has one.
    check('accounts_team_by_type', sql`(account_type = 'systemAdmin') = (team_id IS NULL)`),
  ],
);

/** Key/value bookkeeping: first-admin flag, store format, and the like. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
