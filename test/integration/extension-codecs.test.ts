import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../helpers/demo-users.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

/*
 * T-2 `allow=` of extensions (D94): a phone's SDP carries only the codecs
 * its effective config allows, with the switch's own media plane on real
 * UDP. 1000 offers PCMU, PCMA and G.722; 1001 allows alaw only.
 */
const SWITCH = '127.0.32.1';
const ALICE = '127.0.32.2';
const BOB = '127.0.32.3';

/** An offer with PCMU, PCMA, G.722 and RFC 4733 events, in that order. */
function wideOffer(address: string, port: number): string {
  return sdp(address, port)
    .replace('RTP/AVP 0', 'RTP/AVP 0 8 9 101')
    .replace(
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:9 G722/8000\r\n' +
        'a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16',
    );
}

/** The payload types of an SDP body's audio line. */
const formats = (body: string) => /^m=audio \d+ RTP\/AVP ([\d ]+)\r?$/m.exec(body)?.[1]?.split(' ');

describe('T-2 allow= of extensions: their phones’ SDP narrowed (real UDP and RTP plane, D94)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let aliceId: number;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 39200, max: 39259 } },
      { media: undefined },
    );
    alice = new SipPhone(ALICE, '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone(BOB, '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    await Promise.all([alice.start(), bob.start()]);
    expect(await alice.register()).toBe(200);
    expect(await bob.register()).toBe(200);
    const store = ts.sw.store();
    const teamId = store.teams.findByUid('demo')!.id;
    aliceId = store.extensions.findByNumber(teamId, '1000')!.id;
    const bobId = store.extensions.findByNumber(teamId, '1001')!.id;
    store.extensions.update(bobId, { details: 'disallow=all\nallow=alaw' });
    store.ivrFlows.create({
      teamId,
      name: 'Goodbye',
      internalNumber: '8400',
      actions: [],
      transitions: [
        { condition: '', destination: { type: 'hangup', targetId: null, targetValue: null } },
      ],
    });
  });
  afterAll(async () => {
    for (const p of [alice, bob]) p?.stop();
    await ts?.stop();
  });

  test('T-2 the default template (ulaw, alaw, g722, opus, …): 1000’s G.722 offer reaches 1001 narrowed to 1001’s alaw, events kept', async () => {
    const call = alice.call('1001', wideOffer('192.0.2.20', 4000));
    const inc = await bob.next('INVITE');
    const offer = inc.request.body.toString('utf8');
    expect(offer).toMatch(/a=rtpmap:\d+ PCMA\/8000/);
    expect(offer).not.toMatch(/PCMU|G722|opus/i);
    expect(offer).toMatch(/telephone-event/);
    bob.answer(inc, offer.replace(/c=IN IP4 [\d.]+/, 'c=IN IP4 192.0.2.21'));
    const answered = await call.final;
    expect(answered.status).toBe(200);
    // 1000 keeps its own codecs: the media plane transcodes to PCMA.
    expect(answered.body.toString('utf8')).toMatch(/^m=audio \d+ RTP\/AVP (0|8|9)\b/m);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    bob.respond(await bob.next('BYE'), 200);
    expect((await bye).status).toBe(200);
  });

  test('T-2 1000 with allow=g722 only: its offer without G.722 → 488, 1001 never rung', async () => {
    ts.sw.store().extensions.update(aliceId, { details: 'disallow=all\nallow=g722' });
    try {
      bob.incoming.length = 0;
      const offer = wideOffer('192.0.2.20', 4000)
        .replace('RTP/AVP 0 8 9 101', 'RTP/AVP 0 101')
        .replace('a=rtpmap:8 PCMA/8000\r\na=rtpmap:9 G722/8000\r\n', '');
      const r = await alice.call('1001', offer).final;
      expect(r.status).toBe(488);
      expect(bob.incoming).toEqual([]);
    } finally {
      ts.sw.store().extensions.update(aliceId, { details: '' });
    }
  });

  test('T-2 1000 with allow=alaw dials IVR 8400 (an application answers) → the answer has PCMA only', async () => {
    ts.sw.store().extensions.update(aliceId, { details: 'disallow=all\nallow=alaw' });
    try {
      const call = alice.call('8400', wideOffer('192.0.2.20', 4000));
      const answered = await call.final;
      expect(answered.status).toBe(200);
      const body = answered.body.toString('utf8');
      expect(formats(body)?.[0]).toBe('8');
      expect(body).not.toMatch(/PCMU|G722/);
      alice.respond(await alice.next('BYE', 5000), 200);
    } finally {
      ts.sw.store().extensions.update(aliceId, { details: '' });
    }
  });
});
