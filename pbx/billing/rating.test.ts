import { describe, expect, test } from 'vitest';
import {
  bestRate,
  findAgentRate,
  findExtensionRate,
  findSystemRate,
  findTeamRate,
  matchPriority,
  rateCostE4,
  type AgentRate,
  type NumberRate,
} from './rating.ts';

let nextId = 1;
function rate(prefix: string, numberLength = 0, extra: Partial<NumberRate> = {}): NumberRate {
  return {
    id: nextId++,
    prefix,
    numberLength,
    status: 'enabled',
    trunkId: null,
    teamId: null,
    accountGroupId: null,
    connectFeeE4: 0,
    initialDurationSec: 0,
    ratePerMinuteE4: 10_000,
    billingCycleSec: 60,
    ...extra,
  };
}

describe('rateCostE4()', () => {
  // The §7.1 sample: connect 3, initial 3 s, 3/min, cycle 60.
  const sample = {
    connectFeeE4: 30_000,
    initialDurationSec: 3,
    ratePerMinuteE4: 30_000,
    billingCycleSec: 60,
  };

  test('R2 when 4–63 s are billed → 6.00, 64–123 s → 9.00 (the §7.1 ledger steps)', () => {
    expect(rateCostE4(sample, 4, true)).toBe(60_000);
    expect(rateCostE4(sample, 63, true)).toBe(60_000);
    expect(rateCostE4(sample, 64, true)).toBe(90_000);
    expect(rateCostE4(sample, 123, true)).toBe(90_000);
  });

  test('R2 when the call is within the initial duration → the connect fee only', () => {
    expect(rateCostE4(sample, 0, true)).toBe(30_000);
    expect(rateCostE4(sample, 3, true)).toBe(30_000);
  });

  test('R1/R2 when the call was not answered → 0, no connect fee', () => {
    expect(rateCostE4(sample, 0, false)).toBe(0);
    expect(rateCostE4(sample, 100, false)).toBe(0);
  });

  test('R2 when the cycle is 6 s → each started 6 s costs a tenth of a minute', () => {
    const tariff = {
      connectFeeE4: 0,
      initialDurationSec: 0,
      ratePerMinuteE4: 6000,
      billingCycleSec: 6,
    };
    expect(rateCostE4(tariff, 7, true)).toBe(1200);
  });

  test('R3 when a cycle costs a fraction of a unit → rounded once, half up', () => {
    const tariff = {
      connectFeeE4: 0,
      initialDurationSec: 0,
      ratePerMinuteE4: 10_000,
      billingCycleSec: 1,
    };
    expect(rateCostE4(tariff, 1, true)).toBe(167);
    expect(rateCostE4(tariff, 3, true)).toBe(500);
  });
});

describe('matchPriority()', () => {
  test('R5/R6 when prefix and length both match → 0; length only → 1; prefix only → 2; default → 3', () => {
    expect(matchPriority(rate('00', 12), '001234567890')).toBe(0);
    expect(matchPriority(rate('default', 12), '001234567890')).toBe(1);
    expect(matchPriority(rate('00'), '001234567890')).toBe(2);
    expect(matchPriority(rate('default'), '001234567890')).toBe(3);
  });

  test('R5 when the prefix or the length differs → no match', () => {
    expect(matchPriority(rate('01'), '001')).toBeUndefined();
    expect(matchPriority(rate('00', 5), '001')).toBeUndefined();
  });
});

describe('bestRate()', () => {
  test('R6 when several levels match → prefix+length beats length beats prefix beats default', () => {
    const rates = [rate('default'), rate('0'), rate('default', 8), rate('0', 8)];
    expect(bestRate(rates, '01234567')).toBe(rates[3]);
    expect(bestRate(rates.slice(0, 3), '01234567')).toBe(rates[2]);
    expect(bestRate(rates.slice(0, 2), '01234567')).toBe(rates[1]);
    expect(bestRate(rates.slice(0, 1), '01234567')).toBe(rates[0]);
  });

  test('R6 when two prefixes match at one priority → the longest wins', () => {
    const rates = [rate('00'), rate('001'), rate('0')];
    expect(bestRate(rates, '0014155550100')).toBe(rates[1]);
  });

  test('R4 when the best rate is disabled → it never matches', () => {
    const rates = [rate('default'), rate('001', 0, { status: 'disabled' })];
    expect(bestRate(rates, '0014155550100')).toBe(rates[0]);
  });
});

