import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import type { ParkedCallView } from '../../admin-api-deps.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * /api/v1/parking-lots: the CRUD contract (ETag/If-Match, strict bodies,
 * operation log, tenant isolation), number clashes with the team's
 * internal numbers and other lots, and the read-only slots listing.
 */

let t: TestApi;
const parked = new Map<number, ParkedCallView[]>();
let extensionId = 0;

beforeAll(async () => {
  t = await buildTestApi(undefined, { parkedCalls: { slots: (id) => parked.get(id) ?? [] } });
  const account = t.store.accounts.create({
    teamId: t.alpha.team.id,
    username: 'parkowner',
    accountType: 'user',
    passwordHash: hashPasswordSync('x-password'),
  });
  extensionId = t.store.extensions.create({
    teamId: t.alpha.team.id,
    accountId: account.id,
    internalNumber: '100',
  }).id;
  t.store.queues.create({ teamId: t.alpha.team.id, number: '810', name: 'Sales' });
});
afterAll(async () => t.close());

const URL = '/api/v1/parking-lots';

describe('/api/v1/parking-lots', () => {
  test('POST with no fields → 201 with the FreePBX defaults (700, 701 × 20, 45 s, call back the parker)', async () => {
    const res = await t.call(t.beta.token, 'POST', URL, {});
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      teamId: t.beta.team.id,
      name: 'Parking 700',
      number: '700',
      firstSlot: 701,
      slotCount: 20,
      parkingTimeoutS: 45,
      mohClassId: null,
      timeoutDestination: null,
    });
    const again = await t.call(t.beta.token, 'DELETE', `${URL}/${res.json().id}`);
    expect(again.statusCode).toBe(204);
  });

  test('POST, GET, PATCH with If-Match, DELETE → 201, 200 + ETag, 200, 204, then 404; each write logged', async () => {
    const created = await t.call(t.alpha.token, 'POST', URL, {
      name: 'Front desk',
      number: '900',
      firstSlot: 901,
      slotCount: 5,
      timeoutDestination: { type: 'extension', targetId: extensionId },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json() as { id: number };
    expect(created.json().timeoutDestination).toEqual({
      type: 'extension',
      targetId: extensionId,
      targetValue: null,
    });
    const got = await t.call(t.alpha.token, 'GET', `${URL}/${id}`);
    expect(got.headers.etag).toBe(created.headers.etag);
    t.clock.tick(1000);
    const patched = await t.call(
      t.alpha.token,
      'PATCH',
      `${URL}/${id}`,
      { parkingTimeoutS: 60, timeoutDestination: null },
      { 'if-match': String(created.headers.etag) },
    );
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ parkingTimeoutS: 60, timeoutDestination: null });
    const stale = await t.call(
      t.alpha.token,
      'PATCH',
      `${URL}/${id}`,
      { slotCount: 3 },
      {
        'if-match': String(created.headers.etag),
      },
    );
    expect(stale.statusCode).toBe(412);
    const listed = await t.call(t.alpha.token, 'GET', `${URL}?limit=100`);
    expect(listed.json().items.map((i: { id: number }) => i.id)).toContain(id);
    const deleted = await t.call(t.alpha.token, 'DELETE', `${URL}/${id}`, undefined, {
      'if-match': String(patched.headers.etag),
    });
    expect(deleted.statusCode).toBe(204);
    expect((await t.call(t.alpha.token, 'GET', `${URL}/${id}`)).statusCode).toBe(404);
    const log = t.store.operationLogs.list({
      resource: 'parking-lots',
      objectId: String(id),
      limit: 10,
    });
    expect(log.map((l) => l.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  test('POST with an unknown field → 400 naming body.<field>; a bad timeout target → 400 timeoutDestination', async () => {
    const bad = await t.call(t.alpha.token, 'POST', URL, { number: '950', bogus: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([{ field: 'body.bogus', message: 'unknown field' }]);
    const target = await t.call(t.alpha.token, 'POST', URL, {
      number: '950',
      firstSlot: 951,
      timeoutDestination: { type: 'extension', targetId: 99_999 },
    });
    expect(target.statusCode).toBe(400);
    expect(target.json().issues).toEqual([
      { field: 'timeoutDestination', message: expect.any(String) },
    ]);
  });

  test('POST whose number or a slot is an internal number → 409 ERR_INTERNAL_NUMBER_TAKEN naming number / firstSlot', async () => {
    const onExtension = await t.call(t.alpha.token, 'POST', URL, { number: '100', firstSlot: 101 });
    expect(onExtension.statusCode).toBe(409);
    expect(onExtension.json()).toMatchObject({
      code: 'ERR_INTERNAL_NUMBER_TAKEN',
      issues: [{ field: 'number' }],
    });
    const overQueue = await t.call(t.alpha.token, 'POST', URL, {
      number: '800',
      firstSlot: 801,
      slotCount: 20,
    });
    expect(overQueue.statusCode).toBe(409);
    expect(overQueue.json()).toMatchObject({ issues: [{ field: 'firstSlot' }] });
    const inOwnSlots = await t.call(t.alpha.token, 'POST', URL, { number: '702', firstSlot: 701 });
    expect(inOwnSlots.statusCode).toBe(400);
    expect(inOwnSlots.json().issues).toEqual([{ field: 'number', message: expect.any(String) }]);
  });

  test('POST overlapping another lot of the team → 409; the same numbers in another team → 201', async () => {
    const first = await t.call(t.alpha.token, 'POST', URL, {
      name: 'A',
      number: '600',
      firstSlot: 601,
    });
    expect(first.statusCode, first.body).toBe(201);
    const overlap = await t.call(t.alpha.token, 'POST', URL, {
      name: 'B',
      number: '650',
      firstSlot: 615,
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ issues: [{ field: 'firstSlot' }] });
    const onSlot = await t.call(t.alpha.token, 'POST', URL, {
      name: 'C',
      number: '605',
      firstSlot: 660,
    });
    expect(onSlot.json()).toMatchObject({ issues: [{ field: 'number' }] });
    const other = await t.call(t.beta.token, 'POST', URL, {
      name: 'A',
      number: '600',
      firstSlot: 601,
    });
    expect(other.statusCode).toBe(201);
  });

  test("cross-tenant: alpha's admin gets 404 for beta's lot and its slots, cannot create in beta, lists only alpha", async () => {
    const theirs = await t.call(t.beta.token, 'POST', URL, {
      name: 'X',
      number: '500',
      firstSlot: 501,
    });
    const theirId = (theirs.json() as { id: number }).id;
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.call(
        t.alpha.token,
        method,
        `${URL}/${theirId}`,
        method === 'PATCH' ? { slotCount: 2 } : undefined,
      );
      expect(res.statusCode, method).toBe(404);
    }
    expect((await t.call(t.alpha.token, 'GET', `${URL}/${theirId}/slots`)).statusCode).toBe(404);
    const list = await t.call(t.alpha.token, 'GET', `${URL}?limit=100`);
    const items = list.json().items as Array<{ teamId: number }>;
    expect(items.every((i) => i.teamId === t.alpha.team.id)).toBe(true);
    const intrude = await t.call(t.alpha.token, 'POST', URL, {
      number: '520',
      firstSlot: 521,
      teamId: t.beta.team.id,
    });
    expect(intrude.statusCode).toBe(403);
  });

  test('GET /parking-lots/:id/slots → the occupied slots with caller, parked since and parker', async () => {
    const lot = await t.call(t.alpha.token, 'POST', URL, {
      name: 'S',
      number: '300',
      firstSlot: 301,
    });
    const id = (lot.json() as { id: number }).id;
    expect((await t.call(t.alpha.token, 'GET', `${URL}/${id}/slots`)).json()).toEqual({
      items: [],
    });
    parked.set(id, [
      {
        slot: '301',
        callerNumber: '13800000000',
        callerName: undefined,
        parkedAtMs: Date.UTC(2026, 0, 1, 8),
        parkedBy: '100',
      },
    ]);
    const res = await t.call(t.alpha.token, 'GET', `${URL}/${id}/slots`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          slot: '301',
          callerNumber: '13800000000',
          callerName: null,
          parkedAt: '2026-01-01T08:00:00.000Z',
          parkedBy: '100',
        },
      ],
    });
  });
});
