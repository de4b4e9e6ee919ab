import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, enumCheck, updatedAt } from './columns.ts';

/*
 * The configuration schema. Field names and enums are the English names of
 * spec 01 (teams §1.2, accounts §1.3, trunks §2.1, extensions §2.2, DIDs
 * §2.6, internal numbers §2.10) and spec 02 (outbound routes §3.7). Money is
 * kept in integer units of 1/10 000 of the currency (the manual shows four
 * decimals, §0.5), so sums are exact. drizzle-kit reads this file to
 * generate migrations, so it imports nothing of ours.
 */

/** Account types of spec §1.1 (`AccountType`). */
export const ACCOUNT_TYPES = ['systemAdmin', 'teamAdmin', 'user'] as const;
/** Payment modes of teams and accounts (spec §0.5). */
export const PAYMENT_MODES = ['unlimited', 'postpaid', 'prepaid'] as const;
/** `可用` / `不可用`, shared by accounts, extensions, trunks and DIDs. */
export const STATUSES = ['enabled', 'disabled'] as const;
/** Extension device types (spec §2.2 `deviceType`). */
export const DEVICE_TYPES = ['SIP', 'IAX2', 'MGCP', 'DAHDI', 'external'] as const;
/** Who may pick up calls ringing at an extension (spec §2.2, EXT-12). */
export const PICKUP_SCOPES = ['accountGroup', 'team'] as const;
/** How a trunk authenticates: we register to it, or it trusts our address. */
export const TRUNK_TYPES = ['registration', 'ipPeer'] as const;
/** SIP transports a trunk can use (RFC 3261 §18, RFC 7118 excluded). */
export const TRUNK_TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
/** Where a DID sends its calls; more types come with routing (spec §3.6). */
export const DID_DESTINATION_TYPES = ['extension'] as const;
/**
 * Which greeting a mailbox plays (spec 01 VM-1): the system prompt, or the
 * one its owner recorded by phone (app_voicemail's unavail greeting).
 */
export const VOICEMAIL_GREETINGS = ['system', 'personal'] as const;
/** How a DID group matches a called number (spec §2.5, DG-1). */
export const DID_GROUP_MATCH_TYPES = ['number', 'prefix'] as const;
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

/** PBX template kinds (spec 02 §3.5 `设备` / `中继`). */
export const TEMPLATE_TYPES = ['device', 'trunk'] as const;
/** Protocols a template configures (spec 02 §3.5 `协议类型`). */
export const TEMPLATE_PROTOCOLS = ['sip', 'iax2', 'mgcp', 'dahdi'] as const;

/** A team's default outbound target (spec §1.2 `对象`, TM-5). */
export const OUTBOUND_TARGET_TYPES = ['none', 'trunk', 'trunkGroup'] as const;
/**
 * What an outbound route does with a matching call (spec 02 §3.7 `转接`,
 * OR-4): dial out, hand it to a ring group or queue, or end it.
 */
export const OUTBOUND_ROUTE_ACTIONS = ['dialOut', 'ringGroup', 'queue', 'end'] as const;

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
/** DID log statuses (spec 01 §2.7): `已通过` bound, `已释放` released. */
export const DID_LOG_STATUSES = ['bound', 'released'] as const;

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

