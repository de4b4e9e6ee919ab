import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '../index.ts';
import {
  accountGroupMembers,
  accounts,
  agentLedgerEntries,
  agents,
  callCharges,
  extensions,
  teams,
} from './schema.ts';
import type { AGENT_LEDGER_TYPES } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { requireIntInRange, requireMatch } from './validate.ts';

/** The config-store side of one charged call. */
export type CallCharge = typeof callCharges.$inferSelect;
/** One agent ledger row (spec 03 §7.1). */
export type AgentLedgerEntry = typeof agentLedgerEntries.$inferSelect;
/** `add` (增加) or `pay` (支付). */
export type AgentLedgerType = (typeof AGENT_LEDGER_TYPES)[number];

/** What charging a call writes; amounts in 1/10 000 units. */
export interface NewCallCharge {
  callId: string;
  teamId: number;
  accountId: number | null;
  extensionChargeE4: number;
  teamCostE4: number;
  systemCostE4: number;
  extensionRateId: number | null;
  teamRateId: number | null;
  systemRateId: number | null;
  /** The signed-in agent on the call (AGT-9), if any. */
  agent?:
    | {
        agentId: number;
        /** Adds the extension charge to the agent's outbound fees. */
        isOutbound: boolean;
        /** 5.4 credit for an answered inbound call; 0 for none. */
        creditE4: number;
        rateId: number | null;
        agentGroupId: number | null;
      }
    | undefined;
}

/** The caller of an outbound call, as charging needs it (ACC-4, AG-4). */
export interface ChargedCaller {
  teamId: number;
  accountId: number;
  accountGroupId: number | null;
  internalNumber: string;
}

/** A manual ledger entry or a payment (§7.1 `账务调整`, §1.5 支付). */
export interface NewAgentLedgerEntry {
  agentId: number;
  type: AgentLedgerType;
  amountE4: number;
  remark?: string | null | undefined;
  /** `YYYY-MM`, for payments. */
  payMonth?: string | null | undefined;
  agentGroupId?: number | null | undefined;
}

/** Filters of a ledger listing; `beforeId` pages newest first. */
export interface AgentLedgerQuery {
  teamId?: number | undefined;
  agentId?: number | undefined;
  type?: AgentLedgerType | undefined;
  beforeId?: number | undefined;
  limit: number;
}

const MAX_AMOUNT_E4 = 1_000_000_000_000_000;

function prepareCallerOf(db: StoreDb) {
  return db
    .select({
      teamId: extensions.teamId,
      accountId: extensions.accountId,
      internalNumber: extensions.internalNumber,
      accountGroupId: accountGroupMembers.groupId,
    })
    .from(extensions)
    .leftJoin(accountGroupMembers, eq(accountGroupMembers.accountId, extensions.accountId))
    .where(eq(extensions.id, sql.placeholder('extensionId')))
    .prepare();
}

/**
 * The statements of applyCharge(), prepared once: it runs at the end of
 * every answered outbound call, and building each query through drizzle
 * cost more than running it (D67).
 */
function prepareCharge(db: StoreDb) {
  const p = (name: string) => sql.placeholder(name);
  return {
    findCharge: db
      .select()
      .from(callCharges)
      .where(eq(callCharges.callId, p('callId')))
      .prepare(),
    insertCharge: db
      .insert(callCharges)
      .values({
        callId: p('callId'),
        teamId: p('teamId'),
        accountId: p('accountId'),
        agentId: p('agentId'),
        extensionChargeE4: p('extensionChargeE4'),
        teamCostE4: p('teamCostE4'),
        systemCostE4: p('systemCostE4'),
        agentFeeE4: p('agentFeeE4'),
        extensionRateId: p('extensionRateId'),
        teamRateId: p('teamRateId'),
        systemRateId: p('systemRateId'),
        agentRateId: p('agentRateId'),
        createdAt: p('createdAt'),
      })
      .returning()
      .prepare(),
    addAccountFee: db
      .update(accounts)
      .set({ currentFeesE4: sql`${accounts.currentFeesE4} + ${p('fee')}` })
      .where(eq(accounts.id, p('id')))
      .prepare(),
    addTeamFee: db
      .update(teams)
      .set({ currentFeesE4: sql`${teams.currentFeesE4} + ${p('fee')}` })
      .where(eq(teams.id, p('id')))
      .prepare(),
  };
}
const PAY_MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/**
 * Call charging and the agent ledger (spec 03 §5, §7.1; spec 01 ACC-4,
 * AGT-9). A charge is keyed by the CDR's call id: applying one twice is a
 * no-op that returns the first, so a retry after a crash never charges a
 * call twice (D56).
 */
