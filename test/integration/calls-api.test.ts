import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.101';

function demoPassword(dataDir: string, number: string): string {
  const csv = readFileSync(join(dataDir, 'demo-users.csv'), 'utf8');
  return new RegExp(
    `^${number};demo\\.local;\\[authentication username=${number} password=([^\\]]+)\\]$`,
    'm',
  ).exec(csv)![1]!;
}

describe('GET/DELETE /api/v1/calls on a running switch', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let token: string;

  beforeAll(async () => {
    ts = await startTestSwitch(SWITCH, { demo: true });
    alice = new SipPhone('127.0.0.102', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.103', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await Promise.all([alice.start(), bob.start()]);
    expect(await alice.register()).toBe(200);
    expect(await bob.register()).toBe(200);
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
  });
  afterAll(async () => {
    alice.stop();
    bob.stop();
    await ts.stop();
  });

  test('an answered call → listed for its team; DELETE → BYE on both legs and gone from the list', async () => {
    const call = alice.call('1001', sdp('192.0.2.10', 4000));
    bob.answer(await bob.next('INVITE'), sdp('192.0.2.20', 5000));
    expect((await call.final).status).toBe(200);
    const auth = { authorization: `Bearer ${token}` };
    const teamId = ts.sw.store().teams.findByUid('demo')!.id;
    const list = await ts.sw
      .http()
      .inject({ method: 'GET', url: `/api/v1/calls?teamId=${teamId}`, headers: auth });
    const items = (
      list.json() as {
        items: Array<{ id: string; callerNumber: string; calleeNumber: string; state: string }>;
      }
    ).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ callerNumber: '1000', calleeNumber: '1001' });
    const del = await ts.sw
      .http()
      .inject({ method: 'DELETE', url: `/api/v1/calls/${items[0]!.id}`, headers: auth });
    expect(del.statusCode).toBe(204);
    alice.respond(await alice.next('BYE'), 200);
    bob.respond(await bob.next('BYE'), 200);
    const after = await ts.sw.http().inject({ method: 'GET', url: '/api/v1/calls', headers: auth });
    expect((after.json() as { items: unknown[] }).items).toEqual([]);
  });
});
