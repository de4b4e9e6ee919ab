import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { buildTestApi } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/*
 * Conference rooms (spec 02 §3.11): MeetMe flag defaults, PINs, the room
 * number in the team's internal-number namespace (§0.3) and the
 * maxConferenceRooms quota (§0.2).
 */

let t: TestApi;
let accountId: number;
let number = 6000;

beforeAll(async () => {
  t = await buildTestApi();
  t.store.teams.update(t.alpha.team.id, { maxConferenceRooms: 100 });
  accountId = t.store.accounts.create({
    teamId: t.alpha.team.id,
    username: 'chair',
    accountType: 'user',
    passwordHash: hashPasswordSync('x-password'),
  }).id;
});
afterAll(async () => t.close());

/** A fresh internal number. */
const next = () => String(++number);

async function post(body: Record<string, unknown>, token = t.alpha.token) {
  const res = await t.call(token, 'POST', '/api/v1/conference-rooms', body);
  return { res, id: (res.json() as { id: number }).id };
}

describe('/api/v1/conference-rooms', () => {
  test('POST → every MeetMe flag off, no PINs, maxMembers 0 (§3.11 defaults)', async () => {
    const { res } = await post({ number: next(), name: 'Taishan' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      teamId: t.alpha.team.id,
      userPin: null,
      adminPin: null,
      maxMembers: 0,
      waitForLeader: false,
      talkerOptimization: false,
      talkerDetection: false,
      quietMode: false,
      announceJoinLeave: false,
      musicOnHold: false,
      enableMenu: false,
      announceUserCount: false,
      recordConference: false,
      inviteCallerId: null,
    });
  });

  test('CF-2: PINs are digits; a PIN with letters → 400 naming the field', async () => {
    const good = await post({ number: next(), name: 'pins', userPin: '1234', adminPin: '5678' });
    expect(good.res.statusCode).toBe(201);
    expect(good.res.json()).toMatchObject({ userPin: '1234', adminPin: '5678' });
    const bad = await post({ number: next(), name: 'bad', adminPin: '12a4' });
    expect(bad.res.statusCode).toBe(400);
    expect(bad.res.json().issues[0].field).toBe('body.adminPin');
  });

  test('strict body: an unknown field or a negative maxMembers → 400', async () => {
    expect((await post({ number: next(), name: 'x', colour: 'red' })).res.statusCode).toBe(400);
    expect((await post({ number: next(), name: 'x', maxMembers: -1 })).res.statusCode).toBe(400);
  });

  test('§0.3: a room on an extension number → 409 ERR_INTERNAL_NUMBER_TAKEN', async () => {
    const taken = next();
    t.store.extensions.create({ teamId: t.alpha.team.id, accountId, internalNumber: taken });
    const { res } = await post({ number: taken, name: 'clash' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ERR_INTERNAL_NUMBER_TAKEN');
  });

  test('§0.3: PATCH number moves the reservation; DELETE frees it (IN-3, IN-4)', async () => {
    const [first, second] = [next(), next()];
    const { id } = await post({ number: first, name: 'moving' });
    const get = await t.call(t.alpha.token, 'GET', `/api/v1/conference-rooms/${id}`);
    const patch = await t.call(
      t.alpha.token,
      'PATCH',
      `/api/v1/conference-rooms/${id}`,
      { number: second, waitForLeader: true },
      { 'if-match': get.headers.etag as string },
    );
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json()).toMatchObject({ number: second, waitForLeader: true });
    const teamId = t.alpha.team.id;
    expect(t.store.internalNumbers.lookup(teamId, first)).toBeUndefined();
    expect(t.store.internalNumbers.lookup(teamId, second)).toMatchObject({
      kind: 'conferenceRoom',
      ownerId: id,
    });
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/conference-rooms/${id}`);
    expect(del.statusCode).toBe(204);
    expect(t.store.internalNumbers.lookup(teamId, second)).toBeUndefined();
  });

  test('cross-tenant: team beta cannot read or change an alpha room → 404', async () => {
    const { id } = await post({ number: next(), name: 'private' });
    const read = await t.call(t.beta.token, 'GET', `/api/v1/conference-rooms/${id}`);
    expect(read.statusCode).toBe(404);
    const del = await t.call(t.beta.token, 'DELETE', `/api/v1/conference-rooms/${id}`);
    expect(del.statusCode).toBe(404);
    const list = await t.call(t.beta.token, 'GET', '/api/v1/conference-rooms');
    expect((list.json() as { items: { id: number }[] }).items.map((r) => r.id)).not.toContain(id);
  });

  test('quota: beyond the team maxConferenceRooms → 409 ERR_QUOTA_EXCEEDED, number not reserved', async () => {
    const delta = t.store.teams.create({ uid: 'delta', name: 'Delta', maxConferenceRooms: 1 });
    t.store.conferenceRooms.create({ teamId: delta.id, number: '1', name: 'only' });
    const res = await t.call(t.superToken, 'POST', '/api/v1/conference-rooms', {
      teamId: delta.id,
      number: '2',
      name: 'over',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ERR_QUOTA_EXCEEDED');
    expect(t.store.internalNumbers.lookup(delta.id, '2')).toBeUndefined();
  });

  test('team delete while it owns a room → 409 naming the conference room', async () => {
    const epsilon = t.store.teams.create({ uid: 'epsilon', name: 'Epsilon' });
    const room = t.store.conferenceRooms.create({ teamId: epsilon.id, number: '9', name: 'Lone' });
    const res = await t.call(t.superToken, 'DELETE', `/api/v1/teams/${epsilon.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain(`conferenceRoom ${room.id} (Lone)`);
  });

  test('GET list filters by name and sorts by number', async () => {
    await post({ number: next(), name: 'filter-me' });
    const res = await t.call(
      t.alpha.token,
      'GET',
      '/api/v1/conference-rooms?name=filter-me&sort=-number',
    );
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: { name: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((r) => r.name === 'filter-me')).toBe(true);
  });

  test('OpenAPI → every operation listed, with examples on bodies and responses', async () => {
    const doc = (await t.call(undefined, 'GET', '/api/openapi.json')).json() as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(Object.keys(doc.paths['/api/v1/conference-rooms']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/conference-rooms/{id}']!).sort()).toEqual([
      'delete',
      'get',
      'patch',
    ]);
    expect(JSON.stringify(doc.paths['/api/v1/conference-rooms']!.post)).toContain('"example"');
  });
});

describe('/api/v1/conference-rooms/:id/live', () => {
  test('an idle room → isActive false; another team → 404; no such member → 404; a bad body → 400', async () => {
    const room = await t.call(t.alpha.token, 'POST', '/api/v1/conference-rooms', {
      number: next(),
      name: 'Live',
    });
    const url = `/api/v1/conference-rooms/${room.json().id}`;
    const live = await t.call(t.alpha.token, 'GET', `${url}/live`);
    expect(live.statusCode, live.body).toBe(200);
    expect(live.json()).toMatchObject({ isActive: false, sessionId: null, members: [] });
    expect((await t.call(t.beta.token, 'GET', `${url}/live`)).statusCode).toBe(404);
    expect((await t.call(t.beta.token, 'DELETE', `${url}/members/m1`)).statusCode).toBe(404);
    const mute = await t.call(t.alpha.token, 'PATCH', `${url}/members/m1`, { isMuted: true });
    expect(mute.statusCode).toBe(404);
    const bad = await t.call(t.alpha.token, 'PATCH', `${url}/members/m1`, { isMuted: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('body.isMuted');
    const sessions = await t.call(t.alpha.token, 'GET', `${url}/sessions`);
    expect(sessions.json()).toEqual({ items: [] });
  });
});
