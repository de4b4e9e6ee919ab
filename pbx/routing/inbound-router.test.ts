import { describe, expect, test } from 'vitest';
import type { CallerListRule } from './caller-screen.ts';
import type { OutboundCallerRule } from './caller-id.ts';
import {
  InboundRouter,
  type InboundRouteDirectory,
  type RoutableInboundRoute,
} from './inbound-router.ts';
import type { WorkSchedule } from './work-hours.ts';

const extension = (id: number, number: string, over: { dnd?: boolean } = {}) => ({
  id,
  teamId: 1,
  internalNumber: number,
  status: 'enabled',
  dnd: over.dnd ?? false,
  ringTimeoutSec: 20,
  accountId: id === 8 ? 2 : null,
});
const extensions = [
  extension(7, '1000'),
  extension(8, '1001'),
  extension(9, '1002', { dnd: true }),
];
const target = (id: number, number: string) => ({
  teamId: 1,
  extensionId: id,
  number,
  ringTimeoutMs: 20_000,
});

const officeHours: WorkSchedule = {
  status: 'enabled',
  intervals: [
    {
      startDate: null,
      endDate: null,
      startTime: '09:00',
      endTime: '17:00',
      startWeekday: 'mon',
      endWeekday: 'fri',
    },
  ],
};

