/*
 * Contact qualify (T-2 `qualify=yes`, D86) with real SIP phones: 1001's
 * details ask for qualify=1000 (1 s) every second.
 * - 1001 registers and answers OPTIONS: GET /extensions/:id/registrations
 *   reads OK with the round trip.
 * - 1001 stops answering: UNREACHABLE, and a call to 1001 does not ring
 *   it; it is handled as an extension with no registered phone.
 * - 1001 answers again: OK, and the next call rings it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.27.1';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('contact qualify of extensions (T-2, D86)', () => {
  let ts: TestSwitch;
  let caller: SipPhone;
  let callee: SipPhone;
  let extensionId: number;
  let token = '';

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 37000, max: 37039 } },
      { media: undefined },
    );
    caller = new SipPhone('127.0.27.2', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    callee = new SipPhone('127.0.27.3', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await Promise.all([caller.start(), callee.start()]);
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    extensionId = store.internalNumbers.lookup(teamId, '1001')!.ownerId!;
    store.extensions.update(extensionId, { details: 'qualify=1000\nqualifyfreq=1' });
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
  });

  afterAll(async () => {
    caller?.stop();
    callee?.stop();
    await ts?.stop();
  });

  async function contact(): Promise<Record<string, unknown> | undefined> {
    const res = await ts.sw.http().inject({
      method: 'GET',
      url: `/api/v1/extensions/${extensionId}/registrations`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { contacts: Array<Record<string, unknown>> }).contacts[0];
  }

  async function until(state: string, timeoutMs: number): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = await contact();
      if (c?.['qualify'] === state || Date.now() > deadline) return c ?? {};
      await sleep(100);
    }
  }

  test('T-2 qualify: OK while the phone answers OPTIONS; UNREACHABLE is not rung; OK and rung again once it answers', async () => {
    expect(await callee.register()).toBe(200);
    expect(await contact()).toMatchObject({ qualify: 'unknown', display: 'UNKNOWN' });
    const ok = await until('ok', 6000);
    expect(ok).toMatchObject({ qualify: 'ok', transport: 'udp', source: '127.0.27.3:5060' });
    expect(ok['display']).toMatch(/^OK \(\d+ ms\)$/);

    callee.answersOptions = false;
    expect(await until('unreachable', 8000)).toMatchObject({
      qualify: 'unreachable',
      display: 'UNREACHABLE',
    });
    const unrung = caller.call('1001', sdp('127.0.27.2', 7200));
    const final = await unrung.final;
    await sleep(200);
    expect(callee.incoming.filter((m) => m.request.method === 'INVITE')).toEqual([]);
    if (final.status === 200) {
      // An extension with no phone may go to its voicemail (VM-1).
      await caller.inDialog(unrung.dialog!, 'BYE');
    } else {
      expect(final.status).toBeGreaterThanOrEqual(400);
    }

    callee.answersOptions = true;
    // The unreachable contact's OPTIONS, which the test holds, get no answer.
    callee.incoming.length = 0;
    expect(await until('ok', 6000)).toMatchObject({ qualify: 'ok' });
    const rung = caller.call('1001', sdp('127.0.27.2', 7210));
    const invite = await callee.next('INVITE', 5000);
    callee.answer(invite, sdp('127.0.27.3', 7212));
    expect((await rung.final).status).toBe(200);
    const bye = caller.inDialog(rung.dialog!, 'BYE');
    callee.respond(await callee.next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);
  });
});
