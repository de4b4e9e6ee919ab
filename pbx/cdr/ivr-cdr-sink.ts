import type { Logger } from '../../core/index.ts';
import type { IvrLogSink, IvrSessionRecord } from '../ivr/index.ts';

/** Where CDR-6 fields go: the CDR store (core/cdr-store's addIvr). */
export interface CdrIvrStorage {
  addIvr(callId: string, input: string, durationMs: number): boolean;
}

/**
 * CDR-6: each IVR session also lands in its call's CDR, as the keys the
 * caller completed (comma-separated, in order; '' when none) and the time
 * spent in the IVR. A call through two IVRs gets both, in order, and the
 * sum of their durations. The session record goes on to `next` (the IVR
 * session log) first; a failing CDR write is logged, never thrown, as
 * IvrLogSink requires.
 */
export function ivrCdrSink(storage: CdrIvrStorage, next: IvrLogSink, logger: Logger): IvrLogSink {
  return {
    write(record: IvrSessionRecord): void {
      next.write(record);
      const input = record.inputs.filter((keys) => keys !== '').join(',');
      try {
        storage.addIvr(record.callId, input, record.durationMs);
      } catch (error) {
        logger.error({ err: error, callId: record.callId }, 'writing IVR fields to the CDR failed');
      }
    },
  };
}
