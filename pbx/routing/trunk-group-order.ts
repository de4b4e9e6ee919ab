/** The fields of a trunk group hunting reads. */
export interface HuntedTrunkGroup {
  readonly id: number;
  /** `sequential` (顺序优先), `random` (随机) or `roundRobin` (轮询). */
  readonly strategy: string;
  readonly trunkIds: readonly number[];
}

/**
 * TG-1: the order a trunk group's members are tried in. Sequential keeps
 * the member list; random shuffles it per call; round robin starts one
 * member further on each call. The spec rotates from the trunk that took
 * the previous call, which only signalling learns, so here the rotation
 * follows the previous call's first candidate.
 */
export class TrunkGroupOrder {
  readonly #nextStart = new Map<number, number>();

  constructor(private readonly random: () => number = Math.random) {}

  order(group: HuntedTrunkGroup): number[] {
    const ids = [...group.trunkIds];
    if (group.strategy === 'random') {
      // Fisher–Yates: every permutation equally likely.
      for (let i = ids.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      }
      return ids;
    }
    if (group.strategy !== 'roundRobin' || ids.length === 0) return ids;
    const start = (this.#nextStart.get(group.id) ?? 0) % ids.length;
    this.#nextStart.set(group.id, start + 1);
    return [...ids.slice(start), ...ids.slice(0, start)];
  }
}
