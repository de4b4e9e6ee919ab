import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  QUEUE_STRATEGIES,
  RING_GROUP_STRATEGIES,
  hashPasswordSync,
} from '../../core/config-store/index.ts';
import { buildTestApi } from '../test-api.ts';
import type { TestApi } from '../test-api.ts';

/*
 * Ring groups (spec 01 §2.3) and queues (spec 02 §3.1): spec defaults,
 * strategies, failover destinations, and their numbers in the team's
 * internal-number namespace (§2.10).
 */

let t: TestApi;
let accountId: number;
let number = 1000;

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

/** A fresh internal number. */
const next = () => String(++number);

async function post(path: string, body: Record<string, unknown>, token = t.alpha.token) {
  const res = await t.call(token, 'POST', `/api/v1/${path}`, body);
  return { res, id: (res.json() as { id: number }).id };
}

function extension(): number {
  return t.store.extensions.create({ teamId: t.alpha.team.id, accountId, internalNumber: next() })
    .id;
}

describe('/api/v1/ring-groups', () => {
  test('POST → spec defaults: ringall, 60 s, failover hangup, lastCallFirst off (RG-2, RG-3)', async () => {
    const { res } = await post('ring-groups', { name: 'sales', internalNumber: next() });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      strategy: 'ringall',
      ringTimeSec: 60,
      failoverType: 'hangup',
      failoverTargetId: null,
      lastCallFirst: false,
      extensionIds: [],
    });
  });

  test('RG-2: every strategy of the spec is accepted, any other → 400', async () => {
    for (const strategy of RING_GROUP_STRATEGIES) {
      const { res } = await post('ring-groups', {
        name: strategy,
        internalNumber: next(),
        strategy,
      });
      expect(res.statusCode, strategy).toBe(201);
    }
    const { res } = await post('ring-groups', {
      name: 'x',
      internalNumber: next(),
      strategy: 'fewestcalls',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('body.strategy');
  });

  test('members keep the given ring order; PATCH reorders; a foreign or repeated extension → 400 (RGM-3)', async () => {
    const [a, b, c] = [extension(), extension(), extension()];
    const { id, res } = await post('ring-groups', {
      name: 'ordered',
      internalNumber: next(),
      extensionIds: [c, a, b],
    });
    expect(res.json().extensionIds).toEqual([c, a, b]);
    const patched = await t.call(t.alpha.token, 'PATCH', `/api/v1/ring-groups/${id}`, {
      extensionIds: [b, c],
    });
    expect(patched.json().extensionIds).toEqual([b, c]);
    const foreign = t.store.extensions.create({
      teamId: t.beta.team.id,
      accountId: t.store.accounts.create({
        teamId: t.beta.team.id,
        username: 'betaowner',
        accountType: 'user',
        passwordHash: hashPasswordSync('x-password'),
      }).id,
      internalNumber: '100',
    }).id;
    for (const extensionIds of [
      [a, foreign],
      [a, a],
    ]) {
      const bad = await post('ring-groups', { name: 'bad', internalNumber: next(), extensionIds });
      expect(bad.res.statusCode).toBe(400);
      expect(bad.res.json().issues[0].field).toBe('extensionIds');
    }
  });

  test('RG-8/IN-1: the number of an extension → 409 ERR_INTERNAL_NUMBER_TAKEN; an extension on a group number → 409', async () => {
    const taken = t.store.extensions.get(extension()).internalNumber;
    const { res } = await post('ring-groups', { name: 'clash', internalNumber: taken });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'ERR_INTERNAL_NUMBER_TAKEN',
      issues: [{ field: 'number' }],
    });
    const group = await post('ring-groups', { name: 'owner', internalNumber: next() });
    const groupNumber = group.res.json().internalNumber as string;
    const ext = await post('extensions', { internalNumber: groupNumber, accountId });
    expect(ext.res.statusCode).toBe(409);
    expect(ext.res.json().code).toBe('ERR_INTERNAL_NUMBER_TAKEN');
    expect(t.store.internalNumbers.lookup(t.alpha.team.id, groupNumber)).toMatchObject({
      kind: 'ringGroup',
      ownerId: group.id,
    });
  });

  test('IN-3/IN-4: PATCH internalNumber moves the namespace entry; DELETE frees it', async () => {
    const [from, to] = [next(), next()];
    const { id } = await post('ring-groups', { name: 'mover', internalNumber: from });
    await t.call(t.alpha.token, 'PATCH', `/api/v1/ring-groups/${id}`, { internalNumber: to });
    expect(t.store.internalNumbers.lookup(t.alpha.team.id, from)).toBeUndefined();
    expect(t.store.internalNumbers.lookup(t.alpha.team.id, to)?.ownerId).toBe(id);
    expect((await t.call(t.alpha.token, 'DELETE', `/api/v1/ring-groups/${id}`)).statusCode).toBe(
      204,
    );
    expect(t.store.internalNumbers.lookup(t.alpha.team.id, to)).toBeUndefined();
  });

  test('RG-3 failover: hangup with a target, a target of no type, itself, or a foreign queue → 400', async () => {
    const self = await post('ring-groups', { name: 'self', internalNumber: next() });
    const betaQueue = t.store.queues.create({ teamId: t.beta.team.id, number: '900', name: 'B' });
    const bodies = [
      { failoverType: 'hangup', failoverTargetId: extension() },
      { failoverType: 'extension' },
      { failoverType: 'queue', failoverTargetId: betaQueue.id },
    ];
    for (const body of bodies) {
      const { res } = await post('ring-groups', { name: 'f', internalNumber: next(), ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().issues[0].field).toBe('failoverTargetId');
    }
    const loop = await t.call(t.alpha.token, 'PATCH', `/api/v1/ring-groups/${self.id}`, {
      failoverType: 'ringGroup',
      failoverTargetId: self.id,
    });
    expect(loop.statusCode).toBe(400);
  });

  test('DELETE of an extension that a ring group rings or fails over to → 409 ERR_IN_USE naming it', async () => {
    const [member, target] = [extension(), extension()];
    const ringing = await post('ring-groups', {
      name: 'ringing',
      internalNumber: next(),
      extensionIds: [member],
    });
    const failing = await post('ring-groups', {
      name: 'failing',
      internalNumber: next(),
      failoverType: 'extension',
      failoverTargetId: target,
    });
    const cases: Array<[number, number]> = [
      [member, ringing.id],
      [target, failing.id],
    ];
    for (const [extensionId, groupId] of cases) {
      const res = await t.call(t.alpha.token, 'DELETE', `/api/v1/extensions/${extensionId}`);
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toContain(`used by ringGroup ${groupId}`);
    }
  });
});

