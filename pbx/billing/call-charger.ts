import type { Logger } from '../../core/index.ts';
import type { NewCallCharge } from '../../core/config-store/index.ts';
import type { AgentPresence } from '../../core/ports/index.ts';
import {
  findAgentRate,
  findExtensionRate,
  findSystemRate,
  findTeamRate,
  rateCostE4,
  type AgentRate,
  type NumberRate,
} from './rating.ts';

/** The CDR fields charging reads (spec 03 §13.1). */
export interface ChargeableCdr {
  readonly callId: string;
  readonly teamId: number;
  readonly callType: 'internal' | 'inbound' | 'outbound';
  readonly calledNumber: string;
  /** The calling extension of an outbound call, the rung one of an inbound call. */
  readonly extensionId: number | null;
  readonly trunkId: number | null;
  readonly answeredAtMs: number | null;
  readonly billableDurationSec: number;
  readonly result: string;
  /** The agent who took a queue call (D64); null otherwise. */
  readonly agentId?: number | null | undefined;
  /** When the queue member answered (D64); null when no member did. */
  readonly memberAnsweredAtMs?: number | null | undefined;
}

/** What charging writes on the CDR; amounts in 1/10 000 units. */
export interface CdrCharge {
  chargeState: 'charged';
  accountId: number | null;
  extensionChargeE4: number | null;
  teamCostE4: number | null;
  systemCostE4: number | null;
  agentId: number | null;
  agentFeeE4: number | null;
  extensionRateId: number | null;
  teamRateId: number | null;
  systemRateId: number | null;
  agentRateId: number | null;
}

/** The CDR store as charging uses it (core/cdr-store fits it). */
export interface ChargedCdrs {
  get(callId: string): ChargeableCdr | undefined;
  /** Ended calls whose charge is not settled yet, oldest first. */
  pendingCharges(limit: number): readonly ChargeableCdr[];
  complete(callId: string, patch: CdrCharge): void;
}

/** A charge to apply: the config store's own record of it. */
export type CallChargeInput = NewCallCharge;

/** A charge as applied (the first one, when a call is charged again). */
export interface AppliedCharge {
  readonly accountId: number | null;
  readonly agentId: number | null;
  readonly extensionChargeE4: number;
  readonly teamCostE4: number;
  readonly systemCostE4: number;
  readonly agentFeeE4: number;
  readonly extensionRateId: number | null;
  readonly teamRateId: number | null;
  readonly systemRateId: number | null;
  readonly agentRateId: number | null;
}

/** The config store as charging uses it (ConfigStore.rates and .billing fit it). */
export interface BillingStore {
  callerOf(
    extensionId: number,
  ): { accountId: number; accountGroupId: number | null; internalNumber: string } | undefined;
  enabledSystemRates(): readonly NumberRate[];
  enabledTeamRates(teamId: number): readonly NumberRate[];
  enabledExtensionRates(teamId: number): readonly NumberRate[];
  enabledAgentRates(teamId: number): readonly AgentRate[];
  /** Applies the charge in one transaction, or returns the call's earlier one. */
  applyCharge(input: CallChargeInput): { charge: AppliedCharge; isNew: boolean };
}

/** What CallCharger needs. */
export interface CallChargerDeps {
  store: BillingStore;
  cdrs: ChargedCdrs;
  /** Signed-in agents (AGT-9, 5.4); without it no agent is charged. */
  presence?: Pick<AgentPresence, 'sessionAtPhone'> | undefined;
  logger: Logger;
}

/**
 * Prices an ended call (spec 03 §5; spec 01 ACC-4, AGT-9). Pure: reads
 * rates and presence, writes nothing. An answered outbound call over a
 * trunk gets the extension rate (the account's price), the team rate and
 * the system rate of that trunk; an answered inbound call rung at a
 * signed-in agent's phone, or taken by a queue's agent (D64), earns the
 * agent's inbound rate (5.4). Other calls cost nothing (undefined).
 */