export class BillingRepository {
  readonly #ctx: StoreContext;
  #statements: ReturnType<typeof prepareCharge> | undefined;
  #callerOf: ReturnType<typeof prepareCallerOf> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * The account and account group behind an extension (AG-6: one group).
   * Asked at the end of every answered call: cached like routing lookups.
   */
  callerOf(extensionId: number): ChargedCaller | undefined {
    return this.#ctx.cached(`caller-of:${extensionId}`, () => {
      this.#callerOf ??= prepareCallerOf(this.#ctx.db);
      const row = this.#callerOf.get({ extensionId });
      return row === undefined ? undefined : { ...row, accountGroupId: row.accountGroupId ?? null };
    });
  }

  findCharge(callId: string): CallCharge | undefined {
    return this.#ctx.db.select().from(callCharges).where(eq(callCharges.callId, callId)).get();
  }

  /**
   * In one transaction: records the charge, raises the account's and the
   * team's current fees by the extension charge (ACC-4), the agent's fees
   * (AGT-9) and appends the agent's 5.4 credit to the ledger. A call
   * charged before returns its first charge and changes nothing.
   */
  applyCharge(input: NewCallCharge): { charge: CallCharge; isNew: boolean } {
    const forget = [`team:${input.teamId}`, 'teams'];
    if (input.accountId !== null) forget.push(`account:${input.accountId}`);
    return this.#ctx.writeCounters(forget, (db) => {
      const statements = (this.#statements ??= prepareCharge(db));
      const existing = statements.findCharge.get({ callId: input.callId });
      if (existing !== undefined) return { charge: existing, isNew: false };
      const agent = input.agent;
      const charge = statements.insertCharge.get({
        callId: input.callId,
        teamId: input.teamId,
        accountId: input.accountId,
        agentId: agent?.agentId ?? null,
        extensionChargeE4: input.extensionChargeE4,
        teamCostE4: input.teamCostE4,
        systemCostE4: input.systemCostE4,
        agentFeeE4: agent?.creditE4 ?? 0,
        extensionRateId: input.extensionRateId,
        teamRateId: input.teamRateId,
        systemRateId: input.systemRateId,
        agentRateId: agent?.rateId ?? null,
        createdAt: this.#ctx.now(),
      })!;
      const fee = input.extensionChargeE4;
      if (fee > 0) {
        if (input.accountId !== null) statements.addAccountFee.run({ id: input.accountId, fee });
        statements.addTeamFee.run({ id: input.teamId, fee });
      }
      if (agent !== undefined) this.#chargeAgent(db, input, agent);
      return { charge, isNew: true };
    });
  }

  #chargeAgent(db: StoreDb, input: NewCallCharge, agent: NonNullable<NewCallCharge['agent']>) {
    const outbound = agent.isOutbound ? input.extensionChargeE4 : 0;
    db.update(agents)
      .set({
        outboundFeesE4: sql`${agents.outboundFeesE4} + ${outbound}`,
        inboundFeesE4: sql`${agents.inboundFeesE4} + ${agent.creditE4}`,
      })
      .where(eq(agents.id, agent.agentId))
      .run();
    if (agent.creditE4 <= 0) return;
    const row = db
      .select({ agentNo: agents.agentNo })
      .from(agents)
      .where(eq(agents.id, agent.agentId))
      .get();
    if (row === undefined) return;
    db.insert(agentLedgerEntries)
      .values({
        teamId: input.teamId,
        agentId: agent.agentId,
        agentNo: row.agentNo,
        agentGroupId: agent.agentGroupId,
        type: 'add',
        amountE4: agent.creditE4,
        balanceAfterE4: this.#balance(db, agent.agentId) + agent.creditE4,
        payMonth: null,
        callId: input.callId,
        createdAt: this.#ctx.now(),
      })
      .run();
  }

  /** The agent's ledger balance: the balance after its newest entry. */
  agentBalance(agentId: number): number {
    return this.#balance(this.#ctx.db, agentId);
  }

  #balance(db: StoreDb, agentId: number): number {
    const last = db
      .select({ balance: agentLedgerEntries.balanceAfterE4 })
      .from(agentLedgerEntries)
      .where(eq(agentLedgerEntries.agentId, agentId))
      .orderBy(desc(agentLedgerEntries.id))
      .limit(1)
      .get();
    return last?.balance ?? 0;
  }

  /**
   * A manual entry (§7.1 账务调整) or a payment (§1.5 支付): `add` raises
   * the balance, `pay` lowers it and may not take it below zero.
   */
  addLedgerEntry(input: NewAgentLedgerEntry): AgentLedgerEntry {
    requireIntInRange('amountE4', input.amountE4, 1, MAX_AMOUNT_E4);
    if (input.payMonth != null) requireMatch('payMonth', input.payMonth, PAY_MONTH, 'YYYY-MM');
    return this.#ctx.write((db) => {
      const agent = db.select().from(agents).where(eq(agents.id, input.agentId)).get();
      if (agent === undefined) throw new NotFoundError('agent', input.agentId);
      const before = this.#balance(db, agent.id);
      const delta = input.type === 'add' ? input.amountE4 : -input.amountE4;
      if (before + delta < 0) {
        throw new ValidationError('amountE4', `the agent's balance is ${before}; pay at most that`);
      }
      return db
        .insert(agentLedgerEntries)
        .values({
          teamId: agent.teamId,
          agentId: agent.id,
          agentNo: agent.agentNo,
          agentGroupId: input.agentGroupId ?? null,
          type: input.type,
          amountE4: input.amountE4,
          balanceAfterE4: before + delta,
          remark: input.remark ?? null,
          payMonth: input.payMonth ?? null,
          callId: null,
          createdAt: this.#ctx.now(),
        })
        .returning()
        .get();
    });
  }

  findLedgerEntry(id: number): AgentLedgerEntry | undefined {
    return this.#ctx.db
      .select()
      .from(agentLedgerEntries)
      .where(eq(agentLedgerEntries.id, id))
      .get();
  }

  /** Ledger rows newest first, filtered and paged by id. */
  ledger(query: AgentLedgerQuery): AgentLedgerEntry[] {
    const where: SQL[] = [];
    if (query.teamId !== undefined) where.push(eq(agentLedgerEntries.teamId, query.teamId));
    if (query.agentId !== undefined) where.push(eq(agentLedgerEntries.agentId, query.agentId));
    if (query.type !== undefined) where.push(eq(agentLedgerEntries.type, query.type));
    if (query.beforeId !== undefined) where.push(lt(agentLedgerEntries.id, query.beforeId));
    return this.#ctx.db
      .select()
      .from(agentLedgerEntries)
      .where(and(...where))
      .orderBy(desc(agentLedgerEntries.id))
      .limit(query.limit)
      .all();
  }
}
