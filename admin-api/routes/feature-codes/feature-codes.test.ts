import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/* Feature codes (spec 04 §15.9): the merged set, team overrides, R15.9-5. */

let t: TestApi;

beforeAll(async () => {
  t = await buildTestApi();
  const accountId = t.store.accounts.create({
    teamId: t.alpha.team.id,
    username: 'owner',
    accountType: 'user',
    passwordHash: hashPasswordSync('x-password'),
  }).id;
  t.store.extensions.create({ teamId: t.alpha.team.id, accountId, internalNumber: '800' });
});
afterAll(async () => t.close());

function put(token: string, name: string, body: object, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'PUT',
    url: `/api/v1/feature-codes/${name}`,
    headers: { authorization: `Bearer ${token}`, ...headers },
    payload: body,
  });
}

type Item = { name: string; code: string; isOverridden: boolean; source: string; kind: string };

async function list(token: string, query = ''): Promise<Item[]> {
  const res = await t.call(token, 'GET', `/api/v1/feature-codes${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: Item[] }).items;
}
const codeIn = (items: Item[], name: string) => items.find((i) => i.name === name)?.code;

describe('/api/v1/feature-codes', () => {
  test('GET → the 18 functions of §15.9, VF-2 *77 and Q-19 *53, with their default codes, none overridden', async () => {
    const items = await list(t.alpha.token);
    expect(items).toHaveLength(20);
    expect(codeIn(items, 'multi-party')).toBe('*53');
    expect(codeIn(items, 'forward-always')).toBe('*91');
    expect(items.find((i) => i.name === 'blind-transfer')).toMatchObject({
      kind: 'hotkey',
      code: '*51',
    });
    expect(items.every((i) => !i.isOverridden && i.source === 'default')).toBe(true);
  });

  test('R15.9-2 PUT → the team’s code changes, marked overridden; the other team keeps the default', async () => {
    const res = await put(t.alpha.token, 'forward-always', { code: '*72', note: 'FreePBX habit' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBeDefined();
    expect(res.json()).toMatchObject({ code: '*72', isOverridden: true, source: 'team' });
    expect(codeIn(await list(t.alpha.token), 'forward-always')).toBe('*72');
    expect(codeIn(await list(t.beta.token), 'forward-always')).toBe('*91');
  });

  test('VF-2 PUT record-prompt → the team records voice files on its own code', async () => {
    const res = await put(t.alpha.token, 'record-prompt', { code: '*177' });
    expect(res.statusCode, res.body).toBe(200);
    expect(codeIn(await list(t.alpha.token), 'record-prompt')).toBe('*177');
    expect(codeIn(await list(t.beta.token), 'record-prompt')).toBe('*77');
  });

  test('cross-tenant: a team admin naming another team → 403, and the other team is unchanged', async () => {
    const res = await put(t.beta.token, 'dnd-on', { code: '*99', teamId: t.alpha.team.id });
    expect(res.statusCode).toBe(403);
    const read = await t.call(
      t.beta.token,
      'GET',
      `/api/v1/feature-codes?teamId=${t.alpha.team.id}`,
    );
    expect(read.statusCode).toBe(403);
    const del = await t.call(
      t.beta.token,
      'DELETE',
      `/api/v1/feature-codes/forward-always?teamId=${t.alpha.team.id}`,
    );
    expect(del.statusCode).toBe(403);
    expect(codeIn(await list(t.alpha.token), 'dnd-on')).toBe('*67');
    expect(codeIn(await list(t.alpha.token), 'forward-always')).toBe('*72');
  });

  test('R15.9-5 PUT a code another function has, or an extension number → 409 naming code', async () => {
    for (const code of ['*68', '800']) {
      const res = await put(t.alpha.token, 'dnd-on', { code });
      expect(res.statusCode, code).toBe(409);
      expect(res.json()).toMatchObject({ code: 'ERR_FEATURE_CODE_TAKEN' });
      expect(res.json().issues[0].field).toBe('code');
    }
  });

  test('PUT a bad code → 400 naming body.code; an unknown name → 400; a hotkey on a team → 400 naming name', async () => {
    const bad = await put(t.alpha.token, 'dnd-on', { code: '*6x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('body.code');
    expect((await put(t.alpha.token, 'teleport', { code: '*1' })).statusCode).toBe(400);
    const hotkey = await put(t.alpha.token, 'blind-transfer', { code: '*57' });
    expect(hotkey.statusCode).toBe(400);
    expect(hotkey.json().issues[0].field).toBe('name');
  });

  test('R15.9-1 PUT enabled false → listed disabled', async () => {
    const res = await put(t.alpha.token, 'say-extension', { enabled: false });
    expect(res.json()).toMatchObject({ code: '*62', enabled: false });
  });

  test('PUT with a stale If-Match → 412; with the current ETag → 200', async () => {
    const read = await t.call(t.alpha.token, 'GET', '/api/v1/feature-codes/dnd-off');
    const etag = read.headers.etag as string;
    expect(
      (await put(t.alpha.token, 'dnd-off', { note: 'x' }, { 'if-match': '"stale"' })).statusCode,
    ).toBe(412);
    expect(
      (await put(t.alpha.token, 'dnd-off', { note: 'x' }, { 'if-match': etag })).statusCode,
    ).toBe(200);
  });

  test('DELETE → the default again; a second DELETE → 404; both in the operation log', async () => {
    const res = await t.call(t.alpha.token, 'DELETE', '/api/v1/feature-codes/forward-always');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: '*91', isOverridden: false });
    const again = await t.call(t.alpha.token, 'DELETE', '/api/v1/feature-codes/forward-always');
    expect(again.statusCode).toBe(404);
    const logs = t.store.operationLogs
      .list({ teamId: t.alpha.team.id, resource: 'feature-codes', limit: 100 })
      .filter((l) => l.resource === 'feature-codes');
    expect(logs.map((l) => l.action)).toEqual(expect.arrayContaining(['update', 'delete']));
  });

  test('superadmin without teamId → the system default set; a change applies to teams without their own', async () => {
    expect((await put(t.alpha.token, 'blind-transfer', { code: '*57' })).statusCode).toBe(400);
    const res = await put(t.superToken, 'blind-transfer', { code: '*57' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ source: 'system', isOverridden: true });
    const beta = (await list(t.beta.token)).find((i) => i.name === 'blind-transfer');
    expect(beta).toMatchObject({ code: '*57', source: 'system', isOverridden: false });
    expect(codeIn(await list(t.superToken, `?teamId=${t.alpha.team.id}`), 'dnd-off')).toBe('*68');
    const restored = await t.call(t.superToken, 'DELETE', '/api/v1/feature-codes/blind-transfer');
    expect(restored.json()).toMatchObject({ code: '*51', source: 'default' });
  });

  test('a team admin may not change the system set (no teamId means its own team)', async () => {
    const res = await put(t.alpha.token, 'pickup', { code: '*8' });
    expect(res.json()).toMatchObject({ source: 'team' });
    expect(codeIn(await list(t.superToken), 'pickup')).toBe('*61');
  });
});

describe('/api/v1/extensions forward columns', () => {
  test('PATCH forwardAlways/forwardBusy → stored and returned; a bad number → 400 naming the field', async () => {
    const ext = t.store.extensions.list(t.alpha.team.id)[0]!;
    const res = await t.call(t.alpha.token, 'PATCH', `/api/v1/extensions/${ext.id}`, {
      forwardAlways: '+4930123456',
      forwardBusy: '801',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      forwardAlways: '+4930123456',
      forwardBusy: '801',
      forwardNoAnswer: null,
      forwardUnreachable: null,
    });
    const bad = await t.call(t.alpha.token, 'PATCH', `/api/v1/extensions/${ext.id}`, {
      forwardNoAnswer: '12ab',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('body.forwardNoAnswer');
    const cleared = await t.call(t.alpha.token, 'PATCH', `/api/v1/extensions/${ext.id}`, {
      forwardAlways: null,
    });
    expect(cleared.json()).toMatchObject({ forwardAlways: null, forwardBusy: '801' });
  });
});
