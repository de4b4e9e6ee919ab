import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * IVR flows (spec 02 §3.15): the internal number (§0.3, IVR-1), actions
 * with their defaults (IVR-2, IVR-4), transitions (IVR-3, IVR-6, IVR-10),
 * maxLoops (IVR-5), destinations checked per context (§0.5) and the
 * references that block deletes.
 */

let t: TestApi;
let number = 7000;
let accountId: number;
let promptId: number;

beforeAll(async () => {
  t = await buildTestApi();
  accountId = t.store.accounts.create({
    teamId: t.alpha.team.id,
    username: 'ivrowner',
    accountType: 'user',
    passwordHash: hashPasswordSync('x-password'),
  }).id;
  promptId = t.store.callPrompts.create({ teamId: t.alpha.team.id, name: 'menu' }).id;
});
afterAll(async () => t.close());

const next = () => String(++number);
const extension = () =>
  t.store.extensions.create({ teamId: t.alpha.team.id, accountId, internalNumber: next() }).id;

async function post(body: Record<string, unknown>, token = t.alpha.token) {
  const res = await t.call(token, 'POST', '/api/v1/ivrs', { internalNumber: next(), ...body });
  return { res, id: (res.json() as { id: number }).id };
}

describe('/api/v1/ivrs', () => {
  test('IVR-1, IVR-5: POST → failover hangup, maxLoops 2, apiCallTimeoutSec 10; number reserved', async () => {
    const { res, id } = await post({ name: 'defaults' });
    expect(res.statusCode, res.body).toBe(201);
    const flow = res.json();
    expect(flow).toMatchObject({
      failover: { type: 'hangup', targetId: null, targetValue: null },
      failoverEndPromptId: null,
      maxLoops: 2,
      apiCallTimeoutSec: 10,
      saveVariables: [],
      actions: [],
      transitions: [],
    });
    expect(t.store.internalNumbers.lookup(t.alpha.team.id, flow.internalNumber)).toMatchObject({
      kind: 'ivr',
      ownerId: id,
    });
  });

  test('§0.3: an IVR on an extension number → 409 ERR_INTERNAL_NUMBER_TAKEN; DELETE frees its own', async () => {
    const taken = next();
    t.store.extensions.create({ teamId: t.alpha.team.id, accountId, internalNumber: taken });
    const clash = await t.call(t.alpha.token, 'POST', '/api/v1/ivrs', {
      name: 'clash',
      internalNumber: taken,
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('ERR_INTERNAL_NUMBER_TAKEN');
    const other = await post({ name: 'first' });
    const twice = await t.call(t.alpha.token, 'POST', '/api/v1/ivrs', {
      name: 'second',
      internalNumber: other.res.json().internalNumber,
    });
    expect(twice.json().code).toBe('ERR_INTERNAL_NUMBER_TAKEN');
    const { res, id } = await post({ name: 'freed' });
    expect((await t.call(t.alpha.token, 'DELETE', `/api/v1/ivrs/${id}`)).statusCode).toBe(204);
    expect(
      t.store.internalNumbers.lookup(t.alpha.team.id, res.json().internalNumber),
    ).toBeUndefined();
  });

  test('IVR-5: maxLoops outside 1..10 → 400 naming it', async () => {
    const { res } = await post({ name: 'loops', maxLoops: 0 });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('body.maxLoops');
  });

  test('IVR-2, IVR-4: actions keep their order and take their type defaults', async () => {
    const { res } = await post({
      name: 'actions',
      actions: [
        { action: 'prompt', promptId },
        { action: 'input', promptId, maxDigits: 4, terminator: '#', pattern: '^[0-9]{4}$' },
        { action: 'webService', url: 'https://crm.example.com/lookup', method: 'vip' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().actions).toMatchObject([
      { action: 'prompt', promptId, variable: null, minDigits: null },
      { action: 'input', variable: 'inputcode', minDigits: 1, maxDigits: 4, timeoutSec: 5 },
      { action: 'webService', variable: 'wsresult', timeoutSec: null, method: 'vip' },
    ]);
  });

  const badActions: Array<[string, Record<string, unknown>, string]> = [
    ['a prompt action without promptId', { action: 'prompt' }, 'actions.0.promptId'],
    ['an input action with a url', { action: 'input', url: 'http://x.example' }, 'actions.0.url'],
    [
      'a webService action with an ftp url',
      { action: 'webService', url: 'ftp://x.example' },
      'body.actions.0.url',
    ],
    [
      'maxDigits below minDigits',
      { action: 'input', minDigits: 3, maxDigits: 2 },
      'actions.0.maxDigits',
    ],
    ['a pattern that is not a regex', { action: 'input', pattern: '([' }, 'actions.0.pattern'],
  ];
  test.each(badActions)('IVR-2: %s → 400 naming %s', async (_name, action, field) => {
    const { res } = await post({ name: 'bad', actions: [action] });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe(field);
  });

  test('IVR-3, IVR-6: transitions default to inputcode; default condition; auto to an extension', async () => {
    const target = extension();
    const { res } = await post({
      name: 'menu',
      transitions: [
        { condition: '0', destination: { type: 'extension', targetId: target } },
        { condition: 'default', destination: { type: 'extension', targetValue: 'auto' } },
        { condition: '9', destination: { type: 'sendDtmf', targetValue: '1234#' } },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().transitions).toMatchObject([
      { source: 'inputcode', condition: '0', destination: { type: 'extension', targetId: target } },
      { source: 'inputcode', condition: null, destination: { targetValue: 'auto' } },
      { condition: '9', destination: { type: 'sendDtmf', targetValue: '1234#' } },
    ]);
  });

  const badTransitions: Array<[string, unknown[], string]> = [
    [
      'two default transitions',
      [{ destination: { type: 'hangup' } }, { condition: '', destination: { type: 'busy' } }],
      'transitions.1.condition',
    ],
    [
      'auto for a ring group (IVR-6)',
      [{ destination: { type: 'ringGroup', targetValue: 'auto' } }],
      'transitions.0.destination',
    ],
    [
      'letters as DTMF (IVR-10)',
      [{ destination: { type: 'sendDtmf', targetValue: 'xyz' } }],
      'transitions.0.destination',
    ],
    ['a queue without a target', [{ destination: { type: 'queue' } }], 'transitions.0.destination'],
    [
      'hangup with a target',
      [{ destination: { type: 'hangup', targetId: 1 } }],
      'transitions.0.destination',
    ],
  ];
  test.each(badTransitions)('IVR-3: %s → 400 naming %s', async (_name, transitions, field) => {
    const { res } = await post({ name: 'bad', transitions });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe(field);
  });

  test('§0.5: the IVR failover allows 8 types; a conference failover → 400 naming failover', async () => {
    const { res } = await post({
      name: 'bad failover',
      failover: { type: 'conference', targetId: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('body.failover.type');
  });

  test('cross-tenant: an extension of team beta as a destination → 400, as if absent', async () => {
    const beta = t.store.accounts.create({
      teamId: t.beta.team.id,
      username: 'betaowner',
      accountType: 'user',
      passwordHash: hashPasswordSync('x-password'),
    });
    const foreign = t.store.extensions.create({
      teamId: t.beta.team.id,
      accountId: beta.id,
      internalNumber: next(),
    }).id;
    const { res } = await post({
      name: 'foreign',
      transitions: [{ destination: { type: 'extension', targetId: foreign } }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('transitions.0.destination');
  });
});

describe('IVR references', () => {
  test('DELETE of an extension, prompt or IVR an IVR goes to → 409 naming the IVR', async () => {
    const target = extension();
    const prompt = t.store.callPrompts.create({ teamId: t.alpha.team.id, name: 'held' }).id;
    const inner = (await post({ name: 'inner' })).id;
    const { id } = await post({
      name: 'outer',
      failoverEndPromptId: prompt,
      transitions: [
        { condition: '1', destination: { type: 'extension', targetId: target } },
        { condition: '2', destination: { type: 'ivr', targetId: inner } },
      ],
    });
    for (const url of [
      `/api/v1/extensions/${target}`,
      `/api/v1/call-prompts/${prompt}`,
      `/api/v1/ivrs/${inner}`,
    ]) {
      const res = await t.call(t.alpha.token, 'DELETE', url);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().issues[0].field, url).toBe(`ivr:${id}`);
    }
  });

  test('an IVR cannot fail over to itself, but a transition back to its own menu is fine', async () => {
    const { id } = await post({ name: 'self' });
    const loop = await t.call(t.alpha.token, 'PATCH', `/api/v1/ivrs/${id}`, {
      failover: { type: 'ivr', targetId: id },
    });
    expect(loop.statusCode).toBe(400);
    const replay = await t.call(t.alpha.token, 'PATCH', `/api/v1/ivrs/${id}`, {
      transitions: [{ destination: { type: 'ivr', targetId: id } }],
    });
    expect(replay.statusCode, replay.body).toBe(200);
    expect((await t.call(t.alpha.token, 'DELETE', `/api/v1/ivrs/${id}`)).statusCode).toBe(204);
  });

  test('PATCH without actions or transitions keeps them', async () => {
    const { id } = await post({
      name: 'keep',
      actions: [{ action: 'prompt', promptId }],
      transitions: [{ destination: { type: 'hangup' } }],
    });
    const res = await t.call(t.alpha.token, 'PATCH', `/api/v1/ivrs/${id}`, { maxLoops: 3 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ maxLoops: 3, actions: [{ promptId }], transitions: [{}] });
  });
});

describe('/api/v1/ivrs hangupAction (IVR-8)', () => {
  test('IVR-8 POST without hangupAction → none and no URL', async () => {
    const { res } = await post({ name: 'no-hangup-action' });
    expect(res.json()).toMatchObject({ hangupAction: 'none', hangupUrl: null });
  });

  test('IVR-8 POST httpPost with an https URL → 201; PATCH back to none keeps working', async () => {
    const { res, id } = await post({
      name: 'notify-crm',
      hangupAction: 'httpPost',
      hangupUrl: 'https://crm.example.com/ivr-hangup',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      hangupAction: 'httpPost',
      hangupUrl: 'https://crm.example.com/ivr-hangup',
    });
    const none = await t.call(t.alpha.token, 'PATCH', `/api/v1/ivrs/${id}`, {
      hangupAction: 'none',
    });
    expect(none.statusCode, none.body).toBe(200);
    expect(none.json()).toMatchObject({ hangupAction: 'none' });
  });

  test.each([
    ['httpPost without a URL', { hangupAction: 'httpPost' }, 'hangupUrl'],
    ['an ftp URL', { hangupAction: 'httpPost', hangupUrl: 'ftp://x.example/y' }, 'hangupUrl'],
    ['an unknown action', { hangupAction: 'email' }, 'hangupAction'],
  ])('IVR-8 POST with %s → 400 naming the field', async (_what, body, field) => {
    const { res } = await post({ name: `bad-${field}-${number}`, ...body });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.body).toContain(field);
  });

  test('IVR-8 PATCH clearing the URL of an httpPost flow → 400, unchanged', async () => {
    const { id } = await post({
      name: 'clear-url',
      hangupAction: 'httpPost',
      hangupUrl: 'http://10.0.0.5/hook',
    });
    const res = await t.call(t.alpha.token, 'PATCH', `/api/v1/ivrs/${id}`, { hangupUrl: null });
    expect(res.statusCode, res.body).toBe(400);
    expect(t.store.ivrFlows.find(id)?.hangupUrl).toBe('http://10.0.0.5/hook');
  });
});
