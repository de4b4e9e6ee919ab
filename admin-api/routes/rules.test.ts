import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { buildTestApi } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/*
 * Teams, referenced deletes, bulk creation and CSV import, pagination and
 * sorting, system trunks, and the operation log.
 */

let t: TestApi;
let accountId: number;
beforeAll(async () => {
  t = await buildTestApi();
  accountId = t.store.accounts.create({
    teamId: t.alpha.team.id,
    username: 'owner',
    accountType: 'user',
    passwordHash: hashPasswordSync('x-password'),
  }).id;
});
afterAll(async () => t.close());

const items = (res: { json(): unknown }) =>
  (res.json() as { items: Array<Record<string, unknown>> }).items;

describe('/api/v1/teams', () => {
  test('superadmin creates, patches and deletes a team; a team admin gets 403 for writes (TM-14)', async () => {
    const created = await t.call(t.superToken, 'POST', '/api/v1/teams', {
      uid: 'gamma',
      name: 'Gamma',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      uid: 'gamma',
      maxExtensions: 5,
      paymentMode: 'unlimited',
    });
    const id = (created.json() as { id: number }).id;
    const denied = await t.call(t.alpha.token, 'POST', '/api/v1/teams', {
      uid: 'delta',
      name: 'D',
    });
    expect(denied.statusCode).toBe(403);
    const raise = await t.call(t.alpha.token, 'PATCH', `/api/v1/teams/${t.alpha.team.id}`, {
      maxExtensions: 9999,
    });
    expect(raise.statusCode).toBe(403);
    const patched = await t.call(t.superToken, 'PATCH', `/api/v1/teams/${id}`, {
      maxExtensions: 50,
    });
    expect(patched.json()).toMatchObject({ maxExtensions: 50 });
    expect((await t.call(t.superToken, 'DELETE', `/api/v1/teams/${id}`)).statusCode).toBe(204);
  });

  test('team admin lists only its own team and gets 404 for another', async () => {
    const list = await t.call(t.alpha.token, 'GET', '/api/v1/teams');
    expect(items(list).map((i) => i.uid)).toEqual(['alpha']);
    expect((await t.call(t.alpha.token, 'GET', `/api/v1/teams/${t.beta.team.id}`)).statusCode).toBe(
      404,
    );
  });

  test('D83 maxConcurrentCalls: null by default, set and cleared by the superadmin, a team admin 403, -1 → 400 naming it', async () => {
    const created = await t.call(t.superToken, 'POST', '/api/v1/teams', {
      uid: 'epsilon',
      name: 'Epsilon',
    });
    expect(created.json()).toMatchObject({ maxConcurrentCalls: null });
    const id = (created.json() as { id: number }).id;
    const set = await t.call(t.superToken, 'PATCH', `/api/v1/teams/${id}`, {
      maxConcurrentCalls: 30,
    });
    expect(set.json()).toMatchObject({ maxConcurrentCalls: 30 });
    const raise = await t.call(t.alpha.token, 'PATCH', `/api/v1/teams/${t.alpha.team.id}`, {
      maxConcurrentCalls: 1000,
    });
    expect(raise.statusCode).toBe(403);
    const bad = await t.call(t.superToken, 'PATCH', `/api/v1/teams/${id}`, {
      maxConcurrentCalls: -1,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ issues: [{ field: 'body.maxConcurrentCalls' }] });
    const cleared = await t.call(t.superToken, 'PATCH', `/api/v1/teams/${id}`, {
      maxConcurrentCalls: null,
    });
    expect(cleared.json()).toMatchObject({ maxConcurrentCalls: null });
    expect(t.store.teams.find(id)?.maxConcurrentCalls).toBeNull();
    expect((await t.call(t.superToken, 'DELETE', `/api/v1/teams/${id}`)).statusCode).toBe(204);
  });

  test('POST when the uid is taken → 409 ERR_TEAM_UID_TAKEN naming uid', async () => {
    const res = await t.call(t.superToken, 'POST', '/api/v1/teams', { uid: 'alpha', name: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ERR_TEAM_UID_TAKEN', issues: [{ field: 'uid' }] });
  });
});

describe('DELETE of a referenced object', () => {
  test('trunk used by an outbound route → 409 ERR_IN_USE naming the route', async () => {
    const trunk = await t.call(t.alpha.token, 'POST', '/api/v1/trunks', {
      name: 'used',
      type: 'ipPeer',
      host: 'gw.example.net',
    });
    const trunkId = (trunk.json() as { id: number }).id;
    const route = await t.call(t.alpha.token, 'POST', '/api/v1/outbound-routes', {
      name: 'intl',
      trunkId,
    });
    const routeId = (route.json() as { id: number }).id;
    const res = await t.call(t.alpha.token, 'DELETE', `/api/v1/trunks/${trunkId}`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'ERR_IN_USE',
      message: expect.stringContaining(`outboundRoute ${routeId} (intl)`),
    });
  });

  test('account owning an extension, extension behind a DID, team with accounts → 409', async () => {
    const ext = await t.call(t.alpha.token, 'POST', '/api/v1/extensions', {
      internalNumber: '300',
      accountId,
    });
    const extId = (ext.json() as { id: number }).id;
    await t.call(t.alpha.token, 'POST', '/api/v1/dids', {
      number: '+15550000300',
      destinationType: 'extension',
      destinationId: extId,
    });
    const cases: Array<[string, string]> = [
      [`/api/v1/accounts/${accountId}`, 'extension'],
      [`/api/v1/extensions/${extId}`, 'did'],
      [`/api/v1/teams/${t.alpha.team.id}`, 'account'],
    ];
    for (const [url, referrer] of cases) {
      const res = await t.call(t.superToken, 'DELETE', url);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().message).toContain(`used by ${referrer}`);
    }
  });
});

