import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NewSatisfactionRating } from '../../../core/config-store/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/* GET /api/v1/ratings (spec 03 §6.11, Q-17) over rows the queue runtime wrote. */

let t: TestApi;

type Page = { items: Array<Record<string, unknown>>; nextCursor: string | null };

const rating = (teamId: number, more: Partial<NewSatisfactionRating>): NewSatisfactionRating => ({
  teamId,
  queueId: 7,
  queueNumber: '700',
  callId: 'call-x',
  memberKey: 'agent:3',
  agentNo: '2000',
  customerNumber: '5551234',
  score: 5,
  ...more,
});

beforeAll(async () => {
  t = await buildTestApi();
  const alpha = t.alpha.team.id;
  t.store.ratings.create(rating(alpha, { callId: 'a-1', score: 5 }));
  t.clock.tick(60_000);
  t.store.ratings.create(rating(alpha, { callId: 'a-2', score: 2, customerNumber: '5550000' }));
  t.clock.tick(60_000);
  t.store.ratings.create(
    rating(alpha, { callId: 'a-3', score: 9, memberKey: 'ext:12', agentNo: null }),
  );
  t.store.ratings.create(rating(t.beta.team.id, { callId: 'b-1', score: 1 }));
});
afterAll(async () => t.close());

const page = async (query: string, token = t.alpha.token) => {
  const res = await t.call(token, 'GET', `/api/v1/ratings${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
};
const callIds = (p: Page) => p.items.map((i) => i['callId']);

describe('/api/v1/ratings (spec 03 §6.11, Q-17)', () => {
  test('Q-17 GET /ratings as a team admin → its own team only, newest first, agent id from the key', async () => {
    const p = await page('');
    expect(callIds(p)).toEqual(['a-3', 'a-2', 'a-1']);
    expect(p.items[2]).toMatchObject({ agentId: 3, agentNo: '2000', score: 5, queueNumber: '700' });
    expect(p.items[0]).toMatchObject({ agentId: null, agentNo: null, memberKey: 'ext:12' });
  });

  test('Q-17 GET /ratings?teamId=<other team> as a team admin → 403 (cross-tenant)', async () => {
    const res = await t.call(t.alpha.token, 'GET', `/api/v1/ratings?teamId=${t.beta.team.id}`);
    expect(res.statusCode).toBe(403);
    expect(callIds(await page('', t.beta.token))).toEqual(['b-1']);
  });

  test('Q-17 GET /ratings as superadmin → every team, or one with teamId', async () => {
    expect(callIds(await page('', t.superToken))).toHaveLength(4);
    expect(callIds(await page(`?teamId=${t.beta.team.id}`, t.superToken))).toEqual(['b-1']);
  });

  test('Q-17 filters agentNo, agentNo=none, customerNumber, score and a date range', async () => {
    expect(callIds(await page('?agentNo=2000'))).toEqual(['a-2', 'a-1']);
    expect(callIds(await page('?agentNo=none'))).toEqual(['a-3']);
    expect(callIds(await page('?customerNumber=5550000'))).toEqual(['a-2']);
    expect(callIds(await page('?score=9'))).toEqual(['a-3']);
    const from = new Date(Date.UTC(2026, 0, 1, 0, 1)).toISOString();
    const to = new Date(Date.UTC(2026, 0, 1, 0, 1, 30)).toISOString();
    expect(callIds(await page(`?since=${from}&until=${to}`))).toEqual(['a-2']);
  });

  test('Q-17 GET /ratings?limit=2 → a cursor to the next page', async () => {
    const first = await page('?limit=2');
    expect(callIds(first)).toEqual(['a-3', 'a-2']);
    const second = await page(`?limit=2&cursor=${first.nextCursor}`);
    expect(callIds(second)).toEqual(['a-1']);
    expect(second.nextCursor).toBeNull();
  });

  test('Q-17 GET /ratings?score=0 → 400 naming the field', async () => {
    const res = await t.call(t.alpha.token, 'GET', '/api/v1/ratings?score=0');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('score');
  });

  test('Q-17 ratings.create() with a score of 10 → refused', () => {
    expect(() => t.store.ratings.create(rating(t.alpha.team.id, { score: 10 }))).toThrow(/score/);
  });
});
