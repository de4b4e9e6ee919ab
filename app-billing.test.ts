import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FakeClock, silentLogger } from './core/index.ts';
import { openCdrStore, type CdrStore } from './core/cdr-store/index.ts';
import { openStore, type ConfigStore } from './core/config-store/index.ts';
import { hashPasswordSync } from './core/config-store/password-hash.ts';
import type { AgentSession } from './core/ports/index.ts';
import { CdrRecorder } from './pbx/cdr/index.ts';
import { buildBilling, extensionRateFinder, extensionRateMatcher } from './app-billing.ts';

/*
 * Charging at call end over the two real SQLite files (D56): ACC-4 and
 * AGT-9 fees, 5.4 ledger credits, and no double or lost charge across a
 * crash between the config store and cdr.db.
 */

const sampleTariff = {
  connectFeeE4: 30_000,
  initialDurationSec: 3,
  ratePerMinuteE4: 30_000,
  billingCycleSec: 60,
};

let store: ConfigStore;
let cdrs: CdrStore;
let teamId: number;
let accountId: number;
let extensionId: number;
let trunkId: number;
let agentId: number;
let sessions: Map<string, AgentSession>;

beforeEach(() => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sy-billing-'));
  store = openStore({ dataDir, clock: new FakeClock() });
  cdrs = openCdrStore(dataDir);
  const team = store.teams.create({ uid: 'bill', name: 'Bill', sipDomain: 'bill.example.com' });
  teamId = team.id;
  const passwordHash = hashPasswordSync('correct horse battery staple');
  accountId = store.accounts.create({
    teamId,
    username: 'caller',
    accountType: 'user',
    passwordHash,
  }).id;
  extensionId = store.extensions.create({ teamId, accountId, internalNumber: '2001' }).id;
  trunkId = store.trunks.create({
    teamId: null,
    name: 'carrier',
    type: 'ipPeer',
    host: '192.0.2.1',
    codecs: ['PCMU'],
  }).id;
  agentId = store.agents.create({ teamId, accountId, agentNo: '8001', passwordHash }).id;
  sessions = new Map();
});

afterEach(() => {
  store.close();
  cdrs.close();
});

function billing() {
  return buildBilling({
    store,
    cdrs,
    presence: () => ({ sessionAtPhone: (team, number) => sessions.get(`${team}/${number}`) }),
    logger: silentLogger(),
  });
}

/** Runs one call through the CDR recorder over the charging storage. */
function call(
  recorder: CdrRecorder,
  callId: string,
  callType: 'inbound' | 'outbound',
  talkSec: number | undefined,
): void {
  recorder.started({
    callId,
    teamId,
    callType,
    callerNumber: callType === 'outbound' ? '2001' : '0755123456',
    calledNumber: callType === 'outbound' ? '00145678' : '2001',
    extensionId,
    trunkId,
    startedAtMs: 1_000,
  });
  if (talkSec !== undefined) recorder.answered(callId, 2_000, undefined, trunkId);
  recorder.ended(callId, {
    endedAtMs: 2_000 + (talkSec ?? 0) * 1000,
    result: talkSec === undefined ? 'no-answer' : 'answered',
    hangupCause: 16,
    hangupSide: 'caller',
  });
}

