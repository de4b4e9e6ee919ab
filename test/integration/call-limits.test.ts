/*
 * Limits on calls in progress (D83), on real calls through the demo team:
 * - the team's maxConcurrentCalls: with a limit of 1 and 1001 talking to
 *   1002, a call from 1003 and one from the carrier get 503 with Q.850
 *   cause 34; once the first call ends, 1003's call goes through;
 * - the carrier trunk's maxChannels (TRK-5) counts inbound calls too: with
 *   1 channel and a carrier call up, a second carrier call gets 503 and
 *   1001's outbound call finds no trunk free (503), until the call ends.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemoSwitch, type DemoSwitch } from '../helpers/demo-switch.ts';
import { sdp, type SipPhone } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.24.1';
const CARRIER = '127.0.24.2';

describe('concurrent-call limits of teams and trunks (D83)', () => {
  let demo: DemoSwitch;
  const phones = new Map<string, SipPhone>();
  const phone = (n: string) => phones.get(n)!;

  beforeAll(async () => {
    demo = await startDemoSwitch({
      address: SWITCH,
      carrierAddress: CARRIER,
      carrierUser: '15551112222',
    });
    const numbers = ['1000', '1001', '1002', '1003', '1004'];
    for (const [i, n] of numbers.entries()) {
      const p = await demo.phone(n, `127.0.24.${i + 3}`);
      expect(await p.register()).toBe(200);
      phones.set(n, p);
    }
  });
  afterAll(async () => {
    await demo?.stop();
  });

  /** `callee` answers the call that `call` placed; both dialogs. */
  async function answered(call: ReturnType<SipPhone['call']>, callee: SipPhone, port: number) {
    const inc = await callee.next('INVITE', 5000);
    const dialog = callee.answer(inc, sdp(callee.address, port))!;
    expect((await call.final).status).toBe(200);
    return dialog;
  }

  async function hangUp(from: SipPhone, dialog: Parameters<SipPhone['inDialog']>[0], to: SipPhone) {
    const bye = from.inDialog(dialog, 'BYE');
    to.respond(await to.next('BYE', 5000), 200);
    expect((await bye).status).toBe(200);
  }

  const fromCarrier = (port: number) =>
    demo.carrier.call('5550100', sdp('198.51.100.7', port), { isAuthenticated: false });

  test('team maxConcurrentCalls 1: a second call, internal or from a trunk → 503 cause 34; after the first ends → through', async () => {
    const store = demo.ts.sw.store();
    store.teams.update(demo.teamId, { maxConcurrentCalls: 1 });
    try {
      const first = phone('1001').call('1002', sdp(phone('1001').address, 6000));
      await answered(first, phone('1002'), 6002);

      const refused = await phone('1003').call('1004', sdp(phone('1003').address, 6010)).final;
      expect(refused.status).toBe(503);
      expect(refused.getHeader('Reason')).toMatch(/^Q\.850;cause=34;/);
      expect((await fromCarrier(6020).final).status).toBe(503);
      expect(phone('1004').incoming.filter((m) => m.request.method === 'INVITE')).toEqual([]);

      await hangUp(phone('1001'), first.dialog!, phone('1002'));
      const later = phone('1003').call('1004', sdp(phone('1003').address, 6030));
      const dialog = await answered(later, phone('1004'), 6032);
      await hangUp(phone('1004'), dialog, phone('1003'));
    } finally {
      store.teams.update(demo.teamId, { maxConcurrentCalls: null });
    }
  });

  test('TRK-5 maxChannels 1 and a carrier call up → a second inbound call and an outbound call → 503; free again after', async () => {
    const store = demo.ts.sw.store();
    store.trunks.update(demo.carrierTrunkId, { maxChannels: 1 });
    try {
      const inbound = fromCarrier(6040);
      const callee = await answered(inbound, phone('1000'), 6042);

      expect((await fromCarrier(6050).final).status).toBe(503);
      const outbound = phone('1001').call('95551234', sdp(phone('1001').address, 6060));
      expect((await outbound.final).status).toBe(503);
      expect(demo.carrier.incoming.filter((m) => m.request.method === 'INVITE')).toEqual([]);

      await hangUp(phone('1000'), callee, demo.carrier);
      const again = fromCarrier(6070);
      const dialog = await answered(again, phone('1000'), 6072);
      await hangUp(phone('1000'), dialog, demo.carrier);
    } finally {
      store.trunks.update(demo.carrierTrunkId, { maxChannels: null });
    }
  });
});
