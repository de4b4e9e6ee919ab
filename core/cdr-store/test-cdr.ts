import type { NewCdrRecord } from './open-cdr-store.ts';

/**
 * A call record as the start of a call writes it, for the CDR store's
 * tests: an internal call from 1000 to 1001 in team 1 that has not ended,
 * with nothing else set. Each test lays on the fields it is about.
 */
export function startedCdr(fields: Partial<NewCdrRecord> = {}): NewCdrRecord {
  return {
    callId: 'c1',
    teamId: 1,
    callType: 'internal',
    callerNumber: '1000',
    callerName: null,
    calledNumber: '1001',
    did: null,
    extensionId: null,
    trunkId: null,
    startedAtMs: 1_000,
    answeredAtMs: null,
    endedAtMs: null,
    totalDurationSec: 0,
    billableDurationSec: 0,
    result: 'incomplete',
    hangupCause: null,
    hangupSide: null,
    sipStatus: null,
    codec: null,
    mos: null,
    recordingPath: null,
    ...fields,
  };
}
