/*
 * VF-2, a voice file recorded by phone, on a real call: 1000 dials *77,
 * the switch answers and beeps, the phone sends a 1 kHz tone and then '#'
 * over RFC 4733; the switch plays the recording back and hangs up, and the
 * team has a voice file `record-1000-<yyyy_mm_dd_hh_mm>-0` whose 8 kHz
 * playback copy is the tone. A call hung up at once keeps nothing.
 */

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseWav } from '../../core/audio/index.ts';
import { decodeUlaw, encodeUlaw } from '../../media/codecs/index.ts';
import {
  openRtpTestPeer,
  phoneSdp,
  rtpPacket,
  sdpTarget,
  type RtpTestPeer,
} from '../../media/media-server/rtp-test-peer.ts';
import { demoPassword } from '../helpers/demo-users.ts';
import { goertzelAmplitude, sine } from '../helpers/audio/tone.ts';
import { rfc4733DigitPackets } from '../helpers/rtp-dtmf.ts';
import { startTestSwitch, type TestSwitch } from '../helpers/switch-in-process.ts';
import { SipPhone } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.4';
const CODECS = ['0 PCMU/8000', '101 telephone-event/8000'];
const SSRC = 0x7707;
/** '#' in RFC 4733 §3.2's event table. */
const HASH_EVENT = 11;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('VF-2 recording a voice file by phone (*77)', () => {
  let ts: TestSwitch;
  let alice: SipPhone;
  let peer: RtpTestPeer;
  let teamId: number;

  beforeAll(async () => {
    ts = await startTestSwitch(
      SWITCH,
      { demo: true, rtpPorts: { min: 38300, max: 38349 } },
      { media: undefined },
    );
    alice = new SipPhone('127.0.0.5', '1000', demoPassword(ts.dataDir, '1000'), SWITCH);
    await alice.start();
    peer = await openRtpTestPeer('127.0.0.5');
    teamId = ts.sw.store().teams.findByUid('demo')!.id;
  });
  afterAll(async () => {
    alice.stop();
    peer.close();
    await ts.stop();
  });

  const recordings = () =>
    ts.sw
      .store()
      .voiceFiles.list(teamId)
      .filter((f) => f.name.startsWith('record-1000-'));

  test('VF-2 *77: beep, the tone until #, played back, hung up; stored as record-1000-<minute>-0 at 8 kHz', async () => {
    const call = alice.call('*77', phoneSdp(peer, CODECS));
    const answered = await call.final;
    expect(answered.status).toBe(200);
    peer.target = sdpTarget(answered.body.toString());
    // The beep comes first; the tone goes on past it so the recording is 2 s of it.
    const frame = encodeUlaw(sine(1000, 8000, 160));
    let seq = 0;
    for (; seq < 150; seq++) {
      await peer.send(rtpPacket(seq, frame, { ssrc: SSRC }));
      await sleep(20);
    }
    const heardBefore = peer.received.length;
    for (const p of rfc4733DigitPackets(HASH_EVENT, seq, seq * 160, SSRC)) {
      await peer.send(p);
      await sleep(20);
    }
    const bye = await alice.next('BYE', 10_000);
    alice.respond(bye, 200);

    const files = recordings();
    expect(files).toHaveLength(1);
    const file = files[0]!;
    expect(file.name).toMatch(/^record-1000-\d{4}_\d{2}_\d{2}_\d{2}_\d{2}-0$/);
    expect(file).toMatchObject({ format: 'wav', sourceRateHz: 8000, sourceChannels: 1 });
    const wav = parseWav(
      readFileSync(join(ts.dataDir, 'sounds', String(teamId), `${file.id}.wav`)),
    );
    if (!wav.ok) throw new Error(wav.error.detail);
    const pcm = wav.value.samples;
    expect(pcm.length).toBeGreaterThan(8000);
    expect(goertzelAmplitude(pcm, 1000, 8000)).toBeGreaterThan(
      10 * goertzelAmplitude(pcm, 500, 8000),
    );
    // The playback after '#' is the tone again.
    const after = peer.received.slice(heardBefore).filter((p) => (p[1]! & 0x7f) === 0);
    const heard = decodeUlaw(Buffer.concat(after.map((p) => p.subarray(12))));
    expect(heard.length).toBeGreaterThan(8000);
    expect(goertzelAmplitude(heard, 1000, 8000)).toBeGreaterThan(
      10 * goertzelAmplitude(heard, 500, 8000),
    );
    // The raw recording under tmp/ is gone once it is a voice file.
    const tmp = join(ts.dataDir, 'tmp');
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
  });

  test('VF-2 *77 hung up within a second → nothing is kept', async () => {
    const before = recordings().length;
    peer.received.length = 0;
    const call = alice.call('*77', phoneSdp(peer, CODECS));
    expect((await call.final).status).toBe(200);
    await sleep(300);
    expect((await alice.inDialog(call.dialog!, 'BYE')).status).toBe(200);
    await sleep(300);
    expect(recordings()).toHaveLength(before);
    const tmp = join(ts.dataDir, 'tmp');
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
  });
});
