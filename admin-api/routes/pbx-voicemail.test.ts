import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../core/config-store/index.ts';
import { buildTestApi } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/*
 * Voicemail boxes (spec 01 §2.9, EXT-10): one per extension of the team,
 * a write-only digit PIN (VM-4), e-mail delivery (VM-3) and greeting.
 */

let t: TestApi;
let accountId: number;
let betaAccountId: number;
let number = 3000;

beforeAll(async () => {
  t = await buildTestApi();
  t.store.teams.update(t.alpha.team.id, { maxExtensions: 100 });
  t.store.teams.update(t.beta.team.id, { maxExtensions: 100 });
  const account = (teamId: number, username: string) =>
    t.store.accounts.create({
      teamId,
      username,
      accountType: 'user',
      passwordHash: hashPasswordSync('x-password'),
    }).id;
  accountId = account(t.alpha.team.id, 'vm_owner');
  betaAccountId = account(t.beta.team.id, 'vm_beta');
});
afterAll(async () => t.close());

function extension(teamId = t.alpha.team.id, owner = accountId): number {
  return t.store.extensions.create({ teamId, accountId: owner, internalNumber: String(++number) })
    .id;
}

async function post(body: Record<string, unknown>, token = t.alpha.token) {
  const res = await t.call(token, 'POST', '/api/v1/voicemail-boxes', body);
  return { res, id: (res.json() as { id: number }).id };
}

describe('/api/v1/voicemail-boxes', () => {
  test('POST → defaults: system greeting, attach audio, 100 messages of 180 s; PIN never returned (VM-4)', async () => {
    const { res, id } = await post({ extensionId: extension(), pin: '4321' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      teamId: t.alpha.team.id,
      email: null,
      attachAudio: true,
      deleteAfterEmail: false,
      greeting: 'system',
      maxMessages: 100,
      maxMessageSec: 180,
    });
    expect(res.body).not.toContain('4321');
    expect(res.json()).not.toHaveProperty('pin');
    expect(t.store.voicemailBoxes.getPin(id)).toBe('4321');
  });

  test('VM-4: a PIN with letters → 400 body.pin; PATCH pin null removes it', async () => {
    const bad = await post({ extensionId: extension(), pin: '12ab' });
    expect(bad.res.statusCode).toBe(400);
    expect(bad.res.json().issues[0].field).toBe('body.pin');
    const { id } = await post({ extensionId: extension(), pin: '1111' });
    const get = await t.call(t.alpha.token, 'GET', `/api/v1/voicemail-boxes/${id}`);
    const patch = await t.call(
      t.alpha.token,
      'PATCH',
      `/api/v1/voicemail-boxes/${id}`,
      { pin: null, greeting: 'personal' },
      { 'if-match': get.headers.etag as string },
    );
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().greeting).toBe('personal');
    expect(t.store.voicemailBoxes.getPin(id)).toBeNull();
  });

  test('VM-3: a malformed e-mail → 400 body.email', async () => {
    const { res } = await post({ extensionId: extension(), email: 'not-an-address' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('body.email');
  });

  test('EXT-10: a second box for the same extension → 409 ERR_MAILBOX_EXISTS', async () => {
    const extensionId = extension();
    expect((await post({ extensionId })).res.statusCode).toBe(201);
    const again = await post({ extensionId });
    expect(again.res.statusCode).toBe(409);
    expect(again.res.json().code).toBe('ERR_MAILBOX_EXISTS');
  });

  test('cross-tenant: a box on another team’s extension → 400; beta cannot read alpha’s box → 404', async () => {
    const foreign = await post({ extensionId: extension(t.beta.team.id, betaAccountId) });
    expect(foreign.res.statusCode).toBe(400);
    expect(foreign.res.json().issues[0].field).toBe('extensionId');
    const { id } = await post({ extensionId: extension() });
    const read = await t.call(t.beta.token, 'GET', `/api/v1/voicemail-boxes/${id}`);
    expect(read.statusCode).toBe(404);
  });

  test('deleting the extension deletes its box; GET list filters by extensionId', async () => {
    const extensionId = extension();
    const { id } = await post({ extensionId });
    const list = await t.call(
      t.alpha.token,
      'GET',
      `/api/v1/voicemail-boxes?extensionId=${extensionId}`,
    );
    expect((list.json() as { items: { id: number }[] }).items.map((b) => b.id)).toEqual([id]);
    t.store.extensions.delete(extensionId);
    expect(t.store.voicemailBoxes.find(id)).toBeUndefined();
  });

  test('operation log: the PIN is logged as ***', async () => {
    await post({ extensionId: extension(), pin: '2468' });
    const logs = await t.call(t.alpha.token, 'GET', '/api/v1/operation-logs?limit=200');
    expect(logs.statusCode, logs.body).toBe(200);
    expect(logs.body).not.toContain('2468');
  });
});
