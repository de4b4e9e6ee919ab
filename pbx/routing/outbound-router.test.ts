import { describe, expect, test } from 'vitest';
import {
  OutboundRouter,
  type OutboundCaller,
  type OutboundDirectory,
  type RoutableOutboundRoute,
  type RoutableTrunk,
} from './outbound-router.ts';
import type { OutboundCallerRule } from './caller-id.ts';

const trunk = (over: Partial<RoutableTrunk> = {}): RoutableTrunk => ({
  id: 1,
  name: 'carrier',
  host: 'sip.carrier.example',
  port: 5060,
  transport: 'udp',
  username: null,
  status: 'enabled',
  timeoutSec: 45,
  maxChannels: null,
  outboundCallerNumber: null,
  outboundCallerName: null,
  forceOutboundCli: false,
  ...over,
});

const caller: OutboundCaller = {
  internalNumber: '1000',
  outboundCallerNumber: null,
  outboundCallerName: null,
  allowOutbound: true,
};

function directory(
  routes: RoutableOutboundRoute[],
  trunks: RoutableTrunk[],
  ext: OutboundCaller | undefined = caller,
): OutboundDirectory {
  return {
    outboundRoutes: { findCandidates: () => routes },
    trunks: {
      find: (id) => trunks.find((t) => t.id === id),
      getSecret: (id) => (id === 2 ? 'trunk-secret' : null),
    },
    extensions: { find: (id) => (id === 6 ? ext : undefined) },
  };
}

const request = { teamId: 1, callerExtensionId: 6, callerNumber: '1000', dialled: '95551234' };

describe('OutboundRouter.route()', () => {
  test('route() when a route matches → its trunk with strip/prepend applied, timeout in ms (OR-3, TRK-4)', () => {
    const router = new OutboundRouter(
      directory([{ stripDigits: 1, prepend: '+1', trunkId: 1 }], [trunk({ maxChannels: 10 })]),
    );
    expect(router.route(request)).toEqual({
      kind: 'trunks',
      targets: [
        {
          trunkId: 1,
          trunkName: 'carrier',
          host: 'sip.carrier.example',
          port: 5060,
          transport: 'udp',
          number: '+15551234',
          callerId: { number: '1000', name: undefined },
          maxChannels: 10,
          responseTimeoutMs: 45_000,
          credentials: undefined,
        },
      ],
    });
  });

  test('route() when routes match in order → trunks in that order, disabled trunks skipped (TRK-5)', () => {
    const router = new OutboundRouter(
      directory(
        [
          { stripDigits: 1, prepend: '', trunkId: 3 },
          { stripDigits: 1, prepend: '', trunkId: 2 },
          { stripDigits: 0, prepend: '', trunkId: 1 },
        ],
        [trunk(), trunk({ id: 2, username: 'pbx' }), trunk({ id: 3, status: 'disabled' })],
      ),
    );
    const decision = router.route(request);
    expect(decision.kind).toBe('trunks');
    if (decision.kind !== 'trunks') return;
    expect(decision.targets.map((t) => [t.trunkId, t.number])).toEqual([
      [2, '5551234'],
      [1, '95551234'],
    ]);
    expect(decision.targets[0]!.credentials).toEqual({
      username: 'pbx',
      password: 'trunk-secret',
    });
  });

  test('route() when no route matches → not-found', () => {
    expect(new OutboundRouter(directory([], [trunk()])).route(request)).toEqual({
      kind: 'not-found',
    });
  });

  test('route() when stripping leaves nothing → that route is skipped', () => {
    const router = new OutboundRouter(
      directory([{ stripDigits: 8, prepend: '', trunkId: 1 }], [trunk()]),
    );
    expect(router.route(request)).toEqual({ kind: 'not-found' });
  });

  test('route() when the extension may not call out → forbidden (EXT-5)', () => {
    const router = new OutboundRouter(
      directory([{ stripDigits: 1, prepend: '', trunkId: 1 }], [trunk()], {
        ...caller,
        allowOutbound: false,
      }),
    );
    expect(router.route(request)).toEqual({ kind: 'forbidden' });
  });
});

