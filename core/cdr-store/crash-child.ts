/**
 * Test helper run as a child process: starts 100 calls in the CDR store,
 * completes the first 50, then kills itself with SIGKILL mid-flight.
 */
import { openCdrStore } from './open-cdr-store.ts';
import { startedCdr } from './test-cdr.ts';

const store = openCdrStore(process.argv[2]!);
for (let i = 0; i < 100; i++) {
  store.insert(startedCdr({ callId: `call-${i}`, startedAtMs: 1_000 + i }));
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
