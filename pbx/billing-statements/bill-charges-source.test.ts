import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import {
  openCdrStore,
  startedCdr,
  type CdrStore,
  type NewCdrRecord,
} from '../../core/cdr-store/index.ts';
import { hashPasswordSync, openStore, type ConfigStore } from '../../core/config-store/index.ts';
import { NO_CHARGES } from './bill-amounts.ts';
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

const call = (callId: string, startedAtMs: number, chargeE4: number): NewCdrRecord =>
  startedCdr({
    callId,
    callType: 'outbound',
    calledNumber: '5551234',
    startedAtMs,
    answeredAtMs: startedAtMs,
    endedAtMs: startedAtMs + 60_000,
    totalDurationSec: 60,
    billableDurationSec: 60,
    result: 'answered',
    extensionChargeE4: chargeE4,
    systemCostE4: 1,
  });

describe('CdrBillChargesSource', () => {
  test('answered calls of the range → counted by type, their rated amounts summed; unanswered, other teams and other ranges not (D108)', async () => {
    const at = Date.UTC(2026, 9, 10);
    // Seven calls in one millisecond (a page boundary fell among them before D108).
    for (let i = 0; i < 7; i++) cdrs.insert(call(`same-${i}`, at, 10));
    cdrs.insert(call('before', at - 1, 100));
    cdrs.insert(call('after', at + 1, 1_000));
    cdrs.insert({ ...call('in', at, 20_000), callType: 'inbound', extensionId: 5 });
    cdrs.insert({ ...call('internal', at, 0), callType: 'internal' });
    cdrs.insert({ ...call('unanswered', at, 50_000), answeredAtMs: null });
    cdrs.insert({ ...call('unrated', at, 0), extensionChargeE4: null, systemCostE4: null });
    cdrs.insert({ ...call('other team', at, 50_000), teamId: 2 });
    cdrs.insert(call('out of range', at + 1_000, 50_000));
    const source = new CdrBillChargesSource(cdrs, store);
    expect(await source.charges({ level: 'team', teamId: 1 }, at - 1_000, at + 1_000)).toEqual({
      monthlyFeeE4: 0,
      dialOutE4: 1_170,
      dialInE4: 20_000,
      otherE4: 0,
      costE4: 11,
      dialOutCalls: 10,
      dialInCalls: 1,
    });
  });

  test('a user account → only the calls of its extensions, its cost to the team; an account with no extension → none', async () => {
    const team = store.teams.create({ uid: 'acme', name: 'Acme' });
    const account = (username: string) =>
      store.accounts.create({
        teamId: team.id,
        username,
        accountType: 'user',
        passwordHash: hashPasswordSync('correct horse battery staple'),
      });
    const user = account('user');
    const idle = account('idle');
    const mine = store.extensions.create({
      teamId: team.id,
      accountId: user.id,
      internalNumber: '1',
    });
    const at = Date.UTC(2026, 9, 10);
    const of = (callId: string, extensionId: number | null) => ({
      ...call(callId, at, 100),
      teamId: team.id,
      extensionId,
      teamCostE4: 7,
    });
    cdrs.insert(of('mine-1', mine.id));
    cdrs.insert({ ...of('mine-2', mine.id), callType: 'inbound' });
    cdrs.insert(of('others', mine.id + 1));
    cdrs.insert(of('no extension', null));
    const source = new CdrBillChargesSource(cdrs, store);
    const range = [at - 1, at + 1] as const;
    expect(
      await source.charges({ level: 'user', teamId: team.id, accountId: user.id }, ...range),
    ).toMatchObject({
      dialOutCalls: 1,
      dialInCalls: 1,
      dialOutE4: 100,
      dialInE4: 100,
      costE4: 14,
    });
    expect(
      await source.charges({ level: 'user', teamId: team.id, accountId: idle.id }, ...range),
    ).toEqual(NO_CHARGES);
    expect(await source.charges({ level: 'team', teamId: team.id }, ...range)).toMatchObject({
      dialOutCalls: 3,
      costE4: 4,
    });
  });
});
