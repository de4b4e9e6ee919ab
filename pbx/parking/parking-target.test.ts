import { describe, expect, test } from 'vitest';
import { InternalNumberRouter } from '../routing/internal-number-router.ts';
import { parkingDestination, parkingTargetOf } from './parking-target.ts';

const lookupNumber = (teamId: number, number: string) => {
  if (teamId !== 1) return undefined;
  if (number === '700') return { kind: 'lot' as const, lotId: 3 };
  if (number === '701') return { kind: 'slot' as const, lotId: 3, slot: '701' };
  return undefined;
};

const router = new InternalNumberRouter({
  internalNumbers: {
    lookup: (_teamId, n) => (n === '701' ? { kind: 'extension', ownerId: 9 } : undefined),
  },
  extensions: { find: () => undefined },
  featureCodes: { effective: () => [] },
  parkingLots: { lookupNumber },
});

const request = { teamId: 1, callerExtensionId: 6, callerNumber: '1000', dialled: '700' };

describe('parking numbers', () => {
  test('InternalNumberRouter.route() when the number is a lot → application park:<lot id>', () => {
    expect(router.route(request)).toEqual({
      kind: 'application',
      destination: { type: 'application', targetValue: 'park:3' },
    });
  });

  test('InternalNumberRouter.route() when a namespace entry has the number → the entry wins', () => {
    expect(router.route({ ...request, dialled: '701' })).toEqual({ kind: 'not-found' });
  });

  test('InternalNumberRouter.route() when the lot is of another team → not found', () => {
    expect(router.route({ ...request, teamId: 2 })).toEqual({ kind: 'not-found' });
  });

  test('parkingDestination() then parkingTargetOf() → the same lot and slot', () => {
    const slot = parkingDestination({ kind: 'slot', lotId: 3, slot: '701' });
    expect(slot).toEqual({ type: 'application', targetValue: 'unpark:3:701' });
    expect(parkingTargetOf(slot.targetValue)).toEqual({ kind: 'unpark', lotId: 3, slot: '701' });
    expect(parkingTargetOf('park:12')).toEqual({ kind: 'park', lotId: 12 });
  });

  test.each(['park:', 'park:0', 'park:x', 'unpark:3', 'unpark:3:', 'feature:dnd-on', undefined])(
    'parkingTargetOf(%s) → undefined',
    (value) => expect(parkingTargetOf(value)).toBeUndefined(),
  );
});
