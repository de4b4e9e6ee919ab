/*
 * Extension rules of spec 01 §2.2 on real loopback UDP with the switch's
 * own media plane (D40): the host lock (EXT-2) lets 1002 register and call
 * only from its address; an extension's ringback (EXT-13) reaches the
 * caller as early media while the callee rings, and the callee's media
 * after the answer; an external extension (EXT-15) dials its number over
 * the outbound trunk path of its account.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { decodeUlaw, encodeUlaw } from '../../media/codecs/index.ts';
import {
  openRtpTestPeer,
  rtpPacket,
  sdpTarget,
  type RtpTestPeer,
} from '../../media/media-server/rtp-test-peer.ts';
import { serializeWav } from '../../media/player/index.ts';
import { goertzelAmplitude, sine } from '../helpers/audio/tone.ts';
import { startDemoSwitch, type DemoSwitch } from '../helpers/demo-switch.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';
import type { TestSwitch } from '../helpers/switch-in-process.ts';

const SWITCH = '127.0.0.165';
/** 1002's own phone, inside its host lock. */
const LOCKED_HOME = '127.0.0.166';
/** Someone else with 1002's password. */
const LOCKED_AWAY = '127.0.0.167';
const CALLEE = '127.0.0.168';
const CARRIER = '127.0.0.169';
const CALLER = '127.0.0.170';
const RINGBACK_HZ = 500;
const CALLEE_HZ = 1200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tone levels in the last `packets` PCMU payloads a peer received. */
function levels(peer: RtpTestPeer, packets: number, ...hz: number[]): number[] {
  const payloads = peer.received.slice(-packets).map((p) => p.subarray(12));
  const pcm = decodeUlaw(Buffer.concat(payloads));
  return hz.map((f) => goertzelAmplitude(pcm, f, 8000));
}

