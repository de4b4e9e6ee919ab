import { describe, expect, test } from 'vitest';
import {
  OutboundRouter,
  type OutboundCaller,
  type OutboundDirectory,
  type RoutableOutboundRoute,
  type RoutableTrunk,
  type RoutingAccountGroup,
} from './outbound-router.ts';
import type { MatchableTrunkRule } from './trunk-rules.ts';
import { TrunkGroupOrder } from './trunk-group-order.ts';

/*
 * Outbound rules of issue 7 (D39): trunk rules applied per candidate trunk
 * (TRK-6, TG-4, TG-5), the team's default target (TM-5), route actions
 * (OR-4) and account-group route sets (AG-2, OR-1).
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

const rule = (over: Partial<MatchableTrunkRule> = {}): MatchableTrunkRule => ({
  numberPrefix: 'default',
  numberLength: 0,
  action: 'allow',
  stripPrefix: '',
  addPrefix: '',
  enabled: true,
  ...over,
});

type Route = RoutableOutboundRoute & { id: number };

interface Setup {
  /** Routes best first, as findCandidates returns them. */
  routes?: Route[];
  /** Ids of routes in some account group's set (not the team's own). */
  groupRouteIds?: number[];
  trunks?: RoutableTrunk[];
  rules?: Record<number, MatchableTrunkRule[]>;
  /** Trunk-group rules by `groupId:trunkId`. */
  groupRules?: Record<string, MatchableTrunkRule[]>;
  caller?: Partial<OutboundCaller>;
  group?: RoutingAccountGroup;
  team?: { outboundTargetType: string; outboundTargetId: number | null };
  trunkGroups?: Record<number, { id: number; strategy: string; trunkIds: number[] }>;
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
  const grouped = new Set(s.groupRouteIds ?? []);
  const directory: OutboundDirectory = {
    outboundRoutes: {
      findCandidates: (_teamId, _number, routeIds) =>
        (s.routes ?? []).filter((r) =>
          routeIds === undefined ? !grouped.has(r.id) : routeIds.includes(r.id),
        ),
    },
    trunks: { find: (id) => trunks.find((t) => t.id === id), getSecret: () => null },
    extensions: { find: (id) => (id === 6 ? caller : undefined) },
    accountGroups: { findByAccount: (id) => (id === 7 ? s.group : undefined) },
    trunkGroups: { find: (id) => s.trunkGroups?.[id] },
    teams: { find: (id) => (id === 1 ? s.team : undefined) },
    trunkRules: { enabledFor: (id) => s.rules?.[id] ?? [] },
    trunkGroupRules: { enabledFor: (g, t) => s.groupRules?.[`${g}:${t}`] ?? [] },
  };
  return new OutboundRouter(directory, new TrunkGroupOrder(() => 0));
}

const request = { teamId: 1, callerExtensionId: 6, callerNumber: '1000', dialled: '013800000000' };

function dialled(decision: ReturnType<OutboundRouter['route']>): Array<[number, string]> {
  return decision.kind === 'trunks' ? decision.targets.map((t) => [t.trunkId, t.number]) : [];
}

const dialOut = (id: number, over: Partial<Route> = {}): Route => ({
  id,
  stripDigits: 0,
  prepend: '',
  trunkId: 1,
  ...over,
});

