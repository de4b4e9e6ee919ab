import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi, type TestApi } from '../../test-api.ts';

describe('GET /api/v1/sip/rejects and /sip/bans', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await buildTestApi(undefined, {
      sipSecurity: {
        recentRejects: (limit) =>
          [
            {
              timeMs: Date.UTC(2026, 10, 25, 17),
              source: 'udp:198.51.100.7:5060',
              reason: 'auth-bad-response',
              firstBytes: 'REGISTER sip:x SIP/2.0',
            },
            {
              timeMs: Date.UTC(2026, 10, 25, 16),
              source: 'udp:198.51.100.8:5060',
              reason: 'ERR_SIP_BAD_START_LINE',
              firstBytes: '\\x00\\x01',
            },
          ].slice(0, limit),
        bans: () => [{ ip: '198.51.100.7', remainingSec: 590 }],
      },
    });
  });
  afterAll(async () => api.close());

  test('the superadmin → the recent rejects, newest first, with source, time, reason and first bytes', async () => {
    const res = await api.call(api.superToken, 'GET', '/api/v1/sip/rejects?limit=1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          time: '2026-11-25T17:00:00.000Z',
          source: 'udp:198.51.100.7:5060',
          reason: 'auth-bad-response',
          firstBytes: 'REGISTER sip:x SIP/2.0',
        },
      ],
    });
    const bans = await api.call(api.superToken, 'GET', '/api/v1/sip/bans');
    expect(bans.json()).toEqual({ items: [{ ip: '198.51.100.7', remainingSec: 590 }] });
  });

  test('a team admin → 403; no token → 401', async () => {
    expect((await api.call(api.alpha.token, 'GET', '/api/v1/sip/rejects')).statusCode).toBe(403);
    expect((await api.call(undefined, 'GET', '/api/v1/sip/bans')).statusCode).toBe(401);
  });
});
