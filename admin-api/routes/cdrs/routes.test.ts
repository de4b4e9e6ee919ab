import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCdrStore, type CdrStore, type NewCdrRecord } from '../../../core/cdr-store/index.ts';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { buildTestApi, parseCsv, type TestApi } from '../../test-api.ts';

/** A finished internal call 1000 → 1001 of `teamId`. */
const row = (callId: string, teamId: number, startedAtMs: number): NewCdrRecord => ({
  callId,
  teamId,
  callType: 'internal',
  callerNumber: '1000',
  callerName: null,
  calledNumber: '1001',
  did: null,
  extensionId: null,
  trunkId: null,
  startedAtMs,
  answeredAtMs: startedAtMs + 14_000,
  endedAtMs: startedAtMs + 84_000,
  totalDurationSec: 84,
  billableDurationSec: 70,
  result: 'answered',
  hangupCause: 16,
  hangupSide: 'caller',
  sipStatus: null,
  codec: 'PCMU',
  mos: 4.4,
  recordingPath: null,
  ivrInput: null,
  ivrDurationMs: null,
});

describe('GET /api/v1/cdrs (spec 01 §2.8)', () => {
  let api: TestApi;
  let cdrs: CdrStore;
  beforeAll(async () => {
    cdrs = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-api-')));
    api = await buildTestApi(undefined, { cdrs });
    const t0 = Date.UTC(2026, 10, 25, 9);
    for (let i = 0; i < 3; i++) cdrs.insert(row(`alpha-${i}`, api.alpha.team.id, t0 + i * 1000));
    cdrs.insert(row('beta-0', api.beta.team.id, t0));
  });
  afterAll(async () => {
    await api.close();
    cdrs.close();
  });

  test('CDR-4 export (D100) → the team’s records of the filters as CSV, newest first; paging keys 400', async () => {
    const res = await api.call(
      api.alpha.token,
      'GET',
      `/api/v1/cdrs/export?since=${new Date(Date.UTC(2026, 10, 25, 9, 0, 1)).toISOString()}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(res.body);
    expect(header!.slice(0, 3)).toEqual(['id', 'teamId', 'callType']);
    expect(rows.map((r) => r[0])).toEqual(['alpha-2', 'alpha-1']);
    expect(rows[0]).toContain('2026-11-25T09:00:02.000Z');
    const paged = await api.call(api.alpha.token, 'GET', '/api/v1/cdrs/export?limit=5');
    expect(paged.statusCode).toBe(400);
    expect(
      (await api.call(api.alpha.token, 'GET', `/api/v1/cdrs/export?teamId=${api.beta.team.id}`))
        .statusCode,
    ).toBe(403);
  });

  test('CDR-4 a team admin → its own team only, newest first, paged with a cursor', async () => {
    const first = await api.call(api.alpha.token, 'GET', '/api/v1/cdrs?limit=2');
    expect(first.statusCode).toBe(200);
    const page = first.json() as {
      items: Array<{ id: string; totalDuration: number; billableDuration: number }>;
      nextCursor: string;
    };
    expect(page.items.map((c) => c.id)).toEqual(['alpha-2', 'alpha-1']);
    expect(page.items[0]).toMatchObject({ totalDuration: 84, billableDuration: 70 });
    const second = await api.call(
      api.alpha.token,
      'GET',
      `/api/v1/cdrs?limit=2&cursor=${page.nextCursor}`,
    );
    expect(
      (second.json() as { items: Array<{ id: string }>; nextCursor: null }).items.map((c) => c.id),
    ).toEqual(['alpha-0']);
    expect(
      (await api.call(api.alpha.token, 'GET', `/api/v1/cdrs?teamId=${api.beta.team.id}`))
        .statusCode,
    ).toBe(403);
  });

  test('CDR-6 a call that went through an IVR → ivrInput and ivrDurationMs in the listing; others null', async () => {
    cdrs.addIvr('alpha-1', '2', 5300);
    const res = await api.call(api.alpha.token, 'GET', '/api/v1/cdrs');
    const items = (res.json() as { items: Array<Record<string, unknown>> }).items;
    expect(items.find((c) => c['id'] === 'alpha-1')).toMatchObject({
      ivrInput: '2',
      ivrDurationMs: 5300,
    });
    expect(items.find((c) => c['id'] === 'alpha-0')).toMatchObject({
      ivrInput: null,
      ivrDurationMs: null,
    });
  });

  test('the superadmin → every team; a bad date → 400 naming the field', async () => {
    const all = await api.call(api.superToken, 'GET', '/api/v1/cdrs');
    expect((all.json() as { items: unknown[] }).items).toHaveLength(4);
    const bad = await api.call(api.superToken, 'GET', '/api/v1/cdrs?since=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'ERR_VALIDATION',
      issues: [{ field: 'querystring.since' }],
    });
  });
  test('CDR-1 GET /cdrs/:id/legs → the legs in the order they started; another team or an unknown call → 404', async () => {
    const leg = (legId: string, calledNumber: string, startedAtMs: number) => ({
      callId: 'alpha-0',
      legId,
      target: 'extension' as const,
      calledNumber,
      extensionId: null,
      trunkId: null,
      agentId: null,
      agentNo: null,
      agentGroupId: 4,
      purpose: 'ringGroup' as const,
      startedAtMs,
      answeredAtMs: null,
      endedAtMs: startedAtMs + 15_000,
      totalDurationSec: 15,
      billableDurationSec: 0,
      result: 'no-answer' as const,
      hangupCause: 19,
    });
    const t0 = Date.UTC(2026, 10, 25, 9);
    cdrs.insertLeg(leg('leg-b', '1002', t0 + 20_000));
    cdrs.insertLeg(leg('leg-a', '1001', t0 + 1_000));
    const res = await api.call(api.alpha.token, 'GET', '/api/v1/cdrs/alpha-0/legs');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      callId: 'alpha-0',
      items: [
        {
          legId: 'leg-a',
          calledNumber: '1001',
          callTime: new Date(t0 + 1_000).toISOString(),
          answerTime: null,
          result: 'no-answer',
          hangupCause: 19,
        },
        {
          legId: 'leg-b',
          calledNumber: '1002',
          totalDuration: 15,
          billableDuration: 0,
          agentGroupId: 4,
          purpose: 'ringGroup',
        },
      ],
    });
    expect((await api.call(api.beta.token, 'GET', '/api/v1/cdrs/alpha-0/legs')).statusCode).toBe(
      404,
    );
    expect(
      (await api.call(api.alpha.token, 'GET', '/api/v1/cdrs/beta-0/legs')).json(),
    ).toMatchObject({ code: expect.any(String) });
    expect((await api.call(api.alpha.token, 'GET', '/api/v1/cdrs/beta-0/legs')).statusCode).toBe(
      404,
    );
    expect(
      (await api.call(api.superToken, 'GET', '/api/v1/cdrs/alpha-0/legs')).json().items,
    ).toHaveLength(2);
    expect((await api.call(api.superToken, 'GET', '/api/v1/cdrs/beta-0/legs')).json()).toEqual({
      callId: 'beta-0',
      items: [],
    });
  });
});

describe('GET /api/v1/cdrs search panel (spec 01 §2.8, D99)', () => {
  let api: TestApi;
  let cdrs: CdrStore;
  beforeAll(async () => {
    cdrs = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-search-')));
    api = await buildTestApi(undefined, { cdrs });
    const t0 = Date.UTC(2026, 10, 25, 9);
    for (let i = 0; i < 3; i++) cdrs.insert(row(`alpha-${i}`, api.alpha.team.id, t0 + i * 1000));
    cdrs.insert(row('beta-0', api.beta.team.id, t0));
    cdrs.insert({
      ...row('alpha-busy', api.alpha.team.id, t0 - 60_000),
      callType: 'outbound',
      calledNumber: '95551234',
      answeredAtMs: null,
      billableDurationSec: 0,
      result: 'busy',
      trunkId: 7,
    });
  });
  afterAll(async () => {
    await api.close();
    cdrs.close();
  });

  /** The ids of the calls `query` lists for `token`; ids() asks as the alpha admin. */
  const idsFor = async (token: string, query: string) => {
    const res = await api.call(token, 'GET', `/api/v1/cdrs?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Array<{ id: string }> }).items.map((c) => c.id);
  };
  const ids = (query: string) => idsFor(api.alpha.token, query);

  test('the search panel (spec 01 §2.8, D99) → exact matches on number, type, result, trunk, id; a bad result → 400', async () => {
    expect(await ids('result=busy')).toEqual(['alpha-busy']);
    expect(await ids('callType=outbound&calledNumber=95551234&trunkId=7')).toEqual(['alpha-busy']);
    expect(await ids('calledNumber=1001&result=answered')).toEqual([
      'alpha-2',
      'alpha-1',
      'alpha-0',
    ]);
    expect(await ids('id=alpha-1')).toEqual(['alpha-1']);
    expect(await ids('id=beta-0')).toEqual([]);
    expect(await ids('hasRecording=true')).toEqual([]);
    const bad = await api.call(api.alpha.token, 'GET', '/api/v1/cdrs?result=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('result');
  });

  test('the panel’s 包含 operator (D101) → numbers containing the text; % and _ are literal; an empty text → 400', async () => {
    expect(await ids('calledNumberContains=5512')).toEqual(['alpha-busy']);
    expect(await ids('calledNumberContains=100&callerNumberContains=00')).toEqual([
      'alpha-2',
      'alpha-1',
      'alpha-0',
    ]);
    expect(await ids(`calledNumberContains=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await ids('calledNumberContains=10_1')).toEqual([]);
    expect(await ids('didContains=1')).toEqual([]);
    const bad = await api.call(api.alpha.token, 'GET', '/api/v1/cdrs?didContains=');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('didContains');
    // LIKE would end its pattern at the NUL and match every call.
    const nul = await api.call(api.alpha.token, 'GET', '/api/v1/cdrs?callerNumberContains=0%00');
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('callerNumberContains');
  });

  test('the panel’s 空值 and > / < operators (D106) → calls with no DID or agent, durations strictly between; in the export too', async () => {
    const all = ['alpha-2', 'alpha-1', 'alpha-0', 'alpha-busy'];
    expect(await ids('billableDurationGt=0')).toEqual(['alpha-2', 'alpha-1', 'alpha-0']);
    expect(await ids('billableDurationLt=1')).toEqual(['alpha-busy']);
    expect(await ids('totalDurationGt=84')).toEqual([]);
    expect(await ids('totalDurationGt=83&totalDurationLt=85')).toEqual(all);
    expect(await ids('didEmpty=true&agentIdEmpty=true')).toEqual(all);
    expect(await ids('didEmpty=false')).toEqual([]);
    expect(await ids('agentIdEmpty=false')).toEqual([]);
    const csv = await api.call(api.alpha.token, 'GET', '/api/v1/cdrs/export?billableDurationLt=1');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain('alpha-busy');
    expect(csv.body).not.toContain('alpha-0');
    for (const query of ['totalDurationGt=-1', 'billableDurationLt=soon', 'didEmpty=maybe']) {
      const bad = await api.call(api.alpha.token, 'GET', `/api/v1/cdrs?${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.body).toContain(query.split('=')[0]);
    }
  });

  test('by name (D102): username → calls of that account’s extensions; teamName → that team’s calls, never another’s for a team admin', async () => {
    const account = api.store.accounts.create({
      teamId: api.alpha.team.id,
      username: 'sales',
      accountType: 'user',
      passwordHash: hashPasswordSync('sales-pw-123'),
    });
    const ext = api.store.extensions.create({
      teamId: api.alpha.team.id,
      accountId: account.id,
      internalNumber: '1200',
    });
    cdrs.insert({
      ...row('alpha-sales', api.alpha.team.id, Date.UTC(2026, 10, 24)),
      extensionId: ext.id,
    });
    expect(await idsFor(api.alpha.token, 'username=sales')).toEqual(['alpha-sales']);
    expect(await idsFor(api.alpha.token, 'username=nobody')).toEqual([]);
    expect(await idsFor(api.beta.token, 'username=sales')).toEqual([]);
    const beta = encodeURIComponent(api.beta.team.name);
    expect(await idsFor(api.superToken, `teamName=${beta}`)).toEqual(['beta-0']);
    expect(await idsFor(api.alpha.token, `teamName=${beta}`)).toEqual([]);
    const alpha = encodeURIComponent(api.alpha.team.name);
    expect(await idsFor(api.alpha.token, `teamName=${alpha}&username=sales`)).toEqual([
      'alpha-sales',
    ]);
  });
});

describe('GET /api/v1/cdrs and /recordings pages (D108)', () => {
  let api: TestApi;
  let cdrs: CdrStore;
  const at = Date.UTC(2026, 10, 25, 10);
  beforeAll(async () => {
    cdrs = openCdrStore(mkdtempSync(join(tmpdir(), 'sy-cdr-pages-')));
    api = await buildTestApi(undefined, { cdrs });
    // Five calls in one millisecond between two others: pages of two cut through them.
    cdrs.insert(row('late', api.alpha.team.id, at + 1));
    for (const id of ['s-c', 's-a', 's-e', 's-b', 's-d']) {
      cdrs.insert({ ...row(id, api.alpha.team.id, at), recordingPath: `/rec/${id}.wav` });
    }
    cdrs.insert(row('early', api.alpha.team.id, at - 1));
  });
  afterAll(async () => {
    await api.close();
    cdrs.close();
  });

  const walk = async (path: string): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.call(
        api.alpha.token,
        'GET',
        `${path}?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { items: Array<{ id: string }>; nextCursor: string | null };
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return ids;
  };

  test('calls sharing a start millisecond → every record once, newest first, then by id', async () => {
    expect(await walk('/api/v1/cdrs')).toEqual([
      'late',
      's-e',
      's-d',
      's-c',
      's-b',
      's-a',
      'early',
    ]);
    expect(await walk('/api/v1/recordings')).toEqual(['s-e', 's-d', 's-c', 's-b', 's-a']);
  });

  test('a cursor of digits (before D108) → the calls before that millisecond; one this list did not give → 400 naming cursor', async () => {
    const old = await api.call(api.alpha.token, 'GET', `/api/v1/cdrs?cursor=${at}`);
    expect((old.json() as { items: Array<{ id: string }> }).items.map((c) => c.id)).toEqual([
      'early',
    ]);
    for (const cursor of ['bm90LWpzb24', 'WzEsMl0', 'x!y']) {
      const res = await api.call(api.alpha.token, 'GET', `/api/v1/cdrs?cursor=${cursor}`);
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'ERR_VALIDATION',
        issues: [{ field: 'querystring.cursor' }],
      });
    }
  });
});
