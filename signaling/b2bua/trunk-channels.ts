/**
 * Calls in progress per trunk, for its `maxChannels` limit: a call holds
 * one channel of the trunk it is trying or talking over, and gives it back
 * when it moves on to the next trunk or ends.
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

  release(trunkId: number): void {
    const n = this.count(trunkId) - 1;
    if (n <= 0) this.inUse.delete(trunkId);
    else this.inUse.set(trunkId, n);
  }
}
