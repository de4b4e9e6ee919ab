/**
 * Calls in progress per trunk, for its `maxChannels` limit: an outbound
 * call holds one channel of the trunk it is trying or talking over, and
 * gives it back when it moves on to the next trunk or ends; an inbound
 * call holds one of the trunk it came from until it ends (TRK-5, D83).
 */
export class TrunkChannels {
  private readonly inUse = new Map<number, number>();

  /** Channels of `trunkId` held now. */
  count(trunkId: number): number {
    return this.inUse.get(trunkId) ?? 0;
  }

  /** Takes a channel unless `maxChannels` are held already; true if taken. */
  tryAcquire(trunkId: number, maxChannels: number | undefined): boolean {
    const n = this.count(trunkId);
    if (maxChannels !== undefined && n >= maxChannels) return false;
    this.inUse.set(trunkId, n + 1);
    return true;
  }

  /**
   * Takes a channel whatever the limit: an inbound call the switch has
   * admitted (D83) holds one for its life, so outbound calls see it.
   */
  hold(trunkId: number): void {
    this.inUse.set(trunkId, this.count(trunkId) + 1);
  }

  release(trunkId: number): void {
    const n = this.count(trunkId) - 1;
    if (n <= 0) this.inUse.delete(trunkId);
    else this.inUse.set(trunkId, n);
  }
}
