import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { openCdrStore, type CdrStore, type NewCdrRecord } from '../../core/cdr-store/index.ts';
import { openStore, type ConfigStore } from '../../core/config-store/index.ts';
import { CdrBillChargesSource } from './bill-charges-source.ts';

let dataDir: string;
let store: ConfigStore;
let cdrs: CdrStore;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bill-charges-'));
  store = openStore({ dataDir, clock: new FakeClock(Date.UTC(2026, 10, 26)) });
  cdrs = openCdrStore(dataDir);
});
afterEach(() => {
  cdrs.close();
  store.close();
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
});

const call = (callId: string, startedAtMs: number, chargeE4: number): NewCdrRecord => ({
  callId,
  teamId: 1,
  callType: 'outbound',
  callerNumber: '1000',
  callerName: null,
  calledNumber: '5551234',
  did: null,
  extensionId: null,
  trunkId: null,
  startedAtMs,
  answeredAtMs: startedAtMs,
  endedAtMs: startedAtMs + 60_000,
  totalDurationSec: 60,
  billableDurationSec: 60,
  result: 'answered',
  hangupCause: null,
  hangupSide: null,
  sipStatus: null,
  codec: null,
  mos: null,
  recordingPath: null,
  extensionChargeE4: chargeE4,
  systemCostE4: 1,
});

describe('CdrBillChargesSource', () => {
  test('calls sharing a start millisecond across pages → each counted once (D108)', () => {
    const at = Date.UTC(2026, 9, 10);
    // Seven calls in one millisecond, more than a page of three, between two others.
    for (let i = 0; i < 7; i++) cdrs.insert(call(`same-${i}`, at, 10));
    cdrs.insert(call('before', at - 1, 100));
    cdrs.insert(call('after', at + 1, 1_000));
    const source = new CdrBillChargesSource(cdrs, store, 3);
    const charges = source.charges({ level: 'team', teamId: 1 }, at - 1_000, at + 1_000);
    expect(charges).toMatchObject({ dialOutCalls: 9, dialOutE4: 1_170, costE4: 9 });
  });
});
