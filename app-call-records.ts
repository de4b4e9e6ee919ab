/*
 * Call records, opened at start before the media and SIP planes (app.ts
 * calls it): the CDR store, billing of each answered call, the CDR
 * recorder with its crash recovery, monthly bills, recording retention,
 * and the recorder of recorded calls.
 */
import { resolve } from 'node:path';
import type { Clock, Lifecycle, Logger, MediaControl } from './core/index.ts';
import { openCdrStore, type CdrStore } from './core/cdr-store/index.ts';
import { recordingDirectory, type ConfigStore } from './core/config-store/index.ts';
import type { ProcessConfig } from './core/process-config/index.ts';
import { CdrRecorder } from './pbx/cdr/index.ts';
import {
  RecordingCallRecorder,
  RecordingPolicy,
  RetentionSweeper,
  prepareUnder,
} from './pbx/recording/index.ts';
import { buildBilling, type BillingDeps } from './app-billing.ts';
import { buildBills, type BillsModule } from './app-bills.ts';

/** What startCallRecords() opened, for the planes built after it. */
export interface CallRecords {
  readonly cdrStore: CdrStore;
  readonly billing: ReturnType<typeof buildBilling>;
  readonly cdrRecorder: CdrRecorder;
  readonly bills: BillsModule;
  readonly recordingsDir: string;
  readonly recordingLogger: Logger;
}

/**
 * Opens the CDR store and starts billing, bills and the retention sweeper,
 * each adopted by `lifecycle` in that order, so that bills and the sweeper
 * stop before cdr.db closes.
 */
export function startCallRecords(w: {
  config: ProcessConfig;
  dataDir: string;
  store: ConfigStore;
  clock: Clock;
  logger: Logger;
  lifecycle: Lifecycle;
  presence: BillingDeps['presence'];
}): CallRecords {
  const { config, dataDir, clock, logger, lifecycle } = w;
  const cdrStore: CdrStore = openCdrStore(dataDir, {
    onCheckpointError: (error) => logger.warn({ err: error }, 'CDR checkpoint failed'),
  });
  lifecycle.adopt({ stop: async () => cdrStore.close() });
  // D56: answered calls are charged as their CDR completes.
  const billing = buildBilling({
    store: w.store,
    cdrs: cdrStore,
    presence: w.presence,
    logger: logger.child({ component: 'billing' }),
  });
  const cdrRecorder = new CdrRecorder(billing.storage, logger.child({ component: 'cdr' }));
  // CDR-1: calls a crash cut short are closed as incomplete, never lost.
  cdrRecorder.recoverAfterCrash(clock.now());
  // Spec 03 §7.4–7.6, AC-9: monthly bills; stopped before cdr.db closes.
  const bills = buildBills({ config, store: w.store, cdrs: cdrStore, clock, logger });
  lifecycle.adopt({ stop: () => bills.stop() });
  bills.start();
  const recordingsDir = resolve(dataDir, 'recordings');
  const recordingLogger = logger.child({ component: 'recording' });
  // Spec 04 §15.13: retention plans run daily; stopped before cdr.db closes.
  const sweeper = new RetentionSweeper({
    clock,
    logger: recordingLogger,
    recordingsDir,
    plans: w.store.recordingRetentionPlans,
    references: cdrStore,
  });
  lifecycle.adopt({ stop: () => sweeper.stop() });
  sweeper.start();
  return { cdrStore, billing, cdrRecorder, bills, recordingsDir, recordingLogger };
}

/**
 * The recorder of calls that the recording policy asks for, in front of
 * the CDR recorder: a recorded call completes its CDR once its file is
 * closed (CDR-3).
 */
export function recordingCallRecorder(
  records: CallRecords,
  media: MediaControl,
  store: ConfigStore,
): RecordingCallRecorder {
  return new RecordingCallRecorder({
    inner: records.cdrRecorder,
    media,
    policy: new RecordingPolicy(recordingDirectory(store)),
    logger: records.recordingLogger,
    prepare: prepareUnder(records.recordingsDir),
    trunkGains: (trunkId) => store.trunks.find(trunkId),
  });
}
