import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi, parseCsv } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * The admin API side of the DID rules of issue 7: DID language (DID-2),
 * the DID log (DID-6, DIDL-1), DID-group route conditions (DG-2, DG-4)
 * and a team's default traffic (TM-12).
 */

let t: TestApi;
let ext: { a: number; b: number; beta: number };

beforeAll(async () => {
  t = await buildTestApi();
  const mk = (team: typeof t.alpha, internalNumber: string) =>
    t.store.extensions.create({ teamId: team.team.id, accountId: team.adminId, internalNumber }).id;
  ext = { a: mk(t.alpha, '100'), b: mk(t.alpha, '101'), beta: mk(t.beta, '100') };
});
afterAll(async () => t.close());

async function postDid(body: Record<string, unknown>, token = t.alpha.token) {
  const res = await t.call(token, 'POST', '/api/v1/dids', {
    destinationType: 'extension',
    ...body,
  });
  return { res, id: (res.json() as { id: number }).id };
}

type Page = { items: Array<Record<string, unknown>>; nextCursor: string | null };
const logPage = async (query: string, token = t.alpha.token) => {
  const res = await t.call(token, 'GET', `/api/v1/did-logs${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
};

describe('DIDs: language (DID-2)', () => {
  test('DID-2 POST /dids without a language → cn; with fr → fr; an unknown code → 400 naming it', async () => {
    expect((await postDid({ number: '5550001' })).res.json().language).toBe('cn');
    expect((await postDid({ number: '5550002', language: 'fr' })).res.json().language).toBe('fr');
    const bad = await postDid({ number: '5550003', language: 'xx' });
    expect(bad.res.statusCode).toBe(400);
    expect(bad.res.json().issues[0].field).toBe('body.language');
  });
});

describe('/api/v1/did-logs (DID-6, DIDL-1)', () => {
  test('DIDL-1 bind, rebind, unbind → bound, released + bound, released; the operator is the admin', async () => {
    const { id } = await postDid({ number: '5551000', destinationId: ext.a });
    const url = `/api/v1/dids/${id}`;
    expect((await t.call(t.alpha.token, 'PATCH', url, { destinationId: ext.b })).statusCode).toBe(
      200,
    );
    expect((await t.call(t.alpha.token, 'PATCH', url, { destinationId: null })).statusCode).toBe(
      200,
    );
    const page = await logPage('?number=5551000');
    expect(page.items.map((l) => [l['status'], l['extensionNumber'], l['operator']])).toEqual([
      ['released', '101', 'adminalpha'],
      ['bound', '101', 'adminalpha'],
      ['released', '100', 'adminalpha'],
      ['bound', '100', 'adminalpha'],
    ]);
  });

  test('DID-6 DELETE /dids/:id of a bound DID → a released row', async () => {
    const { id } = await postDid({ number: '5552000', destinationId: ext.a });
    expect((await t.call(t.alpha.token, 'DELETE', `/api/v1/dids/${id}`)).statusCode).toBe(204);
    const page = await logPage('?number=5552000&status=released');
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ didId: id, operator: 'adminalpha' });
  });

  test('DIDL-1 GET /did-logs → newest first, cursor pages, date range', async () => {
    const from = new Date(t.clock.now() + 1).toISOString();
    t.clock.tick(60_000);
    for (const n of ['5553001', '5553002', '5553003']) {
      await postDid({ number: n, destinationId: ext.a });
    }
    const first = await logPage(`?limit=2&since=${from}`);
    expect(first.items.map((l) => l['didNumber'])).toEqual(['5553003', '5553002']);
    const second = await logPage(`?limit=2&since=${from}&cursor=${first.nextCursor}`);
    expect(second.items.map((l) => l['didNumber'])).toEqual(['5553001']);
    expect(second.nextCursor).toBeNull();
    const before = await logPage(`?until=${new Date(Date.parse(from) - 1).toISOString()}`);
    expect(before.items.every((l) => !String(l['didNumber']).startsWith('5553'))).toBe(true);
  });

  test('DIDL-1 cross-tenant: beta sees only its rows; asking for alpha’s team → 403', async () => {
    await postDid({ number: '7770001', destinationId: ext.beta }, t.beta.token);
    const mine = await logPage('', t.beta.token);
    expect(mine.items.map((l) => l['didNumber'])).toEqual(['7770001']);
    const res = await t.call(t.beta.token, 'GET', `/api/v1/did-logs?teamId=${t.alpha.team.id}`);
    expect(res.statusCode).toBe(403);
    const all = await logPage('?limit=500', t.superToken);
    expect(new Set(all.items.map((l) => l['teamId']))).toEqual(
      new Set([t.alpha.team.id, t.beta.team.id]),
    );
  });

  test('DIDL-1 GET /did-logs/export (D100) → the team’s rows of the filters as CSV; another team’s never', async () => {
    const res = await t.call(t.beta.token, 'GET', '/api/v1/did-logs/export');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(res.body);
    const at = header!.indexOf('didNumber');
    expect(rows.map((r) => r[at])).toEqual(['7770001']);
    const operations = await t.call(t.alpha.token, 'GET', '/api/v1/operation-logs/export');
    expect(operations.statusCode, operations.body).toBe(200);
    expect(operations.body.split('\r\n').length).toBeGreaterThan(2);
    expect(operations.body).not.toContain('7770001');
  });

  test('DIDL-1 GET /did-logs with an unknown status → 400', async () => {
    const res = await t.call(t.alpha.token, 'GET', '/api/v1/did-logs?status=approved');
    expect(res.statusCode).toBe(400);
  });
});

describe('inbound routes with a DID group (DG-2, DG-4)', () => {
  test('DG-2 POST /inbound-routes with didGroupId → 201; another team’s group → 400 naming didGroupId', async () => {
    const group = await t.call(t.alpha.token, 'POST', '/api/v1/did-groups', {
      name: 'sales',
      entries: ['555'],
      matchType: 'prefix',
    });
    const didGroupId = (group.json() as { id: number }).id;
    const ok = await t.call(t.alpha.token, 'POST', '/api/v1/inbound-routes', {
      name: 'by-group',
      didGroupId,
      destinationType: 'end',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().didGroupId).toBe(didGroupId);
    const foreign = await t.call(t.beta.token, 'POST', '/api/v1/inbound-routes', {
      name: 'stolen',
      didGroupId,
      destinationType: 'end',
    });
    expect(foreign.statusCode).toBe(400);
    expect(JSON.stringify(foreign.json())).toContain('didGroupId');
  });

  test('DG-4 DELETE /did-groups/:id used by a route → 409 naming the route; after the route goes → 204', async () => {
    const group = await t.call(t.alpha.token, 'POST', '/api/v1/did-groups', { name: 'support' });
    const didGroupId = (group.json() as { id: number }).id;
    const route = await t.call(t.alpha.token, 'POST', '/api/v1/inbound-routes', {
      name: 'support-line',
      didGroupId,
      destinationType: 'end',
    });
    const routeId = (route.json() as { id: number }).id;
    const refused = await t.call(t.alpha.token, 'DELETE', `/api/v1/did-groups/${didGroupId}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('ERR_IN_USE');
    expect(refused.json().message).toContain('support-line');
    await t.call(t.alpha.token, 'DELETE', `/api/v1/inbound-routes/${routeId}`);
    const done = await t.call(t.alpha.token, 'DELETE', `/api/v1/did-groups/${didGroupId}`);
    expect(done.statusCode).toBe(204);
  });
});

