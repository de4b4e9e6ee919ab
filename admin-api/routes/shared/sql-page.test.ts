import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import type { ConfigStore, KeysetJsonPage } from '../../../core/config-store/index.ts';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

type Pager = { pageJson(...args: unknown[]): KeysetJsonPage | undefined };

/** Each list route whose rows SQLite writes as JSON, with its repository. */
const RESOURCES: ReadonlyArray<readonly [string, (store: ConfigStore) => Pager]> = [
  ['accounts', (s) => s.accounts],
  ['agents', (s) => s.agents],
  ['caller-lists', (s) => s.callerLists],
  ['conference-rooms', (s) => s.conferenceRooms],
  ['did-groups', (s) => s.didGroups],
  ['dids', (s) => s.dids],
  ['extensions', (s) => s.extensions],
  ['inbound-routes', (s) => s.inboundRoutes],
  ['outbound-routes', (s) => s.outboundRoutes],
  ['queues', (s) => s.queues],
  ['recording-retention-plans', (s) => s.recordingRetentionPlans],
  ['system-rates', (s) => s.rates.system],
  ['team-rates', (s) => s.rates.team],
  ['extension-rates', (s) => s.rates.extension],
  ['agent-inbound-rates', (s) => s.rates.agentInbound],
  ['teams', (s) => s.teams],
  ['trunks', (s) => s.trunks],
  ['voicemail-boxes', (s) => s.voicemailBoxes],
  ['work-hours', (s) => s.workHours],
];

describe('list pages written by SQLite (sql-page.ts)', () => {
  let t: TestApi;
  let ownerId: number;

  beforeAll(async () => {
    t = await buildTestApi();
    ownerId = t.store.accounts.create({
      teamId: t.alpha.team.id,
      username: 'jsonowner',
      accountType: 'user',
      passwordHash: hashPasswordSync('x-password'),
    }).id;
  });
  afterAll(async () => t.close());

  test.each(RESOURCES)(
    'GET /%s → the page comes from pageJson(), not the object path',
    async (path, repository) => {
      const pager = repository(t.store);
      const spy = vi.spyOn(pager, 'pageJson');
      try {
        const res = await t.call(t.superToken, 'GET', `/api/v1/${path}?limit=5`);
        expect(res.statusCode, res.body).toBe(200);
        expect(spy).toHaveBeenCalled();
        expect(spy.mock.results.every((r) => r.value !== undefined)).toBe(true);
      } finally {
        spy.mockRestore();
      }
    },
  );

  test('quotes, backslashes, control and non-ASCII characters, booleans, nulls and times → the same values as GET /:id', async () => {
    const name = 'Zoë "the \\ desk"\n\u0001 办公室 \u{1f4de}';
    const created = await t.call(t.alpha.token, 'POST', '/api/v1/extensions', {
      accountId: ownerId,
      internalNumber: '701',
      name,
      dnd: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: number }).id;
    const one = (await t.call(t.alpha.token, 'GET', `/api/v1/extensions/${id}`)).json();
    const page = (await t.call(t.alpha.token, 'GET', '/api/v1/extensions?limit=50')).json() as {
      items: Array<{ id: number }>;
    };
    const row = page.items.find((item) => item.id === id);
    expect(row).toEqual(one);
    expect(row).toMatchObject({ name, dnd: true, callerNumber: null });
  });

  test('a page of 2 of 3, then the cursor → the same rows as the object path, in order, none twice', async () => {
    for (const n of ['702', '703']) {
      await t.call(t.alpha.token, 'POST', '/api/v1/extensions', {
        accountId: ownerId,
        internalNumber: n,
      });
    }
    const first = (
      await t.call(t.alpha.token, 'GET', '/api/v1/extensions?limit=2&sort=-internalNumber')
    ).json() as { items: Array<{ internalNumber: string }>; nextCursor: string };
    const next = (
      await t.call(
        t.alpha.token,
        'GET',
        `/api/v1/extensions?limit=2&sort=-internalNumber&cursor=${first.nextCursor}`,
      )
    ).json() as { items: Array<{ internalNumber: string }>; nextCursor: string | null };
    const numbers = [...first.items, ...next.items].map((e) => e.internalNumber);
    expect(numbers).toEqual(['703', '702', '701']);
    expect(next.nextCursor).toBeNull();
  });
});
