import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';
import { PROMPT_LANGUAGES, teams } from './core-tables.ts';

/*
 * The audio model of spec 02 §0.6: voice files (§3.16) are the uploaded
 * audio; call prompts (§3.14) and music-on-hold classes (§3.13) refer to
 * them. A null team is a system object that every team may use (§0.2).
 * References to voice files are ON DELETE RESTRICT, so a file in use
 * cannot vanish from under a prompt (PR-2).
 */

/** Stored voice-file formats: the upload is kept as its playback WAVE copies. */
export const VOICE_FILE_FORMATS = ['wav'] as const;
/**
 * Encodings of an upload: WAVE (RIFF PCM 8/16-bit, G.711 A-law, µ-law),
 * MPEG audio (`mp3`), and GSM 06.10 full rate (`gsm`, raw or WAV49).
 */
export const VOICE_FILE_ENCODINGS = ['pcm8', 'pcm16', 'alaw', 'ulaw', 'mp3', 'gsm'] as const;

/**
 * Voice files (spec 02 §3.16). The audio is on disk as
 * `<dataDir>/sounds/<team or system>/<id>.wav` (8 kHz 16-bit mono) and,
 * when `hasWideband`, `<id>-16k.wav`; the row describes the upload.
 */
export const voiceFiles = sqliteTable(
  'voice_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    format: text('format', { enum: VOICE_FILE_FORMATS }).notNull().default('wav'),
    sourceEncoding: text('source_encoding', { enum: VOICE_FILE_ENCODINGS }).notNull(),
    sourceRateHz: integer('source_rate_hz').notNull(),
    sourceChannels: integer('source_channels').notNull(),
    durationMs: integer('duration_ms').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    hasWideband: integer('has_wideband', { mode: 'boolean' }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('voice_files_team_name_unique').on(t.teamId, t.name),
    enumCheck('voice_files_format', 'format', VOICE_FILE_FORMATS),
    enumCheck('voice_files_source_encoding', 'source_encoding', VOICE_FILE_ENCODINGS),
    check('voice_files_positive', sql`duration_ms >= 0 AND size_bytes > 0`),
  ],
);

/**
 * Call prompts (spec 02 §3.14): a logical prompt with a base voice file
 * and per-language variants, resolved at play time by PR-1.
 */
export const callPrompts = sqliteTable(
  'call_prompts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    description: text('description'),
    voiceFileId: integer('voice_file_id').references(() => voiceFiles.id, {
      onDelete: 'restrict',
    }),
    defaultLanguage: text('default_language', { enum: PROMPT_LANGUAGES }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('call_prompts_team_name_unique').on(t.teamId, t.name),
    index('call_prompts_voice_file_idx').on(t.voiceFileId),
    enumCheck('call_prompts_default_language', 'default_language', PROMPT_LANGUAGES),
  ],
);

/** One language of a call prompt (spec 02 §3.14 `CallPromptVariant`). */
export const callPromptVariants = sqliteTable(
  'call_prompt_variants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    promptId: integer('prompt_id')
      .notNull()
      .references(() => callPrompts.id, { onDelete: 'cascade' }),
    language: text('language', { enum: PROMPT_LANGUAGES }).notNull(),
    voiceFileId: integer('voice_file_id')
      .notNull()
      .references(() => voiceFiles.id, { onDelete: 'restrict' }),
  },
  (t) => [
    uniqueIndex('call_prompt_variants_prompt_language_unique').on(t.promptId, t.language),
    index('call_prompt_variants_voice_file_idx').on(t.voiceFileId),
    enumCheck('call_prompt_variants_language', 'language', PROMPT_LANGUAGES),
  ],
);

/**
 * How a MOH class plays (spec 02 §3.13 应用方式): `shared`, one stream per
 * class that callers join where it is, like a radio (MOH-1: one read per
 * tick for every caller); `perCaller`, each caller from the start of the
 * first file (MOH-3), like Asterisk's `mode=files`.
 */
export const MOH_APPLY_MODES = ['shared', 'perCaller'] as const;

/**
 * Music-on-hold classes (spec 02 §3.13). `identifier` is the key other
 * objects use (`default` is the class selectors call 默认, MOH-2).
 */
