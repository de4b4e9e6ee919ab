import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import type { VoicemailMessagesStore } from '../../admin-api-deps.ts';
import { buildTestApi, login, TEST_PASSWORD } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * ACC-2 for voicemail boxes: a `user` account whose role grants the
 * voicemail-boxes page sees and manages only the boxes of its own
 * extensions (list filtered, another's box 404, sub-routes too); the team
 * admin sees every box of its team.
 */

const noMessages: VoicemailMessagesStore = {
  list: () => Promise.resolve([]),
  remove: () => Promise.resolve(),
};

let t: TestApi;
let number = 4700;
const hash = hashPasswordSync(TEST_PASSWORD);

/** A user account of alpha with `boxes` extensions, each with a box. */
function seedOwner(username: string, boxes: number) {
  const teamId = t.alpha.team.id;
  const accountId = t.store.accounts.create({
    teamId,
    username,
    accountType: 'user',
    passwordHash: hash,
  }).id;
  const boxIds: number[] = [];
  const extensionIds: number[] = [];
  for (let i = 0; i < boxes; i++) {
    const extensionId = t.store.extensions.create({
      teamId,
      accountId,
      internalNumber: String(++number),
    }).id;
    extensionIds.push(extensionId);
    boxIds.push(t.store.voicemailBoxes.create({ teamId, extensionId }).id);
  }
  return { accountId, boxIds, extensionIds };
}

let owner: ReturnType<typeof seedOwner>;
let other: ReturnType<typeof seedOwner>;
let token: string;

beforeAll(async () => {
  t = await buildTestApi(undefined, { voicemailMessages: noMessages });
  owner = seedOwner('vmboxowner', 2);
  other = seedOwner('vmboxother', 1);
  const role = t.store.roles.create({
    teamId: t.alpha.team.id,
    name: 'voicemail manager',
    permissions: { 'voicemail-boxes': ['view', 'add', 'edit', 'delete'] },
  });
  t.store.roles.assign(owner.accountId, role.id);
  token = await login(t.app, 'vmboxowner', 'alpha');
});
afterAll(async () => t.close());

const ids = (body: { items: Array<{ id: number }> }) => body.items.map((b) => b.id).sort();

describe('voicemail boxes of a user account (ACC-2)', () => {
  test('ACC-2 GET /voicemail-boxes as a user with two extensions → exactly its two boxes', async () => {
    const res = await t.call(token, 'GET', '/api/v1/voicemail-boxes');
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res.json())).toEqual([...owner.boxIds].sort());
  });

  test('ACC-2 GET /voicemail-boxes as the team admin → every box of the team', async () => {
    const res = await t.call(t.alpha.token, 'GET', '/api/v1/voicemail-boxes');
    expect(ids(res.json())).toEqual([...owner.boxIds, ...other.boxIds].sort());
  });

  test('ACC-2 GET, PATCH, DELETE and /messages of a colleague’s box as a user → 404 each', async () => {
    const url = `/api/v1/voicemail-boxes/${other.boxIds[0]}`;
    const answers = [
      await t.call(token, 'GET', url),
      await t.call(token, 'PATCH', url, { maxMessages: 5 }),
      await t.call(token, 'DELETE', url),
      await t.call(token, 'GET', `${url}/messages`),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);
    expect(t.store.voicemailBoxes.find(other.boxIds[0]!)?.maxMessages).not.toBe(5);
  });

  test('ACC-2 GET, PATCH and /messages of its own box as a user → 200', async () => {
    const url = `/api/v1/voicemail-boxes/${owner.boxIds[0]}`;
    expect((await t.call(token, 'GET', url)).statusCode).toBe(200);
    const patched = await t.call(token, 'PATCH', url, { maxMessages: 7 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().maxMessages).toBe(7);
    expect((await t.call(token, 'GET', `${url}/messages`)).statusCode).toBe(200);
  });

  test('ACC-2 POST a box for a colleague’s extension as a user → 403; for its own → 201', async () => {
    const extensionId = t.store.extensions.create({
      teamId: t.alpha.team.id,
      accountId: owner.accountId,
      internalNumber: String(++number),
    }).id;
    const foreign = t.store.extensions.create({
      teamId: t.alpha.team.id,
      accountId: other.accountId,
      internalNumber: String(++number),
    }).id;
    const url = '/api/v1/voicemail-boxes';
    expect((await t.call(token, 'POST', url, { extensionId: foreign })).statusCode).toBe(403);
    const own = await t.call(token, 'POST', url, { extensionId });
    expect(own.statusCode, own.body).toBe(201);
  });
});
