import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCdrStore } from '../../core/cdr-store/index.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.131';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  return new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv)![1]!;
}

describe('CDRs of calls through the switch (spec 01 §2.8)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    alice = new SipPhone('127.0.0.132', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.133', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await Promise.all([alice.start(), bob.start()]);
    expect(await alice.register()).toBe(200);
    expect(await bob.register()).toBe(200);
  });
  afterAll(async () => {
    alice.stop();
    bob.stop();
    await ts.stop();
  });

  test('CDR-1/CDR-2 an answered call ended by the caller, and a busy one → one row each with the outcome', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    bob.answer(await bob.next('INVITE'), sdp('192.0.2.20', 5000));
    expect((await call.final).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await bob.waitFor(() => bob.acks[0])).toBeDefined();
    const byeResponse = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await byeResponse).status).toBe(200);

    const busy = alice.call('1001', sdp('192.0.2.10', 4002));
    bob.respond(await bob.next('INVITE'), 486);
    expect((await busy.final).status).toBe(486);

    const teamId = ts.sw.store().teams.findByUid('demo')!.id;
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    const token = (login.json() as { token: string }).token;
    const res = await ts.sw.http().inject({
      method: 'GET',
      url: `/api/v1/cdrs?teamId=${teamId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    const items = (res.json() as { items: Array<Record<string, unknown>> }).items;
    expect(items).toHaveLength(2);
    expect(items[1]).toMatchObject({
      callType: 'internal',
      callerNumber: '1000',
      calledNumber: '1001',
      result: 'answered',
      hangupSide: 'caller',
      hangupCause: 16,
    });
    expect(items[1]!.billableDuration).toBeGreaterThanOrEqual(1);
    expect(items[1]!.endTime).not.toBeNull();
    expect(items[0]).toMatchObject({
      result: 'busy',
      sipStatus: 486,
      hangupCause: 17,
      billableDuration: 0,
      hangupSide: 'callee',
    });
  });

  test('the CDR file → a real SQLite file in the data dir that reopens', () => {
    const store = openCdrStore(ts.dataDir);
    try {
      expect(store.list({ limit: 10 }).length).toBeGreaterThanOrEqual(2);
    } finally {
      store.close();
    }
  });
});