export const mohClasses = sqliteTable(
  'moh_classes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    identifier: text('identifier').notNull(),
    // 应用方式 (spec 02 §3.13, Asterisk's `mode`): see MOH_APPLY_MODES.
    applyMode: text('apply_mode', { enum: MOH_APPLY_MODES }).notNull().default('shared'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('moh_classes_team_identifier_unique').on(t.teamId, t.identifier),
    enumCheck('moh_classes_apply_mode', 'apply_mode', MOH_APPLY_MODES),
  ],
);

/** The files of a MOH class in play order (MOH-1: listed order, looped). */
export const mohClassFiles = sqliteTable(
  'moh_class_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mohClassId: integer('moh_class_id')
      .notNull()
      .references(() => mohClasses.id, { onDelete: 'cascade' }),
    voiceFileId: integer('voice_file_id')
      .notNull()
      .references(() => voiceFiles.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('moh_class_files_class_file_unique').on(t.mohClassId, t.voiceFileId),
    index('moh_class_files_voice_file_idx').on(t.voiceFileId),
  ],
);

/*
 * IVR flows (spec 02 §3.15, current UI): a flow with its internal number,
 * ordered actions and transitions. A destination is stored as type + id
 * (a stored object) + value (a literal: `auto`, DTMF digits, a number),
 * the columns of core's `Destination` (spec 02 §0.5).
 */

/** IVR and action failover types: the 8 of the queue failover (§0.5). */
export const IVR_FAILOVER_TYPES = [
  'hangup',
  'busy',
  'prompt',
  'ivr',
  'queue',
  'extension',
  'ringGroup',
  'voicemail',
] as const;

/** IVR transition types (§0.5, current UI): every type but account (auto-match). */
export const IVR_TRANSITION_TYPES = [
  ...IVR_FAILOVER_TYPES,
  'conference',
  'application',
  'fax',
  'outboundRoute',
  'sendDtmf',
  'callback',
] as const;

/** What an IVR action does (IVR-2, IVR-4). */
export const IVR_ACTION_TYPES = ['prompt', 'input', 'webService'] as const;

/** The variable the input action fills by default (IVR-3 `inputcode`). */
export const IVR_INPUT_VARIABLE = 'inputcode';
/** IVR-8 挂机动作: nothing (the default `无`), or POST the session to a URL. */
export const IVR_HANGUP_ACTIONS = ['none', 'httpPost'] as const;

/** IVR flows (`IvrFlow`, 添加主流程). */
export const ivrFlows = sqliteTable(
  'ivr_flows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    internalNumber: text('internal_number').notNull(),
    failoverType: text('failover_type', { enum: IVR_FAILOVER_TYPES }).notNull().default('hangup'),
    failoverId: integer('failover_id'),
    failoverValue: text('failover_value'),
    failoverEndPromptId: integer('failover_end_prompt_id').references(() => callPrompts.id, {
      onDelete: 'restrict',
    }),
    apiCallTimeoutSec: integer('api_call_timeout_sec').notNull().default(10),
    maxLoops: integer('max_loops').notNull().default(2),
    saveVariables: text('save_variables', { mode: 'json' }).$type<string[]>().notNull(),
    /** IVR-8: what runs when the caller hangs up inside the IVR. */
    hangupAction: text('hangup_action', { enum: IVR_HANGUP_ACTIONS }).notNull().default('none'),
    /** IVR-8: the http(s) URL `httpPost` posts to; null for `none`. */
    hangupUrl: text('hangup_url'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('ivr_flows_team_name_unique').on(t.teamId, t.name),
    uniqueIndex('ivr_flows_team_number_unique').on(t.teamId, t.internalNumber),
    index('ivr_flows_failover_idx').on(t.failoverType, t.failoverId),
    enumCheck('ivr_flows_failover_type', 'failover_type', IVR_FAILOVER_TYPES),
    check(
      'ivr_flows_number_digits',
      sql`internal_number <> '' AND internal_number NOT GLOB '*[^0-9]*'`,
    ),
    check('ivr_flows_max_loops', sql`max_loops BETWEEN 1 AND 10`),
    check('ivr_flows_api_call_timeout', sql`api_call_timeout_sec BETWEEN 1 AND 60`),
  ],
);

/**
 * IVR actions (tab 动作), run in `position` order (IVR-2). The columns a
 * type does not use are null: prompt plays `promptId`; input plays the
 * optional `promptId` and reads digits into `variable`; webService calls
 * `url` and stores the first returned value in `variable` (IVR-4).
 */
