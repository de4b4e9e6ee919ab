import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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

const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull();
const updatedAt = () => integer('updated_at', { mode: 'timestamp_ms' }).notNull();
const enumCheck = (name: string, column: string, values: readonly string[]) =>
  check(name, sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`));

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
    displayName: text('display_name'),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('teams_uid_unique').on(t.uid),
    uniqueIndex('teams_sip_domain_unique').on(t.sipDomain),
    check('teams_uid_charset', sql`uid GLOB '[A-Za-z0-9]*' AND uid NOT GLOB '*[^A-Za-z0-9]*'`),
    enumCheck('teams_payment_mode', 'payment_mode', PAYMENT_MODES),
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
    remark: text('remark'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('trunks_team_name_unique').on(t.teamId, t.name),
    uniqueIndex('trunks_system_name_unique')
      .on(t.name)
      .where(sql`team_id IS NULL`),
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('extensions_team_number_unique').on(t.teamId, t.internalNumber),
    uniqueIndex('extensions_registration_name_unique').on(t.registrationName),
    index('extensions_account_idx').on(t.accountId),
    enumCheck('extensions_device_type', 'device_type', DEVICE_TYPES),
    enumCheck('extensions_status', 'status', STATUSES),
    enumCheck('extensions_pickup_scope', 'pickup_scope', PICKUP_SCOPES),
    check(
      'extensions_number_digits',
      sql`internal_number <> '' AND internal_number NOT GLOB '*[^0-9]*'`,
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
    trunkId: integer('trunk_id')
      .notNull()
      .references(() => trunks.id, { onDelete: 'restrict' }),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('outbound_routes_team_name_unique').on(t.teamId, t.name),
    index('outbound_routes_trunk_idx').on(t.trunkId),
    enumCheck('outbound_routes_status', 'status', STATUSES),
    check('outbound_routes_non_negative', sql`strip_digits >= 0 AND number_length >= 0`),
  ],
);

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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('dids_number_unique').on(t.number),
    index('dids_destination_idx').on(t.destinationType, t.destinationId),
    enumCheck('dids_destination_type', 'destination_type', DID_DESTINATION_TYPES),
    enumCheck('dids_status', 'status', STATUSES),
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
export const API_TOKEN_KINDS = ['session', 'apiKey'] as const;

/**
 * Admin API bearer tokens. Only the SHA-256 of a token is kept: the tokens
 * are 256-bit random values, so a fast hash suffices (no dictionary to
 * guess from) and a copy of the file yields no usable credential. teamId
 * copies the account's team, which never changes, so scoping needs no join.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull(),
    kind: text('kind', { enum: API_TOKEN_KINDS }).notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    teamId: integer('team_id'),
    name: text('name'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_unique').on(t.tokenHash),
    index('api_tokens_account_idx').on(t.accountId),
    index('api_tokens_expires_idx').on(t.expiresAt),
    enumCheck('api_tokens_kind', 'kind', API_TOKEN_KINDS),
  ],
);

/** What an operation-log row records (spec 04 §13.1 `行为`). */
export const OPERATION_ACTIONS = [
  'login',
  'loginFailed',
  'logout',
  'create',
  'update',
  'delete',
] as const;

/**
 * Append-only audit trail of the admin API (spec 04 §13.1, R13.1-3): who,
 * when, what. It has no foreign keys on purpose: the log outlives the
 * accounts and teams it mentions.
 */
export const operationLogs = sqliteTable(
  'operation_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    createdAt: createdAt(),
    accountId: integer('account_id'),
    username: text('username').notNull(),
    teamId: integer('team_id'),
    action: text('action', { enum: OPERATION_ACTIONS }).notNull(),
    resource: text('resource').notNull(),
    objectId: text('object_id'),
    ip: text('ip').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index('operation_logs_team_idx').on(t.teamId, t.id),
    index('operation_logs_created_idx').on(t.createdAt),
    enumCheck('operation_logs_action', 'action', OPERATION_ACTIONS),
  ],
);

/*
 * Batch 2 of the admin API: account groups (spec 01 §1.4), agents (§1.5),
 * agent groups (§1.6), ring groups (§2.3, §2.4) and queues (spec 02 §3.1).
 * Member rows refer to their objects with ON DELETE RESTRICT, so that an
 * account, agent or extension still in a group cannot vanish from under it.
 */

/** Agent phone binding (spec §1.5 `分机`: 固定, 自适应, 自选; AGT-2). */
export const AGENT_EXTENSION_MODES = ['fixed', 'adaptive', 'selfSelect'] as const;
/** Agent-group work modes (spec §1.6 `工作模式`: 全部, 自选, 呼入, 呼出; GRP-4). */
export const AGENT_WORK_MODES = ['all', 'selfSelect', 'inbound', 'outbound'] as const;
/** Outbound dialling of an agent group (spec §1.6 `外呼属性`; GRP-5). */
export const OUTBOUND_ATTRIBUTES = ['unrestricted', 'restricted'] as const;
/** After-call work (spec §1.6 `话后处理`: 关闭, 振铃话后, 应答话后, 自选; GRP-6). */
export const WRAP_UP_MODES = ['off', 'afterRinging', 'afterAnswered', 'selfSelect'] as const;
/** Queue membership of an agent-group member (spec §1.6 `静态/动态`; GRP-2). */
export const MEMBERSHIP_TYPES = ['static', 'dynamic'] as const;
/**
 * Ring-group strategies (spec §2.3 RG-2): 全部振铃, 顺序振铃 (hunt),
 * 轮询振铃 (round robin with memory), 空闲振铃, 递增振铃.
 */
export const RING_GROUP_STRATEGIES = [
  'ringall',
  'sequential',
  'rrmemory',
  'idle',
  'incremental',
] as const;
/** Queue strategies (spec 02 §3.1, Asterisk app_queue names). */
export const QUEUE_STRATEGIES = [
  'leastrecent',
  'fewestcalls',
  'random',
  'rrmemory',
  'ringall',
  'linear',
] as const;
/**
 * Failover destinations of ring groups and queues (spec 02 §0.5). Only the
 * types whose target lives in this store, or that need none, are offered
 * so far; prompts, IVRs and voicemail come with their modules.
 */
export const FAILOVER_TYPES = ['hangup', 'busy', 'extension', 'ringGroup', 'queue'] as const;

/** Accounts sharing a calling policy (spec §1.4). */
export const accountGroups = sqliteTable(
  'account_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    trunkId: integer('trunk_id').references(() => trunks.id, { onDelete: 'restrict' }),
    trunkGroupId: integer('trunk_group_id').references(() => trunkGroups.id, {
      onDelete: 'restrict',
    }),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('account_groups_team_name_unique').on(t.teamId, t.name),
    index('account_groups_trunk_idx').on(t.trunkId),
    index('account_groups_trunk_group_idx').on(t.trunkGroupId),
    // §1.4 `对象`: the outbound target is a trunk or a trunk group, not both.
    check('account_groups_one_target', sql`trunk_id IS NULL OR trunk_group_id IS NULL`),
  ],
);

/** Members of account groups; an account is in at most one group (AG-6). */
export const accountGroupMembers = sqliteTable(
  'account_group_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: integer('group_id')
      .notNull()
      .references(() => accountGroups.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    isGroupAdmin: integer('is_group_admin', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('account_group_members_account_unique').on(t.accountId),
    index('account_group_members_group_idx').on(t.groupId),
  ],
);

/** Call-centre agents (spec §1.5); agentNo is unique in the team (AGT-1). */
export const agents = sqliteTable(
  'agents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    agentNo: text('agent_no').notNull(),
    passwordHash: text('password_hash').notNull(),
    targetNumber: text('target_number'),
    extensionMode: text('extension_mode', { enum: AGENT_EXTENSION_MODES })
      .notNull()
      .default('adaptive'),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    callerNumber: text('caller_number'),
    callerName: text('caller_name'),
    ignoreExtForwarding: integer('ignore_ext_forwarding', { mode: 'boolean' })
      .notNull()
      .default(false),
    remark: text('remark'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('agents_team_agent_no_unique').on(t.teamId, t.agentNo),
    index('agents_account_idx').on(t.accountId),
    enumCheck('agents_extension_mode', 'extension_mode', AGENT_EXTENSION_MODES),
    enumCheck('agents_status', 'status', STATUSES),
    check('agents_agent_no_digits', sql`agent_no <> '' AND agent_no NOT GLOB '*[^0-9]*'`),
  ],
);

/** ACD queues (spec 02 §3.1); the number is in the team namespace (IN-1). */
export const queues = sqliteTable(
  'queues',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    number: text('number').notNull(),
    name: text('name').notNull(),
    strategy: text('strategy', { enum: QUEUE_STRATEGIES }).notNull().default('leastrecent'),
    failoverType: text('failover_type', { enum: FAILOVER_TYPES }).notNull().default('hangup'),
    failoverTargetId: integer('failover_target_id'),
    agentRingTimeoutSec: integer('agent_ring_timeout_sec').notNull().default(15),
    retryIntervalSec: integer('retry_interval_sec').notNull().default(5),
    maxWaitTimeSec: integer('max_wait_time_sec').notNull().default(45),
    joinEmpty: integer('join_empty', { mode: 'boolean' }).notNull().default(true),
    wrapUpTimeSec: integer('wrap_up_time_sec').notNull().default(5),
    autofill: integer('autofill', { mode: 'boolean' }).notNull().default(true),
    callerNamePrefix: text('caller_name_prefix'),
    callerNumberPrefix: text('caller_number_prefix'),
    lastAgentFirst: integer('last_agent_first', { mode: 'boolean' }).notNull().default(true),
    maxCallers: integer('max_callers').notNull().default(0),
    periodicAnnounceFrequencySec: integer('periodic_announce_frequency_sec').notNull().default(0),
    positionAnnounceFrequencySec: integer('position_announce_frequency_sec').notNull().default(0),
    priority: integer('priority').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('queues_team_number_unique').on(t.teamId, t.number),
    index('queues_failover_idx').on(t.failoverType, t.failoverTargetId),
    enumCheck('queues_strategy', 'strategy', QUEUE_STRATEGIES),
    enumCheck('queues_failover_type', 'failover_type', FAILOVER_TYPES),
    check('queues_number_digits', sql`number <> '' AND number NOT GLOB '*[^0-9]*'`),
  ],
);

/** Agent groups (spec §1.6), bound to the queue that offers them calls. */
export const agentGroups = sqliteTable(
  'agent_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    queueId: integer('queue_id').references(() => queues.id, { onDelete: 'restrict' }),
    workMode: text('work_mode', { enum: AGENT_WORK_MODES }).notNull().default('selfSelect'),
    outboundAttribute: text('outbound_attribute', { enum: OUTBOUND_ATTRIBUTES })
      .notNull()
      .default('unrestricted'),
    allowExternalTransfer: integer('allow_external_transfer', { mode: 'boolean' })
      .notNull()
      .default(true),
    wrapUpMode: text('wrap_up_mode', { enum: WRAP_UP_MODES }).notNull().default('off'),
    wrapUpAutoEndSec: integer('wrap_up_auto_end_sec').notNull().default(0),
    autoPauseOnNoAnswer: integer('auto_pause_on_no_answer', { mode: 'boolean' })
      .notNull()
      .default(false),
    showQueueInfo: integer('show_queue_info', { mode: 'boolean' }).notNull().default(false),
    autoAnswerQueue: integer('auto_answer_queue', { mode: 'boolean' }).notNull().default(false),
    autoAnswerPredictive: integer('auto_answer_predictive', { mode: 'boolean' })
      .notNull()
      .default(false),
    autoAnswerClickToDial: integer('auto_answer_click_to_dial', { mode: 'boolean' })
      .notNull()
      .default(true),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('agent_groups_team_name_unique').on(t.teamId, t.name),
    index('agent_groups_queue_idx').on(t.queueId),
    enumCheck('agent_groups_work_mode', 'work_mode', AGENT_WORK_MODES),
    enumCheck('agent_groups_outbound_attribute', 'outbound_attribute', OUTBOUND_ATTRIBUTES),
    enumCheck('agent_groups_wrap_up_mode', 'wrap_up_mode', WRAP_UP_MODES),
  ],
);

/** Members of agent groups; an agent may be in several groups (§1.6). */
export const agentGroupMembers = sqliteTable(
  'agent_group_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: integer('group_id')
      .notNull()
      .references(() => agentGroups.id, { onDelete: 'cascade' }),
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'restrict' }),
    priority: integer('priority').notNull().default(20),
    isGroupAdmin: integer('is_group_admin', { mode: 'boolean' }).notNull().default(false),
    membershipType: text('membership_type', { enum: MEMBERSHIP_TYPES }).notNull().default('static'),
  },
  (t) => [
    uniqueIndex('agent_group_members_group_agent_unique').on(t.groupId, t.agentId),
    index('agent_group_members_agent_idx').on(t.agentId),
    enumCheck('agent_group_members_membership_type', 'membership_type', MEMBERSHIP_TYPES),
  ],
);

/** Ring groups (spec §2.3); the number is in the team namespace (RG-8). */
export const ringGroups = sqliteTable(
  'ring_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    internalNumber: text('internal_number').notNull(),
    strategy: text('strategy', { enum: RING_GROUP_STRATEGIES }).notNull().default('ringall'),
    ringTimeSec: integer('ring_time_sec').notNull().default(60),
    failoverType: text('failover_type', { enum: FAILOVER_TYPES }).notNull().default('hangup'),
    failoverTargetId: integer('failover_target_id'),
    lastCallFirst: integer('last_call_first', { mode: 'boolean' }).notNull().default(false),
    callerNumberPrefix: text('caller_number_prefix'),
    callerNamePrefix: text('caller_name_prefix'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('ring_groups_team_number_unique').on(t.teamId, t.internalNumber),
    index('ring_groups_failover_idx').on(t.failoverType, t.failoverTargetId),
    enumCheck('ring_groups_strategy', 'strategy', RING_GROUP_STRATEGIES),
    enumCheck('ring_groups_failover_type', 'failover_type', FAILOVER_TYPES),
    check(
      'ring_groups_number_digits',
      sql`internal_number <> '' AND internal_number NOT GLOB '*[^0-9]*'`,
    ),
  ],
);

/**
 * Members of ring groups in ring order (spec §2.3: the order of the list is
 * the ring order); an extension is in a group at most once (RGM-3).
 */
export const ringGroupMembers = sqliteTable(
  'ring_group_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ringGroupId: integer('ring_group_id')
      .notNull()
      .references(() => ringGroups.id, { onDelete: 'cascade' }),
    extensionId: integer('extension_id')
      .notNull()
      .references(() => extensions.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('ring_group_members_group_extension_unique').on(t.ringGroupId, t.extensionId),
    index('ring_group_members_extension_idx').on(t.extensionId),
  ],
);

/** Trunk-group hunting (spec 02 §3.4 TG-1: 顺序优先, 随机, 轮询). */
export const TRUNK_GROUP_STRATEGIES = ['sequential', 'random', 'roundRobin'] as const;
/**
 * Inbound-route destinations (spec 02 §3.6 `转接`). `end` hangs up (IR-8);
 * of the other nine types, those whose target lives in this store so far.
 */
export const INBOUND_DESTINATION_TYPES = ['end', 'extension', 'ringGroup', 'queue'] as const;
/** Inbound caller screening lists (spec 02 §3.8 blacklist, §3.9 whitelist). */
export const CALLER_LIST_TYPES = ['black', 'white'] as const;
/** Days of the week, Monday first (spec 02 §3.2 `开始星期`). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

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
  },
  (t) => [
    uniqueIndex('work_hours_team_name_unique').on(t.teamId, t.name),
    enumCheck('work_hours_status', 'status', STATUSES),
  ],
);

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
  },
  (t) => [
    uniqueIndex('inbound_routes_team_name_unique').on(t.teamId, t.name),
    index('inbound_routes_did_idx').on(t.didId),
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
  },
  (t) => [
    uniqueIndex('did_groups_team_name_unique').on(t.teamId, t.name),
    enumCheck('did_groups_match_type', 'match_type', DID_GROUP_MATCH_TYPES),
  ],
);