describe('/api/v1/trunks system-wide', () => {
  test('superadmin trunk without team → visible to team admins, read-only for them (403)', async () => {
    const res = await t.call(t.superToken, 'POST', '/api/v1/trunks', {
      name: 'shared',
      type: 'ipPeer',
      host: 'core.example.net',
    });
    const { id, teamId } = res.json() as { id: number; teamId: number | null };
    expect(teamId).toBeNull();
    expect((await t.call(t.alpha.token, 'GET', `/api/v1/trunks/${id}`)).statusCode).toBe(200);
    expect(
      (await t.call(t.alpha.token, 'PATCH', `/api/v1/trunks/${id}`, { port: 5080 })).statusCode,
    ).toBe(403);
    expect((await t.call(t.alpha.token, 'DELETE', `/api/v1/trunks/${id}`)).statusCode).toBe(403);
  });

  test('TRK-10 recording gains: default 0 dB each; PATCH to -6/+3 → kept; 30 dB → 400 naming the field', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/trunks', {
      name: 'gains',
      type: 'ipPeer',
      host: 'gains.example.net',
    });
    expect(res.json()).toMatchObject({ recordGainInternal: 0, recordGainExternal: 0 });
    const url = `/api/v1/trunks/${res.json().id}`;
    const patched = await t.call(t.alpha.token, 'PATCH', url, {
      recordGainInternal: -6,
      recordGainExternal: 3,
    });
    expect(patched.json()).toMatchObject({ recordGainInternal: -6, recordGainExternal: 3 });
    const bad = await t.call(t.alpha.token, 'PATCH', url, { recordGainExternal: 30 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('body.recordGainExternal');
  });
});

