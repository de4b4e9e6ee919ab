import type { CdrRow, CdrStorage } from '../cdr/index.ts';
import type { CallCharger } from './call-charger.ts';

/**
 * Charges each call as its CDR is completed (D56). An answered call that
 * moves no money (no rate priced it, no agent earned) gets its zero
 * amounts in the same write as its end (D67). Any other answered call's
 * row is completed as `pending` in the same write as its end, so a crash
 * right after it leaves a row the next start settles
 * (CallCharger.settlePending); the charge follows at once. Recorded calls complete their row when the
 * file is closed (CDR-3), and are charged then.
 */
export class ChargingCdrStorage implements CdrStorage {
  constructor(
    private readonly inner: CdrStorage,
    private readonly charger: Pick<CallCharger, 'settle' | 'freeChargeAtEnd'>,
  ) {}

  insert(row: CdrRow): void {
    this.inner.insert(row);
  }

  markAnswered(callId: string, answeredAtMs: number, trunkId?: number): void {
    this.inner.markAnswered(callId, answeredAtMs, trunkId);
  }

  complete(callId: string, patch: Partial<CdrRow>): void {
    if (patch.result !== 'answered') return this.inner.complete(callId, patch);
    const free = this.charger.freeChargeAtEnd(callId, patch);
    if (free !== undefined) return this.inner.complete(callId, { ...patch, ...free });
    this.inner.complete(callId, { ...patch, chargeState: 'pending' });
    this.charger.settle(callId);
  }

  closeIncomplete(nowMs: number): number {
    return this.inner.closeIncomplete(nowMs);
  }
}