describe('teams: default traffic (TM-12)', () => {
  // Teams are changed by the superadmin (TM-14).
  const patchTeam = (body: Record<string, unknown>, token = t.superToken) =>
    t.call(token, 'PATCH', `/api/v1/teams/${t.alpha.team.id}`, body);

  test('TM-12 PATCH /teams/:id to one of its extensions → 200; another team’s → 400 naming the field', async () => {
    const ok = await patchTeam({ defaultTrafficType: 'extension', defaultTrafficTargetId: ext.a });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      defaultTrafficType: 'extension',
      defaultTrafficTargetId: ext.a,
    });
    const foreign = await patchTeam({ defaultTrafficTargetId: ext.beta });
    expect(foreign.statusCode).toBe(400);
    expect(JSON.stringify(foreign.json())).toContain('defaultTrafficTargetId');
    const badType = await patchTeam({ defaultTrafficType: 'fax' });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().issues[0].field).toBe('body.defaultTrafficType');
  });

  test('TM-12 DELETE of the default traffic target → 409 naming the team', async () => {
    const queue = await t.call(t.alpha.token, 'POST', '/api/v1/queues', {
      name: 'overflow',
      number: '600',
    });
    expect(queue.statusCode, queue.body).toBe(201);
    const queueId = (queue.json() as { id: number }).id;
    const set = await patchTeam({ defaultTrafficType: 'queue', defaultTrafficTargetId: queueId });
    expect(set.statusCode, set.body).toBe(200);
    const refused = await t.call(t.alpha.token, 'DELETE', `/api/v1/queues/${queueId}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('team');
    expect((await patchTeam({ defaultTrafficType: null })).statusCode).toBe(200);
    expect((await t.call(t.alpha.token, 'DELETE', `/api/v1/queues/${queueId}`)).statusCode).toBe(
      204,
    );
  });
});