describe('OutboundRouter.route() with outbound caller restrictions (spec 02 §3.10)', () => {
  /** Team 1's entries on trunks 1–3; team 2 has its own. */
  type Entry = OutboundCallerRule & { teamId: number };
  const entry = (over: Partial<Entry>): Entry => ({
    teamId: 1,
    restrictionType: 'blacklist',
    trunkId: 1,
    trunkGroupId: null,
    number: '1000',
    ...over,
  });
  const routes: RoutableOutboundRoute[] = [
    { stripDigits: 1, prepend: '', trunkId: 1 },
    { stripDigits: 1, prepend: '', trunkId: 2 },
  ];
  const trunks = [trunk(), trunk({ id: 2 }), trunk({ id: 3 })];

  function restricted(entries: Entry[], ext: OutboundCaller = caller) {
    const asked: Array<{ teamId: number; trunkId: number }> = [];
    const router = new OutboundRouter({
      ...directory(routes, trunks, ext),
      callerIdRestrictions: {
        rulesFor: (use) => {
          asked.push(use);
          return entries.filter((e) => e.teamId === use.teamId && e.trunkId === use.trunkId);
        },
      },
    });
    return { router, asked };
  }

  const trunkIds = (decision: ReturnType<OutboundRouter['route']>) =>
    decision.kind === 'trunks' ? decision.targets.map((t) => t.trunkId) : decision.kind;

  test('OCR-1/TRK-9: route() when the caller is blacklisted on a trunk → that trunk is not used', () => {
    const { router, asked } = restricted([entry({})]);
    expect(trunkIds(router.route(request))).toEqual([2]);
    expect(asked).toEqual([
      { teamId: 1, trunkId: 1 },
      { teamId: 1, trunkId: 2 },
    ]);
  });

  test('OCR-1/TRK-9: route() when a trunk has a whitelist without the caller → that trunk is not used', () => {
    const { router } = restricted([entry({ restrictionType: 'whitelist', number: '2000' })]);
    expect(trunkIds(router.route(request))).toEqual([2]);
  });

  test('OCR-1: route() when a trunk has a whitelist with the caller → the trunk is used', () => {
    const { router } = restricted([
      entry({ restrictionType: 'whitelist', number: '2000' }),
      entry({ restrictionType: 'whitelist', number: '1000' }),
    ]);
    expect(trunkIds(router.route(request))).toEqual([1, 2]);
  });

  test('OCR-1: route() when another team blacklists the caller → the trunk is used', () => {
    const { router } = restricted([entry({ teamId: 2 })]);
    expect(trunkIds(router.route(request))).toEqual([1, 2]);
  });

  test('OCR-1: route() when the outbound CLI presented is blacklisted → that trunk is not used (OCR-3)', () => {
    const withCli = { ...caller, outboundCallerNumber: '+15550100' };
    const { router } = restricted([entry({ number: '+15550100' })], withCli);
    expect(trunkIds(router.route(request))).toEqual([2]);
  });

  test('OCR-1: route() when a whitelist lists the outbound CLI only → the trunk is used (OCR-3)', () => {
    const withCli = { ...caller, outboundCallerNumber: '+15550100' };
    const { router } = restricted(
      [entry({ restrictionType: 'whitelist', number: '+15550100' })],
      withCli,
    );
    expect(trunkIds(router.route(request))).toEqual([1, 2]);
  });

  test('OCR-2: route() when the first trunk refuses the caller → the next one is tried, in order', () => {
    const { router } = restricted([entry({ trunkId: 1 })]);
    const decision = router.route(request);
    expect(decision.kind).toBe('trunks');
    if (decision.kind !== 'trunks') return;
    expect(decision.targets.map((t) => [t.trunkId, t.number])).toEqual([[2, '5551234']]);
  });

  test('OCR-2: route() when every matching trunk refuses the caller → forbidden, not not-found', () => {
    const { router } = restricted([entry({ trunkId: 1 }), entry({ trunkId: 2 })]);
    expect(router.route(request)).toEqual({ kind: 'forbidden' });
  });
});

