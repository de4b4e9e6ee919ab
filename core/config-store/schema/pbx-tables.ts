import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';
import { STATUSES, accounts, teams } from './core-tables.ts';
import { extensions } from './extension-tables.ts';
import { callPrompts, mohClasses } from './media-tables.ts';
import { trunkGroups, trunks } from './trunk-tables.ts';

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
/** GRP-9 咨询坐席范围: `本组` own group (default) or `无限制` any agent of the team. */
export const CONSULT_SCOPES = ['group', 'unrestricted'] as const;
/**
 * GRP-11 媒体接入属性: when chat media sessions may reach the group's agents, `仅空闲和媒体` only
 * when idle or already on media (default) or `无限制` always.
 */
export const MEDIA_ACCESS_MODES = ['idleAndMedia', 'unlimited'] as const;
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
    createdBy: createdBy(),
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
    /** AGT-8 业务应用密码: scrypt hash; agents sign API requests in with it. */
    apiPasswordHash: text('api_password_hash'),
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
    /** AGT-9 呼入费用: credits earned from agent inbound rates (5.4). */
    inboundFeesE4: integer('inbound_fees_e4').notNull().default(0),
    /** AGT-9 呼出费用: extension-rate charges of calls from the agent's phone. */
    outboundFeesE4: integer('outbound_fees_e4').notNull().default(0),
    remark: text('remark'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
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
    /** 多方通话: the agent may add a third party to a queue call. */
    multiParty: integer('multi_party', { mode: 'boolean' }).notNull().default(true),
    maxCallers: integer('max_callers').notNull().default(0),
    periodicAnnounceFrequencySec: integer('periodic_announce_frequency_sec').notNull().default(0),
    positionAnnounceFrequencySec: integer('position_announce_frequency_sec').notNull().default(0),
    priority: integer('priority').notNull().default(0),
    /** 等待音乐 (spec 02 §3.1): null is the team's `default` class (MOH-2). */
    mohClassId: integer('moh_class_id').references(() => mohClasses.id, { onDelete: 'restrict' }),
    /** 评分: played to the caller kept after the agent hung up; null is off. */
    ratingPromptId: integer('rating_prompt_id').references(() => callPrompts.id, {
      onDelete: 'restrict',
    }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('queues_team_number_unique').on(t.teamId, t.number),
    index('queues_failover_idx').on(t.failoverType, t.failoverTargetId),
    index('queues_moh_class_idx').on(t.mohClassId),
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
    consultScope: text('consult_scope', { enum: CONSULT_SCOPES }).notNull().default('group'),
    wrapUpMode: text('wrap_up_mode', { enum: WRAP_UP_MODES }).notNull().default('off'),
    wrapUpAutoEndSec: integer('wrap_up_auto_end_sec').notNull().default(0),
    mediaAccess: text('media_access', { enum: MEDIA_ACCESS_MODES })
      .notNull()
      .default('idleAndMedia'),
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
    /** GRP-13 工作链接: the business page the agent workspace embeds; null is none. */
    workLink: text('work_link'),
    /** GRP-13 发送登录信息: pass agent number and password to that page. */
    sendLoginInfo: integer('send_login_info', { mode: 'boolean' }).notNull().default(false),
    /** GRP-13 默认显示呼入中心: open the inbound centre page at agent login. */
    defaultShowInboundCenter: integer('default_show_inbound_center', { mode: 'boolean' })
      .notNull()
      .default(false),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('agent_groups_team_name_unique').on(t.teamId, t.name),
    index('agent_groups_queue_idx').on(t.queueId),
    enumCheck('agent_groups_work_mode', 'work_mode', AGENT_WORK_MODES),
    enumCheck('agent_groups_outbound_attribute', 'outbound_attribute', OUTBOUND_ATTRIBUTES),
    enumCheck('agent_groups_wrap_up_mode', 'wrap_up_mode', WRAP_UP_MODES),
    enumCheck('agent_groups_consult_scope', 'consult_scope', CONSULT_SCOPES),
    enumCheck('agent_groups_media_access', 'media_access', MEDIA_ACCESS_MODES),
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
    /** GRP-4 member-level 工作模式; null takes the group's. */
    workMode: text('work_mode', { enum: AGENT_WORK_MODES }),
    /** GRP-5 member-level 外呼属性; null takes the group's. */
    outboundAttribute: text('outbound_attribute', { enum: OUTBOUND_ATTRIBUTES }),
    /** GRP-14 错误通话数据处理: the agent may clear its own erroneous call data. */
    canDeleteErrorCallData: integer('can_delete_error_call_data', { mode: 'boolean' })
      .notNull()
      .default(false),
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
    /** 等待音乐 (spec 01 §2.3, RG-4): what the caller hears while members ring; null is ringback. */
    mohClassId: integer('moh_class_id').references(() => mohClasses.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('ring_groups_team_number_unique').on(t.teamId, t.internalNumber),
    index('ring_groups_failover_idx').on(t.failoverType, t.failoverTargetId),
    index('ring_groups_moh_class_idx').on(t.mohClassId),
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
    /** RGM-1 优先级 0–9: larger rings first; equal ones in list order. */
    priority: integer('priority').notNull().default(0),
    /** RGM-2 振铃次数: times the group rang this member. */
    ringCount: integer('ring_count').notNull().default(0),
    /** RGM-2 应答次数: times this member answered a call of the group. */
    answerCount: integer('answer_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('ring_group_members_group_extension_unique').on(t.ringGroupId, t.extensionId),
    index('ring_group_members_extension_idx').on(t.extensionId),
    check('ring_group_members_priority', sql`priority BETWEEN 0 AND 9`),
  ],
);

/** Activities an agent session keeps across a restart (GRP-6, GRP-7). */
export const AGENT_SESSION_ACTIVITIES = ['idle', 'wrapUp', 'paused'] as const;
/** Session work modes once `selfSelect` is resolved (GRP-4). */
export const AGENT_SESSION_WORK_MODES = ['inbound', 'outbound', 'all'] as const;
/** Agent phone kinds (AGT-2, AGT-3): an internal extension or any number. */
export const AGENT_PHONE_KINDS = ['extension', 'external'] as const;
/** Wrap-up an agent picked at sign-in when the group lets them (GRP-6 `自选`). */
export const AGENT_WRAP_UP_CHOICES = ['afterRinging', 'afterAnswered'] as const;

/**
 * Signed-in agents (spec §1.5 签入), one row per agent, so that sessions
 * survive a restart. Ringing and talking are not kept: calls do not
 * survive a restart either.
 */
export const agentSessions = sqliteTable(
  'agent_sessions',
  {
    agentId: integer('agent_id')
      .primaryKey()
      .references(() => agents.id, { onDelete: 'cascade' }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    phoneKind: text('phone_kind', { enum: AGENT_PHONE_KINDS }).notNull(),
    phoneNumber: text('phone_number').notNull(),
    workMode: text('work_mode', { enum: AGENT_SESSION_WORK_MODES }).notNull(),
    wrapUpChoice: text('wrap_up_choice', { enum: AGENT_WRAP_UP_CHOICES }),
    activity: text('activity', { enum: AGENT_SESSION_ACTIVITIES }).notNull(),
    pauseReason: text('pause_reason'),
    /** JSON array of agent-group ids the agent signed in to (GRP-2). */
    groupIds: text('group_ids').notNull(),
    sourceIp: text('source_ip'),
    sinceMs: integer('since_ms').notNull(),
    /** Epoch ms when wrap-up began, to restart its auto-end after a restart. */
    activitySinceMs: integer('activity_since_ms').notNull(),
  },
  (t) => [
    index('agent_sessions_team_idx').on(t.teamId),
    enumCheck('agent_sessions_phone_kind', 'phone_kind', AGENT_PHONE_KINDS),
    enumCheck('agent_sessions_work_mode', 'work_mode', AGENT_SESSION_WORK_MODES),
    enumCheck('agent_sessions_wrap_up_choice', 'wrap_up_choice', AGENT_WRAP_UP_CHOICES),
    enumCheck('agent_sessions_activity', 'activity', AGENT_SESSION_ACTIVITIES),
  ],
);