export const ivrActions = sqliteTable(
  'ivr_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    flowId: integer('flow_id')
      .notNull()
      .references(() => ivrFlows.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    action: text('action', { enum: IVR_ACTION_TYPES }).notNull(),
    promptId: integer('prompt_id').references(() => callPrompts.id, { onDelete: 'restrict' }),
    variable: text('variable'),
    minDigits: integer('min_digits'),
    maxDigits: integer('max_digits'),
    timeoutSec: integer('timeout_sec'),
    terminator: text('terminator'),
    pattern: text('pattern'),
    url: text('url'),
    method: text('method'),
    requestParams: text('request_params'),
    failoverType: text('failover_type', { enum: IVR_FAILOVER_TYPES }),
    failoverId: integer('failover_id'),
    failoverValue: text('failover_value'),
    failoverEndPromptId: integer('failover_end_prompt_id').references(() => callPrompts.id, {
      onDelete: 'restrict',
    }),
    description: text('description'),
  },
  (t) => [
    uniqueIndex('ivr_actions_flow_position_unique').on(t.flowId, t.position),
    index('ivr_actions_prompt_idx').on(t.promptId),
    index('ivr_actions_failover_idx').on(t.failoverType, t.failoverId),
    enumCheck('ivr_actions_action', 'action', IVR_ACTION_TYPES),
    enumCheck('ivr_actions_failover_type', 'failover_type', IVR_FAILOVER_TYPES),
  ],
);

/**
 * IVR transitions (tab 转向, IVR-3): when the `source` variable equals
 * `condition` (null: the default transition), go to the destination.
 */
export const ivrTransitions = sqliteTable(
  'ivr_transitions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    flowId: integer('flow_id')
      .notNull()
      .references(() => ivrFlows.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    source: text('source').notNull().default(IVR_INPUT_VARIABLE),
    condition: text('condition'),
    destinationType: text('destination_type', { enum: IVR_TRANSITION_TYPES }).notNull(),
    destinationId: integer('destination_id'),
    destinationValue: text('destination_value'),
    failoverType: text('failover_type', { enum: IVR_FAILOVER_TYPES }),
    failoverId: integer('failover_id'),
    failoverValue: text('failover_value'),
    failoverEndPromptId: integer('failover_end_prompt_id').references(() => callPrompts.id, {
      onDelete: 'restrict',
    }),
    /** 后续动作 (IVR-9): played when the target ends with the caller still up. */
    followUpPromptId: integer('follow_up_prompt_id').references(() => callPrompts.id, {
      onDelete: 'restrict',
    }),
    /** 返回 (IVR-9): the flow the caller goes back to after the follow-up; null hangs up. */
    returnToIvrId: integer('return_to_ivr_id').references(() => ivrFlows.id, {
      onDelete: 'restrict',
    }),
  },
  (t) => [
    uniqueIndex('ivr_transitions_flow_position_unique').on(t.flowId, t.position),
    index('ivr_transitions_destination_idx').on(t.destinationType, t.destinationId),
    index('ivr_transitions_failover_idx').on(t.failoverType, t.failoverId),
    enumCheck('ivr_transitions_destination_type', 'destination_type', IVR_TRANSITION_TYPES),
    enumCheck('ivr_transitions_failover_type', 'failover_type', IVR_FAILOVER_TYPES),
  ],
);

/**
 * Built-in handlers an application may jump to (spec 02 APP-1: in our stack
 * `context` names one of these; unknown contexts are refused at save).
 */
export const APPLICATION_HANDLERS = [
  'agent-login',
  'agent-logout',
  'agent-pause',
  'voicemail-main',
  'call-pickup',
] as const;

/**
 * Applications (spec 02 §3.18): an internal number that enters a built-in
 * handler, Asterisk's Goto(context, extension, priority).
 */
export const applications = sqliteTable(
  'applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    context: text('context', { enum: APPLICATION_HANDLERS }).notNull(),
    startLabel: text('start_label').notNull().default('s'),
    priority: integer('priority').notNull().default(1),
    internalNumber: text('internal_number').notNull(),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('applications_team_name_unique').on(t.teamId, t.name),
    uniqueIndex('applications_team_number_unique').on(t.teamId, t.internalNumber),
    enumCheck('applications_context', 'context', APPLICATION_HANDLERS),
    check('applications_priority', sql`priority >= 1`),
  ],
);
