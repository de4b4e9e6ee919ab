import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildBills } from './app-bills.ts';
import { FakeClock, createLogger, silentLogger } from './core/index.ts';
import { openCdrStore, startedCdr, type CdrStore } from './core/cdr-store/index.ts';
import { hashPasswordSync, openStore, type ConfigStore } from './core/config-store/index.ts';
import { resolveConfig } from './core/process-config/index.ts';

let dataDir: string;
let store: ConfigStore;
let cdrs: CdrStore;
let clock: FakeClock;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bills-'));
  clock = new FakeClock(Date.UTC(2026, 10, 26, 12));
  store = openStore({ dataDir, clock });
  cdrs = openCdrStore(dataDir);
});
afterEach(() => {
  cdrs.close();
  store.close();
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
});

const config = (env: Record<string, unknown>) => resolveConfig({ flags: {}, env, file: {} });

describe('buildBills()', () => {
  test('buildBills() with billDay and CDRs → the scheduler bills the last period, counting answered calls and summing their charges (D56)', async () => {
    const team = store.teams.create({ uid: 'acme', name: 'Acme' });
    // Each call below sets its own id, type, start and answer.
    const base = startedCdr({
      teamId: team.id,
      calledNumber: '5551234',
      totalDurationSec: 60,
      billableDurationSec: 50,
      result: 'answered',
    });
    const oct = Date.UTC(2026, 9, 10);
    cdrs.insert({
      ...base,
      callId: 'a',
      callType: 'outbound',
      startedAtMs: oct,
      answeredAtMs: oct,
      extensionChargeE4: 60_000,
      teamCostE4: 40_000,
      systemCostE4: 25_000,
    });
    cdrs.insert({
      ...base,
      callId: 'b',
      callType: 'inbound',
      startedAtMs: oct + 1,
      answeredAtMs: oct + 2,
    });
    cdrs.insert({
      ...base,
      callId: 'c',
      callType: 'outbound',
      startedAtMs: oct + 3,
      answeredAtMs: null,
    });
    const bills = buildBills({
      config: config({ billDay: 1 }),
      store,
      cdrs,
      clock,
      logger: silentLogger(),
    });
    bills.start();
    await bills.stop();
    const teamBill = store.bills.list({ level: 'team', limit: 5 })[0];
    expect(teamBill).toMatchObject({
      periodStart: '2026-10-01',
      dialOutCalls: 1,
      dialInCalls: 1,
      dialOutE4: 60_000,
      dialInE4: 0,
      newChargesE4: 60_000,
    });
    // The team's line on the system bill: what it was charged, what it cost the system.
    const systemBill = store.bills.list({ level: 'system', limit: 5 })[0];
    expect(systemBill?.linesJson).toBe('[{"name":"Acme","creditE4":60000,"costE4":25000}]');
    expect(bills.control.isMailConfigured()).toBe(false);
    expect(bills.control.html(teamBill!)).toContain('团队账单 Team Bill');
  });

  test('buildBills() with billDay 0 → no scheduled bills; periodOf() uses day 1', async () => {
    store.accounts.create({
      teamId: store.teams.create({ uid: 'b', name: 'B' }).id,
      username: 'u',
      accountType: 'user',
      passwordHash: hashPasswordSync('correct horse battery staple'),
    });
    const lines: string[] = [];
    const logger = createLogger('info', { write: (l: string) => void lines.push(l) });
    const bills = buildBills({
      config: config({ billDay: 0, smtpUrl: 'smtp://bills:hunter2-pw@127.0.0.253:2525' }),
      store,
      cdrs,
      clock,
      logger,
    });
    bills.start();
    await bills.stop();
    expect(store.bills.list({ limit: 5 })).toEqual([]);
    expect(bills.control.periodOf('2026-02')).toEqual({ start: '2026-02-01', end: '2026-03-01' });
    expect(bills.control.isMailConfigured()).toBe(true);
    expect(lines.join('')).not.toContain('hunter2-pw');
  });
});
