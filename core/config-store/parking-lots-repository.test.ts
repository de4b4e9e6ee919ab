import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTempStore, seedTeam } from './test-store.ts';
import type { TempStore } from './test-store.ts';

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

describe('ParkingLotsRepository', () => {
  test('lookupNumber() → the lot for its number, a slot for 701…720, nothing past them or in another team', () => {
    const { team } = seedTeam(temp.store, 'alpha');
    const { team: other } = seedTeam(temp.store, 'beta');
    const lot = temp.store.parkingLots.create({ teamId: team.id });
    const lots = temp.store.parkingLots;
    expect(lots.lookupNumber(team.id, '700')).toEqual({ kind: 'lot', lotId: lot.id });
    expect(lots.lookupNumber(team.id, '701')).toEqual({ kind: 'slot', lotId: lot.id, slot: '701' });
    expect(lots.lookupNumber(team.id, '720')).toMatchObject({ kind: 'slot', slot: '720' });
    expect(lots.lookupNumber(team.id, '721')).toBeUndefined();
    expect(lots.lookupNumber(team.id, '*701')).toBeUndefined();
    expect(lots.lookupNumber(other.id, '700')).toBeUndefined();
  });

  test('update() moving the slots onto a taken internal number → 409 on firstSlot, the lot unchanged', () => {
    const { team } = seedTeam(temp.store, 'alpha');
    temp.store.internalNumbers.reserve({
      teamId: team.id,
      number: '805',
      kind: 'featureCode',
      ownerId: null,
    });
    const lot = temp.store.parkingLots.create({ teamId: team.id });
    expect(() => temp.store.parkingLots.update(lot.id, { firstSlot: 801 })).toThrow(
      expect.objectContaining({ code: 'ERR_INTERNAL_NUMBER_TAKEN', field: 'firstSlot' }),
    );
    expect(temp.store.parkingLots.find(lot.id)?.firstSlot).toBe(701);
  });
});
