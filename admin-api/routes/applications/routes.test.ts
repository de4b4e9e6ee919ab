import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * Applications (spec 02 §3.18): built-in handlers only (APP-1), the number
 * in the team namespace (APP-2, §0.3), and IVR transitions to them (§0.5).
 */

let t: TestApi;

beforeAll(async () => {
  t = await buildTestApi();
});
afterAll(async () => t.close());

describe('/api/v1/applications', () => {
  test('APP-2: POST → startLabel s, priority 1; the number is reserved as an application', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/applications', {
      name: 'agent-login',
      context: 'agent-login',
      internalNumber: '212',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ startLabel: 's', priority: 1, description: null });
    expect(t.store.internalNumbers.lookup(t.alpha.team.id, '212')).toMatchObject({
      kind: 'application',
      ownerId: res.json().id,
    });
    const clash = await t.call(t.alpha.token, 'POST', '/api/v1/applications', {
      name: 'again',
      context: 'agent-logout',
      internalNumber: '212',
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('ERR_INTERNAL_NUMBER_TAKEN');
  });

  test('APP-1: an unknown context → 400 naming it', async () => {
    const res = await t.call(t.alpha.token, 'POST', '/api/v1/applications', {
      name: 'custom',
      context: 'macro-dial',
      internalNumber: '213',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('body.context');
  });

  test('§0.5: an IVR transition to an application; its DELETE → 409 naming the IVR', async () => {
    const app = await t.call(t.alpha.token, 'POST', '/api/v1/applications', {
      name: 'pickup',
      context: 'call-pickup',
      internalNumber: '214',
    });
    const appId = app.json().id as number;
    const ivr = await t.call(t.alpha.token, 'POST', '/api/v1/ivrs', {
      name: 'to app',
      internalNumber: '700',
      transitions: [{ destination: { type: 'application', targetId: appId } }],
    });
    expect(ivr.statusCode, ivr.body).toBe(201);
    const del = await t.call(t.alpha.token, 'DELETE', `/api/v1/applications/${appId}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().issues[0].field).toBe(`ivr:${ivr.json().id}`);
  });

  test('cross-tenant: beta cannot use an alpha application in its IVR → 400', async () => {
    const app = await t.call(t.alpha.token, 'POST', '/api/v1/applications', {
      name: 'pause',
      context: 'agent-pause',
      internalNumber: '215',
    });
    const ivr = await t.call(t.beta.token, 'POST', '/api/v1/ivrs', {
      name: 'steal',
      internalNumber: '701',
      transitions: [{ destination: { type: 'application', targetId: app.json().id } }],
    });
    expect(ivr.statusCode).toBe(400);
    expect(ivr.json().issues[0].field).toBe('transitions.0.destination');
  });
});
