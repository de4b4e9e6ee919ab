import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';
import { STATUSES, accounts, teams } from './core-tables.ts';
import { accountGroups, agentGroups, agents } from './pbx-tables.ts';
import { trunks } from './trunk-tables.ts';

/*
 * Rates and charges (spec 03 §5, §7.1). Money is in integer 1/10 000 units
 * (`…E4`), as `teams.current_fees_e4`, so sums are exact (R3).
 */

/** 5.0 fields shared by system, team and extension rates. */
const numberRateColumns = () => ({
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** R5: a called-number prefix, or `default` for any number. */
  prefix: text('prefix').notNull(),
  /** R5: exact length of the called number; 0 = any. */
  numberLength: integer('number_length').notNull().default(0),
  destination: text('destination'),
  connectFeeE4: integer('connect_fee_e4').notNull().default(0),
  initialDurationSec: integer('initial_duration_sec').notNull().default(0),
  ratePerMinuteE4: integer('rate_per_minute_e4').notNull().default(0),
  billingCycleSec: integer('billing_cycle_sec').notNull().default(60),
  status: text('status', { enum: STATUSES }).notNull().default('enabled'),
  trunkId: integer('trunk_id').references(() => trunks.id, { onDelete: 'restrict' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  createdBy: createdBy(),
});

/** 5.1 系统费率: what a carrier charges the system per trunk. */
export const systemRates = sqliteTable('system_rates', numberRateColumns(), (t) => [
  index('system_rates_trunk_idx').on(t.trunkId),
  enumCheck('system_rates_status', 'status', STATUSES),
  check('system_rates_cycle', sql`billing_cycle_sec > 0`),
]);

/** 5.2 团队费率: what the system charges a team; no team = every team. */
export const teamRates = sqliteTable(
  'team_rates',
  {
    ...numberRateColumns(),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'cascade' }),
  },
  (t) => [
    index('team_rates_team_idx').on(t.teamId),
    index('team_rates_trunk_idx').on(t.trunkId),
    enumCheck('team_rates_status', 'status', STATUSES),
    check('team_rates_cycle', sql`billing_cycle_sec > 0`),
  ],
);

/**
 * 5.3 分机费率: the retail price an account pays. No team and no account
 * group is the system level; an account group implies its team.
 */
export const extensionRates = sqliteTable(
  'extension_rates',
  {
    ...numberRateColumns(),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    accountGroupId: integer('account_group_id').references(() => accountGroups.id, {
      onDelete: 'restrict',
    }),
  },
  (t) => [
    index('extension_rates_team_idx').on(t.teamId),
    index('extension_rates_group_idx').on(t.accountGroupId),
    index('extension_rates_trunk_idx').on(t.trunkId),
    enumCheck('extension_rates_status', 'status', STATUSES),
    check('extension_rates_cycle', sql`billing_cycle_sec > 0`),
    check('extension_rates_group_team', sql`account_group_id IS NULL OR team_id IS NOT NULL`),
  ],
);

/** 5.4 坐席呼入费率: what an agent earns per answered call. */
export const agentInboundRates = sqliteTable(
  'agent_inbound_rates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    agentGroupId: integer('agent_group_id')
      .notNull()
      .references(() => agentGroups.id, { onDelete: 'restrict' }),
    agentId: integer('agent_id').references(() => agents.id, { onDelete: 'restrict' }),
    destination: text('destination'),
    connectFeeE4: integer('connect_fee_e4').notNull().default(0),
    initialDurationSec: integer('initial_duration_sec').notNull().default(0),
    ratePerMinuteE4: integer('rate_per_minute_e4').notNull().default(0),
    billingCycleSec: integer('billing_cycle_sec').notNull().default(60),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    index('agent_inbound_rates_group_idx').on(t.agentGroupId),
    index('agent_inbound_rates_agent_idx').on(t.agentId),
    enumCheck('agent_inbound_rates_status', 'status', STATUSES),
    check('agent_inbound_rates_cycle', sql`billing_cycle_sec > 0`),
  ],
);

/** §7.1 类型: `增加` add (balance += amount), `支付` pay (balance −= amount). */
export const AGENT_LEDGER_TYPES = ['add', 'pay'] as const;

/**
 * §7.1 坐席账务日志: append-only; each row keeps the agent's balance after
 * it. The agent number is copied so that a row outlives its agent.
 */
export const agentLedgerEntries = sqliteTable(
  'agent_ledger_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    agentId: integer('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    agentNo: text('agent_no').notNull(),
    agentGroupId: integer('agent_group_id').references(() => agentGroups.id, {
      onDelete: 'set null',
    }),
    type: text('type', { enum: AGENT_LEDGER_TYPES }).notNull(),
    amountE4: integer('amount_e4').notNull(),
    balanceAfterE4: integer('balance_after_e4').notNull(),
    remark: text('remark'),
    /** `YYYY-MM` of a payment; null on automatic credits (`0000-00`). */
    payMonth: text('pay_month'),
    /** The call that earned an automatic credit (5.4 (c) 1). */
    callId: text('call_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('agent_ledger_team_idx').on(t.teamId, t.id),
    index('agent_ledger_agent_idx').on(t.agentId, t.id),
    uniqueIndex('agent_ledger_call_unique').on(t.callId),
    enumCheck('agent_ledger_type', 'type', AGENT_LEDGER_TYPES),
    check('agent_ledger_amount', sql`amount_e4 > 0`),
  ],
);

/**
 * One row per charged call: the config-store side of charging. Its key is
 * the CDR's call id, so charging a call twice is a no-op, and its amounts
 * are what is copied onto the CDR (cdr.db is another file).
 */
export const callCharges = sqliteTable('call_charges', {
  callId: text('call_id').primaryKey(),
  teamId: integer('team_id')
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' }),
  accountId: integer('account_id').references(() => accounts.id, { onDelete: 'set null' }),
  agentId: integer('agent_id').references(() => agents.id, { onDelete: 'set null' }),
  extensionChargeE4: integer('extension_charge_e4').notNull().default(0),
  teamCostE4: integer('team_cost_e4').notNull().default(0),
  systemCostE4: integer('system_cost_e4').notNull().default(0),
  agentFeeE4: integer('agent_fee_e4').notNull().default(0),
  extensionRateId: integer('extension_rate_id'),
  teamRateId: integer('team_rate_id'),
  systemRateId: integer('system_rate_id'),
  agentRateId: integer('agent_rate_id'),
  createdAt: createdAt(),
});
