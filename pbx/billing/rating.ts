/*
 * Rating (spec 03 §5.0.1): which rate prices a call and what it costs.
 * Pure functions over rate rows; money in integer 1/10 000 units (R3).
 */

/** The R2 fields every rate has (5.0, 5.4). */
export interface Tariff {
  readonly connectFeeE4: number;
  readonly initialDurationSec: number;
  readonly ratePerMinuteE4: number;
  readonly billingCycleSec: number;
}

/** A number-matched rate (5.1–5.3) as the matcher reads it. */
export interface NumberRate extends Tariff {
  readonly id: number;
  /** A called-number prefix, or `default` for any number (R5). */
  readonly prefix: string;
  /** Exact length of the called number; 0 = any (R5). */
  readonly numberLength: number;
  readonly status: string;
  readonly trunkId: number | null;
  readonly teamId?: number | null;
  readonly accountGroupId?: number | null;
}

/** An agent inbound rate (5.4) as the matcher reads it. */
export interface AgentRate extends Tariff {
  readonly id: number;
  readonly status: string;
  readonly teamId: number | null;
  readonly agentGroupId: number;
  readonly agentId: number | null;
}

/** The prefix that matches any number (5.0 `prefix`). */
export const DEFAULT_PREFIX = 'default';

/**
 * R2: `connectFee + ceil(max(0, d − initialDuration) / cycle) × (cycle /
 * 60) × ratePerMinute`, for an answered call of `billableSec` (R1). An
 * unanswered call costs nothing, connect fee included (the §14.1 choice).
 * The per-cycle price can have a fraction of a unit (a 1 s cycle of a
 * 1.0000/min rate is 166.67 units), so the sum is rounded once, half up.
 */
export function rateCostE4(tariff: Tariff, billableSec: number, isAnswered: boolean): number {
  if (!isAnswered) return 0;
  const cycleSec = Math.max(1, tariff.billingCycleSec);
  const beyond = Math.max(0, Math.ceil(billableSec) - tariff.initialDurationSec);
  const cycles = Math.ceil(beyond / cycleSec);
  return tariff.connectFeeE4 + Math.round((cycles * cycleSec * tariff.ratePerMinuteE4) / 60);
}

/**
 * R6 priority of a rate that matches `number` under R5, lower is better:
 * 0 prefix and length, 1 length only, 2 prefix only, 3 `default`;
 * undefined when it does not match.
 */
export function matchPriority(rate: NumberRate, number: string): number | undefined {
  const isDefault = rate.prefix === DEFAULT_PREFIX;
  if (!isDefault && !number.startsWith(rate.prefix)) return undefined;
  if (rate.numberLength !== 0 && number.length !== rate.numberLength) return undefined;
  if (rate.numberLength !== 0) return isDefault ? 1 : 0;
  return isDefault ? 3 : 2;
}

/**
 * The best enabled rate among `rates` for `number` (R4–R6): the best R6
 * priority, then the longest prefix (§14.2, our choice), then a rate tied
 * to the trunk over one for any trunk, then the oldest row.
 */
export function bestRate<R extends NumberRate>(rates: readonly R[], number: string): R | undefined {
  let best: R | undefined;
  let bestKey: readonly number[] = [];
  for (const rate of rates) {
    if (rate.status !== 'enabled') continue;
    const priority = matchPriority(rate, number);
    if (priority === undefined) continue;
    const prefixLength = rate.prefix === DEFAULT_PREFIX ? 0 : rate.prefix.length;
    const key = [priority, -prefixLength, rate.trunkId === null ? 1 : 0, rate.id];
    if (best === undefined || isBefore(key, bestKey)) {
      best = rate;
      bestKey = key;
    }
  }
  return best;
}

function isBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  }
  return false;
}

/** Rates usable over `trunkId`: those for that trunk and those for any. */
function overTrunk<R extends NumberRate>(rates: readonly R[], trunkId: number | null): R[] {
  return rates.filter((rate) => rate.trunkId === null || rate.trunkId === trunkId);
}

/**
 * 5.1 (c) 1–2: the system rate of a call through `trunkId`. Rates for
 * that trunk are searched first; a rate for no trunk only when none of
 * them matches (it then prices the call for the system, not the trunk).
 */
export function findSystemRate<R extends NumberRate>(
  rates: readonly R[],
  number: string,
  trunkId: number,
): R | undefined {
  const own = rates.filter((rate) => rate.trunkId === trunkId);
  return bestRate(own, number) ?? bestRate(overTrunk(rates, null), number);
}

/**
 * 5.2 (c) with R7: the team's own rates first, then rates for every team
 * (no team); a rate naming a trunk matches only calls over that trunk.
 */
export function findTeamRate<R extends NumberRate>(
  rates: readonly R[],
  number: string,
  call: { teamId: number; trunkId: number | null },
): R | undefined {
  const usable = overTrunk(rates, call.trunkId);
  return (
    bestRate(
      usable.filter((rate) => rate.teamId === call.teamId),
      number,
    ) ??
    bestRate(
      usable.filter((rate) => (rate.teamId ?? null) === null),
      number,
    )
  );
}

/**
 * 5.3 (c) 1–2 and AG-4: the account group's rates, then the team's (no
 * group), then the system's (no team, no group); the first level with a
 * match wins, and R6 orders each level. With a trunk, only rates for that
 * trunk or for any trunk count (TRK-7, and charging the trunk used).
 */
export function findExtensionRate<R extends NumberRate>(
  rates: readonly R[],
  number: string,
  caller: { teamId: number; accountGroupId: number | null; trunkId?: number | null | undefined },
): R | undefined {
  const usable = caller.trunkId === undefined ? rates : overTrunk(rates, caller.trunkId);
  const levels = [
    (rate: R) => caller.accountGroupId !== null && rate.accountGroupId === caller.accountGroupId,
    (rate: R) => rate.teamId === caller.teamId && (rate.accountGroupId ?? null) === null,
    (rate: R) => (rate.teamId ?? null) === null && (rate.accountGroupId ?? null) === null,
  ];
  for (const isAtLevel of levels) {
    const found = bestRate(usable.filter(isAtLevel), number);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * 5.4 (c) 1: the enabled rate of an agent in one of `groupIds` (in the
 * order given): a row naming the agent before the group-wide row, a row
 * of the agent's team before one for every team, then the oldest.
 */
export function findAgentRate<R extends AgentRate>(
  rates: readonly R[],
  agent: { agentId: number; teamId: number; groupIds: readonly number[] },
): R | undefined {
  let best: R | undefined;
  let bestKey: readonly number[] = [];
  for (const rate of rates) {
    if (rate.status !== 'enabled') continue;
    const groupRank = agent.groupIds.indexOf(rate.agentGroupId);
    if (groupRank < 0) continue;
    if (rate.agentId !== null && rate.agentId !== agent.agentId) continue;
    if (rate.teamId !== null && rate.teamId !== agent.teamId) continue;
    const key = [rate.agentId === null ? 1 : 0, rate.teamId === null ? 1 : 0, groupRank, rate.id];
    if (best === undefined || isBefore(key, bestKey)) {
      best = rate;
      bestKey = key;
    }
  }
  return best;
}
