import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * Call prompts (spec 02 §3.14) and MOH classes (§3.13): per-language files,
 * team scoping of the files they use, system objects (§0.2), the default
 * MOH class (MOH-2) and the voice-file references that block a delete
 * (PR-2).
 */

let t: TestApi;
let fileNo = 0;

beforeAll(async () => {
  t = await buildTestApi();
});
afterAll(async () => t.close());

/** A voice-file row (no audio on disk: these tests are about references). */
function voiceFile(teamId: number | null): number {
  return t.store.voiceFiles.create({
    teamId,
    name: `file${++fileNo}`,
    sourceEncoding: 'pcm16',
    sourceRateHz: 8000,
    sourceChannels: 1,
    durationMs: 1000,
    sizeBytes: 16044,
    hasWideband: false,
  }).id;
}

const alphaId = () => t.alpha.team.id;

describe('/api/v1/call-prompts', () => {
  test('POST with a base file and language variants → 201 with them (§3.14)', async () => {
    const [base, en] = [voiceFile(alphaId()), voiceFile(alphaId())];
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/call-prompts', {
      name: 'welcome',
      voiceFileId: base,
      defaultLanguage: 'cn',
      variants: [
        { language: 'cn', voiceFileId: base },
        { language: 'en', voiceFileId: en },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      teamId: alphaId(),
      name: 'welcome',
      description: null,
      voiceFileId: base,
      defaultLanguage: 'cn',
      variants: [
        { language: 'cn', voiceFileId: base },
        { language: 'en', voiceFileId: en },
      ],
    });
  });

  test('§0.2: a file of another team → 400 naming the field; a system file is fine', async () => {
    const foreign = voiceFile(t.beta.team.id);
    const base = await t.call(t.alpha.token, 'POST', '/api/v1/call-prompts', {
      name: 'foreign-base',
      voiceFileId: foreign,
    });
    expect(base.statusCode).toBe(400);
    expect(base.json().issues[0].field).toBe('voiceFileId');
    const variant = await t.call(t.alpha.token, 'POST', '/api/v1/call-prompts', {
      name: 'foreign-variant',
      variants: [{ language: 'en', voiceFileId: foreign }],
    });
    expect(variant.statusCode).toBe(400);
    expect(variant.json().issues[0].field).toBe('variants');
    const system = await t.call(t.alpha.token, 'POST', '/api/v1/call-prompts', {
      name: 'uses-system',
      voiceFileId: voiceFile(null),
    });
    expect(system.statusCode, system.body).toBe(201);
  });

  test('a language listed twice or an unknown language → 400', async () => {
    const file = voiceFile(alphaId());
    const twice = await t.call(t.alpha.token, 'POST', '/api/v1/call-prompts', {
      name: 'twice',
      variants: [
        { language: 'en', voiceFileId: file },
        { language: 'en', voiceFileId: file },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().issues[0].field).toBe('variants');
    const klingon = await t.call(t.alpha.token, 'POST', '/api/v1/call-prompts', {
      name: 'klingon',
      variants: [{ language: 'tlh', voiceFileId: file }],
    });
    expect(klingon.statusCode).toBe(400);
  });

  test('§0.2: a superadmin system prompt is readable by teams and read-only for them', async () => {
    const res = await t.call(t.superToken, 'POST', '/api/v1/call-prompts', {
      name: '谢谢合作_cn',
      voiceFileId: voiceFile(null),
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, teamId } = res.json();
    expect(teamId).toBeNull();
    expect((await t.call(t.beta.token, 'GET', `/api/v1/call-prompts/${id}`)).statusCode).toBe(200);
    const patch = await t.call(t.beta.token, 'PATCH', `/api/v1/call-prompts/${id}`, {
      description: 'mine now',
    });
    expect(patch.statusCode).toBe(403);
  });

  test('PR-2: DELETE of a voice file a prompt uses (base or variant) → 409 naming the prompt', async () => {
    const [base, variant] = [voiceFile(alphaId()), voiceFile(alphaId())];
    const prompt = await t.call(t.alpha.token, 'POST', '/api/v1/call-prompts', {
      name: 'referrer',
      voiceFileId: base,
      variants: [{ language: 'fr', voiceFileId: variant }],
    });
    const promptId = prompt.json().id as number;
    for (const fileId of [base, variant]) {
      const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/voice-files/${fileId}`);
      expect(del.statusCode).toBe(409);
      expect(del.json()).toMatchObject({
        code: 'ERR_IN_USE',
        issues: [{ field: `callPrompt:${promptId}` }],
      });
    }
    expect(t.store.voiceFiles.find(base)).toBeDefined();
    // Once the prompt is gone, so is the reference.
    expect(
      (await t.call(t.alpha.token, 'DELETE', `/api/v1/call-prompts/${promptId}`)).statusCode,
    ).toBe(204);
    expect(
      (await t.call(t.alpha.token, 'DELETE', `/api/v1/voice-files/${variant}`)).statusCode,
    ).toBe(204);
  });

  test('PATCH variants replaces the list', async () => {
    const [a, b] = [voiceFile(alphaId()), voiceFile(alphaId())];
    const { id } = (
      await t.call(t.alpha.token, 'POST', '/api/v1/call-prompts', {
        name: 'replace',
        variants: [{ language: 'en', voiceFileId: a }],
      })
    ).json();
    const get = await t.call(t.alpha.token, 'GET', `/api/v1/call-prompts/${id}`);
    const patch = await t.call(
      t.alpha.token,
      'PATCH',
      `/api/v1/call-prompts/${id}`,
      { variants: [{ language: 'de', voiceFileId: b }] },
      { 'if-match': get.headers.etag as string },
    );
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().variants).toEqual([{ language: 'de', voiceFileId: b }]);
  });
});

describe('/api/v1/moh-classes', () => {
  test('MOH-2: the system class default exists and cannot be deleted or re-keyed → 409', async () => {
    const list = await t.call(t.alpha.token, 'GET', '/api/v1/moh-classes');
    const fallback = list
      .json()
      .items.find((c: { identifier: string }) => c.identifier === 'default');
    expect(fallback).toMatchObject({ teamId: null, identifier: 'default' });
    const del = await t.call(t.superToken, 'DELETE', `/api/v1/moh-classes/${fallback.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('ERR_MOH_DEFAULT');
    const rekey = await t.call(t.superToken, 'PATCH', `/api/v1/moh-classes/${fallback.id}`, {
      identifier: 'other',
    });
    expect(rekey.json().code).toBe('ERR_MOH_DEFAULT');
    const files = await t.call(t.superToken, 'PATCH', `/api/v1/moh-classes/${fallback.id}`, {
      voiceFileIds: [voiceFile(null)],
    });
    expect(files.statusCode, files.body).toBe(200);
  });

  test('MOH-1: files keep their order; PATCH reorders; a file of another team → 400', async () => {
    const [a, b] = [voiceFile(alphaId()), voiceFile(alphaId())];
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/moh-classes', {
      name: 'wait music',
      identifier: 'wait_music',
      voiceFileIds: [b, a],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ teamId: alphaId(), voiceFileIds: [b, a] });
    const id = res.json().id as number;
    const patch = await t.call(t.alpha.token, 'PATCH', `/api/v1/moh-classes/${id}`, {
      voiceFileIds: [a, b],
    });
    expect(patch.json().voiceFileIds).toEqual([a, b]);
    const foreign = await t.call(t.alpha.token, 'PATCH', `/api/v1/moh-classes/${id}`, {
      voiceFileIds: [voiceFile(t.beta.team.id)],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().issues[0].field).toBe('voiceFileIds');
  });

  test('MOH-3: applyMode is shared unless set; perCaller is kept; another value → 400 naming applyMode', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/moh-classes', {
      name: 'calm',
      identifier: 'calm',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().applyMode).toBe('shared');
    const id = res.json().id as number;
    const patch = await t.call(t.alpha.token, 'PATCH', `/api/v1/moh-classes/${id}`, {
      applyMode: 'perCaller',
    });
    expect(patch.json().applyMode).toBe('perCaller');
    const bad = await t.call(t.alpha.token, 'PATCH', `/api/v1/moh-classes/${id}`, {
      applyMode: 'random',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('body.applyMode');
  });

  test('a class identifier used twice in a team → 409; a bad identifier → 400', async () => {
    const body = { name: 'jazz', identifier: 'jazz' };
    expect((await t.call(t.alpha.token, 'POST', '/api/v1/moh-classes', body)).statusCode).toBe(201);
    expect((await t.call(t.alpha.token, 'POST', '/api/v1/moh-classes', body)).statusCode).toBe(409);
    const bad = await t.call(t.alpha.token, 'POST', '/api/v1/moh-classes', {
      name: 'x',
      identifier: 'has space',
    });
    expect(bad.statusCode).toBe(400);
  });

  test('PR-2: DELETE of a voice file a MOH class plays → 409 naming the class', async () => {
    const file = voiceFile(alphaId());
    const { id } = (
      await t.call(t.alpha.token, 'POST', '/api/v1/moh-classes', {
        name: 'holding',
        identifier: 'holding',
        voiceFileIds: [file],
      })
    ).json();
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/voice-files/${file}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().issues[0].field).toBe(`mohClass:${id}`);
  });

  test('MOH-1, RG-4: a queue and a ring group play a class; another team’s class → 400; DELETE of the class → 409 naming the queue', async () => {
    const { id } = (
      await t.call(t.alpha.token, 'POST', '/api/v1/moh-classes', {
        name: 'queue music',
        identifier: 'queue_music',
      })
    ).json();
    const queue = await t.call(t.alpha.token, 'POST', '/api/v1/queues', {
      number: '7401',
      name: 'With music',
      mohClassId: id,
    });
    expect(queue.statusCode, queue.body).toBe(201);
    expect(queue.json().mohClassId).toBe(id);
    const group = await t.call(t.alpha.token, 'POST', '/api/v1/ring-groups', {
      name: 'music group',
      internalNumber: '7402',
      mohClassId: id,
    });
    expect(group.statusCode, group.body).toBe(201);
    const betaClass = t.store.mohClasses.create({
      teamId: t.beta.team.id,
      name: 'beta music',
      identifier: 'beta_music',
    });
    const foreign = await t.call(t.alpha.token, 'PATCH', `/api/v1/queues/${queue.json().id}`, {
      mohClassId: betaClass.id,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().issues[0].field).toBe('mohClassId');
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/moh-classes/${id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().message).toContain(`used by queue ${queue.json().id}`);
  });

  test('EXT-13: DELETE of a class an extension rings back with → 409 naming the extension', async () => {
    const { id } = (
      await t.call(t.alpha.token, 'POST', '/api/v1/moh-classes', {
        name: 'ringback music',
        identifier: 'ringback_music',
      })
    ).json();
    const extension = t.store.extensions.create({
      teamId: alphaId(),
      accountId: t.alpha.adminId,
      internalNumber: '7403',
      ringbackMohClassId: id,
    });
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/moh-classes/${id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().message).toContain(`used by extension ${extension.id}`);
    t.store.extensions.update(extension.id, { ringbackMohClassId: null });
    expect((await t.call(t.alpha.token, 'DELETE', `/api/v1/moh-classes/${id}`)).statusCode).toBe(
      204,
    );
  });

  test('cross-tenant: beta cannot see or delete an alpha class → 404', async () => {
    const { id } = (
      await t.call(t.alpha.token, 'POST', '/api/v1/moh-classes', {
        name: 'secret',
        identifier: 'secret',
      })
    ).json();
    expect((await t.call(t.beta.token, 'GET', `/api/v1/moh-classes/${id}`)).statusCode).toBe(404);
    expect((await t.call(t.beta.token, 'DELETE', `/api/v1/moh-classes/${id}`)).statusCode).toBe(
      404,
    );
  });
});