export function priceCall(
  cdr: ChargeableCdr,
  store: BillingStore,
  presence?: Pick<AgentPresence, 'sessionAtPhone'>,
): CallChargeInput | undefined {
  const isAnswered = cdr.result === 'answered' && cdr.answeredAtMs !== null;
  if (!isAnswered || (cdr.extensionId === null && cdr.callType !== 'outbound')) return undefined;
  const party = cdr.extensionId === null ? undefined : store.callerOf(cdr.extensionId);
  const session = party && presence?.sessionAtPhone(cdr.teamId, party.internalNumber);
  const seconds = cdr.billableDurationSec;
  if (cdr.callType === 'outbound' && cdr.trunkId !== null) {
    const number = cdr.calledNumber;
    const call = { teamId: cdr.teamId, trunkId: cdr.trunkId };
    const extension = findExtensionRate(store.enabledExtensionRates(cdr.teamId), number, {
      ...call,
      accountGroupId: party?.accountGroupId ?? null,
    });
    const team = findTeamRate(store.enabledTeamRates(cdr.teamId), number, call);
    const system = findSystemRate(store.enabledSystemRates(), number, cdr.trunkId);
    const cost = (rate: NumberRate | undefined) => (rate ? rateCostE4(rate, seconds, true) : 0);
    return {
      callId: cdr.callId,
      teamId: cdr.teamId,
      accountId: party?.accountId ?? null,
      extensionChargeE4: cost(extension),
      teamCostE4: cost(team),
      systemCostE4: cost(system),
      extensionRateId: extension?.id ?? null,
      teamRateId: team?.id ?? null,
      systemRateId: system?.id ?? null,
      agent:
        session === undefined
          ? undefined
          : {
              agentId: session.agentId,
              isOutbound: true,
              creditE4: 0,
              rateId: null,
              agentGroupId: null,
            },
    };
  }
  if (cdr.callType !== 'inbound') return undefined;
  const agent = inboundAgentOf(cdr, session);
  if (agent === undefined) return undefined;
  const rate = findAgentRate(store.enabledAgentRates(cdr.teamId), {
    agentId: agent.agentId,
    teamId: cdr.teamId,
    groupIds: agent.groupIds,
  });
  return {
    callId: cdr.callId,
    teamId: cdr.teamId,
    accountId: null,
    extensionChargeE4: 0,
    teamCostE4: 0,
    systemCostE4: 0,
    extensionRateId: null,
    teamRateId: null,
    systemRateId: null,
    agent: {
      agentId: agent.agentId,
      isOutbound: false,
      creditE4: rate ? rateCostE4(rate, agentSeconds(cdr), true) : 0,
      rateId: rate?.id ?? null,
      agentGroupId: rate?.agentGroupId ?? null,
    },
  };
}

/**
 * The agent an inbound call earns for (5.4): the agent who took it from a
 * queue (D64), else the one signed in at the extension it rang. A queue's
 * agent keeps the credit after signing out; its group rates then need the
 * session still at that phone (groups live only in the session).
 */
function inboundAgentOf(
  cdr: ChargeableCdr,
  session: { readonly agentId: number; readonly groupIds: readonly number[] } | undefined,
): { agentId: number; groupIds: readonly number[] } | undefined {
  const agentId = cdr.agentId ?? null;
  if (agentId === null) return session;
  return { agentId, groupIds: session?.agentId === agentId ? session.groupIds : [] };
}

/**
 * The agent's talk seconds: from the member's answer when a queue member
 * took the call (the queue answers the caller on entry, and the wait is
 * not the agent's work), else the billable duration.
 */
function agentSeconds(cdr: ChargeableCdr): number {
  const memberAt = cdr.memberAnsweredAtMs ?? null;
  if (memberAt === null || cdr.answeredAtMs === null) return cdr.billableDurationSec;
  const waitSec = Math.max(0, Math.round((memberAt - cdr.answeredAtMs) / 1000));
  return Math.max(0, cdr.billableDurationSec - waitSec);
}

const NO_CHARGE: CdrCharge = {
  chargeState: 'charged',
  accountId: null,
  extensionChargeE4: null,
  teamCostE4: null,
  systemCostE4: null,
  agentId: null,
  agentFeeE4: null,
  extensionRateId: null,
  teamRateId: null,
  systemRateId: null,
  agentRateId: null,
};

