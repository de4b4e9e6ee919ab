import { describe, expect, test } from 'vitest';
import {
  InternalNumberRouter,
  type InternalNumberDirectory,
  type RoutableExtension,
} from './internal-number-router.ts';
import { DEFAULT_TEAM_CODES } from './feature-codes.fixture.ts';

const ext = (over: Partial<RoutableExtension> = {}): RoutableExtension => ({
  id: 7,
  teamId: 1,
  internalNumber: '1001',
  status: 'enabled',
  dnd: false,
  ringTimeoutSec: 30,
  ...over,
});

function directory(
  numbers: Record<string, { kind: string; ownerId: number | null }>,
  extension: RoutableExtension | undefined,
): InternalNumberDirectory {
  return {
    internalNumbers: { lookup: (teamId, n) => (teamId === 1 ? numbers[n] : undefined) },
    extensions: { find: (id) => (extension?.id === id ? extension : undefined) },
    featureCodes: { effective: () => DEFAULT_TEAM_CODES },
  };
}

const request = { teamId: 1, callerExtensionId: 6, callerNumber: '1000', dialled: '1001' };

describe('InternalNumberRouter.route()', () => {
  test('route() when the number is an enabled extension → that extension, ring timeout in ms (IN-2, EXT-3, EXT-7)', () => {
    const router = new InternalNumberRouter(
      directory({ '1001': { kind: 'extension', ownerId: 7 } }, ext()),
    );
    expect(router.route(request)).toEqual({
      kind: 'extensions',
      targets: [{ teamId: 1, extensionId: 7, number: '1001', ringTimeoutMs: 30_000 }],
    });
  });

  test('route() when the number is not in the team → not-found', () => {
    const router = new InternalNumberRouter(directory({}, ext()));
    expect(router.route(request)).toEqual({ kind: 'not-found' });
    expect(router.route({ ...request, teamId: 2 })).toEqual({ kind: 'not-found' });
  });

  test.each([
    ['disabled', ext({ status: 'disabled' }), 'disabled'],
    ['on DND', ext({ dnd: true }), 'dnd'],
  ])('route() when the extension is %s → unavailable (%s) (EXT-1, EXT-8)', (_, e, reason) => {
    const router = new InternalNumberRouter(
      directory({ '1001': { kind: 'extension', ownerId: 7 } }, e),
    );
    expect(router.route(request)).toEqual({ kind: 'unavailable', reason });
  });

  test.each([
    ['queue', 'queue'],
    ['ringGroup', 'ringGroup'],
    ['ivr', 'ivr'],
    ['conferenceRoom', 'conference'],
    ['application', 'application'],
  ])('Q-1/IVR-1/CF-1/IN-2/RG-1 route() when the number is a %s → application %s', (kind, type) => {
    const router = new InternalNumberRouter(directory({ '1001': { kind, ownerId: 3 } }, ext()));
    expect(router.route(request)).toEqual({
      kind: 'application',
      destination: { type, targetId: 3 },
    });
  });

  test('R15.9-1 route() when *67 is dialled and the team has no such number → the dnd-on feature', () => {
    const router = new InternalNumberRouter(directory({}, ext()));
    expect(router.route({ ...request, dialled: '*67' })).toEqual({
      kind: 'application',
      destination: { type: 'application', targetValue: 'feature:dnd-on' },
    });
    expect(router.route({ ...request, dialled: '*12' })).toEqual({ kind: 'not-found' });
  });

  test('route() when the number is a hot key → unavailable (not routable)', () => {
    const router = new InternalNumberRouter(
      directory({ '1001': { kind: 'hotKey', ownerId: 3 } }, ext()),
    );
    expect(router.route(request)).toEqual({ kind: 'unavailable', reason: 'not-routable' });
  });

  test('route() when the owner belongs to another team → not-found', () => {
    const router = new InternalNumberRouter(
      directory({ '1001': { kind: 'extension', ownerId: 7 } }, ext({ teamId: 2 })),
    );
    expect(router.route(request)).toEqual({ kind: 'not-found' });
  });
});

describe('InternalNumberRouter.pickupOf() (BLF pickup, D89)', () => {
  test('pickupOf() → the directed pickup of the number, as *61<number> would run it', () => {
    const router = new InternalNumberRouter(directory({}, ext()));
    expect(router.pickupOf(1, '1001')).toEqual({
      type: 'application',
      targetValue: 'feature:pickup:1001',
    });
  });

  test('R15.9-1 pickupOf() when the team disabled its pickup code → undefined', () => {
    const codes = DEFAULT_TEAM_CODES.map((c) =>
      c.name === 'pickup' ? { ...c, enabled: false } : c,
    );
    const router = new InternalNumberRouter({
      ...directory({}, ext()),
      featureCodes: { effective: () => codes },
    });
    expect(router.pickupOf(1, '1001')).toBeUndefined();
  });
});

describe('InternalNumberRouter.route() external extensions (EXT-15, D40)', () => {
  const external = (over: Partial<RoutableExtension> = {}) =>
    ext({ deviceType: 'external', externalNumber: '5551234', ...over });
  const numbers = { '1001': { kind: 'extension', ownerId: 7 } };

  test('EXT-15 route() when the number is an external extension → its external number over the outbound path, as that extension', () => {
    const router = new InternalNumberRouter(directory(numbers, external()));
    expect(router.route(request)).toEqual({
      kind: 'application',
      destination: { type: 'outboundRoute', targetId: 7, targetValue: '5551234' },
    });
  });

  test.each([
    ['disabled', external({ status: 'disabled' }), 'disabled'],
    ['on DND', external({ dnd: true }), 'dnd'],
    ['without a number', external({ externalNumber: null }), 'not-routable'],
    ['pointing at an internal number', external({ externalNumber: '1001' }), 'not-routable'],
  ])('EXT-15 route() when the external extension is %s → unavailable (%s)', (_, e, reason) => {
    const router = new InternalNumberRouter(directory(numbers, e));
    expect(router.route(request)).toEqual({ kind: 'unavailable', reason });
  });
});