describe('charging at call end (ACC-4, 5.1–5.3)', () => {
  test('ACC-4 an answered 64 s outbound call → 9.0000 on the account, the team and the CDR', () => {
    store.rates.extension.create({ teamId, prefix: '00', ...sampleTariff });
    store.rates.team.create({
      teamId: null,
      prefix: 'default',
      ratePerMinuteE4: 10_000,
      billingCycleSec: 60,
    });
    store.rates.system.create({
      prefix: '001',
      trunkId,
      ratePerMinuteE4: 5_000,
      billingCycleSec: 60,
    });
    const { storage } = billing();
    call(new CdrRecorder(storage, silentLogger()), 'c1', 'outbound', 64);
    expect(store.accounts.find(accountId)!.currentFeesE4).toBe(90_000);
    expect(store.teams.find(teamId)!.currentFeesE4).toBe(90_000);
    expect(cdrs.get('c1')).toMatchObject({
      chargeState: 'charged',
      accountId,
      extensionChargeE4: 90_000,
      teamCostE4: 20_000,
      systemCostE4: 10_000,
    });
  });

  test('R1 an unanswered call → no charge and nothing pending', () => {
    store.rates.extension.create({ teamId, prefix: 'default', ...sampleTariff });
    call(new CdrRecorder(billing().storage, silentLogger()), 'c2', 'outbound', undefined);
    expect(store.accounts.find(accountId)!.currentFeesE4).toBe(0);
    expect(cdrs.get('c2')!.chargeState).toBeNull();
  });

  test('D67 an answered call no rate prices → charged with nothing, no call_charges row', () => {
    call(new CdrRecorder(billing().storage, silentLogger()), 'c0', 'outbound', 30);
    expect(store.billing.findCharge('c0')).toBeUndefined();
    expect(cdrs.get('c0')).toMatchObject({
      result: 'answered',
      chargeState: 'charged',
      extensionChargeE4: 0,
      extensionRateId: null,
      agentId: null,
    });
    expect(cdrs.pendingCharges(10)).toEqual([]);
  });

  test('D67 a zero-priced rate → its id on the CDR with 0 amounts, no fee and no call_charges row', () => {
    const rate = store.rates.extension.create({
      teamId,
      prefix: '00',
      connectFeeE4: 0,
      ratePerMinuteE4: 0,
      billingCycleSec: 60,
    });
    call(new CdrRecorder(billing().storage, silentLogger()), 'cz', 'outbound', 30);
    expect(store.billing.findCharge('cz')).toBeUndefined();
    expect(store.accounts.find(accountId)!.currentFeesE4).toBe(0);
    expect(cdrs.get('cz')).toMatchObject({
      chargeState: 'charged',
      accountId,
      extensionChargeE4: 0,
      extensionRateId: rate.id,
    });
  });

  test('D56 a crash after the config-store commit → the restart copies the charge, no second charge', () => {
    store.rates.extension.create({ teamId, prefix: 'default', ...sampleTariff });
    const { charger } = billing();
    // The CDR is completed as pending without the charger (the crash).
    call(new CdrRecorder(cdrs, silentLogger()), 'c3', 'outbound', 10);
    cdrs.complete('c3', { chargeState: 'pending' });
    charger.settle('c3');
    cdrs.complete('c3', { chargeState: 'pending', extensionChargeE4: null });
    expect(charger.settlePending()).toBe(1);
    expect(store.accounts.find(accountId)!.currentFeesE4).toBe(60_000);
    expect(cdrs.get('c3')).toMatchObject({ chargeState: 'charged', extensionChargeE4: 60_000 });
    expect(charger.settlePending()).toBe(0);
  });

  test('D56 a crash before the charge → the restart charges the pending call once', () => {
    store.rates.extension.create({ teamId, prefix: 'default', ...sampleTariff });
    call(new CdrRecorder(cdrs, silentLogger()), 'c4', 'outbound', 10);
    cdrs.complete('c4', { chargeState: 'pending' });
    expect(billing().charger.settlePending()).toBe(1);
    expect(store.accounts.find(accountId)!.currentFeesE4).toBe(60_000);
  });

  test('TRK-7 extensionRateMatcher() → true only when a rate for the trunk or any trunk matches', () => {
    const matches = extensionRateMatcher(store);
    const ask = { teamId, callerExtensionId: extensionId, trunkId, number: '0012' };
    expect(matches(ask)).toBe(false);
    store.rates.extension.create({ teamId, prefix: '00', billingCycleSec: 60 });
    expect(matches(ask)).toBe(true);
    expect(matches({ ...ask, number: '0812' })).toBe(false);
  });

  test('5.3(c)1 extensionRateFinder() → the group’s rate, else the team’s, else the system’s; disabled skipped (c)5', () => {
    const find = extensionRateFinder(store);
    const ask = { teamId, callerExtensionId: extensionId, number: '0012' };
    expect(find(ask)).toBeUndefined();
    const other = store.trunks.create({ teamId, name: 'other', type: 'ipPeer', host: '192.0.2.2' });
    const system = store.rates.extension.create({ prefix: '0', trunkId, billingCycleSec: 60 });
    expect(find(ask)?.id).toBe(system.id);
    const team = store.rates.extension.create({ teamId, prefix: 'default', billingCycleSec: 60 });
    expect(find(ask)?.id).toBe(team.id);
    const groupId = store.accountGroups.create({
      teamId,
      name: 'Sales',
      members: [{ accountId }],
    }).id;
    const group = store.rates.extension.create({
      teamId,
      accountGroupId: groupId,
      prefix: '00',
      trunkId: other.id,
      billingCycleSec: 60,
    });
    expect(find(ask)).toMatchObject({ id: group.id, trunkId: other.id });
    store.rates.extension.update(group.id, { status: 'disabled' });
    expect(find(ask)?.id).toBe(team.id);
  });

  test('5.3(c)3 the rate that picks the trunk → the rate the charger prices the call over it by', () => {
    const rated = store.rates.extension.create({ teamId, prefix: '001', trunkId, ...sampleTariff });
    store.rates.extension.create({ teamId, prefix: '00', ...sampleTariff, connectFeeE4: 0 });
    const number = '00145678';
    const picked = extensionRateFinder(store)({ teamId, callerExtensionId: extensionId, number });
    expect(picked).toMatchObject({ id: rated.id, trunkId });
    call(new CdrRecorder(billing().storage, silentLogger()), 'c9', 'outbound', 64);
    expect(cdrs.get('c9')).toMatchObject({ extensionRateId: rated.id, extensionChargeE4: 90_000 });
  });
});

