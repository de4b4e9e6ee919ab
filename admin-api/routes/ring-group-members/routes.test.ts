import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * Ring-group members (spec 01 §2.4) as their own resource: priority
 * (RGM-1), statistics (RGM-2) and the one-membership rule (RGM-3), over
 * the same rows as a ring group's extensionIds.
 */

let t: TestApi;
let serial = 0;

beforeAll(async () => {
  t = await buildTestApi();
});
afterAll(async () => t.close());

function extension(teamId: number): number {
  const accountId = t.store.accounts.list(teamId)[0]!.id;
  return t.store.extensions.create({ teamId, accountId, internalNumber: `47${++serial}` }).id;
}

async function group(extensionIds: number[]): Promise<number> {
  const res = await t.call(t.alpha.token, 'POST', '/api/v1/ring-groups', {
    name: `rgm ${++serial}`,
    internalNumber: `48${serial}`,
    extensionIds,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

async function membersOf(ringGroupId: number, token = t.alpha.token) {
  const res = await t.call(token, 'GET', `/api/v1/ring-group-members?ringGroupId=${ringGroupId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<Record<string, number>>;
}

describe('/api/v1/ring-group-members', () => {
  test('RGM-1 a ring group’s extensions → members in list order, priority 0; a priority of 9 rings first, ties keep the list order', async () => {
    const [a, b, c] = [1, 2, 3].map(() => extension(t.alpha.team.id)) as [number, number, number];
    const id = await group([a, b, c]);
    const members = await membersOf(id);
    expect(members.map((m) => [m['extensionId'], m['position'], m['priority']])).toEqual([
      [a, 0, 0],
      [b, 1, 0],
      [c, 2, 0],
    ]);
    expect(members[0]).toMatchObject({ teamId: t.alpha.team.id, ringCount: 0, answerCount: 0 });
    const cId = members[2]!['id']!;
    const patched = await t.call(t.alpha.token, 'PATCH', `/api/v1/ring-group-members/${cId}`, {
      priority: 9,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(t.store.ringGroupMembers.ringOrder(id)).toEqual([c, a, b]);
    // The group's own list keeps the order it was given.
    const read = await t.call(t.alpha.token, 'GET', `/api/v1/ring-groups/${id}`);
    expect(read.json().extensionIds).toEqual([a, b, c]);
    const bad = await t.call(t.alpha.token, 'PATCH', `/api/v1/ring-group-members/${cId}`, {
      priority: 10,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('body.priority');
  });

  test('RGM-1, RGM-2 the group’s extensionIds change → members that stay keep priority and counts; one left out is gone', async () => {
    const [a, b, c] = [1, 2, 3].map(() => extension(t.alpha.team.id)) as [number, number, number];
    const id = await group([a, b, c]);
    const cId = (await membersOf(id))[2]!['id']!;
    t.store.ringGroupMembers.update(cId, { priority: 7 });
    t.store.ringGroupMembers.countRing(id, c);
    t.store.ringGroupMembers.countRing(id, c);
    t.store.ringGroupMembers.countAnswer(id, c);
    const res = await t.call(t.alpha.token, 'PATCH', `/api/v1/ring-groups/${id}`, {
      extensionIds: [c, a],
    });
    expect(res.statusCode, res.body).toBe(200);
    const members = await membersOf(id);
    expect(members.map((m) => m['extensionId'])).toEqual([a, c]);
    expect(members.find((m) => m['extensionId'] === c)).toMatchObject({
      id: cId,
      position: 0,
      priority: 7,
      ringCount: 2,
      answerCount: 1,
    });
  });

  test('RGM-3 POST adds an extension at the end of the group’s list; again → 409 ERR_DUPLICATE; DELETE takes it out', async () => {
    const [a, b] = [1, 2].map(() => extension(t.alpha.team.id)) as [number, number];
    const id = await group([a]);
    const before = (await t.call(t.alpha.token, 'GET', `/api/v1/ring-groups/${id}`)).headers.etag;
    const created = await t.call(t.alpha.token, 'POST', '/api/v1/ring-group-members', {
      ringGroupId: id,
      extensionId: b,
      priority: 3,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ ringGroupId: id, extensionId: b, position: 1 });
    const read = await t.call(t.alpha.token, 'GET', `/api/v1/ring-groups/${id}`);
    expect(read.json().extensionIds).toEqual([a, b]);
    expect(read.headers.etag).not.toBe(before);
    const again = await t.call(t.alpha.token, 'POST', '/api/v1/ring-group-members', {
      ringGroupId: id,
      extensionId: b,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ERR_DUPLICATE' });
    const removed = await t.call(
      t.alpha.token,
      'DELETE',
      `/api/v1/ring-group-members/${created.json().id}`,
    );
    expect(removed.statusCode).toBe(204);
    expect(t.store.ringGroups.find(id)?.extensionIds).toEqual([a]);
  });

  test('cross-tenant: another team reads 404, lists none, cannot add to the group or its own extension to it', async () => {
    const a = extension(t.alpha.team.id);
    const id = await group([a]);
    const memberId = (await membersOf(id))[0]!['id']!;
    const read = await t.call(t.beta.token, 'GET', `/api/v1/ring-group-members/${memberId}`);
    expect(read.statusCode).toBe(404);
    const patch = await t.call(t.beta.token, 'PATCH', `/api/v1/ring-group-members/${memberId}`, {
      priority: 1,
    });
    expect(patch.statusCode).toBe(404);
    expect(await membersOf(id, t.beta.token)).toEqual([]);
    const foreignGroup = await t.call(t.beta.token, 'POST', '/api/v1/ring-group-members', {
      ringGroupId: id,
      extensionId: extension(t.beta.team.id),
    });
    expect(foreignGroup.statusCode).toBe(400);
    expect(foreignGroup.json().issues[0].field).toBe('ringGroupId');
    const foreignExtension = await t.call(t.alpha.token, 'POST', '/api/v1/ring-group-members', {
      ringGroupId: id,
      extensionId: extension(t.beta.team.id),
    });
    expect(foreignExtension.statusCode).toBe(400);
    expect(foreignExtension.json().issues[0].field).toBe('extensionId');
  });
});
