import { describe, expect, test } from 'vitest';
import { TrunkGroupOrder } from './trunk-group-order.ts';

const group = (strategy: string) => ({ id: 1, strategy, trunkIds: [11, 12, 13] });

describe('TrunkGroupOrder.order()', () => {
  test('order() when sequential → the member list, every call (TG-1)', () => {
    const order = new TrunkGroupOrder();
    expect(order.order(group('sequential'))).toEqual([11, 12, 13]);
    expect(order.order(group('sequential'))).toEqual([11, 12, 13]);
  });

  test('order() when round robin → each call starts one member further, wrapping (TG-1)', () => {
    const order = new TrunkGroupOrder();
    const starts = [0, 1, 2, 3].map(() => order.order(group('roundRobin')));
    expect(starts).toEqual([
      [11, 12, 13],
      [12, 13, 11],
      [13, 11, 12],
      [11, 12, 13],
    ]);
    expect(order.order({ ...group('roundRobin'), id: 2 })).toEqual([11, 12, 13]);
  });

  test('order() when random → a permutation of the members drawn from the random source (TG-1)', () => {
    const draws = [0.99, 0];
    const order = new TrunkGroupOrder(() => draws.shift() ?? 0);
    const ids = order.order(group('random'));
    expect([...ids].sort()).toEqual([11, 12, 13]);
    expect(ids).toEqual([12, 11, 13]);
  });

  test('order() when the group has no members → empty', () => {
    expect(new TrunkGroupOrder().order({ id: 3, strategy: 'roundRobin', trunkIds: [] })).toEqual(
      [],
    );
  });
});
