import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ActiveCallView } from '../../admin-api-deps.ts';
import { buildTestApi, type TestApi } from '../../test-api.ts';

describe('GET /api/v1/calls, DELETE /api/v1/calls/:id (issue 6 §6)', () => {
  let api: TestApi;
  const hungUp: string[] = [];
  let calls: ActiveCallView[] = [];
  beforeAll(async () => {
    api = await buildTestApi(undefined, {
      calls: {
        list: (teamId) => calls.filter((c) => teamId === undefined || c.teamId === teamId),
        teamOf: (id) => calls.find((c) => c.callId === id)?.teamId,
        hangup: (id) => {
          hungUp.push(id);
          return calls.some((c) => c.callId === id);
        },
      },
    });
    const call = (callId: string, teamId: number): ActiveCallView => ({
      callId,
      teamId,
      callerNumber: '1000',
      calleeNumber: '1001',
      state: 'answered',
      startedAtMs: Date.UTC(2026, 10, 25, 17),
      answeredAtMs: Date.UTC(2026, 10, 25, 17, 0, 3),
      sipCallId: `${callId}@sip`,
    });
    calls = [call('call-alpha', api.alpha.team.id), call('call-beta', api.beta.team.id)];
  });
  afterAll(async () => api.close());

  test('a team admin → only the calls of its team', async () => {
    const res = await api.call(api.alpha.token, 'GET', '/api/v1/calls');
    expect(res.statusCode).toBe(200);
    expect((res.json() as { items: Array<{ id: string }> }).items.map((c) => c.id)).toEqual([
      'call-alpha',
    ]);
    expect(
      (await api.call(api.alpha.token, 'GET', `/api/v1/calls?teamId=${api.beta.team.id}`))
        .statusCode,
    ).toBe(403);
  });

  test('the superadmin → every team, or one team with ?teamId=', async () => {
    const all = await api.call(api.superToken, 'GET', '/api/v1/calls');
    expect((all.json() as { items: unknown[] }).items).toHaveLength(2);
    const beta = await api.call(api.superToken, 'GET', `/api/v1/calls?teamId=${api.beta.team.id}`);
    expect(beta.json()).toMatchObject({
      items: [{ id: 'call-beta', answeredAt: '2026-11-25T17:00:03.000Z' }],
    });
  });

  test("DELETE another team's call → 404 and nothing hung up; its own → 204", async () => {
    const other = await api.call(api.alpha.token, 'DELETE', '/api/v1/calls/call-beta');
    expect(other.statusCode).toBe(404);
    expect(hungUp).toEqual([]);
    expect((await api.call(api.alpha.token, 'DELETE', '/api/v1/calls/call-alpha')).statusCode).toBe(
      204,
    );
    expect(hungUp).toEqual(['call-alpha']);
    expect((await api.call(api.alpha.token, 'DELETE', '/api/v1/calls/nope')).statusCode).toBe(404);
  });
});