describe('OutboundRouter trunk rules (TRK-6, TG-4, TG-5)', () => {
  test('TRK-6 route() when the trunk has an allow rule → the route’s rewrite, then the rule’s strip and add', () => {
    const router = routerFor({
      routes: [dialOut(1, { stripDigits: 1, prepend: '9' })],
      rules: { 1: [rule({ numberPrefix: '91', stripPrefix: '9', addPrefix: '0086' })] },
    });
    expect(dialled(router.route(request))).toEqual([[1, '008613800000000']]);
  });

  test('TG-5 route() when the first trunk denies the number → skipped, the next trunk dials it unchanged', () => {
    const router = routerFor({
      routes: [dialOut(1), dialOut(2, { trunkId: 2 })],
      rules: { 1: [rule({ numberPrefix: '01', action: 'deny' })] },
    });
    expect(dialled(router.route(request))).toEqual([[2, '013800000000']]);
  });

  test('TG-4 route() when a trunk group’s members have their own rules → each member rewrites for itself', () => {
    const router = routerFor({
      group: { trunkId: null, trunkGroupId: 5 },
      trunkGroups: { 5: { id: 5, strategy: 'sequential', trunkIds: [1, 2, 3] } },
      rules: {
        1: [rule({ action: 'deny' })],
        2: [
          rule({ numberPrefix: '0', stripPrefix: '0' }),
          rule({ numberPrefix: '013', numberLength: 5 }),
        ],
      },
    });
    expect(dialled(router.route(request))).toEqual([
      [2, '13800000000'],
      [3, '013800000000'],
    ]);
  });

  test('TG-5 route() through a trunk group whose rule denies a member → that member skipped, the trunk’s own rules still apply to the rest', () => {
    const router = routerFor({
      group: { trunkId: null, trunkGroupId: 5 },
      trunkGroups: { 5: { id: 5, strategy: 'sequential', trunkIds: [1, 2] } },
      groupRules: {
        '5:1': [rule({ numberPrefix: '013', action: 'deny' })],
        '5:2': [rule({ numberPrefix: '0', stripPrefix: '0', addPrefix: '9' })],
      },
      rules: { 2: [rule({ numberPrefix: '9', addPrefix: '00' })] },
    });
    // Group rule first (0 → 9), then trunk 2's own rule on what it left (+00).
    expect(dialled(router.route(request))).toEqual([[2, '00913800000000']]);
  });

  test('TG-4 route() when the same trunk is reached directly → the group’s rules do not apply', () => {
    const router = routerFor({
      routes: [dialOut(1)],
      groupRules: { '5:1': [rule({ action: 'deny' })] },
    });
    expect(dialled(router.route(request))).toEqual([[1, '013800000000']]);
  });

  test('TG-5 route() when the trunk’s own rule denies what the group’s rule left → skipped', () => {
    const router = routerFor({
      team: { outboundTargetType: 'trunkGroup', outboundTargetId: 5 },
      trunkGroups: { 5: { id: 5, strategy: 'sequential', trunkIds: [1] } },
      groupRules: { '5:1': [rule({ numberPrefix: '0', stripPrefix: '0', addPrefix: '7' })] },
      rules: { 1: [rule({ numberPrefix: '7', action: 'deny' })] },
    });
    expect(router.route(request).kind).toBe('forbidden');
  });

  test('TRK-6 route() when a disabled rule would deny → ignored, the trunk is used', () => {
    const router = routerFor({
      routes: [dialOut(1)],
      rules: { 1: [rule({ action: 'deny', enabled: false })] },
    });
    expect(dialled(router.route(request))).toEqual([[1, '013800000000']]);
  });

  test('TG-5 route() when every candidate trunk denies the number → forbidden', () => {
    const router = routerFor({
      routes: [dialOut(1)],
      rules: { 1: [rule({ action: 'deny' })] },
    });
    expect(router.route(request)).toEqual({ kind: 'forbidden' });
  });

  test('EXT-11/TRK-6 route() when the extension pins a trunk → the pinned trunk’s rules apply too', () => {
    const router = routerFor({
      caller: { trunkId: 3 },
      routes: [dialOut(1)],
      rules: { 3: [rule({ numberPrefix: '0', stripPrefix: '0', addPrefix: '+86' })] },
    });
    expect(dialled(router.route(request))).toEqual([[3, '+8613800000000']]);
  });
});

describe('OutboundRouter team default target (TM-5)', () => {
  test('TM-5 route() when no route matches and the team names a trunk → that trunk, number as dialled', () => {
    const router = routerFor({ team: { outboundTargetType: 'trunk', outboundTargetId: 2 } });
    expect(dialled(router.route(request))).toEqual([[2, '013800000000']]);
  });

  test('TM-5 route() when the team names a trunk group → its members in hunting order (TG-1)', () => {
    const router = routerFor({
      team: { outboundTargetType: 'trunkGroup', outboundTargetId: 5 },
      trunkGroups: { 5: { id: 5, strategy: 'sequential', trunkIds: [3, 1] } },
    });
    expect(dialled(router.route(request))).toEqual([
      [3, '013800000000'],
      [1, '013800000000'],
    ]);
  });

  test('TM-5 route() when a dial-out route names no trunk → the team target with the route’s rewrite', () => {
    const router = routerFor({
      routes: [dialOut(1, { trunkId: null, stripDigits: 1 })],
      team: { outboundTargetType: 'trunk', outboundTargetId: 2 },
    });
    expect(dialled(router.route(request))).toEqual([[2, '13800000000']]);
  });

  test('TM-5 route() when the route names a trunk → the route’s trunk, not the team’s', () => {
    const router = routerFor({
      routes: [dialOut(1, { trunkId: 1 })],
      team: { outboundTargetType: 'trunk', outboundTargetId: 2 },
    });
    expect(dialled(router.route(request))).toEqual([[1, '013800000000']]);
  });

  test('TM-5/AG-3 route() when the account group names a trunk → the group’s, over the team’s', () => {
    const router = routerFor({
      group: { trunkId: 3 },
      team: { outboundTargetType: 'trunk', outboundTargetId: 2 },
    });
    expect(dialled(router.route(request))).toEqual([[3, '013800000000']]);
  });

  test('TM-5/EXT-11 route() when the extension pins a trunk → the pin, over group and team', () => {
    const router = routerFor({
      caller: { trunkId: 1 },
      group: { trunkId: 3 },
      team: { outboundTargetType: 'trunk', outboundTargetId: 2 },
    });
    expect(dialled(router.route(request))).toEqual([[1, '013800000000']]);
  });

  test('TM-5 route() when the team target is disabled → unavailable', () => {
    const router = routerFor({
      trunks: [trunk(2, { status: 'disabled' })],
      team: { outboundTargetType: 'trunk', outboundTargetId: 2 },
    });
    expect(router.route(request)).toEqual({ kind: 'unavailable', reason: 'disabled' });
  });

  test('TM-5 route() when the team has no target and no route matches → not-found', () => {
    expect(
      routerFor({ team: { outboundTargetType: 'none', outboundTargetId: null } }).route(request),
    ).toEqual({
      kind: 'not-found',
    });
  });
});