describe('extension rules over real UDP (EXT-2, EXT-13, EXT-15)', () => {
  let demo: DemoSwitch;
  let ts: TestSwitch;
  let caller: SipPhone;
  let callee: SipPhone;
  let home: SipPhone;
  let away: SipPhone;
  let carrier: SipPhone;
  let token: string;
  let teamId: number;

  async function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
    return ts.sw.http().inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(Buffer.isBuffer(payload) ? { 'content-type': 'audio/wav' } : {}),
      },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  }

  /** The id of demo extension `number`. */
  const extensionId = (number: string) => ts.sw.store().extensions.findByNumber(teamId, number)!.id;

  beforeAll(async () => {
    demo = await startDemoSwitch({
      address: SWITCH,
      carrierAddress: CARRIER,
      carrierUser: '15551112222',
      flags: { rtpPorts: { min: 35650, max: 35699 } },
      deps: { media: undefined },
    });
    ({ ts, carrier, teamId } = demo);
    [caller, callee, home, away] = await Promise.all([
      demo.phone('1000', CALLER),
      demo.phone('1001', CALLEE),
      demo.phone('1002', LOCKED_HOME),
      demo.phone('1002', LOCKED_AWAY),
    ]);
    const login = await ts.sw.http().inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'integration-test-pw' },
    });
    token = (login.json() as { token: string }).token;
    expect(await caller.register()).toBe(200);
    expect(await callee.register()).toBe(200);
  });

  afterAll(async () => {
    await demo?.stop();
  });

  beforeEach(() => {
    demo.clearIncoming();
  });

  test('EXT-2 a host name or a bad CIDR in hostRestriction → 400 naming the field; nothing changes', async () => {
    for (const hostRestriction of ['phone.example.com', '127.0.0.0/40']) {
      const res = await api('PATCH', `/api/v1/extensions/${extensionId('1002')}`, {
        hostRestriction,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toContain('hostRestriction');
    }
    expect(ts.sw.store().extensions.find(extensionId('1002'))?.hostRestriction).toBeNull();
  });

  test('EXT-2 1002 locked to 127.0.0.166 → REGISTER and INVITE from there pass; from 127.0.0.167 → 403', async () => {
    const res = await api('PATCH', `/api/v1/extensions/${extensionId('1002')}`, {
      hostRestriction: `${LOCKED_HOME}, 192.0.2.0/24`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await home.register()).toBe(200);
    expect(await away.register()).toBe(403);
    expect(ts.sw.sip().registrar.lookup(teamId, '1002')).toHaveLength(1);

    const refused = away.call('1001', sdp(LOCKED_AWAY, 4000));
    expect((await refused.final).status).toBe(403);
    expect(callee.incoming).toHaveLength(0);

    const allowed = home.call('1001', sdp(LOCKED_HOME, 4000));
    const inc = await callee.next('INVITE');
    callee.respond(inc, 486, 'busy-tag');
    expect((await allowed.final).status).toBe(486);
  });

  test('EXT-13 1001 with a ringback class → the caller gets 183 and the class audio while it rings, then the callee’s media', async () => {
    const wav = serializeWav({
      encoding: 'pcm16',
      channels: 1,
      sampleRateHz: 8000,
      samples: sine(RINGBACK_HZ, 8000, 16000),
    });
    const file = await api('POST', `/api/v1/voice-files?name=ringback&teamId=${teamId}`, wav);
    expect(file.statusCode, file.body).toBe(201);
    const cls = await api('POST', '/api/v1/moh-classes', {
      teamId,
      name: 'ringback',
      identifier: 'ringback',
      voiceFileIds: [(file.json() as { id: number }).id],
    });
    expect(cls.statusCode, cls.body).toBe(201);
    const classId = (cls.json() as { id: number }).id;
    const set = await api('PATCH', `/api/v1/extensions/${extensionId('1001')}`, {
      ringbackMohClassId: classId,
    });
    expect(set.statusCode, set.body).toBe(200);

    const callerRtp = await openRtpTestPeer(CALLER);
    const calleeRtp = await openRtpTestPeer(CALLEE);
    try {
      const call = caller.call('1001', sdp(CALLER, callerRtp.port));
      const inc = await callee.next('INVITE');
      callee.respond(inc, 180, 'callee-tag');
      const early = await caller.waitFor(() => call.responses.find((r) => r.status === 183));
      expect(early?.body.length).toBeGreaterThan(0);
      expect(call.responses.some((r) => r.status === 180)).toBe(false);
      await sleep(1000);
      const [ringback] = levels(callerRtp, 25, RINGBACK_HZ);
      expect(ringback).toBeGreaterThan(3000);

      calleeRtp.target = sdpTarget(inc.request.body.toString());
      const calleeDialog = callee.answer(inc, sdp(CALLEE, calleeRtp.port), 200, 'callee-tag')!;
      const ok = await call.final;
      expect(ok.status).toBe(200);
      // RFC 3262 §5: the 200 repeats the answer the 183 carried.
      expect(ok.body.toString()).toBe(early!.body.toString());
      const tone = encodeUlaw(sine(CALLEE_HZ, 8000, 8000));
      for (let i = 0; i < 50; i++) {
        const payload = tone.subarray(i * 160, (i + 1) * 160);
        await calleeRtp.send(rtpPacket(i + 1, payload, { ssrc: 0xcafe, ts: i * 160 }));
        await sleep(20);
      }
      await sleep(200);
      const [music, voice] = levels(callerRtp, 25, RINGBACK_HZ, CALLEE_HZ);
      expect(voice).toBeGreaterThan(3000);
      expect(music).toBeLessThan(300);

      // Hold after the answer: the re-INVITE still reaches 1001 through the media plane.
      const hold = caller.inDialog(call.dialog!, 'INVITE', sdp(CALLER, callerRtp.port, 'sendonly'));
      const reinvite = await callee.next('INVITE');
      calleeDialog.receiveRequest(reinvite.request);
      callee.answer(reinvite, sdp(CALLEE, calleeRtp.port, 'recvonly'), 200, 'callee-tag');
      expect((await hold).status).toBe(200);

      const byeResponse = caller.inDialog(call.dialog!, 'BYE');
      callee.respond(await callee.next('BYE'), 200);
      expect((await byeResponse).status).toBe(200);
    } finally {
      callerRtp.close();
      calleeRtp.close();
      await api('PATCH', `/api/v1/extensions/${extensionId('1001')}`, {
        ringbackMohClassId: null,
      });
    }
  });

  test('EXT-15 deviceType external without externalNumber → 400 naming externalNumber', async () => {
    const res = await api('PATCH', `/api/v1/extensions/${extensionId('1005')}`, {
      deviceType: 'external',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.body).toContain('externalNumber');
  });

  test('EXT-15 1000 calls 1005 (external to 5551234) → the carrier gets 5551234; 1005 cannot register', async () => {
    const store = ts.sw.store();
    store.outboundRoutes.create({
      teamId,
      name: 'local 555',
      numberPrefix: '555',
      stripDigits: 0,
      trunkId: demo.carrierTrunkId,
    });
    const res = await api('PATCH', `/api/v1/extensions/${extensionId('1005')}`, {
      deviceType: 'external',
      externalNumber: '5551234',
    });
    expect(res.statusCode, res.body).toBe(200);
    const phone1005 = new SipPhone('127.0.0.175', '1005', demoPassword(ts.dataDir, '1005'), SWITCH);
    await phone1005.start();
    try {
      expect(await phone1005.register()).toBe(403);
    } finally {
      phone1005.stop();
    }

    const call = caller.call('1005', sdp(CALLER, 4000));
    const inc = await carrier.next('INVITE');
    expect(inc.request.requestUri).toBe(`sip:5551234@${CARRIER}:5060`);
    carrier.respond(inc, 180, 'carrier-tag');
    carrier.answer(inc, sdp(CARRIER, 6000), 200, 'carrier-tag');
    expect((await call.final).status).toBe(200);
    const byeResponse = caller.inDialog(call.dialog!, 'BYE');
    carrier.respond(await carrier.next('BYE'), 200);
    expect((await byeResponse).status).toBe(200);
  });
});