describe('OutboundRouter.route() with a pinned trunk (EXT-11)', () => {
  const routes: RoutableOutboundRoute[] = [
    { stripDigits: 1, prepend: '', trunkId: 1 },
    { stripDigits: 0, prepend: '', trunkId: 2 },
  ];
  const trunks = [trunk(), trunk({ id: 2 }), trunk({ id: 3, name: 'pinned' })];
  const pinnedTo = (trunkId: number) => ({ ...caller, trunkId });

  test('EXT-11 route() when the extension pins a trunk → only that trunk, with the route’s rewrite', () => {
    const router = new OutboundRouter(directory(routes, trunks, pinnedTo(3)));
    const decision = router.route(request);
    expect(decision.kind).toBe('trunks');
    if (decision.kind !== 'trunks') return;
    expect(decision.targets.map((t) => [t.trunkName, t.number])).toEqual([['pinned', '5551234']]);
  });

  test('EXT-11 route() when no route matches → the pinned trunk with the number as dialled', () => {
    const router = new OutboundRouter(directory([], trunks, pinnedTo(3)));
    const decision = router.route(request);
    expect(decision.kind === 'trunks' && decision.targets.map((t) => t.number)).toEqual([
      '95551234',
    ]);
  });

  test('EXT-11 route() when the pinned trunk is disabled → unavailable, no other trunk (TRK-5)', () => {
    const disabled = [trunk(), trunk({ id: 2 }), trunk({ id: 3, status: 'disabled' })];
    const router = new OutboundRouter(directory(routes, disabled, pinnedTo(3)));
    expect(router.route(request)).toEqual({ kind: 'unavailable', reason: 'disabled' });
  });

  test('EXT-11 route() when the pinned trunk blacklists the caller → forbidden (OCR-1)', () => {
    const router = new OutboundRouter({
      ...directory(routes, trunks, pinnedTo(3)),
      callerIdRestrictions: {
        rulesFor: ({ trunkId }) =>
          trunkId === 3
            ? [{ restrictionType: 'blacklist', trunkId: 3, trunkGroupId: null, number: '1000' }]
            : [],
      },
    });
    expect(router.route(request)).toEqual({ kind: 'forbidden' });
  });

  test('EXT-11 route() when the extension may not call out → forbidden before the pin (EXT-5)', () => {
    const router = new OutboundRouter(
      directory(routes, trunks, { ...pinnedTo(3), allowOutbound: false }),
    );
    expect(router.route(request)).toEqual({ kind: 'forbidden' });
  });
});

describe('OutboundRouter.route() acceptance example (spec 02 §3.7)', () => {
  /**
   * OR-5's rules {`0` strip `0` → dial out; default → end}. Routes carry no
   * action here, so "default → end" is the absence of a default route: a
   * number no route matches is refused (404).
   */
  const zeroRoute = { numberPrefix: '0', stripDigits: 1, prepend: '', trunkId: 1 };
  const router = new OutboundRouter({
    ...directory([], [trunk()]),
    outboundRoutes: {
      findCandidates: (_, number) => (number.startsWith(zeroRoute.numberPrefix) ? [zeroRoute] : []),
    },
  });

  test('OR-5 route() when 013800000000 is dialled → goes out as 13800000000', () => {
    const decision = router.route({ ...request, dialled: '013800000000' });
    expect(decision.kind === 'trunks' && decision.targets.map((t) => t.number)).toEqual([
      '13800000000',
    ]);
  });

  test('OR-5 route() when 12345 is dialled → refused', () => {
    expect(router.route({ ...request, dialled: '12345' })).toEqual({ kind: 'not-found' });
  });
});

describe('OutboundRouter.route() with an account group trunk (AG-3)', () => {
  const routes: RoutableOutboundRoute[] = [{ stripDigits: 1, prepend: '', trunkId: 1 }];
  const trunks = [trunk(), trunk({ id: 3, name: 'pinned' }), trunk({ id: 4, name: 'group' })];
  const groups: Record<number, { trunkId: number | null }> = {
    2: { trunkId: 4 },
    5: { trunkId: null },
  };
  const routerFor = (ext: OutboundCaller) =>
    new OutboundRouter({
      ...directory(routes, trunks, ext),
      accountGroups: { findByAccount: (accountId) => groups[accountId] },
    });
  const trunkNames = (decision: ReturnType<OutboundRouter['route']>) =>
    decision.kind === 'trunks' ? decision.targets.map((t) => [t.trunkName, t.number]) : decision;

  test('ACC-6/AG-3 route() when the account is in a group with a trunk → the group’s trunk only', () => {
    expect(trunkNames(routerFor({ ...caller, accountId: 2 }).route(request))).toEqual([
      ['group', '5551234'],
    ]);
  });

  test('ACC-6 route() when the account is in no group → the routes’ trunks', () => {
    expect(trunkNames(routerFor({ ...caller, accountId: 9 }).route(request))).toEqual([
      ['carrier', '5551234'],
    ]);
  });

  test('AG-3 route() when the group names no trunk (a trunk group) → the routes’ trunks', () => {
    expect(trunkNames(routerFor({ ...caller, accountId: 5 }).route(request))).toEqual([
      ['carrier', '5551234'],
    ]);
  });

  test('EXT-11/AG-3 route() when both the extension and its group name a trunk → the extension’s', () => {
    expect(trunkNames(routerFor({ ...caller, accountId: 2, trunkId: 3 }).route(request))).toEqual([
      ['pinned', '5551234'],
    ]);
  });
});

