import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * /api/v1/callback-requests (IVR-10 要求回访, D93): made by calls, so no
 * POST; listed by status, marked done with a note, deleted; each team
 * sees only its own.
 */

let t: TestApi;
let alphaId = 0;
let betaId = 0;

beforeAll(async () => {
  t = await buildTestApi();
  const ask = (teamId: number, callerNumber: string) =>
    t.store.callbackRequests.request({
      teamId,
      callerNumber,
      calledNumber: '5550100',
      callId: `c-${callerNumber}`,
    }).id;
  alphaId = ask(t.alpha.team.id, '+15551230001');
  ask(t.alpha.team.id, '+15551230002');
  betaId = ask(t.beta.team.id, '+15551230003');
});
afterAll(async () => t.close());

const URL = '/api/v1/callback-requests';

describe('/api/v1/callback-requests', () => {
  test('GET → the team’s requests only, pending by default order of id; ?status filters', async () => {
    const res = await t.call(t.alpha.token, 'GET', `${URL}?limit=50`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { callerNumber: string }) => i.callerNumber)).toEqual([
      '+15551230001',
      '+15551230002',
    ]);
    expect(res.json().items[0]).toMatchObject({
      status: 'pending',
      requestCount: 1,
      handledAt: null,
    });
    const done = await t.call(t.alpha.token, 'GET', `${URL}?status=done`);
    expect(done.json().items).toEqual([]);
  });

  test('PATCH status done with a note, with If-Match → 200, handledAt set, logged; ?status=done lists it', async () => {
    const got = await t.call(t.alpha.token, 'GET', `${URL}/${alphaId}`);
    t.clock.tick(1000);
    const patched = await t.call(
      t.alpha.token,
      'PATCH',
      `${URL}/${alphaId}`,
      { status: 'done', note: 'called back' },
      { 'if-match': String(got.headers.etag) },
    );
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ status: 'done', note: 'called back' });
    expect(patched.json().handledAt).not.toBeNull();
    const done = await t.call(t.alpha.token, 'GET', `${URL}?status=done`);
    expect(done.json().items.map((i: { id: number }) => i.id)).toEqual([alphaId]);
    const log = t.store.operationLogs.list({
      resource: 'callback-requests',
      objectId: String(alphaId),
      limit: 5,
    });
    expect(log.map((l) => l.action)).toEqual(['update']);
  });

  test('another team’s request → 404 on GET, PATCH and DELETE, and it is unchanged', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.call(
        t.alpha.token,
        method,
        `${URL}/${betaId}`,
        method === 'PATCH' ? { note: 'x' } : undefined,
      );
      expect(res.statusCode).toBe(404);
    }
    expect(t.store.callbackRequests.find(betaId)?.note).toBe('');
  });

  test('POST → 404 (calls make requests); a bad body → 400 naming the field', async () => {
    expect((await t.call(t.alpha.token, 'POST', URL, { callerNumber: '5551234' })).statusCode).toBe(
      404,
    );
    const bad = await t.call(t.alpha.token, 'PATCH', `${URL}/${alphaId}`, {
      status: 'called',
      extra: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .issues.map((i: { field: string }) => i.field)
        .sort(),
    ).toEqual(['body.extra', 'body.status']);
  });

  test('DELETE → 204, then 404; the superadmin sees every team’s', async () => {
    const all = await t.call(t.superToken, 'GET', `${URL}?limit=50`);
    expect(all.json().items).toHaveLength(3);
    expect((await t.call(t.beta.token, 'DELETE', `${URL}/${betaId}`)).statusCode).toBe(204);
    expect((await t.call(t.beta.token, 'GET', `${URL}/${betaId}`)).statusCode).toBe(404);
  });
});
