import { describe, expect, test } from 'vitest';
import { findExtensionRate, type NumberRate } from '../billing/index.ts';
import {
  OutboundRouter,
  type OutboundCaller,
  type OutboundDirectory,
  type RoutableOutboundRoute,
  type RoutableTrunk,
  type RoutingAccountGroup,
} from './outbound-router.ts';
import type { MatchableTrunkRule } from './trunk-rules.ts';

/*
 * Rate routing (spec 03 §5.3 (c) 1–5, opt-in per team): the matched
 * extension rate's trunk carries the call; no rate refuses it. The rates
 * are matched by pbx/billing's findExtensionRate, as app-billing.ts does.
 */

const trunk = (id: number, over: Partial<RoutableTrunk> = {}): RoutableTrunk => ({
  id,
  name: `t${id}`,
  host: `10.0.0.${id}`,
  port: 5060,
  transport: 'udp',
  username: null,
  status: 'enabled',
  timeoutSec: 30,
  maxChannels: null,
  outboundCallerNumber: null,
  outboundCallerName: null,
  forceOutboundCli: false,
  ...over,
});

type Rate = NumberRate & { teamId: number | null; accountGroupId: number | null };

let nextRateId = 1;
const rate = (over: Partial<Rate> = {}): Rate => ({
  id: nextRateId++,
  prefix: 'default',
  numberLength: 0,
  status: 'enabled',
  trunkId: null,
  teamId: 1,
  accountGroupId: null,
  connectFeeE4: 0,
  initialDurationSec: 0,
  ratePerMinuteE4: 0,
  billingCycleSec: 60,
  ...over,
});

const dialOut = (over: Partial<RoutableOutboundRoute> = {}): RoutableOutboundRoute => ({
  stripDigits: 0,
  prepend: '',
  trunkId: 1,
  ...over,
});

interface Setup {
  rateRouting?: boolean;
  rates?: Rate[];
  routes?: RoutableOutboundRoute[];
  trunks?: RoutableTrunk[];
  rules?: Record<number, MatchableTrunkRule[]>;
  caller?: Partial<OutboundCaller>;
  /** The caller's account group: id 4 for the rates, trunk for AG-3. */
  group?: RoutingAccountGroup;
  teamTarget?: number;
  currentFeesE4?: number;
  /** False: the directory can match TRK-7 but cannot find a rate. */
  hasFinder?: boolean;
}

function routerFor(s: Setup): OutboundRouter {
  const caller: OutboundCaller = {
    internalNumber: '1000',
    outboundCallerNumber: null,
    outboundCallerName: null,
    allowOutbound: true,
    accountId: 7,
    ...s.caller,
  };
  const trunks = s.trunks ?? [trunk(1), trunk(2), trunk(3)];
  const rates = s.rates ?? [];
  const groupId = s.group === undefined ? null : 4;
  const find = (call: { teamId: number; number: string; trunkId?: number }) =>
    findExtensionRate(rates, call.number, {
      teamId: call.teamId,
      accountGroupId: groupId,
      trunkId: call.trunkId,
    });
  const directory: OutboundDirectory = {
    outboundRoutes: { findCandidates: () => s.routes ?? [] },
    trunks: { find: (id) => trunks.find((t) => t.id === id), getSecret: () => null },
    extensions: { find: (id) => (id === 6 ? caller : undefined) },
    accountGroups: { findByAccount: () => s.group },
    teams: {
      find: (id) =>
        id !== 1
          ? undefined
          : {
              paymentMode: s.currentFeesE4 === undefined ? 'unlimited' : 'postpaid',
              creditLimitE4: 0,
              currentFeesE4: s.currentFeesE4 ?? 0,
              outboundTargetType: s.teamTarget === undefined ? 'none' : 'trunk',
              outboundTargetId: s.teamTarget ?? null,
              rateRouting: s.rateRouting ?? true,
            },
    },
    trunkRules: { enabledFor: (id) => s.rules?.[id] ?? [] },
    extensionRates: {
      matches: (call) => find(call) !== undefined,
      ...(s.hasFinder === false ? {} : { find }),
    },
  };
  return new OutboundRouter(directory);
}

const request = { teamId: 1, callerExtensionId: 6, callerNumber: '1000', dialled: '013800000000' };

function dialled(decision: ReturnType<OutboundRouter['route']>): Array<[number, string]> {
  return decision.kind === 'trunks' ? decision.targets.map((t) => [t.trunkId, t.number]) : [];
}