describe('findSystemRate()', () => {
  test('5.1(c)1 when the trunk has a matching rate → it beats a rate for no trunk', () => {
    const rates = [rate('0', 0, { trunkId: null }), rate('default', 0, { trunkId: 7 })];
    expect(findSystemRate(rates, '0123', 7)).toBe(rates[1]);
  });

  test('5.1(c)2 when only a rate for no trunk matches → that one', () => {
    const rates = [rate('0'), rate('default', 0, { trunkId: 8 })];
    expect(findSystemRate(rates, '0123', 7)).toBe(rates[0]);
  });
});

describe('findTeamRate()', () => {
  test('R7 when the team has a matching rate → it beats a better rate for every team', () => {
    const rates = [rate('012', 0, { teamId: null }), rate('default', 0, { teamId: 5 })];
    expect(findTeamRate(rates, '0123', { teamId: 5, trunkId: 1 })).toBe(rates[1]);
  });

  test('R7 when the team has none → the rate for every team; another team’s never', () => {
    const rates = [rate('default', 0, { teamId: 6 }), rate('0', 0, { teamId: null })];
    expect(findTeamRate(rates, '0123', { teamId: 5, trunkId: 1 })).toBe(rates[1]);
  });

  test('5.2(c) when a rate names another trunk → it does not match', () => {
    const rates = [rate('default', 0, { teamId: 5, trunkId: 2 })];
    expect(findTeamRate(rates, '0123', { teamId: 5, trunkId: 1 })).toBeUndefined();
  });
});

describe('findExtensionRate()', () => {
  const caller = { teamId: 5, accountGroupId: 9 };

  test('5.3(c)1 / AG-4 when the account group has a match → it beats the team and the system', () => {
    const rates = [
      rate('0', 4, { teamId: null }),
      rate('0', 4, { teamId: 5 }),
      rate('default', 0, { teamId: 5, accountGroupId: 9 }),
    ];
    expect(findExtensionRate(rates, '0123', caller)).toBe(rates[2]);
  });

  test('5.3(c)1 when the group has none → the team level, then the system level', () => {
    const rates = [rate('0', 0, { teamId: null }), rate('default', 0, { teamId: 5 })];
    expect(findExtensionRate(rates, '0123', caller)).toBe(rates[1]);
    expect(findExtensionRate(rates.slice(0, 1), '0123', caller)).toBe(rates[0]);
  });

  test('5.3(c)1 when a rate is for another group or team → it never matches', () => {
    const rates = [
      rate('default', 0, { teamId: 5, accountGroupId: 10 }),
      rate('default', 0, { teamId: 6 }),
    ];
    expect(findExtensionRate(rates, '0123', caller)).toBeUndefined();
  });

  test('TRK-7 when a trunk is given → rates for other trunks are ignored', () => {
    const rates = [rate('default', 0, { teamId: 5, trunkId: 2 })];
    expect(findExtensionRate(rates, '0123', { ...caller, trunkId: 1 })).toBeUndefined();
    expect(findExtensionRate(rates, '0123', { ...caller, trunkId: 2 })).toBe(rates[0]);
  });
});

describe('findAgentRate()', () => {
  function agentRate(extra: Partial<AgentRate>): AgentRate {
    return {
      id: nextId++,
      status: 'enabled',
      teamId: 5,
      agentGroupId: 3,
      agentId: null,
      connectFeeE4: 0,
      initialDurationSec: 0,
      ratePerMinuteE4: 0,
      billingCycleSec: 60,
      ...extra,
    };
  }
  const agent = { agentId: 40, teamId: 5, groupIds: [3, 4] };

  test('5.4(c)1 when the group has a row for the agent → it beats the group-wide row', () => {
    const rates = [agentRate({}), agentRate({ agentId: 40 })];
    expect(findAgentRate(rates, agent)).toBe(rates[1]);
  });

  test('5.4(c)1 when rows name other agents, groups or a disabled state → none matches', () => {
    const rates = [
      agentRate({ agentId: 41 }),
      agentRate({ agentGroupId: 8 }),
      agentRate({ status: 'disabled' }),
    ];
    expect(findAgentRate(rates, agent)).toBeUndefined();
  });

  test('5.4(c)1 when a team row and a no-team row match → the team row', () => {
    const rates = [agentRate({ teamId: null }), agentRate({ teamId: 5 })];
    expect(findAgentRate(rates, agent)).toBe(rates[1]);
  });
});
