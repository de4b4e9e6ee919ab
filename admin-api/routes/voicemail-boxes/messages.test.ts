import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import type { VoicemailMessagesStore, VoicemailMessageView } from '../../admin-api-deps.ts';
import { buildTestApi, login, TEST_PASSWORD } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * VM-2: voicemail messages over the API. The store here keeps its index
 * in memory over real files in <dataDir>/voicemail; production passes
 * pbx/voicemail's FileVoicemailStore, whose remove() is tested beside it.
 */

class MemoryMessages implements VoicemailMessagesStore {
  readonly messages: VoicemailMessageView[] = [];

  list(boxId: number): Promise<readonly VoicemailMessageView[]> {
    const own = this.messages.filter((m) => m.boxId === boxId);
    return Promise.resolve(own.sort((a, b) => a.leftAtMs - b.leftAtMs));
  }

  async remove(id: string): Promise<void> {
    const i = this.messages.findIndex((m) => m.id === id);
    const [m] = i < 0 ? [] : this.messages.splice(i, 1);
    if (m !== undefined) await unlink(m.filePath).catch(() => undefined);
  }
}

const WAV = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt -- not real audio, 40 bytes --', 'latin1');

let t: TestApi;
let store: MemoryMessages;
let voicemailDir: string;
let number = 4100;
let uuidSeq = 0;

beforeAll(async () => {
  store = new MemoryMessages();
  t = await buildTestApi(undefined, { voicemailMessages: store });
  voicemailDir = join(dirname(t.store.path), 'voicemail');
});
afterAll(async () => t.close());
beforeEach(() => {
  store.messages.length = 0;
});

/** One shared account per team for boxes whose owner does not matter. */
const pool = new Map<number, number>();

/** An extension of `teamId` with its voicemail box, owned by `username` if given. */
function seedBox(teamId: number, username?: string) {
  const create = (name: string) =>
    t.store.accounts.create({
      teamId,
      username: name,
      accountType: 'user',
      passwordHash: hashPasswordSync(TEST_PASSWORD),
    }).id;
  const accountId =
    username === undefined
      ? (pool.get(teamId) ?? pool.set(teamId, create(`vmpool${teamId}`)).get(teamId)!)
      : create(username);
  const account = { id: accountId };
  const extension = t.store.extensions.create({
    teamId,
    accountId: account.id,
    internalNumber: String(++number),
  });
  const box = t.store.voicemailBoxes.create({ teamId, extensionId: extension.id });
  return { accountId: account.id, boxId: box.id };
}

/** A message in `boxId` with its WAV on disk. */
function leave(boxId: number, leftAtMs: number, filePath?: string): VoicemailMessageView {
  const id = `${boxId}-00000000-0000-4000-8000-${String(++uuidSeq).padStart(12, '0')}`;
  const path = filePath ?? join(voicemailDir, `box-${boxId}`, `${id}.wav`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, WAV);
  const m = {
    id,
    boxId,
    callerNumber: '5551234',
    callerName: 'Bob',
    leftAtMs,
    durationMs: 4200,
    filePath: path,
    isRead: false,
  };
  store.messages.push(m);
  return m;
}

const messagesUrl = (boxId: number) => `/api/v1/voicemail-boxes/${boxId}/messages`;

