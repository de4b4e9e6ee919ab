import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemoSwitch, type DemoSwitch } from '../helpers/demo-switch.ts';
import { sdp, type SipPhone } from '../helpers/sip-phone.ts';

/*
 * Ring-group members on a real call (spec 01 §2.4): a sequential group
 * lists 1001 then 1002, and 1002 has priority 9, so 1002 rings first
 * (RGM-1). It answers: its ring and answer counts go up, 1001's do not
 * (RGM-2), as GET /api/v1/ring-group-members shows.
 */

const SWITCH = '127.0.0.246';
const CARRIER = '127.0.0.250';
const ALICE = '127.0.0.251';
const BOB = '127.0.0.235';
const CAROL = '127.0.0.254';

describe('ring-group member priority and statistics on a live call', () => {
  let demo: DemoSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;

  beforeAll(async () => {
    demo = await startDemoSwitch({
      address: SWITCH,
      carrierAddress: CARRIER,
      flags: { rtpPorts: { min: 38920, max: 38939 } },
      deps: { media: undefined },
    });
    [alice, bob, carol] = await Promise.all([
      demo.phone('1000', ALICE),
      demo.phone('1001', BOB),
      demo.phone('1002', CAROL),
    ]);
    expect(await bob.register()).toBe(200);
    expect(await carol.register()).toBe(200);
  });
  afterAll(async () => {
    await demo?.stop();
  });

  test('RGM-1 1002 with priority 9 rings before 1001 listed first; RGM-2 its ring and answer counted', async () => {
    const store = demo.ts.sw.store();
    const ext = (n: string) => store.internalNumbers.lookup(demo.teamId, n)!.ownerId!;
    const group = store.ringGroups.create({
      teamId: demo.teamId,
      name: 'rgm desk',
      internalNumber: '620',
      strategy: 'sequential',
      ringTimeSec: 20,
      extensionIds: [ext('1001'), ext('1002')],
    });
    const [first, second] = store.ringGroupMembers.list(demo.teamId);
    store.ringGroupMembers.update(second!.id, { priority: 9 });
    const call = alice.call('620', sdp('192.0.2.10', 4000));
    const inc = await carol.next('INVITE', 5000);
    expect(inc.request.requestUri).toContain('1002@');
    expect(bob.incoming.filter((m) => m.request.method === 'INVITE')).toEqual([]);
    carol.answer(inc, sdp('192.0.2.30', 4200));
    expect((await call.final).status).toBe(200);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    carol.respond(await carol.next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);
    const login = await demo.ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    const token = (login.json() as { token: string }).token;
    const res = await demo.ts.sw.http().inject({
      method: 'GET',
      url: `/api/v1/ring-group-members?ringGroupId=${group.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ id: first!.id, priority: 0, ringCount: 0, answerCount: 0 }),
      expect.objectContaining({ id: second!.id, priority: 9, ringCount: 1, answerCount: 1 }),
    ]);
  });
  test('CDR-1 a sequential group where 1002 is busy and 1001 answers → GET /calls shows each leg live, GET /cdrs/:id/legs lists both after', async () => {
    const store = demo.ts.sw.store();
    const ext = (n: string) => store.internalNumbers.lookup(demo.teamId, n)!.ownerId!;
    store.ringGroups.create({
      teamId: demo.teamId,
      name: 'legs desk',
      internalNumber: '621',
      strategy: 'sequential',
      ringTimeSec: 20,
      extensionIds: [ext('1002'), ext('1001')],
    });
    const http = demo.ts.sw.http();
    const login = await http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
    const liveLegs = async () => {
      const res = await http.inject({ method: 'GET', url: '/api/v1/calls', headers });
      const items = (res.json() as { items: Array<{ calleeNumber: string; legs: unknown[] }> })
        .items;
      return items.find((c) => c.calleeNumber === '621')?.legs;
    };
    const call = alice.call('621', sdp('192.0.2.10', 4010));
    const ringing = await carol.next('INVITE', 5000);
    // While 1002 rings, GET /calls shows its leg under the call.
    expect(await liveLegs()).toEqual([
      expect.objectContaining({ target: 'extension', calledNumber: '1002', state: 'ringing' }),
    ]);
    carol.respond(ringing, 486);
    const inc = await bob.next('INVITE', 5000);
    bob.answer(inc, sdp('192.0.2.20', 4210));
    expect((await call.final).status).toBe(200);
    expect(await liveLegs()).toEqual([
      expect.objectContaining({ calledNumber: '1001', state: 'answered' }),
    ]);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);
    const cdrs = await http.inject({ method: 'GET', url: '/api/v1/cdrs?limit=1', headers });
    const cdr = (cdrs.json() as { items: Array<{ id: string; calledNumber: string }> }).items[0]!;
    expect(cdr.calledNumber).toBe('621');
    const res = await http.inject({
      method: 'GET',
      url: `/api/v1/cdrs/${encodeURIComponent(cdr.id)}/legs`,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const legs = (res.json() as { items: Array<Record<string, unknown>> }).items;
    expect(legs).toEqual([
      expect.objectContaining({
        target: 'extension',
        calledNumber: '1002',
        extensionId: ext('1002'),
        purpose: 'ringGroup',
        answerTime: null,
        billableDuration: 0,
        result: 'busy',
      }),
      expect.objectContaining({
        target: 'extension',
        calledNumber: '1001',
        extensionId: ext('1001'),
        result: 'answered',
      }),
    ]);
    expect(legs[1]!.answerTime).not.toBeNull();
    const missing = await http.inject({
      method: 'GET',
      url: '/api/v1/cdrs/no-such-call/legs',
      headers,
    });
    expect(missing.statusCode).toBe(404);
  });
});
