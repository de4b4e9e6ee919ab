import { describe, expect, test } from 'vitest';
import {
  OutboundRouter,
  type OutboundCaller,
  type OutboundDirectory,
  type RoutableOutboundRoute,
  type RoutableTrunk,
} from './outbound-router.ts';

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
