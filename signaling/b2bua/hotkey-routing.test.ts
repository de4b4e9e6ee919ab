import { describe, expect, test } from 'vitest';
import type { CallRouter, RouteDecision, RouteRequest, TrunkTarget } from '../../core/index.ts';
import { FakeOriginator } from '../../test/fakes/fake-call-leg.ts';
import type { ContactTarget } from '../registrar/index.ts';
import type { CallParties } from './b2bua-call.ts';
import {
  originateHotkey,
  partyOf,
  routeHotkey,
  TRUNK_TARGET_RING_TIMEOUT_MS,
} from './hotkey-routing.ts';

const PARTIES: CallParties = {
  teamId: 7,
  direction: 'internal',
  domain: 'demo.local',
  callerNumber: '1000',
  calleeNumber: '1001',
  callerExtensionId: 10,
  calleeExtensionId: 11,
};

const TRUNK: TrunkTarget = {
  trunkId: 1,
  trunkName: 'carrier',
  host: '192.0.2.1',
  port: 5060,
  transport: 'udp',
  number: '0044123',
  callerId: { number: '5550000', name: undefined },
  maxChannels: undefined,
  responseTimeoutMs: 5000,
  credentials: undefined,
};

function deps(decision: RouteDecision, registered = true) {
  const requests: RouteRequest[] = [];
  const router: CallRouter = {
    route: (r) => {
      requests.push(r);
      return decision;
    },
    trunkPeers: () => [],
    routeInbound: () => ({ kind: 'not-found' }),
  };
  const contact = {} as ContactTarget;
  const registrar = { lookup: () => (registered ? [contact] : []) };
  return { router, registrar, originator: new FakeOriginator(), requests };
}

const TARGET = { teamId: 7, extensionId: 12, number: '1002', ringTimeoutMs: 25_000 };
const EXTENSION: RouteDecision = { kind: 'extensions', targets: [TARGET] };

describe('routeHotkey()', () => {
  test('routeHotkey() when the callee keys an extension → routed as the callee dialling it', () => {
    const d = deps(EXTENSION);
    const route = routeHotkey(d, PARTIES, 'b', '1002');
    expect(d.requests).toEqual([
      { teamId: 7, callerExtensionId: 11, callerNumber: '1001', dialled: '1002' },
    ]);
    expect(route).toEqual({
      kind: 'originate',
      target: { kind: 'extension', extension: TARGET },
      ringTimeoutMs: 25_000,
    });
  });

  test('routeHotkey() when the extension has no registered phone → unroutable', () => {
    expect(routeHotkey(deps(EXTENSION, false), PARTIES, 'a', '1002')).toMatchObject({
      kind: 'unroutable',
    });
  });

  test('routeHotkey() when outbound routes match → the trunks, with the trunk ring timeout', () => {
    const route = routeHotkey(deps({ kind: 'trunks', targets: [TRUNK] }), PARTIES, 'a', '0044123');
    expect(route).toEqual({
      kind: 'originate',
      target: { kind: 'trunks', trunks: [TRUNK] },
      ringTimeoutMs: TRUNK_TARGET_RING_TIMEOUT_MS,
    });
  });

  test('routeHotkey() when an application owns the number → application', () => {
    const destination = { type: 'queue' as const, targetId: 3 };
    expect(routeHotkey(deps({ kind: 'application', destination }), PARTIES, 'a', '8000')).toEqual({
      kind: 'application',
      destination,
    });
  });

  test.each<[string, RouteDecision]>([
    ['not-found', { kind: 'not-found' }],
    ['forbidden', { kind: 'forbidden' }],
    ['unavailable', { kind: 'unavailable', reason: 'dnd' }],
  ])('routeHotkey() when the decision is %s → unroutable', (_name, decision) => {
    expect(routeHotkey(deps(decision), PARTIES, 'a', '9')).toMatchObject({ kind: 'unroutable' });
  });

  test('routeHotkey() when the side is a trunk party (no extension) → unroutable, router not asked', () => {
    const d = deps(EXTENSION);
    const inbound = { ...PARTIES, direction: 'inbound' as const, callerExtensionId: undefined };
    expect(routeHotkey(d, inbound, 'a', '1002')).toMatchObject({ kind: 'unroutable' });
    expect(d.requests).toEqual([]);
  });
});

describe('originateHotkey()', () => {
  test('originateHotkey() → a leg for the call, presenting the given party', () => {
    const d = deps(EXTENSION);
    const route = routeHotkey(d, PARTIES, 'b', '1002');
    if (route.kind !== 'originate') throw new Error('expected originate');
    const leg = originateHotkey(d, PARTIES, 'call-9', route, partyOf(PARTIES, 'a', 'Alice'));
    expect(leg).toBeDefined();
    expect(d.originator.placed[0]!.request).toMatchObject({
      teamId: 7,
      parentCallId: 'call-9',
      ringTimeoutMs: 25_000,
      caller: { uri: 'sip:1000@demo.local', number: '1000', displayName: 'Alice' },
    });
  });

  test('originateHotkey() when the originator refuses → undefined', () => {
    const d = deps(EXTENSION);
    d.originator.refuse = true;
    const route = routeHotkey(d, PARTIES, 'b', '1002');
    if (route.kind !== 'originate') throw new Error('expected originate');
    expect(originateHotkey(d, PARTIES, 'c', route, partyOf(PARTIES, 'a'))).toBeUndefined();
  });
});