describe('/api/v1/extensions/bulk and /import', () => {
  test('bulk range → 201 with the count, in one operation-log row', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/extensions/bulk', {
      accountId,
      firstNumber: 5000,
      lastNumber: 5019,
      ringTimeoutSec: 20,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().count).toBe(20);
    const log = await t.call(
      t.alpha.token,
      'GET',
      '/api/v1/operation-logs?resource=extensions&limit=1',
    );
    expect(items(log)[0]).toMatchObject({ action: 'create', detail: { count: 20 } });
  });

  test('bulk range over the quota → 409 ERR_QUOTA_EXCEEDED and nothing created', async () => {
    const before = t.store.teams.usage(t.alpha.team.id).extensions;
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/extensions/bulk', {
      accountId,
      firstNumber: 6000,
      lastNumber: 6200,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ERR_QUOTA_EXCEEDED');
    expect(t.store.teams.usage(t.alpha.team.id).extensions).toBe(before);
  });

  test('CSV import → 201 with the count; names and passwords applied', async () => {
    const csv = 'number,name,password\r\n7001,Alice,"pa,ss-word1"\r\n7002,,\r\n';
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/extensions/import?accountId=${accountId}`,
      headers: { authorization: `Bearer ${t.alpha.token}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().count).toBe(2);
    const alice = t.store.extensions.findByNumber(t.alpha.team.id, '7001')!;
    expect(alice.name).toBe('Alice');
    expect(t.store.extensions.getSipSecret(alice.id)).toBe('pa,ss-word1');
  });

  test('CSV import with bad rows → 400 naming each line and column; nothing created', async () => {
    const csv = '7101,Ok,secret-ok1\nabc,Bad,\n7103,x,short\n7101,dup,\n';
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/extensions/import?accountId=${accountId}`,
      headers: { authorization: `Bearer ${t.alpha.token}`, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      { field: 'line 2.number', message: 'digits, 1 to 15' },
      { field: 'line 3.password', message: '8 to 128 printable ASCII characters' },
    ]);
    expect(t.store.extensions.findByNumber(t.alpha.team.id, '7101')).toBeUndefined();
  });
});

describe('list pagination, filters and sort', () => {
  test('?limit&cursor walks every row once; ?sort=-internalNumber reverses; filters apply', async () => {
    await t.call(t.alpha.token, 'POST', '/api/v1/extensions/bulk', {
      accountId,
      firstNumber: 8000,
      lastNumber: 8006,
      status: 'disabled',
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `status=disabled&sort=-internalNumber&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.call(t.alpha.token, 'GET', `/api/v1/extensions?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as {
        items: Array<{ internalNumber: string }>;
        nextCursor: string | null;
      };
      seen.push(...body.items.map((i) => i.internalNumber));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(['8006', '8005', '8004', '8003', '8002', '8001', '8000']);
  });

  test('unknown filter or sort → 400 naming the query field; foreign cursor → 400 cursor', async () => {
    const res = await t.call(t.alpha.token, 'GET', '/api/v1/extensions?colour=red&sort=secret');
    expect(res.statusCode).toBe(400);
    const fields = (res.json() as { issues: Array<{ field: string }> }).issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['querystring.colour', 'querystring.sort']));
    const bad = await t.call(t.alpha.token, 'GET', '/api/v1/extensions?cursor=bm9wZQ');
    expect(bad.json()).toMatchObject({ code: 'ERR_VALIDATION', issues: [{ field: 'cursor' }] });
  });
});

describe('/api/v1/operation-logs', () => {
  test('a write is logged with who, when and what; secrets are redacted', async () => {
    t.clock.tick(5000);
    await t.call(t.alpha.token, 'POST', '/api/v1/accounts', {
      username: 'logged',
      accountType: 'user',
      password: 'pw-logged-1',
      roleId: t.store.roles.builtin('agent').id,
    });
    const res = await t.call(
      t.alpha.token,
      'GET',
      '/api/v1/operation-logs?resource=accounts&action=create',
    );
    expect(items(res)[0]).toMatchObject({
      username: 'adminalpha',
      teamId: t.alpha.team.id,
      createdAt: new Date(t.clock.now()).toISOString(),
      detail: { values: { username: 'logged', password: '***' }, via: 'session' },
    });
  });

  test('team admin sees only its team; superadmin sees all; pages by cursor', async () => {
    await t.call(t.beta.token, 'POST', '/api/v1/trunks', {
      name: 'b',
      type: 'ipPeer',
      host: 'h.example',
    });
    const mine = items(await t.call(t.alpha.token, 'GET', '/api/v1/operation-logs?limit=500'));
    expect(mine.every((r) => r.teamId === t.alpha.team.id)).toBe(true);
    const foreign = await t.call(
      t.alpha.token,
      'GET',
      `/api/v1/operation-logs?teamId=${t.beta.team.id}`,
    );
    expect(foreign.statusCode).toBe(403);
    const page1 = (await t.call(t.superToken, 'GET', '/api/v1/operation-logs?limit=2')).json() as {
      items: Array<{ id: number }>;
      nextCursor: string;
    };
    const page2 = items(
      await t.call(
        t.superToken,
        'GET',
        `/api/v1/operation-logs?limit=2&cursor=${page1.nextCursor}`,
      ),
    );
    expect(page2[0]!.id).toBeLessThan(page1.items[1]!.id);
    const betaRows = items(
      await t.call(t.superToken, 'GET', `/api/v1/operation-logs?teamId=${t.beta.team.id}`),
    );
    expect(betaRows.some((r) => r.resource === 'trunks')).toBe(true);
  });
});
