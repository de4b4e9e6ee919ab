import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApi } from '../../test-api.ts';
import type { TestApi } from '../../test-api.ts';

/*
 * Trunk fields of issue 7: extra INVITE headers (TRK-11) and the
 * auto-disable after consecutive failures (TRK-13).
 */

let t: TestApi;
let n = 0;
beforeAll(async () => {
  t = await buildTestApi();
});
afterAll(async () => t.close());

async function createTrunk(body: Record<string, unknown>) {
  return t.call(t.alpha.token, 'POST', '/api/v1/trunks', {
    name: `carrier${++n}`,
    type: 'ipPeer',
    host: '192.0.2.1',
    ...body,
  });
}

describe('/api/v1/trunks sipHeaders and consecutiveFailDisable', () => {
  test('TRK-11 POST with sipHeaders → 201 returning them; defaults are empty and 0', async () => {
    const res = await createTrunk({ sipHeaders: 'X-Account: 42\nP-Charge-Info: <sip:1@x>' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      sipHeaders: 'X-Account: 42\nP-Charge-Info: <sip:1@x>',
      consecutiveFailDisable: 0,
      consecutiveFailures: 0,
    });
    const plain = await createTrunk({});
    expect(plain.json()).toMatchObject({ sipHeaders: '', consecutiveFailDisable: 0 });
  });

  test.each([
    ['Via on line 2', 'X-A: 1\nVia: SIP/2.0/UDP evil', 'line 2'],
    ['a CR injecting a header on line 1', 'X-A: 1\rContact: <sip:evil>', 'line 1'],
    ['a bad name on line 1', 'X A: 1', 'line 1'],
  ])(
    'TRK-11 POST with %s → 400 naming sipHeaders and the line',
    async (_what, sipHeaders, line) => {
      const res = await createTrunk({ sipHeaders });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toContain('sipHeaders');
      expect(res.body).toContain(line);
    },
  );

  test('TRK-11 PATCH with Authorization → 400 and the headers unchanged', async () => {
    const created = await createTrunk({ sipHeaders: 'X-A: 1' });
    const id = (created.json() as { id: number }).id;
    const res = await t.call(t.alpha.token, 'PATCH', `/api/v1/trunks/${id}`, {
      sipHeaders: 'Authorization: Digest x',
    });
    expect(res.statusCode).toBe(400);
    expect(t.store.trunks.get(id).sipHeaders).toBe('X-A: 1');
  });

  test('TRK-13 POST with consecutiveFailDisable -1 → 400; consecutiveFailures is read-only', async () => {
    expect((await createTrunk({ consecutiveFailDisable: -1 })).statusCode).toBe(400);
    expect((await createTrunk({ consecutiveFailures: 3 })).statusCode).toBe(400);
  });

  test('TRK-13 a trunk disabled by failures → PATCH status enabled re-enables it and resets the count', async () => {
    const created = await createTrunk({ consecutiveFailDisable: 2 });
    const id = (created.json() as { id: number }).id;
    t.store.trunks.recordAttempt(id, 'failed');
    t.store.trunks.recordAttempt(id, 'failed');
    const disabled = await t.call(t.alpha.token, 'GET', `/api/v1/trunks/${id}`);
    expect(disabled.json()).toMatchObject({ status: 'disabled', consecutiveFailures: 2 });
    const res = await t.call(t.alpha.token, 'PATCH', `/api/v1/trunks/${id}`, { status: 'enabled' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'enabled', consecutiveFailures: 0 });
  });
});
