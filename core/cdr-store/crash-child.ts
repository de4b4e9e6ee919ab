/**
 * Test helper run as a child process: starts 100 calls in the CDR store,
 * completes the first 50, then kills itself with SIGKILL mid-flight.
 */
import { openCdrStore } from './open-cdr-store.ts';

const store = openCdrStore(process.argv[2]!);
for (let i = 0; i < 100; i++) {
  store.insert({
    callId: `call-${i}`,
    teamId: 1,
    callType: 'internal',
    callerNumber: '1000',
    callerName: null,
    calledNumber: '1001',
    did: null,
    extensionId: null,
    trunkId: null,
    startedAtMs: 1_000 + i,
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
  });
}
for (let i = 0; i < 50; i++) {
  store.complete(`call-${i}`, {
    endedAtMs: 90_000,
    result: 'answered',
    totalDurationSec: 89,
    hangupCause: 16,
    hangupSide: 'caller',
  });
}
process.kill(process.pid, 'SIGKILL');
