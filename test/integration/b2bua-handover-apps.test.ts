/*
 * A caller's leg handed from a B2BUA call to an application on real calls
 * (D28), the two paths b2bua-handover.test.ts does not take:
 * - unanswered: 1001 rings past its timeout with voicemail on, so the
 *   caller reaches 1001's box; the 1 kHz tone it sends is the message;
 * - answered: 1001 blind-transfers (REFER) its caller to the parking lot
 *   700; the caller is re-INVITEd to the switch's media and parked in 701,
 *   and 1002 dialling 701 talks to it.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeUlaw, encodeUlaw } from '../../media/codecs/index.ts';
import { parseWav } from '../../media/player/index.ts';
import {
  openRtpTestPeer,
  phoneSdp,
  rtpPacket,
  sdpTarget,
  type RtpTestPeer,
} from '../../media/media-server/rtp-test-peer.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { goertzelAmplitude, sine } from '../helpers/audio/tone.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone, sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.56';
const PCMU = ['0 PCMU/8000'];

/** Sends `seconds` of a 1 kHz µ-law tone from `peer`, paced at 20 ms. */
async function sendTone(peer: RtpTestPeer, seconds: number): Promise<void> {
  const frame = encodeUlaw(sine(1000, 8000, 160));
  for (let seq = 0; seq < seconds * 50; seq++) {
    await peer.send(rtpPacket(seq, frame, { ssrc: 0x5151 }));
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('B2BUA hands callers to voicemail and parking', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let bob: SipPhone;
  let carol: SipPhone;
  let peer: RtpTestPeer;
  let teamId: number;
  const extensionId = (n: string) => ts.sw.store().internalNumbers.lookup(teamId, n)!.ownerId!;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 35200, max: 35299 } },
      { media: undefined },
    );
    alice = new SipPhone('127.0.0.57', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    bob = new SipPhone('127.0.0.58', '1001', demoPassword(ts.dataDir, '1001'), SWITCH);
    carol = new SipPhone('127.0.0.59', '1002', demoPassword(ts.dataDir, '1002'), SWITCH);
    await Promise.all([alice.start(), bob.start(), carol.start()]);
    expect(await bob.register()).toBe(200);
    peer = await openRtpTestPeer('127.0.0.57');
    teamId = ts.sw.store().teams.findByUid('demo')!.id;
  });
  afterAll(async () => {
    for (const p of [alice, bob, carol]) p.stop();
    peer.close();
    await ts.stop();
  });

  test('VM-1: 1001 does not answer within its ring timeout → CANCEL to 1001, the caller leaves a message in its box (EXT-7)', async () => {
    const store = ts.sw.store();
    const box = store.voicemailBoxes.create({ teamId, extensionId: extensionId('1001') });
    store.extensions.update(extensionId('1001'), { voicemailEnabled: true, ringTimeoutSec: 1 });
    const call = alice.call('1001', phoneSdp(peer, PCMU));
    const ringing = await bob.next('INVITE', 5000);
    bob.respond(ringing, 180, 'vm-ring-tag');
    const cancel = await bob.next('CANCEL', 5000);
    bob.respond(cancel, 200);
    const answered = await call.final;
    expect(answered.status).toBe(200);
    peer.target = sdpTarget(answered.body.toString());
    // Greeting and beep first; the tone outlasts them and fills the message.
    await sendTone(peer, 6);
    const bye = alice.inDialog(call.dialog!, 'BYE');
    expect((await bye).status).toBe(200);

    const boxDir = join(ts.dataDir, 'voicemail', `box-${box.id}`);
    let metas: string[] = [];
    for (let i = 0; i < 50 && metas.length === 0; i++) {
      metas = readdirSync(boxDir).filter((f) => f.endsWith('.json'));
      if (metas.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(metas).toHaveLength(1);
    const meta = JSON.parse(readFileSync(join(boxDir, metas[0]!), 'utf8'));
    expect(meta).toMatchObject({ boxId: box.id, callerNumber: '1000' });
    const wav = parseWav(readFileSync(meta.filePath));
    if (!wav.ok) throw new Error(wav.error.detail);
    const pcm = wav.value.samples;
    expect(pcm.length).toBeGreaterThan(8000);
    expect(goertzelAmplitude(pcm, 1000, 8000)).toBeGreaterThan(
      10 * goertzelAmplitude(pcm, 500, 8000),
    );
    store.extensions.update(extensionId('1001'), { voicemailEnabled: false, ringTimeoutSec: 30 });
  });

  test('REFER to the parking lot 700 → NOTIFY 200 and BYE to 1001, the caller is parked in 701 and 1002 retrieves it', async () => {
    ts.sw.store().parkingLots.create({ teamId, slotCount: 3 });
    peer.received.length = 0;
    const call = alice.call('1001', phoneSdp(peer, PCMU));
    const bobDialog = bob.answer(await bob.next('INVITE', 5000), sdp('127.0.0.58', 7300))!;
    expect((await call.final).status).toBe(200);
    await bob.waitFor(() => bob.acks.at(-1));

    expect((await bob.refer(bobDialog, '<sip:700@demo.local>')).status).toBe(202);
    const bodies: string[] = [];
    while (!bodies.includes('SIP/2.0 200 OK\r\n')) {
      const notify = await bob.next('NOTIFY', 5000);
      bob.respond(notify, 200);
      bodies.push(notify.request.body.toString());
    }
    bob.respond(await bob.next('BYE', 5000), 200);

    // The caller's leg now ends on the switch's media: a re-INVITE moves it.
    const reinvite = await alice.next('INVITE', 5000);
    expect(reinvite.request.callId()).toBe(call.invite.callId());
    call.dialog!.receiveRequest(reinvite.request);
    peer.target = sdpTarget(reinvite.request.body.toString());
    alice.answer(reinvite, phoneSdp(peer, PCMU));
    // A phone sends RTP from the start; the switch latches onto it. The lot
    // then says the slot number (bundled digit prompts, D33).
    await sendTone(peer, 1);
    await peer.waitFor(25, 5000);
    const heard = decodeUlaw(Buffer.concat(peer.received.map((p) => p.subarray(12))));
    expect(heard.some((sample) => Math.abs(sample) > 1000)).toBe(true);

    // The first free slot of the lot is 701 (PK-n); dialling it retrieves the call.
    const retrieve = carol.call('701', sdp('127.0.0.59', 7302));
    expect((await retrieve.final).status).toBe(200);
    const carolBye = carol.inDialog(retrieve.dialog!, 'BYE');
    alice.respond(await alice.next('BYE', 5000), 200);
    expect((await carolBye).status).toBe(200);
  });
});
