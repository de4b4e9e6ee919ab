import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { LEG_PURPOSES } from '../ports/index.ts';

/*
 * Call detail records (spec 01 §2.8) live in their own SQLite file, cdr.db:
 * they grow without bound and are written per call, so they get their own
 * durability setting (synchronous=NORMAL in WAL: a commit survives a killed
 * process) and can be archived by period (CDR-5) without touching the
 * configuration. drizzle-kit reads this file (drizzle.cdr.config.ts).
 */

/** Call types of spec `callType`. */
export const CALL_TYPES = ['internal', 'inbound', 'outbound'] as const;
/** Outcomes of spec `callResult`. */
export const CALL_RESULTS = [
  'answered',
  'no-answer',
  'busy',
  'rejected',
  'cancelled',
  'failed',
  'incomplete',
] as const;

/** Whether a call's charge is settled (see the `chargeState` column). */
export const CHARGE_STATES = ['pending', 'charged'] as const;

/** One row per call (CDR-1). Times in ms since the epoch. */
export const cdrs = sqliteTable(
  'cdrs',
  {
    callId: text('call_id').primaryKey(),
    teamId: integer('team_id').notNull(),
    callType: text('call_type', { enum: CALL_TYPES }).notNull(),
    callerNumber: text('caller_number').notNull(),
    callerName: text('caller_name'),
    calledNumber: text('called_number').notNull(),
    did: text('did'),
    extensionId: integer('extension_id'),
    trunkId: integer('trunk_id'),
    startedAtMs: integer('started_at_ms').notNull(),
    answeredAtMs: integer('answered_at_ms'),
    endedAtMs: integer('ended_at_ms'),
    totalDurationSec: integer('total_duration_sec').notNull(),
    billableDurationSec: integer('billable_duration_sec').notNull(),
    result: text('result', { enum: CALL_RESULTS }).notNull(),
    hangupCause: integer('hangup_cause'),
    hangupSide: text('hangup_side', { enum: ['caller', 'callee', 'system'] }),
    sipStatus: integer('sip_status'),
    codec: text('codec'),
    mos: real('mos'),
    recordingPath: text('recording_path'),
    /** CDR-6: the digits the caller pressed in IVRs, in order; null if none. */
    ivrInput: text('ivr_input'),
    /** CDR-6: time spent in IVR flows; null when the call met no IVR. */
    ivrDurationMs: integer('ivr_duration_ms'),
    /**
     * Charging (spec 03 §13.1 costs): `pending` from the call's start until
     * its charge is settled, then `charged`; null on rows older than rating.
     */
    chargeState: text('charge_state', { enum: CHARGE_STATES }),
    /** ACC-4: the account charged (the calling extension's). */
    accountId: integer('account_id'),
    /** 5.3 extension-rate charge (消费金额), 1/10 000 units. */
    extensionChargeE4: integer('extension_charge_e4'),
    /** 5.2 team-rate cost (团队费用). */
    teamCostE4: integer('team_cost_e4'),
    /** 5.1 system-rate cost of the trunk used (系统费用). */
    systemCostE4: integer('system_cost_e4'),
    /** The signed-in agent whose phone was on the call (AGT-9). */
    agentId: integer('agent_id'),
    /** 5.4 agent inbound credit (agentPay). */
    agentFeeE4: integer('agent_fee_e4'),
    /** The rates used, for audit (§13.1). */
    extensionRateId: integer('extension_rate_id'),
    teamRateId: integer('team_rate_id'),
    systemRateId: integer('system_rate_id'),
    agentRateId: integer('agent_rate_id'),
    /**
     * When the queue member on `extension_id` (and `agent_id`) answered a
     * queue call (D64): the agent's talk time starts here, not at the
     * caller's answer, which the queue gives on entry.
     */
    memberAnsweredAtMs: integer('member_answered_at_ms'),
  },
  (t) => [
    index('cdrs_team_started_idx').on(t.teamId, t.startedAtMs),
    // D108: the all-teams list and time ranges read newest first without a
    // sort, and a search for a number reads that number's calls only (the
    // team second, so a team's search uses both equalities).
    index('cdrs_started_idx').on(t.startedAtMs),
    index('cdrs_caller_idx').on(t.callerNumber, t.teamId, t.startedAtMs),
    index('cdrs_called_idx').on(t.calledNumber, t.teamId, t.startedAtMs),
    index('cdrs_did_idx').on(t.did, t.teamId, t.startedAtMs),
    index('cdrs_open_idx').on(t.endedAtMs),
    index('cdrs_charge_state_idx').on(t.chargeState),
  ],
);

/**
 * Columns a CDR gets after its call started (CDR-6 IVR keys, charging), so
 * a new row may leave them out.
 */
export type LaterColumn =
  | 'ivrInput'
  | 'ivrDurationMs'
  | 'chargeState'
  | 'accountId'
  | 'extensionChargeE4'
  | 'teamCostE4'
  | 'systemCostE4'
  | 'agentId'
  | 'agentFeeE4'
  | 'extensionRateId'
  | 'teamRateId'
  | 'systemRateId'
  | 'agentRateId'
  | 'memberAnsweredAtMs';

/** What a leg of a call rang: an extension's phones or a trunk. */
export const LEG_TARGETS = ['extension', 'trunk'] as const;

/**
 * CDR-1's per-leg rows (spec 01 §2.8 CdrLeg): each leg the switch placed for
 * a call's applications (ring-group members, queue agents, consults,
 * parties), written once the leg ended. `callId` is the call's CDR.
 */
export const cdrLegs = sqliteTable(
  'cdr_legs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callId: text('call_id').notNull(),
    legId: text('leg_id').notNull(),
    target: text('target', { enum: LEG_TARGETS }).notNull(),
    /** 被叫: the extension number, or the number sent to the trunk. */
    calledNumber: text('called_number').notNull(),
    extensionId: integer('extension_id'),
    trunkId: integer('trunk_id'),
    /** 坐席工号: the agent signed in at that extension when it rang. */
    agentId: integer('agent_id'),
    agentNo: text('agent_no'),
    /** 坐席组: for a queue's agent leg, the agent's group serving that queue. */
    agentGroupId: integer('agent_group_id'),
    /** 属性 / 咨询类型: why the leg was placed (LEG_PURPOSES); null if not told. */
    purpose: text('purpose', { enum: LEG_PURPOSES }),
    startedAtMs: integer('started_at_ms').notNull(),
    answeredAtMs: integer('answered_at_ms'),
    endedAtMs: integer('ended_at_ms').notNull(),
    totalDurationSec: integer('total_duration_sec').notNull(),
    billableDurationSec: integer('billable_duration_sec').notNull(),
    result: text('result', { enum: CALL_RESULTS }).notNull(),
    hangupCause: integer('hangup_cause'),
  },
  (t) => [index('cdr_legs_call_idx').on(t.callId)],
);