describe('OutboundRouter rate routing: the rate picks the trunk (spec 03 §5.3 (c) 3)', () => {
  test('5.3(c)3 route() when the matched rate names a trunk → that trunk alone, with the route’s strip and add', () => {
    const router = routerFor({
      routes: [dialOut({ trunkId: 1, stripDigits: 1, prepend: '9' }), dialOut({ trunkId: 3 })],
      rates: [rate({ prefix: '0', trunkId: 2 })],
    });
    expect(dialled(router.route(request))).toEqual([[2, '913800000000']]);
  });

  test('5.3(c)3 route() when the rate names a trunk → it beats the pin, the group and the team target', () => {
    const router = routerFor({
      caller: { trunkId: 1 },
      group: { trunkId: 3 },
      teamTarget: 3,
      rates: [rate({ trunkId: 2 })],
    });
    expect(dialled(router.route(request))).toEqual([[2, '013800000000']]);
  });

  test('5.3(c)3 route() when the matched rate names no trunk → the route precedence chooses (EXT-11, OR-4, TM-5)', () => {
    const routes = [dialOut({ trunkId: 1 }), dialOut({ trunkId: 3 })];
    const rates = [rate({ prefix: '013' })];
    expect(dialled(routerFor({ routes, rates }).route(request))).toEqual([
      [1, '013800000000'],
      [3, '013800000000'],
    ]);
    const pinned = routerFor({ routes, rates, caller: { trunkId: 2 } });
    expect(dialled(pinned.route(request))).toEqual([[2, '013800000000']]);
  });

  test('5.3(c)3 route() when no route matches but the rate names a trunk → out as dialled over it', () => {
    const router = routerFor({ rates: [rate({ trunkId: 2 })] });
    expect(dialled(router.route(request))).toEqual([[2, '013800000000']]);
  });

  test('5.3(c)1 route() when the account group, the team and the system have rates → the group’s trunk', () => {
    const rates = [
      rate({ teamId: null, trunkId: 1 }),
      rate({ trunkId: 2 }),
      rate({ accountGroupId: 4, trunkId: 3 }),
    ];
    expect(dialled(routerFor({ rates, group: { trunkId: null } }).route(request))).toEqual([
      [3, '013800000000'],
    ]);
    // Outside the group, the team level wins over the system level.
    expect(dialled(routerFor({ rates }).route(request))).toEqual([[2, '013800000000']]);
  });

  test('5.3(c)2 route() when one level has several matches → R6: prefix and length before a longer prefix alone', () => {
    const rates = [
      rate({ prefix: '0138', trunkId: 1 }),
      rate({ prefix: '01', numberLength: 12, trunkId: 3 }),
      rate({ trunkId: 2 }),
    ];
    expect(dialled(routerFor({ rates }).route(request))).toEqual([[3, '013800000000']]);
  });

  test('5.3(c)5 route() when the best rate is disabled → skipped, the next match’s trunk carries the call', () => {
    const rates = [
      rate({ accountGroupId: 4, prefix: '013', trunkId: 1, status: 'disabled' }),
      rate({ prefix: '0', trunkId: 3 }),
    ];
    expect(dialled(routerFor({ rates, group: { trunkId: null } }).route(request))).toEqual([
      [3, '013800000000'],
    ]);
  });
});

describe('OutboundRouter rate routing: refusals and gates (spec 03 §5.3 (c) 4)', () => {
  test('5.3(c)4 route() when no enabled extension rate matches → forbidden, reason no-rate', () => {
    const router = routerFor({
      routes: [dialOut()],
      rates: [rate({ prefix: '00', trunkId: 2 }), rate({ status: 'disabled', trunkId: 2 })],
    });
    expect(router.route(request)).toEqual({ kind: 'forbidden', reason: 'no-rate' });
  });

  test('5.3(c)4 route() when the directory cannot find rates → refused (fails closed)', () => {
    const router = routerFor({ routes: [dialOut()], rates: [rate()], hasFinder: false });
    expect(router.route(request)).toEqual({ kind: 'forbidden', reason: 'no-rate' });
  });

  test('5.3(c)3 route() when rate routing is off → rates do not pick the trunk and none is needed (D56)', () => {
    const routes = [dialOut({ trunkId: 1 })];
    const off = (rates: Rate[]) => routerFor({ rateRouting: false, routes, rates }).route(request);
    expect(dialled(off([rate({ trunkId: 2 })]))).toEqual([[1, '013800000000']]);
    expect(dialled(off([]))).toEqual([[1, '013800000000']]);
  });

  test('OR-4 route() when the best route ends the call or queues it → the route decides, no rate needed', () => {
    const ended = routerFor({ routes: [dialOut({ action: 'end', trunkId: null })] });
    expect(ended.route(request)).toEqual({ kind: 'forbidden' });
    const queued = routerFor({ routes: [dialOut({ action: 'queue', actionTargetId: 9 })] });
    expect(queued.route(request)).toEqual({
      kind: 'application',
      destination: { type: 'queue', targetId: 9 },
    });
  });

  test('EXT-5 route() when the extension may not call out → forbidden before any rate', () => {
    const router = routerFor({ caller: { allowOutbound: false }, rates: [rate({ trunkId: 2 })] });
    expect(router.route(request)).toEqual({ kind: 'forbidden' });
  });

  test('5.3(c)3 route() when the rate’s trunk is disabled → unavailable, no failover to the route’s trunks', () => {
    const router = routerFor({
      routes: [dialOut({ trunkId: 1 })],
      trunks: [trunk(1), trunk(2, { status: 'disabled' })],
      rates: [rate({ trunkId: 2 })],
    });
    expect(router.route(request)).toEqual({ kind: 'unavailable', reason: 'disabled' });
  });

  test('TRK-6 route() when the rate’s trunk denies the number by a rule → forbidden, not the route’s trunk', () => {
    const deny: MatchableTrunkRule = {
      numberPrefix: 'default',
      numberLength: 0,
      action: 'deny',
      stripPrefix: '',
      addPrefix: '',
      enabled: true,
    };
    const router = routerFor({
      routes: [dialOut({ trunkId: 1 })],
      rules: { 2: [deny] },
      rates: [rate({ trunkId: 2 })],
    });
    expect(router.route(request)).toEqual({ kind: 'forbidden' });
  });

  test('TRK-7 route() when the rate’s trunk forces billing → carried, the rate prices it', () => {
    const router = routerFor({
      trunks: [trunk(2, { forcedBilling: true })],
      rates: [rate({ trunkId: 2 })],
    });
    expect(dialled(router.route(request))).toEqual([[2, '013800000000']]);
  });

  test('TM-7 route() when the team is out of credit → credit-limit, whatever the rate', () => {
    const router = routerFor({ currentFeesE4: 1, rates: [rate({ trunkId: 2 })] });
    expect(router.route(request)).toEqual({ kind: 'forbidden', reason: 'credit-limit' });
  });
});
