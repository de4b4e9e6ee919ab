/*
 * The `callback` destination (IVR-10 要求回访, D93) on real SIP calls: a
 * scripted carrier (the demo ipPeer trunk) calls DID 5550600, whose IVR
 * sends the caller to the callback destination. The caller's number
 * becomes a pending callback request, the caller hears that it did, and
 * the switch hangs up. The media plane is FakeMediaControl, which records
 * what plays.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CALLBACK_REQUESTED_SOUND } from '../../pbx/applications/index.ts';
import { FakeMediaControl } from '../fakes/fake-media-control.ts';
import { startDemoSwitch, type DemoSwitch } from '../helpers/demo-switch.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.31.1';
const CARRIER = '127.0.31.2';

describe('the callback destination: a caller asks to be called back (D93)', () => {
  const media = new FakeMediaControl();
  let demo: DemoSwitch;
  let teamId: number;

  beforeAll(async () => {
    demo = await startDemoSwitch({
      address: SWITCH,
      carrierAddress: CARRIER,
      carrierUser: '15551112222',
      deps: { media },
    });
    teamId = demo.teamId;
    const store = demo.ts.sw.store();
    const ivr = store.ivrFlows.create({
      teamId,
      name: 'After hours',
      internalNumber: '8300',
      actions: [],
      transitions: [
        { condition: '', destination: { type: 'callback', targetId: null, targetValue: null } },
      ],
    });
    const did = store.dids.create({ teamId, number: '5550600', destinationType: 'extension' });
    store.inboundRoutes.create({
      teamId,
      name: 'after hours',
      didId: did.id,
      destinationType: 'ivr',
      destinationId: ivr.id,
    });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  const requests = () => demo.ts.sw.store().callbackRequests.list(teamId);

  /** The carrier calls the DID; the message plays to its end; the switch hangs up. */
  async function askForCallback(): Promise<void> {
    const before = media.operations.length;
    const call = demo.carrier.call('5550600', sdp('198.51.100.7', 6000), {
      isAuthenticated: false,
    });
    expect((await call.final).status).toBe(200);
    await demo.carrier.waitFor(() => media.operations.length > before || undefined);
    expect(media.operations[before]?.source).toEqual({ file: CALLBACK_REQUESTED_SOUND });
    media.operations[before]!.end('completed');
    const bye = await demo.carrier.next('BYE', 5000);
    demo.carrier.respond(bye, 200);
  }

  test('IVR-10 DID 5550600 → IVR → callback: a pending request for 15551112222, the message, then BYE', async () => {
    await askForCallback();
    expect(requests()).toMatchObject([
      { callerNumber: '15551112222', calledNumber: '5550600', status: 'pending', requestCount: 1 },
    ]);
  });

  test('IVR-10 the same caller asks again → still one request, counted twice', async () => {
    await askForCallback();
    expect(requests()).toMatchObject([{ callerNumber: '15551112222', requestCount: 2 }]);
  });

  test('IVR-10 an anonymous caller → nothing stored, nothing played: the IVR’s answered call is hung up', async () => {
    const anonymous = new SipPhone(CARRIER, 'anonymous', 'x', SWITCH, 'carrier.example', {
      port: 5062,
    });
    await anonymous.start();
    const before = media.operations.length;
    try {
      const call = anonymous.call('5550600', sdp('198.51.100.8', 6000), {
        isAuthenticated: false,
      });
      expect((await call.final).status).toBe(200);
      const bye = await anonymous.next('BYE', 5000);
      anonymous.respond(bye, 200);
    } finally {
      anonymous.stop();
    }
    expect(media.operations.length).toBe(before);
    expect(requests()).toHaveLength(1);
  });
});