describe('agent fees (AGT-9, 5.4, 7.1)', () => {
  function signIn(): void {
    const groupId = store.agentGroups.create({ teamId, name: 'Sales' }).id;
    store.rates.agentInbound.create({ teamId, agentGroupId: groupId, ...sampleTariff });
    sessions.set(`${teamId}/2001`, {
      agentId,
      teamId,
      agentNo: '8001',
      phone: { kind: 'extension', number: '2001' },
      workMode: 'all',
      activity: 'busy',
      groupIds: [groupId],
      since: 0,
    });
  }

  test('5.4(c)1 an answered inbound call at a signed-in agent’s phone → a 6.00 ledger credit', () => {
    signIn();
    const { storage } = billing();
    const recorder = new CdrRecorder(storage, silentLogger());
    call(recorder, 'in1', 'inbound', 30);
    call(recorder, 'in2', 'inbound', 70);
    const rows = store.billing.ledger({ agentId, limit: 10 });
    expect(rows.map((r) => [r.amountE4, r.balanceAfterE4, r.callId])).toEqual([
      [90_000, 150_000, 'in2'],
      [60_000, 60_000, 'in1'],
    ]);
    expect(store.agents.find(agentId)!.inboundFeesE4).toBe(150_000);
    expect(cdrs.get('in1')).toMatchObject({ agentId, agentFeeE4: 60_000 });
  });

  test('AGT-9 an outbound call from a signed-in agent’s phone → its charge adds to the agent’s outbound fees', () => {
    signIn();
    store.rates.extension.create({ teamId, prefix: 'default', ...sampleTariff });
    call(new CdrRecorder(billing().storage, silentLogger()), 'out1', 'outbound', 10);
    expect(store.agents.find(agentId)!.outboundFeesE4).toBe(60_000);
    expect(store.billing.ledger({ agentId, limit: 10 })).toEqual([]);
  });

  test('5.4(c)2 an inbound call no agent is signed in at → no credit, CDR charged with nothing', () => {
    call(new CdrRecorder(billing().storage, silentLogger()), 'in3', 'inbound', 30);
    expect(store.billing.ledger({ agentId, limit: 10 })).toEqual([]);
    expect(cdrs.get('in3')).toMatchObject({ chargeState: 'charged', agentFeeE4: null });
  });
});

describe('agent credit for queue calls (5.4, D64)', () => {
  let groupId: number;
  beforeEach(() => {
    groupId = store.agentGroups.create({ teamId, name: 'Support' }).id;
    store.rates.agentInbound.create({ teamId, agentGroupId: groupId, ...sampleTariff });
  });

  function signIn(): void {
    sessions.set(`${teamId}/2001`, {
      agentId,
      teamId,
      agentNo: '8001',
      phone: { kind: 'extension', number: '2001' },
      workMode: 'inbound',
      activity: 'busy',
      groupIds: [groupId],
      since: 0,
    });
  }

  /** A trunk call to queue 700: answered on entry at 2 s, the member at 52 s, over at 82 s. */
  function queueCall(recorder: CdrRecorder, callId: string, member: { agentId?: number }): void {
    recorder.started({
      callId,
      teamId,
      callType: 'inbound',
      callerNumber: '0755123456',
      calledNumber: '700',
      trunkId,
      startedAtMs: 1_000,
    });
    recorder.answered(callId, 2_000);
    recorder.answeredBy(callId, { extensionId, ...member, answeredAtMs: 52_000 });
    recorder.ended(callId, {
      endedAtMs: 82_000,
      result: 'answered',
      hangupCause: 16,
      hangupSide: 'caller',
    });
  }

  test('5.4 an agent member takes a queue call → credited for its 30 s talk, not the 80 s with the wait', () => {
    signIn();
    queueCall(new CdrRecorder(billing().storage, silentLogger()), 'q1', { agentId });
    expect(store.agents.find(agentId)!.inboundFeesE4).toBe(60_000);
    expect(store.billing.ledger({ agentId, limit: 10 }).map((r) => r.callId)).toEqual(['q1']);
    expect(cdrs.get('q1')).toMatchObject({
      extensionId,
      agentId,
      memberAnsweredAtMs: 52_000,
      billableDurationSec: 80,
      chargeState: 'charged',
      agentFeeE4: 60_000,
    });
  });

  test('5.4 an extension member at a signed-in agent’s phone → credited as a call rung there', () => {
    signIn();
    queueCall(new CdrRecorder(billing().storage, silentLogger()), 'q2', {});
    expect(cdrs.get('q2')).toMatchObject({ extensionId, agentId, agentFeeE4: 60_000 });
  });

  test('5.4 an extension member with no agent signed in → CDR names the extension, no credit', () => {
    queueCall(new CdrRecorder(billing().storage, silentLogger()), 'q3', {});
    expect(cdrs.get('q3')).toMatchObject({ extensionId, agentId: null, chargeState: 'charged' });
    expect(store.billing.ledger({ agentId, limit: 10 })).toEqual([]);
  });

  test('D56 a queue call left pending by a crash → settlePending() credits the agent once', () => {
    signIn();
    queueCall(new CdrRecorder(cdrs, silentLogger()), 'q4', { agentId });
    cdrs.complete('q4', { chargeState: 'pending' });
    const { charger } = billing();
    expect(charger.settlePending()).toBe(1);
    expect(charger.settlePending()).toBe(0);
    expect(store.agents.find(agentId)!.inboundFeesE4).toBe(60_000);
  });
});
