import { describe, expect, test } from 'vitest';
import {
  InboundRouter,
  type InboundRouteDirectory,
  type RoutableDidGroup,
  type RoutableInboundRoute,
  type TeamDefaultTraffic,
} from './inbound-router.ts';

/*
 * The DID rules of issue 7 in inbound routing: DID-group conditions
 * (IR-2 组匹配, DG-1, DG-2) and the team's default traffic for calls no
 * route takes (TM-12), in its order against the DID's own binding (DID-3).
 */

const extension = (id: number, number: string) => ({
  id,
  teamId: 1,
  internalNumber: number,
  status: 'enabled',
  dnd: false,
  ringTimeoutSec: 20,
  accountId: null,
});
const EXTENSIONS = [extension(7, '1000'), extension(8, '1001'), extension(9, '1002')];

/** 5550100 rings 1000; 5550200 and 8880001 are bound to nothing; 7770001 is team 2's. */
const DIDS = [
  { id: 11, number: '5550100', teamId: 1, destinationId: 7 },
  { id: 12, number: '5550200', teamId: 1, destinationId: null },
  { id: 13, number: '8880001', teamId: 1, destinationId: null },
  { id: 14, number: '7770001', teamId: 2, destinationId: null },
];

const ringing = (id: number, number: string) => ({
  kind: 'extensions',
  teamId: 1,
  domain: 'demo.local',
  targets: [{ teamId: 1, extensionId: id, number, ringTimeoutMs: 20_000 }],
});

const route = (over: Partial<RoutableInboundRoute>): RoutableInboundRoute => ({
  id: 1,
  didId: null,
  didGroupId: null,
  callerPattern: null,
  trunkId: null,
  workHoursId: null,
  destinationType: 'extension',
  destinationId: 8,
  priority: 0,
  status: 'enabled',
  ...over,
});

function router(
  routes: RoutableInboundRoute[],
  options: { groups?: Record<number, RoutableDidGroup>; traffic?: TeamDefaultTraffic } = {},
): InboundRouter {
  const groups = options.groups ?? {};
  const directory: InboundRouteDirectory = {
    dids: {
      findByNumber: (n) => {
        const did = DIDS.find((d) => d.number === n);
        return did && { ...did, destinationType: 'extension', status: 'enabled' };
      },
    },
    extensions: {
      find: (id) => EXTENSIONS.find((e) => e.id === id),
      idsOfAccount: () => [],
    },
    teams: {
      find: (id) =>
        id === 1 || id === 2
          ? { uid: `t${id}`, sipDomain: 'demo.local', ...options.traffic }
          : undefined,
    },
    didGroups: { find: (id) => groups[id] },
    callerLists: { screeningRules: () => [] },
    inboundRoutes: { list: (teamId) => routes.filter(() => teamId === 1) },
    workHours: { find: () => undefined },
    ringGroups: { find: () => undefined },
  };
  return new InboundRouter(directory, { now: () => Date.UTC(2026, 10, 25, 10) });
}

const call = (dialled: string) => ({ trunkId: 3, trunkTeamId: undefined, dialled });

describe('InboundRouter.route() with DID groups', () => {
  const numbers: RoutableDidGroup = { teamId: 1, matchType: 'number', entries: ['5550200'] };
  const prefix: RoutableDidGroup = { teamId: 1, matchType: 'prefix', entries: ['888'] };

  test('DG-2 route() when the called DID is listed in the route’s number group → the route’s destination', () => {
    const r = router([route({ didGroupId: 5 })], { groups: { 5: numbers } });
    expect(r.route(call('5550200'))).toEqual(ringing(8, '1001'));
  });

  test('DG-2 route() when the called DID is not in the group → the route does not match', () => {
    const r = router([route({ didGroupId: 5 })], { groups: { 5: numbers } });
    expect(r.route(call('5550100'))).toEqual(ringing(7, '1000'));
  });

  test('DG-1/DG-2 route() when the group matches by prefix → a DID starting with an entry matches', () => {
    const r = router([route({ didGroupId: 6 })], { groups: { 6: prefix } });
    expect(r.route(call('8880001'))).toEqual(ringing(8, '1001'));
    expect(r.route(call('5550100'))).toEqual(ringing(7, '1000'));
  });

  test('DG-2 route() when the group is edited after the route was saved → the call sees the new members', () => {
    const group = { teamId: 1, matchType: 'number', entries: ['5550100'] };
    const r = router([route({ didGroupId: 5 })], { groups: { 5: group } });
    expect(r.route(call('5550100'))).toEqual(ringing(8, '1001'));
    group.entries = ['5550200'];
    expect(r.route(call('5550100'))).toEqual(ringing(7, '1000'));
  });

  test('DG-2 route() when the group is missing or another team’s → the route never matches', () => {
    const foreign = { ...numbers, teamId: 2, entries: ['5550100'] };
    expect(router([route({ didGroupId: 99 })]).route(call('5550100'))).toEqual(ringing(7, '1000'));
    const r = router([route({ didGroupId: 5 })], { groups: { 5: foreign } });
    expect(r.route(call('5550100'))).toEqual(ringing(7, '1000'));
  });

  test('DG-2/IR-6 route() when a group route and a single-DID route both match → the larger priority', () => {
    const routes = [
      route({ id: 1, didGroupId: 6, priority: 5, destinationId: 9 }),
      route({ id: 2, didId: 13, priority: 1, destinationId: 8 }),
    ];
    expect(router(routes, { groups: { 6: prefix } }).route(call('8880001'))).toEqual(
      ringing(9, '1002'),
    );
  });
});

describe('InboundRouter.route() with the team default traffic', () => {
  const toExtension: TeamDefaultTraffic = {
    defaultTrafficType: 'extension',
    defaultTrafficTargetId: 9,
  };

  test('TM-12 route() when an unbound DID matches no route → the team’s default traffic', () => {
    expect(router([], { traffic: toExtension }).route(call('5550200'))).toEqual(ringing(9, '1002'));
  });

  test('TM-12/DID-3 route() when the DID is bound → its extension, not the team default', () => {
    expect(router([], { traffic: toExtension }).route(call('5550100'))).toEqual(ringing(7, '1000'));
  });

  test('TM-12/IR-6 route() when a route matches → the route, not the team default', () => {
    expect(router([route({})], { traffic: toExtension }).route(call('5550200'))).toEqual(
      ringing(8, '1001'),
    );
  });

  test('TM-12 route() when the default traffic is end → declined (603)', () => {
    const traffic = { defaultTrafficType: 'end', defaultTrafficTargetId: null };
    expect(router([], { traffic }).route(call('5550200'))).toEqual({
      kind: 'declined',
      reason: 'route-end',
    });
  });

  test('TM-12 route() when the default traffic is a queue → that application', () => {
    const traffic = { defaultTrafficType: 'queue', defaultTrafficTargetId: 4 };
    expect(router([], { traffic }).route(call('5550200'))).toEqual({
      kind: 'application',
      teamId: 1,
      domain: 'demo.local',
      destination: { type: 'queue', targetId: 4 },
    });
  });

  test('TM-12 route() when the team has no default traffic → unavailable (not-routable)', () => {
    expect(router([]).route(call('5550200'))).toEqual({
      kind: 'unavailable',
      reason: 'not-routable',
    });
  });
});
