/*
 * Trunk qualify (TRK-2, T-2, D84) against a scripted carrier: the demo
 * trunk's details say `qualify=300` and `qualifyfreq=1`, so the switch
 * sends OPTIONS every second and waits up to 600 ms.
 * - The carrier answers: GET /trunks/:id/qualify reads OK with the round trip.
 * - It stops answering: the trunk is UNREACHABLE, and 1001's outbound call
 *   gets 503 at once, without an INVITE to the carrier.
 * - It answers again: OK, and the next call reaches the carrier.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { qualifyTrunks } from '../../app-sip-templates.ts';
import { startDemoSwitch, type DemoSwitch } from '../helpers/demo-switch.ts';
import { sdp, type SipPhone } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.25.1';
const CARRIER = '127.0.25.2';

describe('trunk qualify with OPTIONS (D84)', () => {
  let demo: DemoSwitch;
  let caller: SipPhone;
  let token = '';

  beforeAll(async () => {
    demo = await startDemoSwitch({ address: SWITCH, carrierAddress: CARRIER });
    caller = await demo.phone('1001', '127.0.25.3');
    const login = await demo.ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
  });
  afterAll(async () => {
    await demo?.stop();
  });

  const qualifyState = async () => {
    const res = await demo.ts.sw.http().inject({
      method: 'GET',
      url: `/api/v1/trunks/${demo.carrierTrunkId}/qualify`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { state: string; rttMs: number | null; display: string };
  };
  const waitForState = async (state: string) => {
    for (let i = 0; i < 60; i++) {
      const now = await qualifyState();
      if (now.state === state) return now;
      await new Promise((r) => setTimeout(r, 50));
    }
    return qualifyState();
  };

  test('TRK-2 OK while the carrier answers OPTIONS; UNREACHABLE skips the trunk (503 at once); OK again after', async () => {
    expect(await qualifyState()).toMatchObject({ state: 'off', display: 'Unmonitored' });
    const store = demo.ts.sw.store();
    // The test answers the carrier's OPTIONS itself.
    demo.carrier.answersOptions = false;
    store.trunks.update(demo.carrierTrunkId, { details: 'qualify=300\nqualifyfreq=1' });
    // What the 10 s reload does, at once.
    demo.ts.sw.sip().trunkQualify.sync(qualifyTrunks(store));
    const { carrier } = demo;

    const first = await carrier.next('OPTIONS', 3000);
    expect(first.request.requestUri).toBe(`sip:${CARRIER}:5060`);
    carrier.respond(first, 200);
    const ok = await waitForState('ok');
    expect(ok.display).toMatch(/^OK \(\d+ ms\)$/);

    await carrier.next('OPTIONS', 3000);
    expect((await waitForState('unreachable')).display).toBe('UNREACHABLE');
    const refused = caller.call('95551234', sdp(caller.address, 6000));
    expect((await refused.final).status).toBe(503);
    expect(carrier.incoming.filter((m) => m.request.method === 'INVITE')).toEqual([]);

    carrier.respond(await carrier.next('OPTIONS', 3000), 200);
    await waitForState('ok');
    const call = caller.call('95551234', sdp(caller.address, 6010));
    const inc = await carrier.next('INVITE', 5000);
    expect(inc.request.requestUri).toContain('5551234@');
    const dialog = carrier.answer(inc, sdp('198.51.100.7', 6012))!;
    expect((await call.final).status).toBe(200);
    const bye = carrier.inDialog(dialog, 'BYE');
    caller.respond(await caller.next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);

    store.trunks.update(demo.carrierTrunkId, { details: '' });
    demo.ts.sw.sip().trunkQualify.sync(qualifyTrunks(store));
    expect(await qualifyState()).toMatchObject({ state: 'off' });
  });
});
