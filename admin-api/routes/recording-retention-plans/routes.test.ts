import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi, type TestApi } from '../../test-api.ts';

const PATH = '/api/v1/recording-retention-plans';

describe('/api/v1/recording-retention-plans (spec 04 §15.13)', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await buildTestApi();
  });
  afterAll(async () => {
    await t.close();
  });

  test('POST by a team admin → 201 with the spec defaults, in its own team, logged', async () => {
    const res = await t.call(t.alpha.token, 'POST', PATH, { movePath: '/srv/archive' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      teamId: t.alpha.team.id,
      status: 'enabled',
      retentionDays: 30,
      runAt: '00:00',
      expiredAction: 'move',
      movePath: '/srv/archive',
      packArchive: false,
      lastRunDate: null,
    });
    const log = await t.call(
      t.alpha.token,
      'GET',
      '/api/v1/operation-logs?resource=recording-retention-plans&limit=1',
    );
    expect(log.json().items[0]).toMatchObject({
      action: 'create',
      objectId: String(res.json().id),
    });
  });

  test('POST move without movePath, a bad runAt or a relative path → 400', async () => {
    for (const body of [
      { expiredAction: 'move' },
      { expiredAction: 'delete', runAt: '24:00' },
      { expiredAction: 'move', movePath: 'relative/dir' },
      { expiredAction: 'delete', retentionDays: -1 },
      { expiredAction: 'delete', lastRunDate: '2026-01-01' },
    ]) {
      const res = await t.call(t.alpha.token, 'POST', PATH, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  test('PATCH, GET and DELETE → the plan changes, then is gone', async () => {
    const created = await t.call(t.alpha.token, 'POST', PATH, {
      expiredAction: 'delete',
      retentionDays: 3,
      runAt: '02:30',
    });
    const id = created.json().id as number;
    const patched = await t.call(t.alpha.token, 'PATCH', `${PATH}/${id}`, {
      status: 'disabled',
      packArchive: true,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ status: 'disabled', packArchive: true, runAt: '02:30' });
    const toMove = await t.call(t.alpha.token, 'PATCH', `${PATH}/${id}`, { expiredAction: 'move' });
    expect(toMove.statusCode).toBe(400);
    const list = await t.call(t.alpha.token, 'GET', `${PATH}?status=disabled`);
    expect(list.json().items.map((p: { id: number }) => p.id)).toEqual([id]);
    expect((await t.call(t.alpha.token, 'DELETE', `${PATH}/${id}`)).statusCode).toBe(204);
    expect((await t.call(t.alpha.token, 'GET', `${PATH}/${id}`)).statusCode).toBe(404);
  });

  test("cross-tenant: another team's plan → 404 on read, write and delete; not listed", async () => {
    const res = await t.call(t.beta.token, 'POST', PATH, { expiredAction: 'delete' });
    const id = res.json().id as number;
    expect((await t.call(t.alpha.token, 'GET', `${PATH}/${id}`)).statusCode).toBe(404);
    const patch = await t.call(t.alpha.token, 'PATCH', `${PATH}/${id}`, { retentionDays: 1 });
    expect(patch.statusCode).toBe(404);
    expect((await t.call(t.alpha.token, 'DELETE', `${PATH}/${id}`)).statusCode).toBe(404);
    const list = await t.call(t.alpha.token, 'GET', PATH);
    expect(list.json().items.every((p: { teamId: number }) => p.teamId === t.alpha.team.id)).toBe(
      true,
    );
    const forged = await t.call(t.alpha.token, 'POST', PATH, {
      expiredAction: 'delete',
      teamId: t.beta.team.id,
    });
    expect(forged.statusCode).toBe(403);
    expect(t.store.recordingRetentionPlans.find(id)?.retentionDays).toBe(30);
  });

  test('the superadmin → must name the team; sees every team', async () => {
    const none = await t.call(t.superToken, 'POST', PATH, { expiredAction: 'delete' });
    expect(none.statusCode).toBe(400);
    const list = await t.call(t.superToken, 'GET', PATH);
    const teams = new Set(list.json().items.map((p: { teamId: number }) => p.teamId));
    expect(teams).toEqual(new Set([t.alpha.team.id, t.beta.team.id]));
  });
});