describe('/api/v1/queues', () => {
  test('POST → spec defaults: leastrecent, ring 15 s, retry 5 s, max wait 45 s, wrap-up 5 s (§3.1)', async () => {
    const { res } = await post('queues', { number: next(), name: 'Support' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      strategy: 'leastrecent',
      agentRingTimeoutSec: 15,
      retryIntervalSec: 5,
      maxWaitTimeSec: 45,
      wrapUpTimeSec: 5,
      joinEmpty: true,
      autofill: true,
      lastAgentFirst: true,
      maxCallers: 0,
      failoverType: 'hangup',
    });
  });

  test('Q-8: every strategy of the brief is accepted, any other → 400', async () => {
    t.store.teams.update(t.alpha.team.id, { maxQueues: 100 });
    for (const strategy of QUEUE_STRATEGIES) {
      const { res } = await post('queues', { number: next(), name: strategy, strategy });
      expect(res.statusCode, strategy).toBe(201);
    }
    const { res } = await post('queues', { number: next(), name: 'x', strategy: 'wrandom' });
    expect(res.statusCode).toBe(400);
  });

  test('IN-1: a queue on a ring-group number → 409 ERR_INTERNAL_NUMBER_TAKEN; fails over to that group fine', async () => {
    const group = await post('ring-groups', { name: 'overflow', internalNumber: next() });
    const clash = await post('queues', { number: group.res.json().internalNumber, name: 'Q' });
    expect(clash.res.statusCode).toBe(409);
    expect(clash.res.json().code).toBe('ERR_INTERNAL_NUMBER_TAKEN');
    const queue = await post('queues', {
      number: next(),
      name: 'Q',
      failoverType: 'ringGroup',
      failoverTargetId: group.id,
    });
    expect(queue.res.statusCode).toBe(201);
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/ring-groups/${group.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().message).toContain(`used by queue ${queue.id} (Q)`);
  });

  test('quota: creation beyond the team maxQueues → 409 ERR_QUOTA_EXCEEDED, number not reserved', async () => {
    const delta = t.store.teams.create({ uid: 'delta', name: 'Delta', maxQueues: 1 });
    t.store.queues.create({ teamId: delta.id, number: '1', name: 'only' });
    const res = await t.call(t.superToken, 'POST', '/api/v1/queues', {
      teamId: delta.id,
      number: '2',
      name: 'over',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ERR_QUOTA_EXCEEDED');
    expect(t.store.internalNumbers.lookup(delta.id, '2')).toBeUndefined();
  });
});

describe('OpenAPI document', () => {
  test('batch-2 resources → every operation listed, with examples on bodies and responses', async () => {
    const doc = (await t.call(undefined, 'GET', '/api/openapi.json')).json() as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    const paths = [
      'account-groups',
      'agents',
      'agent-groups',
      'ring-groups',
      'queues',
      'work-hours',
      'trunk-groups',
      'inbound-routes',
      'caller-lists',
    ];
    for (const path of paths) {
      const list = doc.paths[`/api/v1/${path}`]!;
      const one = doc.paths[`/api/v1/${path}/{id}`]!;
      expect(Object.keys(list).sort(), path).toEqual(['get', 'post']);
      expect(Object.keys(one).sort(), path).toEqual(['delete', 'get', 'patch']);
      expect(
        list.post!.requestBody?.content['application/json']?.schema.example,
        path,
      ).toBeDefined();
      expect(
        one.patch!.requestBody?.content['application/json']?.schema.example,
        path,
      ).toBeDefined();
      expect(
        one.get!.responses['200']?.content?.['application/json']?.schema.example,
      ).toBeDefined();
    }
  });
});

interface OpenApiOperation {
  requestBody?: { content: Record<string, { schema: { example?: unknown } }> };
  responses: Record<string, { content?: Record<string, { schema: { example?: unknown } }> }>;
}
