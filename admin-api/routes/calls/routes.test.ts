import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { err, ok } from '../../../core/index.ts';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
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

describe('POST /api/v1/calls/:id/parties (Q-19)', () => {
  let api: TestApi;
  let agentId: number;
  let agentToken: string;
  const asked: Array<{ callId: string; number: string; agentId: number | undefined }> = [];
  const dropped: Array<{ callId: string; partyId: string; agentId: number | undefined }> = [];
  const teams = new Map<string, number>();
  beforeAll(async () => {
    api = await buildTestApi(undefined, {
      calls: {
        list: () => [],
        teamOf: (id) => teams.get(id),
        hangup: () => false,
        addParty: (callId, number, by) => {
          asked.push({ callId, number, agentId: by.agentId });
          if (number === '999') {
            return err({ code: 'ERR_PARTY_NOT_FOUND', status: 404, message: 'no route' });
          }
          if (callId === 'call-off') {
            return err({ code: 'ERR_MULTI_PARTY_DISABLED', status: 409, message: 'off' });
          }
          if (by.agentId !== undefined && by.agentId !== agentId) {
            return err({ code: 'ERR_NOT_FOUND', status: 404, message: 'not yours' });
          }
          return ok({ partyId: `${callId}-party-1`, callId, number, state: 'ringing' as const });
        },
        dropParty: (callId, partyId, by) => {
          dropped.push({ callId, partyId, agentId: by.agentId });
          if (
            partyId !== `${callId}-party-1` ||
            (by.agentId !== undefined && by.agentId !== agentId)
          ) {
            return err({ code: 'ERR_NOT_FOUND', status: 404, message: 'no such party' });
          }
          return ok({ partyId });
        },
      },
    });
    teams.set('call-alpha', api.alpha.team.id);
    teams.set('call-off', api.alpha.team.id);
    teams.set('call-beta', api.beta.team.id);
    const hash = hashPasswordSync('agent-api-pass');
    const account = api.store.accounts.create({
      teamId: api.alpha.team.id,
      username: 'owner901',
      accountType: 'user',
      passwordHash: hash,
    });
    agentId = api.store.agents.create({
      teamId: api.alpha.team.id,
      accountId: account.id,
      agentNo: '901',
      passwordHash: hash,
    }).id;
    api.store.agents.setApiPasswordHash(agentId, hash);
    const login = await api.call(undefined, 'POST', '/api/v1/auth/agent-login', {
      team: 'alpha',
      agentNo: '901',
      apiPassword: 'agent-api-pass',
    });
    agentToken = (login.json() as { token: string }).token;
  });
  afterAll(async () => api.close());

  test('Q-19 a team admin adds a number to its call → 202 with the ringing party', async () => {
    const res = await api.call(api.alpha.token, 'POST', '/api/v1/calls/call-alpha/parties', {
      number: '1002',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({
      partyId: 'call-alpha-party-1',
      callId: 'call-alpha',
      number: '1002',
      state: 'ringing',
    });
    expect(asked.at(-1)).toEqual({ callId: 'call-alpha', number: '1002', agentId: undefined });
  });

  test('Q-19 the queue has multiParty off → 409 ERR_MULTI_PARTY_DISABLED', async () => {
    const res = await api.call(api.alpha.token, 'POST', '/api/v1/calls/call-off/parties', {
      number: '1002',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ERR_MULTI_PARTY_DISABLED' });
  });

  test("Q-19 another team's call → 404 and nothing asked", async () => {
    const before = asked.length;
    const res = await api.call(api.alpha.token, 'POST', '/api/v1/calls/call-beta/parties', {
      number: '1002',
    });
    expect(res.statusCode).toBe(404);
    expect(asked).toHaveLength(before);
    const gone = await api.call(api.alpha.token, 'POST', '/api/v1/calls/nope/parties', {
      number: '1002',
    });
    expect(gone.statusCode).toBe(404);
  });

  test('Q-19 a number that routes nowhere → 404 ERR_PARTY_NOT_FOUND, not the call', async () => {
    const res = await api.call(api.alpha.token, 'POST', '/api/v1/calls/call-alpha/parties', {
      number: '999',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ERR_PARTY_NOT_FOUND' });
  });

  test('Q-19 a bad number → 400 naming the field', async () => {
    const res = await api.call(api.alpha.token, 'POST', '/api/v1/calls/call-alpha/parties', {
      number: 'sip:evil',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('number');
  });

  test('Q-19 an agent token → its own agent id is passed on; a refusal as not its call is 404', async () => {
    const res = await api.call(agentToken, 'POST', '/api/v1/calls/call-alpha/parties', {
      number: '1003',
    });
    expect(res.statusCode).toBe(202);
    expect(asked.at(-1)).toEqual({ callId: 'call-alpha', number: '1003', agentId });
    // The agent may still not hang calls up or list them (D62's closed list).
    expect((await api.call(agentToken, 'GET', '/api/v1/calls')).statusCode).toBe(403);
    expect((await api.call(agentToken, 'DELETE', '/api/v1/calls/call-alpha')).statusCode).toBe(403);
  });

  test('Q-19 DELETE /calls/:id/parties/:partyId → 204, the party is dropped', async () => {
    const res = await api.call(
      api.alpha.token,
      'DELETE',
      '/api/v1/calls/call-alpha/parties/call-alpha-party-1',
    );
    expect(res.statusCode).toBe(204);
    expect(dropped.at(-1)).toEqual({
      callId: 'call-alpha',
      partyId: 'call-alpha-party-1',
      agentId: undefined,
    });
  });

  test("Q-19 DELETE of an unknown party, or of another team's call → 404", async () => {
    const unknown = await api.call(
      api.alpha.token,
      'DELETE',
      '/api/v1/calls/call-alpha/parties/call-alpha-party-7',
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'ERR_NOT_FOUND' });
    const before = dropped.length;
    const foreign = await api.call(
      api.alpha.token,
      'DELETE',
      '/api/v1/calls/call-beta/parties/call-beta-party-1',
    );
    expect(foreign.statusCode).toBe(404);
    expect(dropped).toHaveLength(before);
  });

  test('Q-19 an agent token drops a party of its own call; its agent id is passed on', async () => {
    const res = await api.call(
      agentToken,
      'DELETE',
      '/api/v1/calls/call-alpha/parties/call-alpha-party-1',
    );
    expect(res.statusCode).toBe(204);
    expect(dropped.at(-1)).toEqual({
      callId: 'call-alpha',
      partyId: 'call-alpha-party-1',
      agentId,
    });
  });
});