const route = (over: Partial<RoutableInboundRoute>): RoutableInboundRoute => ({
  id: 1,
  didId: null,
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
  options: { lists?: CallerListRule[]; now?: Date; trunkRules?: OutboundCallerRule[] } = {},
): InboundRouter {
  const directory: InboundRouteDirectory = {
    dids: {
      findByNumber: (n) =>
        n === '5550100' || n === '5550200'
          ? {
              id: n === '5550100' ? 11 : 12,
              teamId: 1,
              destinationType: 'extension',
              destinationId: 7,
              status: 'enabled',
            }
          : undefined,
    },
    extensions: {
      find: (id) => extensions.find((e) => e.id === id),
      idsOfAccount: (accountId) => (accountId === 3 ? [9, 7, 8] : []),
    },
    teams: { find: (id) => (id === 1 ? { uid: 'demo', sipDomain: 'demo.local' } : undefined) },
    callerLists: { screeningRules: () => options.lists ?? [] },
    callerIdRestrictions: {
      rulesFor: ({ teamId, trunkId }) =>
        teamId === 1 ? (options.trunkRules ?? []).filter((r) => r.trunkId === trunkId) : [],
    },
    inboundRoutes: { list: (teamId) => (teamId === 1 ? routes : []) },
    workHours: { find: (id) => (id === 4 ? officeHours : undefined) },
    ringGroups: {
      find: (id) => (id === 5 ? { teamId: 1, extensionIds: [7, 8, 9] } : undefined),
    },
  };
  // Wednesday 2026-11-25, 10:00 local time, unless the test says otherwise.
  const now = options.now ?? new Date(2026, 10, 25, 10, 0);
  return new InboundRouter(directory, { now: () => now.getTime() });
}

const call = { trunkId: 3, trunkTeamId: undefined, dialled: '5550100', callerNumber: '5559999' };
const ringing = (...targets: ReturnType<typeof target>[]) => ({
  kind: 'extensions',
  teamId: 1,
  domain: 'demo.local',
  targets,
});

describe('InboundRouter.route()', () => {
  test('route() when no route matches → the DID’s own extension (IR-9, DID-3)', () => {
    expect(router([]).route(call)).toEqual(ringing(target(7, '1000')));
  });

  test('route() when the DID is unknown → not-found (IR-1)', () => {
    expect(router([route({})]).route({ ...call, dialled: '5550999' })).toEqual({
      kind: 'not-found',
    });
  });

  test('route() when the trunk belongs to another team → not-found (TRK-1)', () => {
    expect(router([route({})]).route({ ...call, trunkTeamId: 2 })).toEqual({ kind: 'not-found' });
  });

  test('route() when a route is disabled → it is not a candidate (IR-1)', () => {
    expect(router([route({ status: 'disabled' })]).route(call)).toEqual(ringing(target(7, '1000')));
  });

  test('route() when the route names a DID → only that DID matches (IR-2)', () => {
    const r = router([route({ didId: 12 })]);
    expect(r.route(call)).toEqual(ringing(target(7, '1000')));
    expect(r.route({ ...call, dialled: '5550200' })).toEqual(ringing(target(8, '1001')));
  });

  test('route() when the route has no DID → any DID of the team matches (IR-2)', () => {
    expect(router([route({})]).route(call)).toEqual(ringing(target(8, '1001')));
  });

  test('route() when the route names a caller → only that caller matches (IR-3)', () => {
    const r = router([route({ callerPattern: '5551234' })]);
    expect(r.route(call)).toEqual(ringing(target(7, '1000')));
    expect(r.route({ ...call, callerNumber: '5551234' })).toEqual(ringing(target(8, '1001')));
  });

  test('route() when the route names a trunk → only calls on it match (IR-4)', () => {
    const r = router([route({ trunkId: 4 })]);
    expect(r.route(call)).toEqual(ringing(target(7, '1000')));
    expect(r.route({ ...call, trunkId: 4 })).toEqual(ringing(target(8, '1001')));
  });

  test('route() when the route has work hours → it matches only in hours (IR-5)', () => {
    const routes = [route({ workHoursId: 4 })];
    expect(router(routes).route(call)).toEqual(ringing(target(8, '1001')));
    const evening = new Date(2026, 10, 25, 22, 0);
    expect(router(routes, { now: evening }).route(call)).toEqual(ringing(target(7, '1000')));
  });

  test('route() when the work hours are missing → the route never matches (P-2)', () => {
    expect(router([route({ workHoursId: 99 })]).route(call)).toEqual(ringing(target(7, '1000')));
  });

  test('route() when several routes match → the largest priority, then the lowest id (IR-6)', () => {
    const routes = [
      route({ id: 1, priority: 0, destinationId: 7 }),
      route({ id: 3, priority: 5, destinationId: 7 }),
      route({ id: 2, priority: 5, destinationId: 8 }),
    ];
    expect(router(routes).route(call)).toEqual(ringing(target(8, '1001')));
  });

  test('route() when day and night routes share a DID → day in hours, night after (IR-7)', () => {
    const routes = [
      route({
        id: 1,
        priority: 10,
        workHoursId: 4,
        destinationType: 'ringGroup',
        destinationId: 5,
      }),
      route({ id: 2, priority: 0, destinationId: 8 }),
    ];
    expect(router(routes).route(call)).toEqual(ringing(target(7, '1000'), target(8, '1001')));
    const night = new Date(2026, 10, 25, 22, 0);
    expect(router(routes, { now: night }).route(call)).toEqual(ringing(target(8, '1001')));
  });

  test('route() when the destination is a ring group → its members that take calls (IR-8, RG-1)', () => {
    const r = router([route({ destinationType: 'ringGroup', destinationId: 5 })]);
    expect(r.route(call)).toEqual(ringing(target(7, '1000'), target(8, '1001')));
  });

  test('route() when the destination is end → declined (IR-8)', () => {
    const r = router([route({ destinationType: 'end', destinationId: null })]);
    expect(r.route(call)).toEqual({ kind: 'declined', reason: 'route-end' });
  });

  test('route() when the destination is an account (auto-match) → its extensions that take calls (IR-8, A-10)', () => {
    const r = router([route({ destinationType: 'account', destinationId: 3 })]);
    expect(r.route(call)).toEqual(ringing(target(7, '1000'), target(8, '1001')));
  });

  test('route() when the account has no extension → unavailable (IR-8, A-10)', () => {
    const r = router([route({ destinationType: 'account', destinationId: 4 })]);
    expect(r.route(call)).toEqual({ kind: 'unavailable', reason: 'not-routable' });
  });

  test.each(['queue', 'ivr', 'conference', 'voicemail', 'application'])(
    'route() when the destination is a %s → that application (IR-8)',
    (type) => {
      const r = router([route({ destinationType: type, destinationId: 6 })]);
      expect(r.route(call)).toMatchObject({
        kind: 'application',
        teamId: 1,
        destination: { type, targetId: 6 },
      });
    },
  );

  test('route() when the caller is on the team blacklist → declined before routing (BL-1, BL-3, BL-4, TM-8)', () => {
    const lists = [blackOrWhite('black', {})];
    expect(router([route({})], { lists }).route({ ...call, callerNumber: '5551111' })).toEqual({
      kind: 'declined',
      reason: 'blacklisted',
    });
  });

  test('route() when the caller is on the team’s blacklist of the trunk it came in on → declined (OCR-4)', () => {
    const rule = (restrictionType: 'blacklist' | 'whitelist', trunkId: number, number: string) => ({
      restrictionType,
      trunkId,
      trunkGroupId: null,
      number,
    });
    const blocked = router([route({})], { trunkRules: [rule('blacklist', 3, '5559999')] });
    expect(blocked.route(call)).toEqual({ kind: 'declined', reason: 'blacklisted' });
    // Another trunk's blacklist, or a whitelist of the trunk, lets the caller in.
    const otherTrunk = router([route({})], { trunkRules: [rule('blacklist', 4, '5559999')] });
    expect(otherTrunk.route(call)).toEqual(ringing(target(8, '1001')));
    const whitelist = router([route({})], { trunkRules: [rule('whitelist', 3, '234')] });
    expect(whitelist.route(call)).toEqual(ringing(target(8, '1001')));
  });

  test('route() when one ring-group member blacklists the caller → the others ring (BL-1, AC-7)', () => {
    const lists = [blackOrWhite('black', { accountId: 2 })];
    const r = router([route({ destinationType: 'ringGroup', destinationId: 5 })], { lists });
    expect(r.route({ ...call, callerNumber: '5551111' })).toEqual(ringing(target(7, '1000')));
  });

  test('route() when the callee whitelists other numbers → declined (WL-1, BL-3, EXT-14)', () => {
    const lists = [blackOrWhite('white', { extensionId: 8 })];
    expect(router([route({})], { lists }).route(call)).toEqual({
      kind: 'declined',
      reason: 'not-whitelisted',
    });
    expect(router([route({})], { lists }).route({ ...call, callerNumber: '5551111' })).toEqual(
      ringing(target(8, '1001')),
    );
  });
});

function blackOrWhite(
  listType: 'black' | 'white',
  scope: { accountId?: number; extensionId?: number },
): CallerListRule {
  return {
    listType,
    numberPattern: '5551111',
    accountId: scope.accountId ?? null,
    extensionId: scope.extensionId ?? null,
    status: 'enabled',
  };
}
