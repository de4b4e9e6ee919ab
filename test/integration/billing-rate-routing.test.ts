import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startDemoSwitch, type DemoSwitch } from '../helpers/demo-switch.ts';
import { sdp, type SipPhone } from '../helpers/sip-phone.ts';
import type { TestSwitch } from '../helpers/switch-in-process.ts';

/*
 * Rate routing (spec 03 §5.3 (c) 3–4) over real UDP, set up through the
 * admin API: the demo team routes 9… to its `carrier` trunk with the 9
 * stripped; with `rateRouting` on, a number whose extension rate names the
 * `rated` trunk goes out there instead, a rate without a trunk leaves the
 * route's trunk, and a number no rate prices is refused with 403.
 */

const SWITCH = '127.0.0.160';
const ALICE = '127.0.0.161';
const CARRIER = '127.0.0.162';
const RATED = '127.0.0.163';

describe('rate routing over real UDP (spec 03 §5.3 (c) 3–4)', () => {
  let demo: DemoSwitch;
  let ts: TestSwitch;
  let alice: SipPhone;
  let carrier: SipPhone;
  let rated: SipPhone;
  let teamId: number;
  let ratedId: number;
  let usaRateId: number;
  let token: string;

  async function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
    const res = await ts.sw.http().inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as Record<string, unknown>;
  }

  beforeAll(async () => {
    demo = await startDemoSwitch({
      address: SWITCH,
      carrierAddress: CARRIER,
      flags: { rtpPorts: { min: 38600, max: 38649 } },
      deps: { media: undefined },
    });
    ({ ts, carrier, teamId } = demo);
    [alice, rated] = await Promise.all([demo.phone('1000', ALICE), demo.peer(RATED, 'rated')]);
    expect(await alice.register()).toBe(200);
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
    const trunk = await api('POST', '/api/v1/trunks', {
      teamId,
      name: 'rated',
      type: 'ipPeer',
      host: RATED,
      port: 5060,
    });
    ratedId = trunk['id'] as number;
    // 9001…: international over the rated trunk; 95…: priced, route's trunk.
    const usa = await api('POST', '/api/v1/extension-rates', {
      teamId,
      prefix: '9001',
      trunkId: ratedId,
      destination: 'USA',
      connectFeeE4: 20_000,
      initialDurationSec: 60,
      ratePerMinuteE4: 60_000,
      billingCycleSec: 60,
    });
    usaRateId = usa['id'] as number;
    await api('POST', '/api/v1/extension-rates', {
      teamId,
      prefix: '95',
      ratePerMinuteE4: 10_000,
      billingCycleSec: 60,
    });
    const team = await api('PATCH', `/api/v1/teams/${teamId}`, { rateRouting: true });
    expect(team['rateRouting']).toBe(true);
  });
  afterAll(async () => {
    await demo?.stop();
  });
  beforeEach(() => {
    demo.clearIncoming();
  });

  test('5.3(c)3 a number whose rate names a trunk → out over the rate’s trunk, with the route’s strip', async () => {
    const call = alice.call('90015551234', sdp('192.0.2.10', 4000));
    const inc = await rated.next('INVITE', 5000);
    expect(inc.request.requestUri).toContain('sip:0015551234@');
    rated.respond(inc, 486);
    expect((await call.final).status).toBe(486);
    expect(carrier.incoming).toEqual([]);
  });

  test('5.3(c)3 an answered call over the rate’s trunk → charged by the rate that chose the trunk', async () => {
    const call = alice.call('90015550000', sdp('192.0.2.10', 4000));
    const inc = await rated.next('INVITE', 5000);
    rated.answer(inc, sdp('192.0.2.30', 4200));
    expect((await call.final).status).toBe(200);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    rated.respond(await rated.next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);
    const cdrs = await api('GET', `/api/v1/cdrs?teamId=${teamId}&limit=1`);
    const [cdr] = cdrs['items'] as Array<{ id: string; calledNumber: string }>;
    expect(cdr?.calledNumber).toBe('90015550000');
    const billing = ts.sw.store().billing;
    const charge = await alice.waitFor(() => billing.findCharge(cdr!.id), 5000);
    // Within the initial 60 s an answered call costs the connect fee (R2).
    expect(charge).toMatchObject({ extensionRateId: usaRateId, extensionChargeE4: 20_000 });
  });

  test('5.3(c)3 a number whose rate names no trunk → the route’s trunk carries it', async () => {
    const call = alice.call('95551234', sdp('192.0.2.10', 4000));
    const inc = await carrier.next('INVITE', 5000);
    expect(inc.request.requestUri).toContain('sip:5551234@');
    carrier.respond(inc, 486);
    expect((await call.final).status).toBe(486);
    expect(rated.incoming).toEqual([]);
  });

  test('5.3(c)4 a number no extension rate prices → 403 No Rate For Number, no trunk is tried', async () => {
    const refused = await alice.call('97771234', sdp('192.0.2.10', 4000)).final;
    expect(refused.status).toBe(403);
    expect(refused.reason).toBe('No Rate For Number');
    expect(carrier.incoming).toEqual([]);
    expect(rated.incoming).toEqual([]);
  });

  test('5.3(c)3 rate routing switched off → the route’s trunk again, unpriced numbers too (D56)', async () => {
    await api('PATCH', `/api/v1/teams/${teamId}`, { rateRouting: false });
    try {
      for (const number of ['90015551234', '97771234']) {
        const call = alice.call(number, sdp('192.0.2.10', 4000));
        const inc = await carrier.next('INVITE', 5000);
        carrier.respond(inc, 486);
        expect((await call.final).status).toBe(486);
      }
      expect(rated.incoming).toEqual([]);
    } finally {
      await api('PATCH', `/api/v1/teams/${teamId}`, { rateRouting: true });
    }
  });
});