describe('/api/v1/voicemail-boxes/:id/messages (VM-2)', () => {
  test('VM-2 GET as the team admin → the box’s messages oldest first with an audio URL', async () => {
    const { boxId } = seedBox(t.alpha.team.id);
    const later = leave(boxId, Date.UTC(2026, 10, 26, 9));
    const earlier = leave(boxId, Date.UTC(2026, 10, 26, 8));
    const res = await t.call(t.alpha.token, 'GET', messagesUrl(boxId));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      items: [earlier, later].map((m) => ({
        id: m.id,
        boxId,
        callerNumber: '5551234',
        callerName: 'Bob',
        leftAt: new Date(m.leftAtMs).toISOString(),
        durationMs: 4200,
        isRead: false,
        audioUrl: `${messagesUrl(boxId)}/${m.id}/audio`,
      })),
    });
  });

  test('VM-2 GET …/audio → audio/wav with the bytes; Range → 206; download=1 → attachment', async () => {
    const { boxId } = seedBox(t.alpha.team.id);
    const m = leave(boxId, 1);
    const url = `${messagesUrl(boxId)}/${m.id}/audio`;
    const whole = await t.call(t.alpha.token, 'GET', url);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.rawPayload.equals(WAV)).toBe(true);
    const part = await t.call(t.alpha.token, 'GET', url, undefined, { range: 'bytes=0-3' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-3/${WAV.length}`);
    expect(part.body).toBe('RIFF');
    const bad = await t.call(t.alpha.token, 'GET', url, undefined, { range: 'bytes=999-' });
    expect(bad.statusCode).toBe(416);
    const download = await t.call(t.alpha.token, 'GET', `${url}?download=1`);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${m.id}.wav"`);
  });

  test('VM-2 DELETE → 204; the file and the listing entry are gone; an operation log row', async () => {
    const { boxId } = seedBox(t.alpha.team.id);
    const m = leave(boxId, 1);
    const res = await t.call(t.alpha.token, 'DELETE', `${messagesUrl(boxId)}/${m.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect(existsSync(m.filePath)).toBe(false);
    expect((await t.call(t.alpha.token, 'GET', messagesUrl(boxId))).json()).toEqual({ items: [] });
    const [log] = t.store.operationLogs.list({ resource: 'voicemail-messages', limit: 1 });
    expect(log).toMatchObject({ action: 'delete', objectId: m.id, teamId: t.alpha.team.id });
    const again = await t.call(t.alpha.token, 'DELETE', `${messagesUrl(boxId)}/${m.id}`);
    expect(again.statusCode).toBe(404);
  });

  test('VM-2 another team’s box → 404 for list, audio and delete; its file stays', async () => {
    const { boxId } = seedBox(t.alpha.team.id);
    const m = leave(boxId, 1);
    const list = await t.call(t.beta.token, 'GET', messagesUrl(boxId));
    const audio = await t.call(t.beta.token, 'GET', `${messagesUrl(boxId)}/${m.id}/audio`);
    const del = await t.call(t.beta.token, 'DELETE', `${messagesUrl(boxId)}/${m.id}`);
    expect([list.statusCode, audio.statusCode, del.statusCode]).toEqual([404, 404, 404]);
    expect(existsSync(m.filePath)).toBe(true);
    // An unknown box answers the same, so the two cannot be told apart.
    const unknown = await t.call(t.beta.token, 'GET', messagesUrl(999_999));
    expect(unknown.json().code).toBe(list.json().code);
  });

  test('VM-2 a message id of another box in the URL → 404', async () => {
    const a = seedBox(t.alpha.team.id);
    const b = seedBox(t.alpha.team.id);
    const m = leave(b.boxId, 1);
    const res = await t.call(t.alpha.token, 'GET', `${messagesUrl(a.boxId)}/${m.id}/audio`);
    expect(res.statusCode).toBe(404);
  });

  test('VM-2 a user account with the voicemail-boxes role → its own box only; a colleague’s box is 404', async () => {
    const own = seedBox(t.alpha.team.id, 'vmowner');
    const colleague = seedBox(t.alpha.team.id);
    const role = t.store.roles.create({
      teamId: t.alpha.team.id,
      name: 'voicemail reader',
      permissions: { 'voicemail-boxes': ['view', 'delete'] },
    });
    t.store.roles.assign(own.accountId, role.id);
    const token = await login(t.app, 'vmowner', 'alpha');
    const mine = leave(own.boxId, 1);
    const theirs = leave(colleague.boxId, 1);
    const list = await t.call(token, 'GET', messagesUrl(own.boxId));
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((m: { id: string }) => m.id)).toEqual([mine.id]);
    expect((await t.call(token, 'GET', messagesUrl(colleague.boxId))).statusCode).toBe(404);
    const del = await t.call(token, 'DELETE', `${messagesUrl(colleague.boxId)}/${theirs.id}`);
    expect(del.statusCode).toBe(404);
    expect(existsSync(theirs.filePath)).toBe(true);
    expect((await t.call(token, 'DELETE', `${messagesUrl(own.boxId)}/${mine.id}`)).statusCode).toBe(
      204,
    );
  });

  test('VM-2 a user account without a role granting voicemail-boxes → 403', async () => {
    const own = seedBox(t.alpha.team.id, 'vmnorole');
    const token = await login(t.app, 'vmnorole', 'alpha');
    expect((await t.call(token, 'GET', messagesUrl(own.boxId))).statusCode).toBe(403);
  });

  test('VM-2 a message whose file lies outside <dataDir>/voicemail → 403, not served', async () => {
    const { boxId } = seedBox(t.alpha.team.id);
    const m = leave(boxId, 1, join(dirname(t.store.path), 'elsewhere', 'secret.wav'));
    const res = await t.call(t.alpha.token, 'GET', `${messagesUrl(boxId)}/${m.id}/audio`);
    expect(res.statusCode).toBe(403);
  });
});
