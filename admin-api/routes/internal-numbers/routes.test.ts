import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * Internal numbers (spec 01 §2.10 内线管理): the team's namespace across
 * extensions, queues and ring groups as one list; the number changes here
 * and in its owner at once (IN-3, IN-5); objects own their numbers (IN-4).
 */

let t: TestApi;
let extensionId: number;
let accountId: number;
let queueId: number;

beforeAll(async () => {
  t = await buildTestApi();
  const teamId = t.alpha.team.id;
  accountId = t.store.accounts.list(teamId)[0]!.id;
  extensionId = t.store.extensions.create({
    teamId,
    accountId,
    internalNumber: '6101',
    name: 'front desk',
  }).id;
  queueId = t.store.queues.create({ teamId, number: '6102', name: 'Support' }).id;
  t.store.ringGroups.create({ teamId, name: 'sales', internalNumber: '6103' });
});
afterAll(async () => t.close());

async function list(query = '', token = t.alpha.token) {
  const res = await t.call(token, 'GET', `/api/v1/internal-numbers${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<Record<string, unknown>>;
}

describe('/api/v1/internal-numbers', () => {
  test('IN-1, IN-2 the list → extension, queue and ring group numbers with their owners; kind filter; account of the extension', async () => {
    const items = await list();
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          number: '6101',
          kind: 'extension',
          ownerId: extensionId,
          ownerName: 'front desk',
          accountId,
        }),
        expect.objectContaining({
          number: '6102',
          kind: 'queue',
          ownerId: queueId,
          ownerName: 'Support',
          accountId: null,
        }),
        expect.objectContaining({ number: '6103', kind: 'ringGroup', ownerName: 'sales' }),
      ]),
    );
    expect((await list('?kind=queue')).map((i) => i['number'])).toEqual(['6102']);
    expect((await list('?number=6103')).map((i) => i['kind'])).toEqual(['ringGroup']);
  });

  test('pages of one by number, descending, in SQL (D111) → the whole list in that order, each with its owner', async () => {
    const all = await list('?sort=-number&limit=100');
    expect(all.map((i) => i['number'])).toEqual(['6103', '6102', '6101']);
    const walked: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor === null ? '' : `&cursor=${cursor}`;
      const res = await t.call(
        t.alpha.token,
        'GET',
        `/api/v1/internal-numbers?sort=-number&limit=1${after}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as {
        items: Array<Record<string, unknown>>;
        nextCursor: string | null;
      };
      walked.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(walked).toEqual(all);
    expect(walked[2]).toMatchObject({ ownerName: 'front desk', accountId });
  });

  test('IN-3, IN-5 PATCH a queue’s number → the queue has it too, the old number is free; a taken one → 409, nothing moves', async () => {
    const entry = (await list('?number=6102'))[0]!;
    const moved = await t.call(t.alpha.token, 'PATCH', `/api/v1/internal-numbers/${entry['id']}`, {
      number: '6202',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ id: entry['id'], number: '6202', kind: 'queue' });
    expect(t.store.queues.find(queueId)?.number).toBe('6202');
    expect(t.store.internalNumbers.lookup(t.alpha.team.id, '6102')).toBeUndefined();
    const taken = await t.call(t.alpha.token, 'PATCH', `/api/v1/internal-numbers/${entry['id']}`, {
      number: '6101',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'ERR_INTERNAL_NUMBER_TAKEN' });
    expect(t.store.queues.find(queueId)?.number).toBe('6202');
  });

  test('IN-3 PATCH an extension’s number → the extension is renumbered; not digits → 400 naming number', async () => {
    const entry = (await list('?number=6101'))[0]!;
    const res = await t.call(t.alpha.token, 'PATCH', `/api/v1/internal-numbers/${entry['id']}`, {
      number: '6301',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(t.store.extensions.find(extensionId)?.internalNumber).toBe('6301');
    const bad = await t.call(t.alpha.token, 'PATCH', `/api/v1/internal-numbers/${entry['id']}`, {
      number: '63a1',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('body.number');
  });

  test('IN-4 no POST or DELETE here: numbers come and go with their objects', async () => {
    const entry = (await list('?number=6103'))[0]!;
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/internal-numbers/${entry['id']}`);
    expect(del.statusCode).toBe(404);
    const post = await t.call(t.alpha.token, 'POST', '/api/v1/internal-numbers', {
      number: '6999',
    });
    expect(post.statusCode).toBe(404);
    expect(t.store.internalNumbers.lookup(t.alpha.team.id, '6103')).toBeDefined();
  });

  test('cross-tenant: another team lists none of them and reads or patches one as 404', async () => {
    const entry = (await list('?number=6103'))[0]!;
    expect((await list('', t.beta.token)).map((i) => i['number'])).not.toContain('6103');
    const read = await t.call(t.beta.token, 'GET', `/api/v1/internal-numbers/${entry['id']}`);
    expect(read.statusCode).toBe(404);
    const patch = await t.call(t.beta.token, 'PATCH', `/api/v1/internal-numbers/${entry['id']}`, {
      number: '6403',
    });
    expect(patch.statusCode).toBe(404);
  });
});