/**
 * Settles calls whose CDR is `pending` (D56). The config store side (fees,
 * ledger, the call_charges row keyed by call id) commits first, in one
 * transaction; then the CDR gets the amounts and `charged`. A crash
 * between the two leaves the CDR pending, and settlePending() at the next
 * start applies it again: the call id makes that a no-op that returns the
 * first charge, which is then copied. So no call is charged twice or lost.
 */
export class CallCharger {
  constructor(private readonly deps: CallChargerDeps) {}

  /** Settles one call; never throws (a failure stays pending for the next start). */
  settle(callId: string): void {
    try {
      const cdr = this.deps.cdrs.get(callId);
      if (cdr !== undefined) this.#settle(cdr);
    } catch (err) {
      this.deps.logger.error({ err, callId }, 'charging a call failed; it stays pending');
    }
  }

  /** Settles what a crash left pending; returns how many calls were settled. */
  settlePending(batch = 500): number {
    let settled = 0;
    for (;;) {
      const rows = this.deps.cdrs.pendingCharges(batch);
      for (const cdr of rows) this.#settle(cdr);
      settled += rows.length;
      if (rows.length < batch) return settled;
    }
  }

  /**
   * Prices a call as its end is written (`patch` laid over the CDR as it
   * stands). A call that changes no fee, ledger or balance needs no
   * config-store write, so its amounts come back to be written with the
   * end in one CDR write; a call that costs or earns something comes back
   * undefined and goes the two-file way (settle()). Undefined as well when
   * the CDR is missing or pricing fails (settle() logs and keeps it pending).
   */
  freeChargeAtEnd(callId: string, patch: Partial<ChargeableCdr>): CdrCharge | undefined {
    try {
      const row = this.deps.cdrs.get(callId);
      if (row === undefined) return undefined;
      const cdr = { ...row };
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) Object.assign(cdr, { [key]: value });
      }
      const input = priceCall(cdr, this.deps.store, this.deps.presence);
      if (input === undefined) return { ...NO_CHARGE, agentId: cdr.agentId ?? null };
      return isFree(input) ? chargeOnCdr(input, cdr.agentId ?? null) : undefined;
    } catch {
      return undefined;
    }
  }

  #settle(cdr: ChargeableCdr): void {
    const input = priceCall(cdr, this.deps.store, this.deps.presence);
    if (input === undefined) {
      // The agent a queue call named (D64) stays on the CDR unpaid.
      this.deps.cdrs.complete(cdr.callId, { ...NO_CHARGE, agentId: cdr.agentId ?? null });
      return;
    }
    if (isFree(input)) {
      this.deps.cdrs.complete(cdr.callId, chargeOnCdr(input, cdr.agentId ?? null));
      return;
    }
    const { charge } = this.deps.store.applyCharge(input);
    this.deps.cdrs.complete(cdr.callId, {
      chargeState: 'charged',
      accountId: charge.accountId,
      extensionChargeE4: charge.extensionChargeE4,
      teamCostE4: charge.teamCostE4,
      systemCostE4: charge.systemCostE4,
      agentId: charge.agentId ?? cdr.agentId ?? null,
      agentFeeE4: charge.agentFeeE4,
      extensionRateId: charge.extensionRateId,
      teamRateId: charge.teamRateId,
      systemRateId: charge.systemRateId,
      agentRateId: charge.agentRateId,
    });
  }
}

/**
 * Whether a priced call moves no money: no amount and no agent (whose
 * fees and ledger a charge would touch). Such a call writes no
 * call_charges row: there is nothing a retry could apply twice.
 */
function isFree(input: CallChargeInput): boolean {
  return (
    input.agent === undefined &&
    input.extensionChargeE4 === 0 &&
    input.teamCostE4 === 0 &&
    input.systemCostE4 === 0
  );
}

/** The CDR's charge columns for a free call: the rates that matched, zero amounts. */
function chargeOnCdr(input: CallChargeInput, agentId: number | null): CdrCharge {
  return {
    chargeState: 'charged',
    accountId: input.accountId,
    extensionChargeE4: 0,
    teamCostE4: 0,
    systemCostE4: 0,
    agentId,
    agentFeeE4: 0,
    extensionRateId: input.extensionRateId,
    teamRateId: input.teamRateId,
    systemRateId: input.systemRateId,
    agentRateId: null,
  };
}