describe('OutboundRouter route actions (OR-4)', () => {
  test('OR-4 route() when the best route ends the call → forbidden, no trunk', () => {
    const router = routerFor({
      routes: [dialOut(1, { action: 'end', trunkId: null }), dialOut(2)],
      team: { outboundTargetType: 'trunk', outboundTargetId: 2 },
    });
    expect(router.route(request)).toEqual({ kind: 'forbidden' });
  });

  test('OR-4 route() when the best route is a ring group or queue → that application takes the call', () => {
    for (const action of ['ringGroup', 'queue'] as const) {
      const router = routerFor({
        routes: [dialOut(1, { action, actionTargetId: 9, trunkId: null })],
      });
      expect(router.route(request)).toEqual({
        kind: 'application',
        destination: { type: action, targetId: 9 },
      });
    }
  });

  test('OR-4 route() when the best route dials out → later end or queue routes are no failover trunks', () => {
    const router = routerFor({
      routes: [
        dialOut(1, { trunkId: 1 }),
        dialOut(2, { action: 'queue', actionTargetId: 9, trunkId: null }),
        dialOut(3, { trunkId: 3 }),
      ],
    });
    expect(dialled(router.route(request))).toEqual([
      [1, '013800000000'],
      [3, '013800000000'],
    ]);
  });

  test('OR-4 route() when the extension may not call out → forbidden before any action (EXT-5)', () => {
    const router = routerFor({
      caller: { allowOutbound: false },
      routes: [dialOut(1, { action: 'ringGroup', actionTargetId: 9, trunkId: null })],
    });
    expect(router.route(request)).toEqual({ kind: 'forbidden' });
  });

  test('OR-5 route() when {0 strip 0 → dial out; default → end} → 013800000000 goes out as 13800000000, 12345 is refused', () => {
    const zero = dialOut(1, { stripDigits: 1 });
    const fallback = dialOut(2, { action: 'end', trunkId: null });
    const routes = (number: string) => (number.startsWith('0') ? [zero, fallback] : [fallback]);
    const directory: OutboundDirectory = {
      outboundRoutes: { findCandidates: (_team, number) => routes(number) },
      trunks: { find: (id) => (id === 1 ? trunk(1) : undefined), getSecret: () => null },
      extensions: {
        find: () => ({
          internalNumber: '1000',
          outboundCallerNumber: null,
          outboundCallerName: null,
          allowOutbound: true,
        }),
      },
    };
    const router = new OutboundRouter(directory);
    expect(dialled(router.route(request))).toEqual([[1, '13800000000']]);
    expect(router.route({ ...request, dialled: '12345' })).toEqual({ kind: 'forbidden' });
  });
});

describe('OutboundRouter account-group routes (AG-2, OR-1)', () => {
  const teamRoute = dialOut(1, { trunkId: 1 });
  const groupRoute = dialOut(2, { trunkId: 2 });

  test('AG-2 route() when the caller’s group has routes → only those are matched', () => {
    const router = routerFor({
      routes: [groupRoute, teamRoute],
      groupRouteIds: [2],
      group: { trunkId: null, outboundRouteIds: [2] },
    });
    expect(dialled(router.route(request))).toEqual([[2, '013800000000']]);
  });

  test('OR-1 route() when the caller is in no group → the team’s routes, not a group’s', () => {
    const router = routerFor({ routes: [groupRoute, teamRoute], groupRouteIds: [2] });
    expect(dialled(router.route(request))).toEqual([[1, '013800000000']]);
  });

  test('AG-2 route() when the caller’s group has no routes → the team’s routes', () => {
    const router = routerFor({
      routes: [groupRoute, teamRoute],
      groupRouteIds: [2],
      group: { trunkId: null, outboundRouteIds: [] },
    });
    expect(dialled(router.route(request))).toEqual([[1, '013800000000']]);
  });

  test('AG-2 route() when the group’s route ends the call → refused though a team route would dial', () => {
    const router = routerFor({
      routes: [dialOut(3, { action: 'end', trunkId: null }), teamRoute],
      groupRouteIds: [3],
      group: { trunkId: null, outboundRouteIds: [3] },
    });
    expect(router.route(request)).toEqual({ kind: 'forbidden' });
  });
});
