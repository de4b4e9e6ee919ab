import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import type { ExtensionContactView } from '../../admin-api-deps.ts';
import { buildTestApi, type TestApi } from '../../test-api.ts';

/* GET /api/v1/extensions/:id/registrations (T-2 qualify, D86). */

let t: TestApi;
let alphaExtension: number;
let betaExtension: number;
const asked: Array<[number, string]> = [];

const contact = (qualify: ExtensionContactView['qualify']): ExtensionContactView => ({
  isFixed: false,
  contactUri: 'sip:1001@192.168.1.20:5062',
  protocol: 'udp',
  sourceAddress: '203.0.113.7',
  sourcePort: 40312,
  isBehindNat: true,
  userAgent: 'Yealink SIP-T46S',
  registeredAtMs: Date.UTC(2026, 0, 1, 9),
  expiresAtMs: Date.UTC(2026, 0, 1, 10),
  qualify,
});

beforeAll(async () => {
  t = await buildTestApi(undefined, {
    extensionRegistrations: {
      contacts: (teamId, number) => {
        asked.push([teamId, number]);
        return [
          contact({ state: 'ok', rttMs: 7, checkedAt: Date.UTC(2026, 0, 1, 9, 30) }),
          contact(undefined),
          {
            ...contact({ state: 'unreachable', rttMs: undefined, checkedAt: Date.UTC(2026, 0, 1) }),
            isFixed: true,
            contactUri: 'sip:desk@192.0.2.10:5060',
            sourceAddress: '192.0.2.10',
            sourcePort: 5060,
            isBehindNat: false,
            userAgent: '',
            registeredAtMs: 0,
            expiresAtMs: Number.POSITIVE_INFINITY,
          },
        ];
      },
    },
  });
  const extension = (teamId: number) => {
    const account = t.store.accounts.create({
      teamId,
      username: `owner${teamId}`,
      accountType: 'user',
      passwordHash: hashPasswordSync('owner-password-1'),
    });
    return t.store.extensions.create({ teamId, accountId: account.id, internalNumber: '1001' }).id;
  };
  alphaExtension = extension(t.alpha.team.id);
  betaExtension = extension(t.beta.team.id);
});
afterAll(async () => t.close());

describe('GET /api/v1/extensions/:id/registrations', () => {
  test('T-2 a team admin → its extension’s contacts with the qualify state as sip show peers prints it, its fixed address last (D95)', async () => {
    const res = await t.call(
      t.alpha.token,
      'GET',
      `/api/v1/extensions/${alphaExtension}/registrations`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      extensionId: alphaExtension,
      number: '1001',
      contacts: [
        {
          contact: 'sip:1001@192.168.1.20:5062',
          fixed: false,
          transport: 'udp',
          source: '203.0.113.7:40312',
          behindNat: true,
          userAgent: 'Yealink SIP-T46S',
          registeredAt: '2026-01-01T09:00:00.000Z',
          expiresAt: '2026-01-01T10:00:00.000Z',
          qualify: 'ok',
          rttMs: 7,
          checkedAt: '2026-01-01T09:30:00.000Z',
          display: 'OK (7 ms)',
        },
        expect.objectContaining({ qualify: 'off', rttMs: null, display: 'Unmonitored' }),
        {
          contact: 'sip:desk@192.0.2.10:5060',
          fixed: true,
          transport: 'udp',
          source: '192.0.2.10:5060',
          behindNat: false,
          userAgent: '',
          registeredAt: null,
          expiresAt: null,
          qualify: 'unreachable',
          rttMs: null,
          checkedAt: '2026-01-01T00:00:00.000Z',
          display: 'UNREACHABLE',
        },
      ],
    });
    expect(asked.at(-1)).toEqual([t.alpha.team.id, '1001']);
  });

  test('cross-tenant: another team’s extension → 404, its registrations never read', async () => {
    const before = asked.length;
    const res = await t.call(
      t.alpha.token,
      'GET',
      `/api/v1/extensions/${betaExtension}/registrations`,
    );
    expect(res.statusCode).toBe(404);
    expect(asked.length).toBe(before);
    const own = await t.call(
      t.beta.token,
      'GET',
      `/api/v1/extensions/${betaExtension}/registrations`,
    );
    expect(own.statusCode).toBe(200);
    const root = await t.call(
      t.superToken,
      'GET',
      `/api/v1/extensions/${betaExtension}/registrations`,
    );
    expect(root.statusCode).toBe(200);
  });

  test('an unknown extension → 404; no token → 401', async () => {
    expect(
      (await t.call(t.alpha.token, 'GET', '/api/v1/extensions/99999/registrations')).statusCode,
    ).toBe(404);
    expect(
      (await t.call(undefined, 'GET', `/api/v1/extensions/${alphaExtension}/registrations`))
        .statusCode,
    ).toBe(401);
  });
});