/** Endpoints (spec §2.2); each belongs to an account of its team (ACC-3). */
export const extensions = sqliteTable(
  'extensions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    internalNumber: text('internal_number').notNull(),
    registrationName: text('registration_name').notNull(),
    deviceType: text('device_type', { enum: DEVICE_TYPES }).notNull().default('SIP'),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    secretEncrypted: text('secret_encrypted').notNull(),
    // Digest HA1 for the auth username `internalNumber` in the team realm.
    ha1Md5: text('ha1_md5').notNull(),
    ha1Sha256: text('ha1_sha256').notNull(),
    // Digest HA1 for the auth username `registrationName` (EXT-1).
    registrationHa1Md5: text('registration_ha1_md5').notNull(),
    registrationHa1Sha256: text('registration_ha1_sha256').notNull(),
    callerNumber: text('caller_number'),
    callerName: text('caller_name'),
    allowOutbound: integer('allow_outbound', { mode: 'boolean' }).notNull().default(true),
    ringTimeoutSec: integer('ring_timeout_sec').notNull().default(30),
    outboundCallerNumber: text('outbound_caller_number'),
    outboundCallerName: text('outbound_caller_name'),
    dnd: integer('dnd', { mode: 'boolean' }).notNull().default(false),
    record: integer('record', { mode: 'boolean' }).notNull().default(false),
    voicemailEnabled: integer('voicemail_enabled', { mode: 'boolean' }).notNull().default(false),
    hostRestriction: text('host_restriction'),
    trunkId: integer('trunk_id').references(() => trunks.id, { onDelete: 'restrict' }),
    pickupScope: text('pickup_scope', { enum: PICKUP_SCOPES }).notNull().default('accountGroup'),
    // Call forwarding (spec 04 §15.9 *91–*94): the number calls go to
    // always, on busy, on no answer, and when no contact is registered.
    forwardAlways: text('forward_always'),
    forwardBusy: text('forward_busy'),
    forwardNoAnswer: text('forward_no_answer'),
    forwardUnreachable: text('forward_unreachable'),
    /** EXT-16: a `device` template of the device's protocol. */
    templateId: integer('template_id').references(() => pbxTemplates.id, { onDelete: 'restrict' }),
    /** EXT-16 分机详情: key=value lines overlaying the template's. */
    details: text('details').notNull().default(''),
    // EXT-13 彩铃: the MOH class callers hear while the extension rings. No
    // foreign key: moh_classes lives in media-tables, which imports this
    // file, and schema files may not import in a cycle (D40).
    ringbackMohClassId: integer('ringback_moh_class_id'),
    /** EXT-15 外线分机: the number an `external` extension's calls dial. */
    externalNumber: text('external_number'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('extensions_team_number_unique').on(t.teamId, t.internalNumber),
    uniqueIndex('extensions_registration_name_unique').on(t.registrationName),
    index('extensions_account_idx').on(t.accountId),
    // A template's delete checks its referrers (ON DELETE RESTRICT).
    index('extensions_template_idx').on(t.templateId),
    // Keyset paging of a team's extensions (issue 7): one index per sort
    // field, ending in id, so that a page is a range scan and not a sort.
    index('extensions_team_id_idx').on(t.teamId, t.id),
    index('extensions_team_name_idx').on(t.teamId, t.name, t.id),
    index('extensions_team_created_idx').on(t.teamId, t.createdAt, t.id),
    index('extensions_team_updated_idx').on(t.teamId, t.updatedAt, t.id),
    enumCheck('extensions_device_type', 'device_type', DEVICE_TYPES),
    enumCheck('extensions_status', 'status', STATUSES),
    enumCheck('extensions_pickup_scope', 'pickup_scope', PICKUP_SCOPES),
    check(
      'extensions_number_digits',
      sql`internal_number <> '' AND internal_number NOT GLOB '*[^0-9]*'`,
    ),
    check(
      'extensions_external_number_digits',
      sql`external_number IS NULL OR (external_number <> '' AND external_number NOT GLOB '*[^0-9]*')`,
    ),
  ],
);

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

/** Key/value bookkeeping: first-admin flag, store format, and the like. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * SIP registrations (RFC 3261 §10.3), persisted so that a restart keeps
 * them. The registrar owns them in memory and writes changes in batches.
 */
export const registrations = sqliteTable(
  'registrations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    aor: text('aor').notNull(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    extensionId: integer('extension_id')
      .notNull()
      .references(() => extensions.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    contactUri: text('contact_uri').notNull(),
    q: integer('q_milli').notNull(),
    expiresAtMs: integer('expires_at_ms').notNull(),
    callId: text('call_id').notNull(),
    cseq: integer('cseq').notNull(),
    protocol: text('protocol').notNull(),
    sourceAddress: text('source_address').notNull(),
    sourcePort: integer('source_port').notNull(),
    isBehindNat: integer('is_behind_nat', { mode: 'boolean' }).notNull(),
    userAgent: text('user_agent').notNull(),
    instanceId: text('instance_id'),
    registeredAtMs: integer('registered_at_ms').notNull(),
  },
  (t) => [
    uniqueIndex('registrations_aor_contact_unique').on(t.aor, t.contactUri),
    index('registrations_expires_idx').on(t.expiresAtMs),
  ],
);

/** Bearer credentials of the admin API: login sessions and API keys. */

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
