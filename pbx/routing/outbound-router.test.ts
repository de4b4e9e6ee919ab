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
  test('route() when a route matches → its trunk with strip/prepend applied, timeout in ms', () => {
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

  test('route() when routes match in order → trunks in that order, disabled trunks skipped', () => {
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

  test('route() when the extension may not call out → forbidden', () => {
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

  test('OCR-1: route() when the caller is blacklisted on a trunk → that trunk is not used', () => {
    const { router, asked } = restricted([entry({})]);
    expect(trunkIds(router.route(request))).toEqual([2]);
    expect(asked).toEqual([
      { teamId: 1, trunkId: 1 },
      { teamId: 1, trunkId: 2 },
    ]);
  });

  test('OCR-1: route() when a trunk has a whitelist without the caller → that trunk is not used', () => {
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