describe('OutboundRouter.route() through an account group’s trunk group (TG-1…TG-3)', () => {
  const routes: RoutableOutboundRoute[] = [{ stripDigits: 1, prepend: '', trunkId: 1 }];
  const trunks = [
    trunk(),
    trunk({ id: 11, name: 'PSTN-A' }),
    trunk({ id: 12, name: 'PSTN-B' }),
    trunk({ id: 13, name: 'PSTN-C' }),
  ];
  type Entry = OutboundCallerRule & { teamId: number };
  function routerFor(over: { trunks?: RoutableTrunk[]; entries?: Entry[] } = {}) {
    return new OutboundRouter({
      ...directory(routes, over.trunks ?? trunks, { ...caller, accountId: 2 }),
      accountGroups: { findByAccount: () => ({ trunkId: null, trunkGroupId: 7 }) },
      trunkGroups: {
        find: (id) =>
          id === 7 ? { id: 7, strategy: 'sequential', trunkIds: [11, 12, 13] } : undefined,
      },
      callerIdRestrictions: {
        rulesFor: (use) =>
          (over.entries ?? []).filter(
            (e) =>
              e.teamId === use.teamId &&
              (e.trunkId === use.trunkId ||
                (e.trunkGroupId !== null && e.trunkGroupId === use.trunkGroupId)),
          ),
      },
    });
  }
  const names = (decision: ReturnType<OutboundRouter['route']>) =>
    decision.kind === 'trunks' ? decision.targets.map((t) => [t.trunkName, t.number]) : decision;

  test('TG-7 route() when the group is sequential [A, B, C] → its trunks in order with the route’s rewrite, for failover (TG-6)', () => {
    expect(names(routerFor().route(request))).toEqual([
      ['PSTN-A', '5551234'],
      ['PSTN-B', '5551234'],
      ['PSTN-C', '5551234'],
    ]);
  });

  test('TG-2 route() when a member trunk is disabled → it is skipped', () => {
    const withDisabled = trunks.map((t) => (t.id === 11 ? { ...t, status: 'disabled' } : t));
    expect(names(routerFor({ trunks: withDisabled }).route(request))).toEqual([
      ['PSTN-B', '5551234'],
      ['PSTN-C', '5551234'],
    ]);
  });

  test('TG-3 route() when one member’s list blacklists the caller → that member is skipped (OCR-2)', () => {
    const entries: Entry[] = [
      { teamId: 1, restrictionType: 'blacklist', trunkId: 12, trunkGroupId: null, number: '1000' },
    ];
    expect(names(routerFor({ entries }).route(request))).toEqual([
      ['PSTN-A', '5551234'],
      ['PSTN-C', '5551234'],
    ]);
  });

  test('TG-3 route() when the group’s own list blacklists the caller → forbidden', () => {
    const entries: Entry[] = [
      { teamId: 1, restrictionType: 'blacklist', trunkId: null, trunkGroupId: 7, number: '1000' },
    ];
    expect(routerFor({ entries }).route(request)).toEqual({ kind: 'forbidden' });
  });

  test('TG-3 route() when the group has a whitelist without the caller → forbidden', () => {
    const entries: Entry[] = [
      { teamId: 1, restrictionType: 'whitelist', trunkId: null, trunkGroupId: 7, number: '2000' },
    ];
    expect(routerFor({ entries }).route(request)).toEqual({ kind: 'forbidden' });
  });
});
