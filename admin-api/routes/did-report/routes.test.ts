import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCdrStore, type CdrStore, type NewCdrRecord } from '../../../core/cdr-store/index.ts';
import { buildTestApi, type TestApi } from '../../test-api.ts';
import { monthsTouched } from './did-costs.ts';

/*
 * The DID report (spec 03 §6.12) over real SQLite files: calls per DID
 * from cdr.db, the cost by the DID's own rate or its DID group's (DG-3).
 */

const T0 = Date.UTC(2026, 9, 10, 9);

function inbound(callId: string, teamId: number, did: string, billableSec: number | null) {
  const row: NewCdrRecord = {
    callId,
    teamId,
    callType: 'inbound',
    callerNumber: '13900000000',
    callerName: null,
    calledNumber: did,
    did,
    extensionId: null,
    trunkId: null,
    startedAtMs: T0,
    answeredAtMs: billableSec === null ? null : T0 + 3_000,
    endedAtMs: T0 + 3_000 + (billableSec ?? 0) * 1000,
    totalDurationSec: 3 + (billableSec ?? 0),
    billableDurationSec: billableSec ?? 0,
    result: billableSec === null ? 'no-answer' : 'answered',
    hangupCause: 16,
    hangupSide: 'caller',
    sipStatus: null,
    codec: 'PCMU',
    mos: null,
    recordingPath: null,
    ivrInput: null,
    ivrDurationMs: null,
  };
  return row;
}

describe('GET /api/v1/reports/dids (spec 03 §6.12)', () => {
  let api: TestApi;
  let cdrs: CdrStore;
  let own: number;
  let grouped: number;
  beforeAll(async () => {
    cdrs = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-did-report-')));
    api = await buildTestApi(undefined, { cdrs });
    const teamId = api.alpha.team.id;
    const did = (number: string, extra: object) =>
      api.store.dids.create({
        teamId,
        number,
        destinationType: 'extension',
        destinationId: null,
        ...extra,
      } as never).id;
    own = did('02150001000', { rateType: 'individual', rateE4: 1000 });
    grouped = did('02150002000', { rateType: 'group' });
    api.store.didGroups.create({
      teamId,
      name: 'shanghai',
      matchType: 'prefix',
      entries: ['0215000'],
      monthlyRentE4: 300_000,
      rateE4: 500,
    });
    // 61 s → 2 started minutes; 60 s → 1; unanswered → none.
    cdrs.insert(inbound('a', teamId, '02150001000', 61));
    cdrs.insert(inbound('b', teamId, '02150001000', null));
    cdrs.insert(inbound('c', teamId, '02150002000', 60));
    cdrs.insert(inbound('d', api.beta.team.id, '02150001000', 600));
  });
  afterAll(async () => {
    await api.close();
    cdrs.close();
  });

  const range = 'since=2026-10-01T00:00:00.000Z&until=2026-11-01T00:00:00.000Z';

  test('DG-3 per DID: calls, answered, durations, and cost by its own rate or its group’s rate and rent', async () => {
    const res = await api.call(api.alpha.token, 'GET', `/api/v1/reports/dids?${range}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Array<Record<string, unknown>>; totals: object };
    expect(body.items.find((l) => l.didId === own)).toMatchObject({
      calls: 2,
      answered: 1,
      totalSec: 64 + 3,
      billableSec: 61,
      rateE4: 1000,
      didGroupId: null,
      usageE4: 2000,
      rentE4: 0,
      costE4: 2000,
    });
    expect(body.items.find((l) => l.didId === grouped)).toMatchObject({
      calls: 1,
      answered: 1,
      rateE4: 500,
      usageE4: 500,
      rentE4: 300_000,
      costE4: 300_500,
    });
    expect(body.totals).toMatchObject({ calls: 3, answered: 2, costE4: 302_500 });
  });

  test('DG-3 didIds and another range → only those DIDs; calls outside the range not counted', async () => {
    const res = await api.call(
      api.alpha.token,
      'GET',
      `/api/v1/reports/dids?since=2026-11-01T00:00:00.000Z&until=2026-11-02T00:00:00.000Z&didIds=${own}`,
    );
    const body = res.json() as { items: Array<Record<string, unknown>> };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ didId: own, calls: 0, costE4: 0 });
  });

  test('DG-3 tenants: another team → 403, a superadmin must name the team, until before since → 400', async () => {
    const beta = `/api/v1/reports/dids?${range}&teamId=${api.beta.team.id}`;
    expect((await api.call(api.alpha.token, 'GET', beta)).statusCode).toBe(403);
    expect(
      (await api.call(api.superToken, 'GET', `/api/v1/reports/dids?${range}`)).statusCode,
    ).toBe(400);
    const sup = await api.call(api.superToken, 'GET', beta);
    expect((sup.json() as { totals: { calls: number } }).totals.calls).toBe(0);
    const backwards = 'since=2026-11-01T00:00:00.000Z&until=2026-10-01T00:00:00.000Z';
    const bad = await api.call(api.alpha.token, 'GET', `/api/v1/reports/dids?${backwards}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('until');
  });

  test('monthsTouched() → calendar months a range overlaps', () => {
    expect(monthsTouched(Date.UTC(2026, 9, 1), Date.UTC(2026, 10, 1))).toBe(1);
    expect(monthsTouched(Date.UTC(2026, 9, 31), Date.UTC(2026, 10, 2))).toBe(2);
    expect(monthsTouched(Date.UTC(2026, 11, 15), Date.UTC(2027, 0, 15))).toBe(2);
    expect(monthsTouched(5, 5)).toBe(0);
  });
});
